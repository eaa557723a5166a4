using Spar.Geometry;
using Spar.Scenes.Importers.ScanNetpp;
using Spar.Scenes.Rendering;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>What <see cref="ARKitScenesObjects.Build"/> skipped or approximated; each is a warning.</summary>
public sealed record ARKitScenesObjectSkips(int UnknownLabels, IReadOnlyList<string> UnknownLabelNames, int Tilted, int WithoutVertices, int OutOfRange);

/// <summary>
/// ARKitScenes' boxes as scene objects, and the mesh labelled by them for the mask renderer. Pure: no file access.
/// The mesh and boxes are in one upright, Z-up world in metres (the maintainers: "the point cloud and 3D boxes should
/// always be upright"), so nothing is transformed.
/// </summary>
public static class ARKitScenesObjects
{
    /// <summary>
    /// How far outside its box a mesh vertex may lie and still be the object's (metres): annotators drew boxes around
    /// the reconstructed surface, which the mesh follows to within its resolution (a few cm).
    /// </summary>
    public const double VertexMarginMeters = 0.02;

    /// <summary>
    /// Objects in <c>data[]</c> order, instance id = position + 1 (stable whatever is skipped before it). A box is the
    /// upright one of its <c>obbAligned</c> (<see cref="UprightBox.OfObb"/>: the first horizontal row is the box's
    /// x, its heading the yaw), or, when no row is vertical, the upright box around its corners. Labels are normalised
    /// as the toolkit's <c>extract_gt</c> does and one outside its 17 classes is skipped, as there.
    /// Each mesh vertex belongs to the smallest box (by volume; then the lowest id) it lies in, within
    /// <see cref="VertexMarginMeters"/>: the ids the mask renderer draws, and the objects' surface points.
    /// </summary>
    public static (List<SceneObject> Objects, LabelledMesh? Mesh, ARKitScenesObjectSkips Skips) Build(
        IReadOnlyList<ARKitScenesBox> boxes, PlyMesh? mesh, int maxSurfacePoints)
    {
        var kept = new List<(int Id, string Category, OrientedBox Box)>();
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        int unknownCount = 0, tilted = 0, outOfRange = 0;
        foreach (var b in boxes)
        {
            var label = ARKitScenesAnnotations.Normalise(b.Label);
            if (!ARKitScenesAnnotations.Classes.Contains(label)) { unknownCount++; unknown.Add(b.Label); continue; }
            int id = b.Position + 1;
            if (id >= ushort.MaxValue) { outOfRange++; continue; }
            OrientedBox box;
            box = ScanNetppObjects.Box(b.Obb, out bool leaning);
            if (leaning) tilted++;
            kept.Add((id, ARKitScenesAnnotations.Category(label), box));
        }
        if (mesh == null)
            return ([.. kept.Select(k => new SceneObject(k.Id, k.Category, k.Box))], null, new ARKitScenesObjectSkips(unknownCount, [.. unknown], tilted, 0, outOfRange));

        var pos = mesh.Vertices.Positions;
        int n = mesh.Vertices.Count;
        var ids = new ushort[n];
        var owner = new double[n];
        Array.Fill(owner, double.PositiveInfinity);
        var members = kept.ToDictionary(k => k.Id, _ => new List<int>());
        foreach (var (id, _, box) in kept)
        {
            double volume = box.Volume;
            for (int v = 0; v < n; v++)
            {
                var p = new Vec3(pos[3 * v], pos[3 * v + 1], pos[3 * v + 2]);
                if (!box.Contains(p, VertexMarginMeters)) continue;
                members[id].Add(v);
                // kept is in id order, so on equal volume the lower id keeps the vertex.
                if (volume < owner[v]) { owner[v] = volume; ids[v] = (ushort)id; }
            }
        }
        int without = 0;
        var objects = new List<SceneObject>();
        foreach (var (id, category, box) in kept)
        {
            var vs = members[id];
            if (vs.Count == 0) without++;
            int take = Math.Min(vs.Count, maxSurfacePoints);
            var sample = Enumerable.Range(0, take).Select(i => { int v = vs[(int)((long)i * vs.Count / take)]; return new Vec3(pos[3 * v], pos[3 * v + 1], pos[3 * v + 2]); }).ToArray();
            objects.Add(new SceneObject(id, category, box, SurfacePoints: sample.Length > 0 ? sample : null));
        }
        var labelled = mesh.Triangles.Length > 0 ? LabelledMesh.FromVertexInstances(pos, mesh.Triangles, ids) : null;
        return (objects, labelled, new ARKitScenesObjectSkips(unknownCount, [.. unknown], tilted, without, outOfRange));
    }
}
