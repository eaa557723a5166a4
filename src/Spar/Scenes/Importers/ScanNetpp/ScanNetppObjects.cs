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
                box = Box(obb, out bool leaning);
                if (leaning) tilted++;
            }
            else { noObb++; box = UprightBox.Enclosing(null, vertices.Select(v => P(pos, v))); }
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

    /// <summary>An obb as spar's box (<see cref="UprightBox.OfObb"/>: upright when an axis is vertical, else the box around its corners).</summary>
    internal static OrientedBox Box(ScanNetppObb obb, out bool tilted) => UprightBox.OfObb(obb.Centroid, obb.AxesLengths, obb.Axes, out tilted);

    static Vec3 P(float[] pos, int v) => new(pos[3 * v], pos[3 * v + 1], pos[3 * v + 2]);
}
