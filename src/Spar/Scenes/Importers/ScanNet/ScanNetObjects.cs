using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// One annotated instance after axis alignment: its ScanNet objectId, raw and clean labels, whether questions may
/// refer to it, its structural class (wall/floor/ceiling) if any, the axis-aligned bounds of its mesh vertices
/// (metres, aligned world), a sample of those vertices and the indices of all of them (sorted).
/// </summary>
public sealed record ScanNetObject(
    int ObjectId,
    string RawLabel,
    string Category,
    bool Referable,
    string? StructuralClass,
    double[] Min,
    double[] Max,
    float[] SurfacePoints,
    int[] Vertices)
{
    public int VertexCount => Vertices.Length;
}

/// <summary>What <see cref="ScanNetObjects.Build"/> skipped instead of failing; reported to the user per scene.</summary>
public sealed record ScanNetObjectSkips(int MissingSegmentReferences, int EmptyObjects, int DuplicateObjectIds)
{
    public static readonly ScanNetObjectSkips None = new(0, 0, 0);
}

/// <summary>Turns ScanNet's mesh + over-segmentation + aggregation into objects (pure; no file access).</summary>
public static class ScanNetObjects
{
    /// <summary>Default cap on surface points kept per object: enough to test visibility, small in <c>scene.json</c>.</summary>
    public const int DefaultMaxSurfacePoints = 256;

    /// <summary>
    /// Groups the mesh vertices by instance via their segments, transforms them by <paramref name="axisAlignment"/>
    /// (row-major 4×4; null = identity) and bounds them. Segments referenced by the aggregation but absent from the
    /// over-segmentation are skipped and counted, as are instances left with no vertex and repeated objectIds.
    /// Surface points are every ⌊k·n/max⌋-th vertex in vertex order, so the sample is deterministic and spread out.
    /// </summary>
    public static (IReadOnlyList<ScanNetObject> Objects, ScanNetObjectSkips Skips, float[] AlignedPositions) Build(
        PlyVertices mesh, int[] segIndices, IReadOnlyList<ScanNetSegGroup> groups, double[]? axisAlignment,
        ScanNetLabelMap labels, string segsPath, int maxSurfacePoints = DefaultMaxSurfacePoints)
    {
        if (segIndices.Length != mesh.Count)
            throw new SparException($"{segsPath}: segIndices has {segIndices.Length} entries but the mesh has {mesh.Count} vertices (segmentation of another mesh?)");
        var verticesOfSegment = new Dictionary<int, List<int>>();
        for (int v = 0; v < segIndices.Length; v++)
        {
            if (!verticesOfSegment.TryGetValue(segIndices[v], out var list)) verticesOfSegment[segIndices[v]] = list = [];
            list.Add(v);
        }
        var aligned = Transform(mesh.Positions, axisAlignment);
        var objects = new List<ScanNetObject>();
        var seenIds = new HashSet<int>();
        int missing = 0, empty = 0, duplicates = 0;
        var vertices = new List<int>();
        foreach (var group in groups)
        {
            if (!seenIds.Add(group.ObjectId)) { duplicates++; continue; }
            vertices.Clear();
            foreach (int segment in group.Segments.Distinct())
                if (verticesOfSegment.TryGetValue(segment, out var list)) vertices.AddRange(list);
                else missing++;
            if (vertices.Count == 0) { empty++; continue; }
            vertices.Sort();
            objects.Add(MakeObject(group, vertices, aligned, labels, maxSurfacePoints));
        }
        return (objects, new ScanNetObjectSkips(missing, empty, duplicates), aligned);
    }

    static ScanNetObject MakeObject(ScanNetSegGroup group, List<int> vertices, float[] aligned, ScanNetLabelMap labels, int maxPoints)
    {
        double[] min = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
        double[] max = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        foreach (int v in vertices)
            for (int k = 0; k < 3; k++)
            {
                double c = aligned[3 * v + k];
                if (c < min[k]) min[k] = c;
                if (c > max[k]) max[k] = c;
            }
        int n = vertices.Count, keep = Math.Min(n, maxPoints);
        var points = new float[3 * keep];
        for (int i = 0; i < keep; i++)
        {
            int v = vertices[(int)((long)i * n / keep)];
            points[3 * i] = aligned[3 * v];
            points[3 * i + 1] = aligned[3 * v + 1];
            points[3 * i + 2] = aligned[3 * v + 2];
        }
        return new ScanNetObject(group.ObjectId, group.Label, labels.CategoryOf(group.Label), labels.IsReferable(group.Label),
            labels.StructuralClassOf(group.Label), min, max, points, [.. vertices]);
    }

    /// <summary>Applies a row-major 4×4 affine transform (null = identity) to x,y,z triples.</summary>
    public static float[] Transform(float[] positions, double[]? m)
    {
        if (m == null) return positions;
        var result = new float[positions.Length];
        for (int i = 0; i < positions.Length; i += 3)
        {
            double x = positions[i], y = positions[i + 1], z = positions[i + 2];
            result[i] = (float)(m[0] * x + m[1] * y + m[2] * z + m[3]);
            result[i + 1] = (float)(m[4] * x + m[5] * y + m[6] * z + m[7]);
            result[i + 2] = (float)(m[8] * x + m[9] * y + m[10] * z + m[11]);
        }
        return result;
    }
}
