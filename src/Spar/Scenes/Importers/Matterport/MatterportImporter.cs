using System.Globalization;
using Spar.Geometry;
using Spar.Scenes.Labels;
using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>Settings of <c>spar import matterport</c>.</summary>
public sealed record MatterportImportOptions : SceneImportRequest
{
    public MatterportImportOptions() { }

    /// <summary>The shared part as <c>spar import</c> parsed it; the source's own settings are set after.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public MatterportImportOptions(SceneImportRequest request) : base(request) { }

    /// <summary>The folder holding the <c>&lt;scan&gt;/</c> folders (<c>v1/scans/</c> of the download).</summary>
    public string Root => Input;

    /// <summary>Scans (houses) to import, all their regions (null: every scan found); <see cref="SceneImportRequest.Scenes"/>
    /// picks region scenes (<c>&lt;scan&gt;_region&lt;k&gt;</c>) instead.</summary>
    public IReadOnlyList<string>? Scans { get; init; }

    /// <summary><see cref="InstanceMaskSource.Render"/> (from the region mesh; also <c>auto</c>) or <see cref="InstanceMaskSource.None"/>.</summary>
    public InstanceMaskSource Masks { get; init; } = InstanceMaskSource.Auto;

    public SensorDepthAgreement MaskDepthAgreement { get; init; } = SensorDepthAgreement.Default;
}

/// <summary>One region of a Matterport3D scan: a spar scene <c>&lt;scan&gt;_region&lt;k&gt;</c>.</summary>
public sealed record MatterportRegionScene(MatterportScan Scan, int Region) : IFoundScene
{
    public string SceneId => SceneName(Scan.ScanId, Region);
    public string Folder => Scan.Folder;

    /// <summary>The scene id of region <paramref name="region"/> of a scan, named as its <c>region_segmentations/region&lt;k&gt;.ply</c>.</summary>
    public static string SceneName(string scan, int region) => $"{scan}_region{region.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>What was imported for one region.</summary>
public sealed record MatterportRegionReport(string SceneId, int Images, int Panoramas, int Objects, int Referable, bool Masks, IReadOnlyList<string> Warnings, string OutputFolder) : IImportedScene
{
    public string Summary => $"{Images} images of {Panoramas} panoramas, {Objects} objects ({Referable} referable), {(Masks ? "rendered masks" : "no masks")}";
}

/// <summary>
/// <c>spar import matterport</c> (docs/matterport.md): one spar scene per region of a house (a room-like prism of the
/// <c>.house</c> file): its floor polygon and height, its objects (<c>O</c> lines, mpcat40 names), the undistorted images
/// of its panoramas (<c>P</c> lines) with OpenCV poses and top-down intrinsics from the <c>.conf</c>, depth in
/// millimetres, and instance masks rendered from <c>region_segmentations/region&lt;k&gt;.ply</c> (per-face object ids).
/// </summary>
public sealed class MatterportImporter : ISceneImporter<MatterportRegionScene, MatterportRegionReport>
{
    public const string Source = "matterport";
    readonly MatterportImportOptions _options;
    // The regions of one scan share its .house and .conf: each is parsed once per run (CountWork and Import of every
    // region), and a bad one fails each of its regions with the same message.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(MatterportHouse House, IReadOnlyList<MatterportImage> Images, string? Skipped)>> _scans = new(StringComparer.Ordinal);

    public MatterportImporter(MatterportImportOptions options)
    {
        if (options.Masks == InstanceMaskSource.Sensor)
            throw new SparException("--masks sensor: Matterport3D ships no 2D instance masks; use render (from the region meshes) or none");
        _options = options;
    }

    public string Name => Source;

    public string WorkUnit => "image";

    public static SceneImportReport<MatterportRegionReport> Run(MatterportImportOptions options, IProgress<WorkProgress>? progress = null) =>
        SceneImport.Run(new MatterportImporter(options), options, progress);

    public IReadOnlyList<MatterportRegionScene> Discover(string input, IReadOnlyList<string>? only)
    {
        var scans = MatterportScan.Discover(input, _options.Scans);
        var regions = scans.SelectMany(s => MatterportHouse.RegionIndices(s.House).Distinct().Order().Select(r => new MatterportRegionScene(s, r)))
            .OrderBy(r => r.SceneId, StringComparer.Ordinal).ToList();
        if (only is not { Count: > 0 }) return regions;
        var byId = regions.ToDictionary(r => r.SceneId, StringComparer.Ordinal);
        return only.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => byId.GetValueOrDefault(id) ?? throw new SparException($"{input}: no region scene '{id}' (scene ids are <scan>_region<k>, from the R lines of <scan>.house)")).ToList();
    }

    (MatterportHouse House, IReadOnlyList<MatterportImage> Images, string? Skipped) Read(MatterportScan scan) =>
        _scans.GetOrAdd(scan.ScanId, _ => new(() =>
        {
            var house = MatterportHouse.Read(scan.House);
            var skipped = new List<string>();
            var images = MatterportCameras.Read(scan.CameraFile, skipped);
            return (house, images, SkippedNote(scan.CameraFile, skipped));
        })).Value;

