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
    /// With an instance mask: visible ÷ (visible + occluded) over the pixels whose rays hit the object's box, sampled
    /// on a grid. A pixel showing another instance is occluded when that instance's box is entered before this one's;
    /// background (id 0) and farther instances are seen through the box.
    /// </summary>
    public static double MaskShare(PinholeCamera camera, SceneObject obj, ushort[] mask, int w, int h, Func<int, SceneObject?> objectOf)
    {
        if (ProjectedArea.Bounds(obj.Box, camera) is not { } b) return 0;
        int x0 = Math.Max(0, (int)Math.Floor(b.MinX)), x1 = Math.Min(w - 1, (int)Math.Ceiling(b.MaxX));
        int y0 = Math.Max(0, (int)Math.Floor(b.MinY)), y1 = Math.Min(h - 1, (int)Math.Ceiling(b.MaxY));
        if (x1 < x0 || y1 < y0) return 0;
        long region = (long)(x1 - x0 + 1) * (y1 - y0 + 1);
        int stride = Math.Max(1, (int)Math.Sqrt(region / (double)MaxSamples));
        long visible = 0, occluded = 0;
        for (int y = y0; y <= y1; y += stride)
        for (int x = x0; x <= x1; x += stride)
        {
            int id = mask[y * w + x];
            if (id == obj.InstanceId) { visible++; continue; }
            if (id == 0 || objectOf(id) is not { } other) continue;
            var ray = camera.PixelRay(new Vec2(x, y));
            if (!obj.Box.TryIntersect(ray, out var enter, out _) || enter <= 0) continue;
            if (!other.Box.TryIntersect(ray, out var otherEnter, out _)) { occluded++; continue; } // seen there, box not hit: trust the mask
            if (otherEnter < enter) occluded++;
        }
        return visible + occluded == 0 ? 0 : visible / (double)(visible + occluded);
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
