using Spar.Geometry;
using Spar.Scenes;

namespace Spar.Dataset.Audit;

/// <summary>How much of a marked object a frame shows, measured against its whole projected silhouette.</summary>
/// <param name="VisiblePixels">Mask pixels of the object in the frame.</param>
/// <param name="WholeArea">Pixel area of the projected 3D box, the part outside the image included.</param>
/// <param name="InImageArea">The part of that area inside the image.</param>
/// <param name="Silhouette">VisiblePixels ÷ WholeArea (capped at 1).</param>
/// <param name="ThinRule">Visible ÷ (visible + occluded) over the in-image box pixels, times InImageArea ÷ WholeArea.</param>
public readonly record struct VisibilityShare(long VisiblePixels, double WholeArea, double InImageArea, double Silhouette, double ThinRule)
{
    /// <summary>The share the audit reports: the larger of the two rules (docs/audit.md), so an object that does not fill its
    /// box (a chair seen through its legs) is judged by what hides it, while the off-screen part always counts as hidden.</summary>
    public double Share => Math.Max(Silhouette, ThinRule);
}

/// <summary>The whole-silhouette rule of docs/audit.md, computed from the scene's box, pose and intrinsics and the mask.</summary>
public static class Silhouette
{
    /// <summary>Box points closer than this (camera z, metres) are clipped away: the part of a box beside or behind the camera.</summary>
    public const double NearPlane = 0.05;

    const int MaxSamples = 4096;

    /// <summary>
    /// The convex outline of the box in the image (pixel coordinates, counter-clockwise), from the corners in front of the
    /// near plane and the points where box edges cross it; null when the whole box is behind it.
    /// </summary>
    public static List<Vec2>? Outline(OrientedBox box, PinholeCamera camera)
    {
        var h = box.HalfSize;
        var local = new Vec3[8];
        var cam = new Vec3[8];
        for (int i = 0; i < 8; i++)
        {
            local[i] = new Vec3((i & 1) == 0 ? -h.X : h.X, (i & 2) == 0 ? -h.Y : h.Y, (i & 4) == 0 ? -h.Z : h.Z);
            cam[i] = camera.ToCamera(box.ToWorld(local[i]));
        }
        var points = new List<Vec2>(16);
        for (int i = 0; i < 8; i++)
            if (cam[i].Z >= NearPlane) points.Add(camera.Intrinsics.Project(cam[i]));
        // Edges join corners that differ in one local axis (one bit of the index).
        for (int i = 0; i < 8; i++)
        for (int bit = 1; bit < 8; bit <<= 1)
        {
            int j = i | bit;
            if (j == i) continue;
            var (a, b) = (cam[i], cam[j]);
            if ((a.Z >= NearPlane) == (b.Z >= NearPlane)) continue;
            double t = (NearPlane - a.Z) / (b.Z - a.Z);
            points.Add(camera.Intrinsics.Project(a + (b - a) * t));
        }
        return points.Count < 3 ? null : ConvexHull(points);
    }

    /// <summary>Andrew's monotone chain; counter-clockwise in a y-up sense (sign does not matter for areas).</summary>
    public static List<Vec2> ConvexHull(List<Vec2> points)
    {
        var pts = points.OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        var hull = new List<Vec2>(pts.Count * 2);
        foreach (var p in pts)
        {
            while (hull.Count >= 2 && (hull[^1] - hull[^2]).Cross(p - hull[^2]) <= 0) hull.RemoveAt(hull.Count - 1);
            hull.Add(p);
        }
        for (int i = pts.Count - 2, lower = hull.Count + 1; i >= 0; i--)
        {
            while (hull.Count >= lower && (hull[^1] - hull[^2]).Cross(pts[i] - hull[^2]) <= 0) hull.RemoveAt(hull.Count - 1);
            hull.Add(pts[i]);
        }
        hull.RemoveAt(hull.Count - 1);
        return hull;
    }

    public static double Area(IReadOnlyList<Vec2> polygon) => Math.Abs(Polygon2.SignedArea(polygon));

