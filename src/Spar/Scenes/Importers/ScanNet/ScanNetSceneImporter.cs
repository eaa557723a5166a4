using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Imports one ScanNet scan into a canonical <see cref="Scene"/> plus the SPAR-7M-RGBD image layout. The scene is
/// written through a <see cref="SceneFolder"/> (staged beside its final place and swapped in at the end), so a crash or
/// error never leaves a half-written scene where a complete one is expected. Frames stream through one at a time.
/// </summary>
public static class ScanNetSceneImporter
{
    /// <summary>
    /// Smallest box extent written, metres: a planar instance (a floor patch, a poster) has a zero extent, which
    /// scene.json rejects as a degenerate box; 1 cm keeps it a box without moving its centre.
    /// </summary>
    public const double MinExtentMeters = UprightBox.MinExtentMeters;

    /// <summary>The importer's name: its subcommand, its source folder in the output and its marker (<see cref="SceneFolder"/>).</summary>
    public const string Source = "scannet";

    /// <summary>
    /// Builds the scene into <paramref name="folder"/>'s staging and commits it. The annotations are read and checked
    /// first, so a scan whose mesh or aggregation is bad fails before any frame is written.
    /// </summary>
    internal static ScanNetSceneReport Import(ScanNetSceneFiles files, SceneFolder folder, ScanNetImportOptions options, ScanNetLabelMap labels, ProgressTracker? progress)
    {
        var warnings = new List<string>();
        var alignment = ReadAlignment(files, warnings);
        var masks = ScanNetMeshMasks.Resolve(files, options.Masks);
        var (objects, skips, room, mesh) = BuildObjects(files, alignment, labels, options, warnings, masks == InstanceMaskSource.Render);

        var staging = folder.Staging;
        var frames = new FrameExporter(files, options, alignment, staging, objects.Select(o => o.InstanceId).ToHashSet(), warnings, progress,
            masks, mesh != null ? new Rendering.MeshMaskRasterizer(mesh) : null);
        var (sceneFrames, stats) = frames.Run();
        var scene = new Scene(files.SceneId, Source, room, objects, sceneFrames);
        File.WriteAllText(Path.Combine(staging, "axis_alignment.txt"), MatrixFile.Format(alignment));
        SceneJson.Write(scene, Path.Combine(staging, SceneJson.FileName));
        var final = folder.Commit();
        return new ScanNetSceneReport(files.SceneId, stats.FramesFrom, stats.StreamFrames, stats.InvalidPoseFrames,
            stats.ImageFrames, stats.VideoFrames, objects.Count, objects.Count(o => o.Referable), skips, warnings, final);
    }

    public static void Validate(ScanNetImportOptions options)
    {
        if (options.FrameStep < 1) throw new SparException($"--frame-step must be at least 1 (got {options.FrameStep})");
        if (options.VideoFrames < 0) throw new SparException($"--video-frames must not be negative (got {options.VideoFrames})");
        if (options.MaxSurfacePoints < 1) throw new SparException($"at least one surface point per object is needed (got {options.MaxSurfacePoints})");
    }

    static Mat4 ReadAlignment(ScanNetSceneFiles files, List<string> warnings)
    {
        if (files.Info == null)
        {
            warnings.Add($"no {files.SceneId}.txt: poses and mesh are used without axis alignment");
            return Mat4.Identity;
        }
        var matrix = ScanNetAnnotations.ParseAxisAlignment(ScanNetAnnotations.ReadSceneInfo(files.Info), files.Info);
        if (matrix == null)
        {
            warnings.Add($"{files.Info} has no axisAlignment line (as ScanNet's test scans): identity used");
            return Mat4.Identity;
        }
        return Mat4.FromRowMajor(matrix);
    }

    static (List<SceneObject>, ScanNetObjectSkips, RoomGeometry?, Rendering.LabelledMesh?) BuildObjects(ScanNetSceneFiles files, Mat4 alignment,
        ScanNetLabelMap labels, ScanNetImportOptions options, List<string> warnings, bool renderMasks)
    {
        if (!files.HasAnnotations)
        {
            warnings.Add("mesh, segmentation or aggregation file missing: the scene has no objects");
            return ([], ScanNetObjectSkips.None, null, null);
        }
        // Faces are read only when masks are rendered from them; objects need the vertices alone.
        var plyMesh = renderMasks ? PlyReader.ReadMesh(files.Mesh!) : null;
        var mesh = plyMesh?.Vertices ?? PlyReader.Read(files.Mesh!);
        var segs = ScanNetAnnotations.ReadSegIndices(files.Segs!);
        var groups = ScanNetAnnotations.ReadAggregation(files.Aggregation!);
        var (raw, skips, aligned) = ScanNetObjects.Build(mesh, segs, groups, alignment.ToRowMajor(), labels, files.Segs!, options.MaxSurfacePoints);
        if (skips.MissingSegmentReferences > 0)
            warnings.Add($"{files.Aggregation}: {skips.MissingSegmentReferences} segment reference(s) not in {Path.GetFileName(files.Segs)} were skipped");
        if (skips.EmptyObjects > 0) warnings.Add($"{files.Aggregation}: {skips.EmptyObjects} object(s) with no mesh vertex were skipped");
        if (skips.DuplicateObjectIds > 0) warnings.Add($"{files.Aggregation}: {skips.DuplicateObjectIds} repeated objectId(s) were skipped");
        if (labels.Unmapped(raw.Select(o => o.RawLabel)) is { Count: > 0 } unmapped)
            warnings.Add($"{files.Aggregation}: {unmapped.Sum(u => u.Objects)} object(s) have labels not in {labels.Path} and keep their raw label: "
                + string.Join(", ", unmapped.Select(u => $"'{u.Label}' ({u.Objects})")));
        int outOfRange = raw.Count(o => !HasMaskableId(o));
        if (outOfRange > 0) warnings.Add($"{files.Aggregation}: {outOfRange} object(s) with objectId outside 0..65534 (16-bit mask ids) were skipped");
        var objects = raw
            .Where(HasMaskableId)
            .Select(o => new SceneObject(
                o.ObjectId + 1, // ScanNet objectIds start at 0; scene ids are positive (0 = no object in masks)
                o.Category,
                new OrientedBox(
                    new Vec3((o.Min[0] + o.Max[0]) / 2, (o.Min[1] + o.Max[1]) / 2, (o.Min[2] + o.Max[2]) / 2),
                    new Vec3(Extent(o, 0), Extent(o, 1), Extent(o, 2)),
                    0),
                o.Referable,
                o.StructuralClass != null,
                Points(o.SurfacePoints)))
            .OrderBy(o => o.InstanceId)
            .ToList();
        var room = ScanNetRoom.Estimate(aligned,
            raw.Where(o => o.StructuralClass == "floor").SelectMany(o => o.Vertices),
            raw.Where(o => o.StructuralClass == "ceiling").SelectMany(o => o.Vertices));
        return (objects, skips, room, plyMesh != null ? ScanNetMeshMasks.Build(plyMesh, aligned, objects, raw) : null);
    }

    static bool HasMaskableId(ScanNetObject o) => o.ObjectId >= 0 && o.ObjectId < ushort.MaxValue;

    static double Extent(ScanNetObject o, int axis) => Math.Max(MinExtentMeters, o.Max[axis] - o.Min[axis]);

    static Vec3[] Points(float[] xyz)
    {
        var p = new Vec3[xyz.Length / 3];
        for (int i = 0; i < p.Length; i++) p[i] = new Vec3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        return p;
    }
}
