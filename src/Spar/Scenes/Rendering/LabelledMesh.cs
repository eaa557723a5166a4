namespace Spar.Scenes.Rendering;

/// <summary>
/// A triangle mesh whose triangles carry scene instance ids (0 = no object: the surface still hides what is behind
/// it). Positions are x,y,z triples in the scene's world (metres); triangles are vertex-index triples. Immutable after
/// construction and shared between render threads.
/// </summary>
public sealed class LabelledMesh
{
    public float[] Positions { get; }
    public int[] Triangles { get; }
    /// <summary>Instance id of each triangle.</summary>
    public ushort[] TriangleInstances { get; }

    public int VertexCount => Positions.Length / 3;
    public int TriangleCount => Triangles.Length / 3;

    public LabelledMesh(float[] positions, int[] triangles, ushort[] triangleInstances)
    {
        if (positions.Length % 3 != 0) throw new ArgumentException("positions are not x,y,z triples", nameof(positions));
        if (triangles.Length % 3 != 0) throw new ArgumentException("triangles are not index triples", nameof(triangles));
        if (triangleInstances.Length != triangles.Length / 3) throw new ArgumentException("one instance id per triangle is needed", nameof(triangleInstances));
        int n = positions.Length / 3;
        foreach (int i in triangles)
            if ((uint)i >= (uint)n) throw new ArgumentException($"triangle corner {i} is not a vertex (mesh has {n})", nameof(triangles));
        Positions = positions;
        Triangles = triangles;
        TriangleInstances = triangleInstances;
    }

    /// <summary>
    /// Labels each triangle from per-vertex ids, as ScanNet, ScanNet++ and others annotate vertices: the id two or
    /// three corners share, else (three different ids, only on a boundary between instances) the first corner's, so
    /// the choice depends only on the file and never on iteration order.
    /// </summary>
    public static LabelledMesh FromVertexInstances(float[] positions, int[] triangles, ReadOnlySpan<ushort> vertexInstances)
    {
        if (vertexInstances.Length != positions.Length / 3) throw new ArgumentException("one instance id per vertex is needed", nameof(vertexInstances));
        var ids = new ushort[triangles.Length / 3];
        for (int t = 0; t < ids.Length; t++)
        {
            int a = triangles[3 * t], b = triangles[3 * t + 1], c = triangles[3 * t + 2];
            if ((uint)a >= (uint)vertexInstances.Length || (uint)b >= (uint)vertexInstances.Length || (uint)c >= (uint)vertexInstances.Length)
                throw new ArgumentException($"triangle {t} names a vertex beyond the mesh", nameof(triangles));
            ushort ia = vertexInstances[a], ib = vertexInstances[b], ic = vertexInstances[c];
            ids[t] = ib == ic ? ib : ia;
        }
        return new LabelledMesh(positions, triangles, ids);
    }
}