    /// <summary>Sutherland–Hodgman clip of a convex polygon to the image: pixel i covers [i − 0.5, i + 0.5].</summary>
    public static List<Vec2> ClipToImage(IReadOnlyList<Vec2> polygon, int width, int height)
    {
        var result = polygon.ToList();
        result = Clip(result, p => p.X - -0.5, (a, b) => Cross(a, b, x: -0.5));
        result = Clip(result, p => (width - 0.5) - p.X, (a, b) => Cross(a, b, x: width - 0.5));
        result = Clip(result, p => p.Y - -0.5, (a, b) => Cross(a, b, y: -0.5));
        result = Clip(result, p => (height - 0.5) - p.Y, (a, b) => Cross(a, b, y: height - 0.5));
        return result;
    }

    static Vec2 Cross(Vec2 a, Vec2 b, double? x = null, double? y = null)
    {
        double t = x is double xv ? (xv - a.X) / (b.X - a.X) : (y!.Value - a.Y) / (b.Y - a.Y);
        return a + (b - a) * t;
    }

    static List<Vec2> Clip(List<Vec2> poly, Func<Vec2, double> inside, Func<Vec2, Vec2, Vec2> cross)
    {
        var output = new List<Vec2>(poly.Count + 4);
        for (int i = 0; i < poly.Count; i++)
        {
            var cur = poly[i];
            var prev = poly[(i + poly.Count - 1) % poly.Count];
            bool curIn = inside(cur) >= 0, prevIn = inside(prev) >= 0;
            if (curIn)
            {
                if (!prevIn) output.Add(cross(prev, cur));
                output.Add(cur);
            }
            else if (prevIn) output.Add(cross(prev, cur));
        }
        return output;
    }

    /// <summary>
    /// Both shares of one object in one frame. <paramref name="idAt"/> reads the instance mask at (x, y) and
    /// <paramref name="visiblePixels"/> is the object's pixel count in it; the thin
    /// rule samples at most about 4,096 in-image pixels of the outline's bounds whose ray enters the box: a pixel showing
    /// the object is visible, a pixel showing another instance whose box the ray enters first is occluded, anything else
    /// (background, or a farther object seen through the box's empty parts) counts as neither.
    /// </summary>
    public static VisibilityShare Measure(SceneObject obj, PinholeCamera camera, Func<int, int, int> idAt, int width, int height, long visiblePixels,
        Func<int, SceneObject?> objectOf)
    {
        var outline = Outline(obj.Box, camera);
        if (outline == null) return new VisibilityShare(visiblePixels, 0, 0, 0, 0);
        double whole = Area(outline);
        var inside = ClipToImage(outline, width, height);
        double inImage = inside.Count >= 3 ? Area(inside) : 0;
        if (whole <= 0) return new VisibilityShare(visiblePixels, 0, 0, 0, 0);
        double silhouette = Math.Min(1, visiblePixels / whole);
        double thin = 0;
        if (inImage > 0 && visiblePixels > 0)
        {
            int x0 = Math.Max(0, (int)Math.Floor(inside.Min(p => p.X))), x1 = Math.Min(width - 1, (int)Math.Ceiling(inside.Max(p => p.X)));
            int y0 = Math.Max(0, (int)Math.Floor(inside.Min(p => p.Y))), y1 = Math.Min(height - 1, (int)Math.Ceiling(inside.Max(p => p.Y)));
            long region = (long)(x1 - x0 + 1) * (y1 - y0 + 1);
            int stride = Math.Max(1, (int)Math.Sqrt(region / (double)MaxSamples));
            long visible = 0, occluded = 0;
            for (int y = y0; y <= y1; y += stride)
            for (int x = x0; x <= x1; x += stride)
            {
                int id = idAt(x, y);
                if (id == obj.InstanceId) { visible++; continue; }
                if (id == 0 || objectOf(id) is not { } other) continue;
                var ray = camera.PixelRay(new Vec2(x, y));
                if (!obj.Box.TryIntersect(ray, out double enter, out _) || enter <= 0) continue;
                // Another instance seen where the ray enters this box: occluding when its box is entered first (or not at all,
                // which only a mask that disagrees with the boxes can give: the mask is trusted).
                if (!other.Box.TryIntersect(ray, out double otherEnter, out _) || otherEnter < enter) occluded++;
            }
            if (visible + occluded > 0) thin = visible / (double)(visible + occluded) * (inImage / whole);
        }
        return new VisibilityShare(visiblePixels, whole, inImage, silhouette, Math.Min(1, thin));
    }
}
