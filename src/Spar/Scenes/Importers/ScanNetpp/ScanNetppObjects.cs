using Spar.Geometry;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>What <see cref="ScanNetppObjects.Build"/> skipped or approximated instead of failing; each is a warning.</summary>
public sealed record ScanNetppObjectSkips(int MissingSegmentReferences, int EmptyObjects, int DuplicateObjectIds, int OutOfRangeIds,
    int WithoutObb, int TiltedObb, int OverlapVertices);

/// <summary>
/// ScanNet++'s mesh + <c>segments.json</c> + <c>segments_anno.json</c> as scene objects and the labelled mesh masks are
/// rendered from. Pure: no file access. The mesh is already in ScanNet++'s aligned, Z-up world (metres), so nothing is
/// transformed.
/// </summary>
public static class ScanNetppObjects
{
    /// <summary>An OBB axis within ~2.6° of vertical (|z| ≥ this) makes the box upright: spar's boxes turn about Z only.</summary>
    public const double UprightCosine = 0.999;

    /// <summary>Smallest extent written (metres): a flat box (a poster's obb) is still a box, as ScanNet's importer does.</summary>
    public const double MinExtentMeters = ScanNetSceneImporter.MinExtentMeters;

    public static (List<SceneObject> Objects, LabelledMesh? Mesh, ScanNetppObjectSkips Skips, RoomGeometry? Room, ScanNetppFloorSource FloorSource) Build(
        PlyMesh mesh, int[] segIndices, IReadOnlyList<ScanNetppSegGroup> groups, Labels.IObjectLabels labels, string segmentsPath, int maxSurfacePoints)
    {
        var pos = mesh.Vertices.Positions;
        if (segIndices.Length != mesh.Vertices.Count)
            throw new SparException($"{segmentsPath}: segIndices has {segIndices.Length} entries but the mesh has {mesh.Vertices.Count} vertices (segmentation of another mesh?)");
        var verticesOfSegment = new Dictionary<int, List<int>>();
        for (int v = 0; v < segIndices.Length; v++)
        {
            if (!verticesOfSegment.TryGetValue(segIndices[v], out var list)) verticesOfSegment[segIndices[v]] = list = [];
            list.Add(v);
        }
        var seen = new HashSet<int>();
        int missing = 0, empty = 0, duplicates = 0, outOfRange = 0, noObb = 0, tilted = 0;
        var kept = new List<(SceneObject Object, int[] Vertices, string? Class)>();
        foreach (var group in groups)
        {
            if (!seen.Add(group.ObjectId)) { duplicates++; continue; }
            if (group.ObjectId < 0 || group.ObjectId >= ushort.MaxValue) { outOfRange++; continue; }
            // Instances are found by segment, as the toolkit's np.isin(segIndices, segments): never by treating a segment id as a vertex id.
            var vertices = new List<int>();
            foreach (int s in group.Segments.Distinct())
                if (verticesOfSegment.TryGetValue(s, out var list)) vertices.AddRange(list);
                else missing++;
            if (vertices.Count == 0) { empty++; continue; }
            vertices.Sort();
            OrientedBox box;
            if (group.Obb is { } obb)
            {
                if (Upright(obb) is { } upright) box = upright;
                else { tilted++; box = Enclosing(obb.Centroid, Corners(obb)); }
            }
            else { noObb++; box = Enclosing(null, vertices.Select(v => P(pos, v))); }
            var structuralClass = labels.StructuralClassOf(group.Label);
            var structural = structuralClass != null;
            var sample = Enumerable.Range(0, Math.Min(vertices.Count, maxSurfacePoints))
                .Select(i => P(pos, vertices[(int)((long)i * vertices.Count / Math.Min(vertices.Count, maxSurfacePoints))])).ToArray();
            // ScanNet++ objectIds start at 0; scene instance ids are positive (0 = no object in masks).
            kept.Add((new SceneObject(group.ObjectId + 1, labels.CategoryOf(group.Label), box, labels.IsReferable(group.Label), structural, sample), [.. vertices], structuralClass));
        }
        kept.Sort((a, b) => a.Object.InstanceId.CompareTo(b.Object.InstanceId));
        var (vertexIds, overlaps) = VertexInstances(mesh.Vertices.Count, kept);
        var labelled = mesh.Triangles.Length > 0 ? LabelledMesh.FromVertexInstances(pos, mesh.Triangles, vertexIds) : null;
        int[] Structural(string cls) => [.. kept.Where(k => k.Class == cls).SelectMany(k => k.Vertices).Distinct().Order()];
        var (room, floorSource) = ScanNetppRoom.Estimate(pos, mesh.Triangles, Structural("floor"), Structural("ceiling"));
        return ([.. kept.Select(k => k.Object)], labelled,
            new ScanNetppObjectSkips(missing, empty, duplicates, outOfRange, noObb, tilted, overlaps), room, floorSource);
    }

