using Spar.Geometry;

namespace Spar.Analysis;

/// <summary>The area an object's 3D box covers in the image: the convex hull of its 8 projected corners.</summary>
public static class ProjectedArea
{
    /// <summary>Returns null when a corner is at or behind the camera plane (the silhouette is unbounded).</summary>
    public static double? OfBox(OrientedBox box, PinholeCamera camera, double minDepth = 0.01)
    {
        Span<Vec2> pts = stackalloc Vec2[8];
        var corners = box.Corners();
        for (int i = 0; i < 8; i++)
        {
            var c = camera.ToCamera(corners[i]);
            if (c.Z <= minDepth) return null;
            pts[i] = camera.Intrinsics.Project(c);
        }
        return ConvexHullArea(pts);
    }

    /// <summary>Pixel bounds of the box's projection, or null when a corner is at or behind the camera plane.</summary>
    public static (double MinX, double MinY, double MaxX, double MaxY)? Bounds(OrientedBox box, PinholeCamera camera, double minDepth = 0.01)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        foreach (var corner in box.Corners())
        {
            var c = camera.ToCamera(corner);
            if (c.Z <= minDepth) return null;
            var p = camera.Intrinsics.Project(c);
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X); minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        return (minX, minY, maxX, maxY);
    }

    /// <summary>Area of the convex hull (Andrew's monotone chain); the span is reordered.</summary>
    public static double ConvexHullArea(Span<Vec2> pts)
    {
        pts.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        int n = pts.Length;
        Span<Vec2> hull = n <= 512 ? stackalloc Vec2[2 * n] : new Vec2[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            while (k >= 2 && (hull[k - 1] - hull[k - 2]).Cross(pts[i] - hull[k - 2]) <= 0) k--;
            hull[k++] = pts[i];
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--)
        {
            while (k >= t && (hull[k - 1] - hull[k - 2]).Cross(pts[i] - hull[k - 2]) <= 0) k--;
            hull[k++] = pts[i];
        }
        double area = 0;
        for (int i = 0; i < k - 1; i++) area += hull[i].Cross(hull[i + 1]);
        return Math.Abs(area) / 2;
    }
}
