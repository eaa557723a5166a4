using Spar.Geometry;
using Spar.Scenes;
using Spar.Imaging;

namespace Spar.Analysis;

/// <summary>
/// Occlusion-aware visibility. An object's box is occluded at a pixel when something else is seen there in front of
/// the box; pixels where the ray only passes through empty parts of the box (between a table's legs) count neither as
/// visible nor as occluded, so objects that do not fill their box are not mistaken for hidden ones.
/// </summary>
public static class Occlusion
{
    /// <summary>Samples at most about this many pixels per object (a regular grid over its projected box).</summary>
    const int MaxSamples = 1024;

    /// <summary>
    /// With an instance mask: visible ÷ (visible + hidden) over the pixels whose rays hit the object's box, sampled on a
    /// grid over the box's <b>whole</b> projected bounds, inside the image or not. A pixel showing another instance is
    /// hidden when that instance's box is entered before this one's; background (id 0) and farther instances are seen
    /// through the box. A ray that hits the box outside the image is hidden too: an object cut off by the frame is as
    /// unseen as one behind a wall (generation.md §3).
    /// </summary>
    public static double MaskShare(PinholeCamera camera, SceneObject obj, ushort[] mask, int w, int h, Func<int, SceneObject?> objectOf)
    {
        if (ProjectedArea.Bounds(obj.Box, camera) is not { } b) return 0;
        // The bounds may reach far outside the image (an object beside the camera); the sample budget covers them all.
        double bx0 = Math.Floor(b.MinX), bx1 = Math.Ceiling(b.MaxX), by0 = Math.Floor(b.MinY), by1 = Math.Ceiling(b.MaxY);
        if (bx1 < 0 || by1 < 0 || bx0 > w - 1 || by0 > h - 1) return 0;
        double region = (bx1 - bx0 + 1) * (by1 - by0 + 1);
        double stride = Math.Max(1, Math.Sqrt(region / MaxSamples));
        long visible = 0, hidden = 0;
        for (double fy = by0; fy <= by1; fy += stride)
        for (double fx = bx0; fx <= bx1; fx += stride)
        {
            int x = (int)fx, y = (int)fy;
            bool inside = fx >= 0 && fy >= 0 && x < w && y < h;
            int id = inside ? mask[y * w + x] : -1;
            if (id == obj.InstanceId) { visible++; continue; }
            if (id == 0) continue;
            SceneObject? other = null;
            if (inside && (other = objectOf(id)) == null) continue;
            var ray = camera.PixelRay(new Vec2(fx, fy));
            if (!obj.Box.TryIntersect(ray, out var enter, out _) || enter <= 0) continue;
            if (!inside) { hidden++; continue; }
            if (!other!.Box.TryIntersect(ray, out var otherEnter, out _)) { hidden++; continue; } // seen there, box not hit: trust the mask
            if (otherEnter < enter) hidden++;
        }
        return visible + hidden == 0 ? 0 : visible / (double)(visible + hidden);
    }

    public enum Seen { Visible, OccludedByOther, SelfHidden, Unknown }

    /// <summary>What the depth map says about one surface point at camera depth <paramref name="z"/>.</summary>
    public static Seen PointState(PinholeCamera camera, SceneObject obj, Png16.Map depth, Vec2 depthPixel, Vec2 colourPixel, double z, AnalysisSettings s)
    {
        int x = (int)Math.Round(depthPixel.X), y = (int)Math.Round(depthPixel.Y);
        if (x < 0 || y < 0 || x >= depth.Width || y >= depth.Height) return Seen.Unknown;
        int mm = depth.At(x, y);
        if (mm == 0) return Seen.Unknown;
        double d = mm / 1000.0, tol = s.DepthToleranceMeters + s.DepthToleranceFraction * z;
        if (Math.Abs(d - z) <= tol) return Seen.Visible;
        if (d > z) return Seen.Unknown;
        var seen = camera.Unproject(colourPixel, d);
        return obj.Box.Contains(seen, s.DepthToleranceMeters) ? Seen.SelfHidden : Seen.OccludedByOther;
    }

    /// <summary>
    /// Whether a surface point of the object's box is on the side facing the camera: the ray from the camera centre
    /// towards it enters the box there (within 2 cm), not farther in front.
    /// </summary>
    public static bool FacesCamera(PinholeCamera camera, SceneObject obj, Vec3 worldPoint)
    {
        var d = worldPoint - camera.Centre;
        double len = d.Length;
        if (len <= 1e-9) return false;
        var ray = new Ray(camera.Centre, d * (1 / len));
        return obj.Box.TryIntersect(ray, out var enter, out _) && enter > 0 && enter >= len - 0.02;
    }

    /// <summary>
    /// The image area (up to a constant) a surface point's patch covers: |cos| between the ray and the normal of the box
    /// face the point lies nearest to, over the squared distance. Points sample the surface evenly, so this turns
    /// point counts into silhouette shares.
    /// </summary>
    public static double ProjectedWeight(PinholeCamera camera, SceneObject obj, Vec3 worldPoint)
    {
        var box = obj.Box;
        var local = box.ToLocal(worldPoint);
        var half = box.HalfSize;
        double ax = Math.Abs(local.X) / half.X, ay = Math.Abs(local.Y) / half.Y, az = Math.Abs(local.Z) / half.Z;
        var normal = ax >= ay && ax >= az ? box.AxisX : ay >= az ? box.AxisY : new Vec3(0, 0, 1);
        var d = worldPoint - camera.Centre;
        double len2 = d.LengthSquared;
        return len2 <= 1e-12 ? 0 : Math.Abs(normal.Dot(d)) / (len2 * Math.Sqrt(len2));
    }

    /// <summary>Area in pixels of the convex hull of whole pixels (each a unit square).</summary>
    public static long PixelHullArea(List<(int X, int Y)> pixels)
    {
        var pts = new Vec2[pixels.Count * 4];
        for (int i = 0; i < pixels.Count; i++)
        {
            // Each pixel is a unit square: its four corners make the hull cover whole pixels.
            var (x, y) = pixels[i];
            pts[4 * i] = new(x - 0.5, y - 0.5); pts[4 * i + 1] = new(x + 0.5, y - 0.5);
            pts[4 * i + 2] = new(x + 0.5, y + 0.5); pts[4 * i + 3] = new(x - 0.5, y + 0.5);
        }
        return (long)Math.Round(ProjectedArea.ConvexHullArea(pts));
    }
}
