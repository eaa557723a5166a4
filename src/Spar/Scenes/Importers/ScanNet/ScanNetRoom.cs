using Spar.Geometry;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Room geometry from an aligned ScanNet mesh: the floor outline is the convex hull (in XY) of the vertices
/// labelled floor, or of the whole mesh when no floor is annotated; the floor height is the lowest floor vertex
/// (else the lowest vertex) and the ceiling the highest ceiling vertex (else the highest vertex, since scans often
/// stop below the ceiling). A convex hull over-states L-shaped rooms; it is the honest bound the mesh gives.
/// </summary>
public static class ScanNetRoom
{
    public static RoomGeometry? Estimate(float[] alignedPositions, IEnumerable<int> floorVertices, IEnumerable<int> ceilingVertices)
    {
        var floor = floorVertices.ToArray();
        var ceiling = ceilingVertices.ToArray();
        var outline = floor.Length >= 3 ? floor : Enumerable.Range(0, alignedPositions.Length / 3).ToArray();
        if (outline.Length < 3) return null;
        var hull = ConvexHull(outline.Select(v => new Vec2(alignedPositions[3 * v], alignedPositions[3 * v + 1])));
        if (hull.Count < 3) return null;
        double floorZ = MinZ(alignedPositions, floor.Length > 0 ? floor : outline);
        double ceilingZ = ceiling.Length > 0 ? MaxZ(alignedPositions, ceiling) : MaxZ(alignedPositions, Enumerable.Range(0, alignedPositions.Length / 3));
        return ceilingZ > floorZ ? new RoomGeometry(hull, floorZ, ceilingZ) : null;
    }

    static double MinZ(float[] p, IEnumerable<int> vertices) => vertices.Min(v => (double)p[3 * v + 2]);
    static double MaxZ(float[] p, IEnumerable<int> vertices) => vertices.Max(v => (double)p[3 * v + 2]);

    /// <summary>Andrew's monotone chain: counter-clockwise hull without collinear points, starting at the lowest-x (then lowest-y) point.</summary>
    public static List<Vec2> ConvexHull(IEnumerable<Vec2> points)
    {
        var p = points.Distinct().OrderBy(q => q.X).ThenBy(q => q.Y).ToArray();
        if (p.Length < 3) return [.. p];
        var hull = new Vec2[2 * p.Length];
        int k = 0;
        for (int i = 0; i < p.Length; i++)
        {
            while (k >= 2 && (hull[k - 1] - hull[k - 2]).Cross(p[i] - hull[k - 2]) <= 0) k--;
            hull[k++] = p[i];
        }
        for (int i = p.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && (hull[k - 1] - hull[k - 2]).Cross(p[i] - hull[k - 2]) <= 0) k--;
            hull[k++] = p[i];
        }
        return [.. hull[..(k - 1)]];
    }
}