    /// <summary>
    /// One instance id per vertex for the mask renderer. A vertex in several instances (ScanNet++ allows overlaps) gets
    /// the smallest instance (fewest vertices, then lowest id) — the toolkit's single-label rule — so a small object
    /// lying in a larger one's segments (a book in a shelf) stays visible in the masks.
    /// </summary>
    static (ushort[] Ids, int Overlaps) VertexInstances(int vertexCount, List<(SceneObject Object, int[] Vertices, string? Class)> objects)
    {
        var ids = new ushort[vertexCount];
        var owner = new int[vertexCount];
        Array.Fill(owner, int.MaxValue);
        int overlaps = 0;
        foreach (var (o, vertices, _) in objects)
            foreach (int v in vertices)
            {
                if (ids[v] != 0) overlaps++;
                if (vertices.Length < owner[v] || (vertices.Length == owner[v] && o.InstanceId < ids[v]))
                {
                    owner[v] = vertices.Length;
                    ids[v] = (ushort)o.InstanceId;
                }
            }
        return (ids, overlaps);
    }

    /// <summary>The box as spar's upright box when one of its axes is vertical: the first horizontal axis (file order) is the box's x, its heading the yaw.</summary>
    internal static OrientedBox? Upright(ScanNetppObb obb)
    {
        int up = Array.FindIndex(obb.Axes, a => Math.Abs(a.Z) >= UprightCosine);
        if (up < 0) return null;
        int first = up == 0 ? 1 : 0, second = 3 - up - first;
        double L(int i) => Math.Max(MinExtentMeters, i switch { 0 => obb.AxesLengths.X, 1 => obb.AxesLengths.Y, _ => obb.AxesLengths.Z });
        var x = obb.Axes[first];
        return new OrientedBox(obb.Centroid, new Vec3(L(first), L(second), L(up)), Math.Atan2(x.Y, x.X));
    }

    internal static IEnumerable<Vec3> Corners(ScanNetppObb obb)
    {
        var h = obb.AxesLengths * 0.5;
        for (int i = 0; i < 8; i++)
            yield return obb.Centroid + obb.Axes[0] * ((i & 1) == 0 ? -h.X : h.X) + obb.Axes[1] * ((i & 2) == 0 ? -h.Y : h.Y) + obb.Axes[2] * ((i & 4) == 0 ? -h.Z : h.Z);
    }

    /// <summary>The axis-aligned box around <paramref name="points"/> (a tilted obb's corners, or an instance's vertices when it has no obb).</summary>
    internal static OrientedBox Enclosing(Vec3? centre, IEnumerable<Vec3> points)
    {
        double x0 = double.PositiveInfinity, y0 = x0, z0 = x0, x1 = double.NegativeInfinity, y1 = x1, z1 = x1;
        foreach (var p in points)
        {
            x0 = Math.Min(x0, p.X); y0 = Math.Min(y0, p.Y); z0 = Math.Min(z0, p.Z);
            x1 = Math.Max(x1, p.X); y1 = Math.Max(y1, p.Y); z1 = Math.Max(z1, p.Z);
        }
        var c = centre ?? new Vec3((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2);
        return new OrientedBox(c, new Vec3(Math.Max(MinExtentMeters, x1 - x0), Math.Max(MinExtentMeters, y1 - y0), Math.Max(MinExtentMeters, z1 - z0)), 0);
    }

    static Vec3 P(float[] pos, int v) => new(pos[3 * v], pos[3 * v + 1], pos[3 * v + 2]);
}