    /// <summary>The warning for .conf lines whose command spar (like the toolkit) does not read, or null when there are none.</summary>
    internal static string? SkippedNote(string conf, IReadOnlyList<string> skipped) => skipped.Count == 0 ? null
        : $"{conf}: {skipped.Count} line(s) with a command spar does not read were skipped, as the toolkit's reader skips them (first: {skipped[0]})";

    public long CountWork(MatterportRegionScene scene)
    {
        var (house, images, _) = Read(scene.Scan);
        return ImagesOf(scene, house, images, out _).Count;
    }

    /// <summary>The images of the region's panoramas, in .conf order; <paramref name="panoramas"/> counts those panoramas.</summary>
    static List<MatterportImage> ImagesOf(MatterportRegionScene scene, MatterportHouse house, IReadOnlyList<MatterportImage> images, out int panoramas)
    {
        var names = house.Panoramas.Where(p => p.Region == scene.Region).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var result = images.Where(i => names.Contains(i.Panorama)).ToList();
        panoramas = result.Select(i => i.Panorama).Distinct(StringComparer.Ordinal).Count();
        return result;
    }

    public MatterportRegionReport Import(MatterportRegionScene scene, SceneFolder folder, SceneImportContext context)
    {
        var warnings = new List<string>();
        var scan = scene.Scan;
        var (house, all, skippedNote) = Read(scan);
        if (skippedNote != null) warnings.Add(skippedNote);
        var region = house.Regions.First(r => r.Index == scene.Region);
        var room = Room(house, region, warnings);
        var objects = Objects(house, region, warnings);
        var images = ImagesOf(scene, house, all, out int panoramas);
        if (images.Count == 0) warnings.Add($"{scan.House}:{region.Line}: region {region.Index} has no panorama with images in {scan.CameraFile}: the scene has no frames");

        MeshMaskRasterizer? renderer = null;
        if (_options.Masks != InstanceMaskSource.None)
        {
            var meshPath = scan.RegionMesh(region.Index);
            if (File.Exists(meshPath)) renderer = new MeshMaskRasterizer(RegionMesh(meshPath, objects, warnings));
            else if (_options.Masks == InstanceMaskSource.Render) throw new SparException($"{meshPath}: not found (--masks render needs the region meshes of region_segmentations.zip)");
            else warnings.Add($"{meshPath}: not found: no instance masks");
        }

        var staging = folder.Staging;
        foreach (var d in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, d));
        if (renderer != null) Directory.CreateDirectory(Path.Combine(staging, RgbdLayout.InstanceFolder));
        var writer = new MatterportFrames(scan, scene.SceneId, staging, renderer, _options.MaskDepthAgreement);
        var frames = new List<SceneFrame>();
        foreach (var image in images)
        {
            context.Cancel.ThrowIfCancellationRequested();
            frames.Add(writer.Write(image, image.Ordinal, image.Stem));
            context.Progress.Advance(1);
        }
        if (writer.Rendered.Disagreeing > 0)
            warnings.Add($"{scan.RegionMesh(region.Index)}: rendered masks: {writer.Rendered.Disagreeing} of {writer.Rendered.ObjectPixels} object pixel(s) disagree with the sensor depth by more than {_options.MaskDepthAgreement} and were set to 0");
        writer.WriteSceneFiles([]); // no video: a region is a set of panoramas, not a walk (routes come from import rxr/r2r)
        var result = new Scene(scene.SceneId, Source, room, objects, frames);
        SceneJson.Write(result, Path.Combine(staging, SceneJson.FileName));
        var final = folder.Commit();
        return new MatterportRegionReport(scene.SceneId, frames.Count, panoramas, objects.Count, objects.Count(o => o.Referable), renderer != null, warnings, final);
    }

    /// <summary>
    /// The region's prism: its floor surface's <c>V</c> polygon (counter-clockwise by the format; a clockwise one is
    /// reversed and said), floor at the surface's mean vertex height, ceiling <c>height</c> above it. A region with
    /// several surfaces takes the largest; one with none (or a degenerate one) has no room geometry.
    /// </summary>
    static RoomGeometry? Room(MatterportHouse house, MatterportRegion region, List<string> warnings)
    {
        var surfaces = house.Surfaces.Where(s => s.Region == region.Index).ToList();
        var where = $"{house.Path}:{region.Line}";
        if (surfaces.Count == 0) { warnings.Add($"{where}: region {region.Index} has no S surface: no room geometry"); return null; }
        double Area(MatterportSurface s) => Math.Abs(Polygon2.SignedArea(s.Vertices.Select(v => v.XY).ToList()));
        var floor = surfaces.OrderByDescending(Area).ThenBy(s => s.Index).First();
        if (surfaces.Count > 1) warnings.Add($"{where}: region {region.Index} has {surfaces.Count} surfaces; the largest (S {floor.Index}, line {floor.Line}) is its floor");
        if (floor.Vertices.Count < 3 || Area(floor) < 1e-6) { warnings.Add($"{house.Path}:{floor.Line}: surface {floor.Index} has {floor.Vertices.Count} vertices and no area: no room geometry"); return null; }
        if (!(region.Height > 0)) throw new SparException($"{where}: region {region.Index} height {region.Height.ToString(CultureInfo.InvariantCulture)} is not positive");
        var polygon = floor.Vertices.Select(v => v.XY).ToList();
        if (Polygon2.SignedArea(polygon) < 0)
        {
            polygon.Reverse();
            warnings.Add($"{house.Path}:{floor.Line}: surface {floor.Index}'s vertices run clockwise (the format says counter-clockwise); reversed");
        }
        double floorZ = floor.Vertices.Average(v => v.Z);
        return new RoomGeometry(polygon, floorZ, floorZ + region.Height);
    }

    /// <summary>Labels that name nothing a question could refer to.</summary>
    static readonly HashSet<string> Unlabelled = new(StringComparer.Ordinal) { "", "unknown", "remove", "void", "unlabeled", "unlabelled", "delete" };

    /// <summary>mpcat40 classes that bound the room (wall 1, floor 2, ceiling 17).</summary>
    static readonly HashSet<string> Structural = new(StringComparer.Ordinal) { "wall", "floor", "ceiling" };

    /// <summary>
    /// The region's <c>O</c> lines as spar objects (instance id = object index + 1). The category is the mpcat40 class,
    /// except where it is a catch-all (<see cref="CatchAllCategories"/>: <c>objects</c>, <c>misc</c>, <c>furniture</c>
    /// …): there the raw <c>category_mapping_name</c> is kept, as ScanNet keeps its raw label.
    /// </summary>
    static List<SceneObject> Objects(MatterportHouse house, MatterportRegion region, List<string> warnings)
    {
        var result = new List<SceneObject>();
        int tooLarge = 0, tilted = 0;
        var seen = new HashSet<int>();
        foreach (var o in house.Objects.Where(o => o.Region == region.Index).OrderBy(o => o.Index))
        {
            var where = $"{house.Path}:{o.Line}";
            if (!seen.Add(o.Index)) throw new SparException($"{where}: object {o.Index} is defined twice");
            if (o.Index < 0 || o.Index >= ushort.MaxValue - 1) { tooLarge++; continue; }
            if (o.Axis0.Length < 1e-9 || o.Axis1.Length < 1e-9) throw new SparException($"{where}: object {o.Index} has a zero box axis");
            var a2 = o.Axis0.Cross(o.Axis1);
            if (a2.Length < 1e-9) throw new SparException($"{where}: object {o.Index}'s box axes a0 and a1 are parallel");
            if (!(o.Radii.X >= 0 && o.Radii.Y >= 0 && o.Radii.Z >= 0)) throw new SparException($"{where}: object {o.Index} has a negative radius");
            var box = UprightBox.FromAxes(o.Centre, [o.Axis0, o.Axis1, a2], [o.Radii.X, o.Radii.Y, o.Radii.Z], out double tilt);
            if (tilt > 5 * Math.PI / 180) tilted++;
            string mpcat = "unlabeled", raw = "unknown";
            if (house.Categories.TryGetValue(o.Category, out var c)) (mpcat, raw) = (c.Mpcat40Name, c.RawName);
            var category = CatchAllCategories.IsCatchAll(mpcat) && !Unlabelled.Contains(raw) ? raw : mpcat;
            bool structural = Structural.Contains(mpcat);
            bool referable = !structural && !Unlabelled.Contains(category) && !CatchAllCategories.IsCatchAll(category);
            result.Add(new SceneObject(o.Index + 1, category, box, referable, structural));
        }
        if (tooLarge > 0) warnings.Add($"{house.Path}: {tooLarge} object(s) of region {region.Index} have an index outside 0..65533 (16-bit mask ids) and were skipped");
        if (tilted > 0) warnings.Add($"{house.Path}: {tilted} box(es) of region {region.Index} tilt more than 5° from upright; kept upright about their most vertical axis");
        return result;
    }

    /// <summary>
    /// The region mesh with each triangle labelled by its face's <c>face_segment</c> (the object's index in the
    /// <c>.house</c>, docs/matterport.md), as the scene's instance id; faces of no imported object get 0 and still hide
    /// what is behind them.
    /// </summary>
    static LabelledMesh RegionMesh(string path, IReadOnlyList<SceneObject> objects, List<string> warnings)
    {
        var mesh = PlyReader.ReadMesh(path, "face_segment");
        var kept = objects.Select(o => o.InstanceId).ToHashSet();
        var ids = new ushort[mesh.TriangleCount];
        long foreign = 0;
        for (int t = 0; t < ids.Length; t++)
        {
            int segment = mesh.TriangleValues![t];
            if (segment < 0) continue; // unannotated face
            int id = segment + 1;
            if (kept.Contains(id)) ids[t] = (ushort)id;
            else foreign++;
        }
        if (foreign > 0) warnings.Add($"{path}: {foreign} face(s) name an object (face_segment) that is not an O line of this region; they mask as 0");
        return new LabelledMesh(mesh.Vertices.Positions, mesh.Triangles, ids);
    }
}
