namespace Spar.Geometry;

/// <summary>Simple-polygon helpers for floor plans in world XY (vertices in order, either orientation, not repeated at the end).</summary>
public static class Polygon2
{
    /// <summary>Signed area: positive when the vertices run counter-clockwise.</summary>
    public static double SignedArea(IReadOnlyList<Vec2> polygon)
    {
        double a = 0;
        for (int i = 0, n = polygon.Count; i < n; i++) a += polygon[i].Cross(polygon[(i + 1) % n]);
        return a / 2;
    }

    /// <summary>Even-odd point-in-polygon test; points exactly on an edge may go either way.</summary>
    public static bool Contains(IReadOnlyList<Vec2> polygon, Vec2 p)
    {
        var inside = false;
        for (int i = 0, n = polygon.Count, j = n - 1; i < n; j = i++)
        {
            var a = polygon[i]; var b = polygon[j];
            if ((a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X - a.X) * (p.Y - a.Y) / (b.Y - a.Y) + a.X) inside = !inside;
        }
        return inside;
    }

    /// <summary>Distance from a point to the polygon's boundary.</summary>
    public static double DistanceToBoundary(IReadOnlyList<Vec2> polygon, Vec2 p)
    {
        var best = double.PositiveInfinity;
        for (int i = 0, n = polygon.Count; i < n; i++)
        {
            var a = polygon[i]; var b = polygon[(i + 1) % n];
            var ab = b - a;
            var t = Math.Clamp((p - a).Dot(ab) / Math.Max(ab.Dot(ab), 1e-300), 0, 1);
            best = Math.Min(best, (p - (a + ab * t)).Length);
        }
        return best;
    }
}
