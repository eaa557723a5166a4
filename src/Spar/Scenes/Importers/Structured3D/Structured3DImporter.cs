using System.Text;
using SixLabors.ImageSharp;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Util;

namespace Spar.Scenes.Importers.Structured3D;

/// <summary>Settings of <c>spar import structured3d</c>.</summary>
public sealed record Structured3DImportOptions : SceneImportRequest
{
    public Structured3DImportOptions() { }

    /// <summary>The shared part as <c>spar import</c> parsed it; the source's own settings are set after.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public Structured3DImportOptions(SceneImportRequest request) : base(request) { }

    /// <summary>The folder holding the <c>scene_XXXXX/</c> houses, as the download unpacks.</summary>
    public string Root => Input;

    /// <summary>Which render to take as colour: <c>rgb_&lt;lighting&gt;.png</c>.</summary>
    public string Lighting { get; init; } = "rawlight";

    /// <summary>The toolkit's <c>metadata/errata.txt</c> (or a list in its format): listed houses and rooms are skipped and counted.</summary>
    public string? ErrataPath { get; init; }

    public static readonly IReadOnlyList<string> Lightings = ["rawlight", "warmlight", "coldlight"];

    /// <summary>
    /// Tried in order when <c>rgb_&lt;lighting&gt;.png</c> is missing: the official <c>prepare_structured3d_layout.py</c>
    /// fallbacks (the same list as <see cref="Dataset.Layout.Structured3dLayout"/>), so an import and a layout of one
    /// download show the same render.
    /// </summary>
    public static readonly IReadOnlyList<string> FallbackRgb = ["rgb_rawlight.png", "rgb_nolight.png", "rgb_shading.png"];
}

/// <summary>What was imported for one room.</summary>
public sealed record Structured3DRoomReport(string SceneId, int Views, int Objects, int BoxesInRoom, IReadOnlyList<string> Warnings, string OutputFolder) : IImportedScene
{
    public string Summary => $"{Views} views, {Objects} objects (of {BoxesInRoom} boxes in the room)";
}

/// <summary>
/// <c>spar import structured3d</c>: one spar scene per room with perspective views (docs/structured3d.md). Colour is
/// re-encoded as JPEG, depth converted from ray length to camera z, <c>instance.png</c> (65535 = background) shifted
/// by one to spar's ids (0 = none), poses turned into OpenCV camera-to-world in metres, boxes of the room (by their
/// centre in its floor polygon) labelled by the majority of <c>semantic.png</c> over their pixels in all its views.
/// </summary>
public sealed class Structured3DImporter : ISceneImporter<Structured3DRoomFiles, Structured3DRoomReport>
{
    public const string Source = "structured3d";
    readonly Structured3DImportOptions _options;
    readonly Structured3DErrata _errata;
    int _skipped = -1;

    public Structured3DImporter(Structured3DImportOptions options)
    {
        if (!Structured3DImportOptions.Lightings.Contains(options.Lighting))
            throw new SparException($"--lighting must be one of {string.Join(", ", Structured3DImportOptions.Lightings)} (got '{options.Lighting}')");
        _options = options;
        _errata = options.ErrataPath is { } path ? Structured3DErrata.Read(path) : Structured3DErrata.None;
    }

    /// <summary>Rooms (of this shard) that <see cref="Discover"/> left out because the errata list names them or their house; -1 before.</summary>
    public int SkippedByErrata => _skipped;

    /// <summary>The end-of-run note on the skipped rooms, or null when no list was given.</summary>
    public string? ErrataSummary => _options.ErrataPath == null ? null
        : $"{Math.Max(_skipped, 0)} room(s) skipped as listed in {_options.ErrataPath} ({_errata.Houses} house(s), {_errata.Rooms} room(s) listed)";

    public string Name => Source;

    public string WorkUnit => "view";

    public IReadOnlyList<Structured3DRoomFiles> Discover(string input, IReadOnlyList<string>? only)
    {
        var rooms = Structured3DRoomFiles.Discover(input, only);
        var kept = rooms.Where(r => !_errata.Lists(r)).ToList();
        // Counted in this shard of the whole list (listed rooms included), so the shards' counts partition the total.
        _skipped = _options.Shard.Select(rooms, r => r.SceneId).Count(_errata.Lists);
        return kept;
    }

    public long CountWork(Structured3DRoomFiles scene) => scene.Views.Count;

    public static SceneImportReport<Structured3DRoomReport> Run(Structured3DImportOptions options, IProgress<WorkProgress>? progress = null) =>
        SceneImport.Run(new Structured3DImporter(options), options, progress);

    /// <summary>A view's files and camera, all checked before anything is written.</summary>
    sealed record ViewInput(Structured3DView View, string Rgb, string Depth, string? Instance, string? Semantic, int Width, int Height, Mat4 Pose, CameraIntrinsics K);

    public Structured3DRoomReport Import(Structured3DRoomFiles scene, SceneFolder folder, SceneImportContext context)
    {
        var warnings = new List<string>();
        if (!File.Exists(scene.Annotation)) throw new SparException($"{scene.Annotation}: not found (room geometry of {scene.HouseId})");
        if (!File.Exists(scene.Boxes)) throw new SparException($"{scene.Boxes}: not found (object boxes of {scene.HouseId})");
        var room = Structured3DAnnotations.ReadRooms(scene.Annotation).FirstOrDefault(r => r.Id == scene.RoomId)
            ?? throw new SparException($"{scene.Annotation}: no room (a semantics entry with a floor plane) with ID {scene.RoomId}, the folder {scene.Folder}");
        var boxes = Structured3DAnnotations.ReadBoxes(scene.Boxes)
            .Where(b => Polygon2.Contains(room.Geometry.FloorPolygon, b.Box.Center.XY)).ToList();
        int tilted = boxes.Count(b => b.TiltRadians > 5 * Math.PI / 180);
        if (tilted > 0) warnings.Add($"{scene.Boxes}: {tilted} box(es) of the room tilt more than 5° from upright; kept upright about their most vertical axis");
        var views = scene.Views.Select(v => ReadView(v, warnings)).ToList();
        int fallbacks = views.Count(v => !v.Rgb.EndsWith($"rgb_{_options.Lighting}.png", StringComparison.Ordinal));
        if (fallbacks > 0) warnings.Add($"{scene.Folder}: {fallbacks} view(s) have no rgb_{_options.Lighting}.png; the official layout script's fallback render was used");
        int noMask = views.Count(v => v.Instance == null), noSemantic = views.Count(v => v.Semantic == null);
        if (noMask > 0) warnings.Add($"{scene.Folder}: {noMask} view(s) without instance.png have no instance mask");
        if (noSemantic > 0) warnings.Add($"{scene.Folder}: {noSemantic} view(s) without semantic.png give no label votes");

        var staging = folder.Staging;
        foreach (var d in RgbdLayout.AllFolders) Directory.CreateDirectory(Path.Combine(staging, d));
        var output = new SceneFrameFiles(scene.SceneId, staging, scene.Folder);
        var ids = boxes.ToDictionary(b => b.Id);
        var votes = new Dictionary<int, int[]>();
        var frames = new List<SceneFrame>();
        long foreignPixels = 0;
        foreach (var v in views)
        {
            context.Cancel.ThrowIfCancellationRequested();
            frames.Add(WriteView(output, scene.RoomId, v, ids, votes, ref foreignPixels));
            context.Progress.Advance(1);
        }
        if (foreignPixels > 0) warnings.Add($"{scene.Folder}: {foreignPixels} instance pixel(s) show objects whose box is not in this room (seen through a door?) and were set to 0");

        var objects = new List<SceneObject>();
        int unseen = 0;
        foreach (var b in boxes.OrderBy(b => b.Id))
        {
            if (!votes.TryGetValue(b.Id, out var counts) || counts.Max() == 0) { unseen++; continue; }
            int label = Array.IndexOf(counts, counts.Max()); // ties: the lowest id, deterministically
            bool structural = Nyu40Labels.IsStructural(label);
            objects.Add(new SceneObject(b.Id + 1, Nyu40Labels.Name(label)!, b.Box, Referable: !structural, Structural: structural));
        }
        if (unseen > 0) warnings.Add($"{scene.Boxes}: {unseen} box(es) of the room have no labelled pixel in any view (no label to give) and were skipped");

        var first = views[0].K;
        output.WriteIntrinsics(first);
        if (views.Any(v => v.K != first)) warnings.Add($"{scene.Folder}: views have different FoVs; intrinsic/ holds the first view's, scene.json each view's own");
        output.WriteVideoIndex([]); // no video: Structured3D has no trajectory
        var result = new Scene(scene.SceneId, Source, room.Geometry, objects, frames);
        SceneJson.Write(result, Path.Combine(staging, SceneJson.FileName));
        var final = folder.Commit();
        return new Structured3DRoomReport(scene.SceneId, frames.Count, objects.Count, boxes.Count, warnings, final);
    }

    ViewInput ReadView(Structured3DView v, List<string> warnings)
    {
        string? Existing(string name) { var p = Path.Combine(v.Folder, name); return File.Exists(p) ? p : null; }
        var rgb = Existing($"rgb_{_options.Lighting}.png")
            ?? Structured3DImportOptions.FallbackRgb.Select(Existing).FirstOrDefault(p => p != null)
            ?? throw new SparException($"{v.Folder}: no rgb_{_options.Lighting}.png (nor {string.Join(", ", Structured3DImportOptions.FallbackRgb)})");
        var depth = Existing("depth.png") ?? throw new SparException($"{Path.Combine(v.Folder, "depth.png")}: not found");
        var pose = Existing("camera_pose.txt") ?? throw new SparException($"{Path.Combine(v.Folder, "camera_pose.txt")}: not found");
        var (w, h) = ImageCodec.SizeOf(rgb);
        var (p, k) = Structured3DCamera.Read(pose, w, h);
        return new ViewInput(v, rgb, depth, Existing("instance.png"), Existing("semantic.png"), w, h, p, k);
    }

    static SceneFrame WriteView(SceneFrameFiles output, int roomId, ViewInput v, Dictionary<int, Structured3DBox> boxes, Dictionary<int, int[]> votes, ref long foreign)
    {
        int index = v.View.Position, n = v.Width * v.Height;
        // SPAR-7M's names (image_color/<room>_<position>.jpg), so records and images match the official release's.
        var name = Dataset.Layout.Structured3dLayout.FrameName(roomId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var jpeg = ImageCodec.TranscodeToJpeg(File.ReadAllBytes(v.Rgb), png: true, v.Width, v.Height, v.Rgb);

        var ray = Png16.ReadDepth(v.Depth, out int dw, out int dh);
        if ((dw, dh) != (v.Width, v.Height)) throw new SparException($"{v.Depth}: {dw}×{dh}, the colour image {v.Rgb} is {v.Width}×{v.Height}");
        var z = new ushort[n];
        Structured3DCamera.RayLengthToZ(ray, z, v.Width, v.Height, v.K);
        var (colorPath, depthPath) = output.WriteFrame(name, jpeg, Png16.EncodeDefault(v.Width, v.Height, z), Encoding.ASCII.GetBytes(MatrixFile.Format(v.Pose)));

        string? maskPath = null;
        if (v.Instance != null)
        {
            var raw = Png16.ReadLabels(v.Instance, out int iw, out int ih);
            if ((iw, ih) != (v.Width, v.Height)) throw new SparException($"{v.Instance}: {iw}×{ih}, the colour image is {v.Width}×{v.Height}");
            ushort[]? semantic = v.Semantic != null ? ReadSemantic(v.Semantic, v.Width, v.Height) : null;
            var mask = new ushort[n];
            for (int i = 0; i < n; i++)
            {
                int id = raw[i];
                if (id == ushort.MaxValue) continue; // background
                if (!boxes.ContainsKey(id)) { foreign++; continue; }
                mask[i] = (ushort)(id + 1); // Structured3D ids start at 0; spar's 0 means no object
                if (semantic != null && semantic[i] is > 0 and <= Nyu40Labels.Count)
                {
                    if (!votes.TryGetValue(id, out var c)) votes[id] = c = new int[Nyu40Labels.Count + 1];
                    c[semantic[i]]++;
                }
            }
            maskPath = output.WriteMask(name, Png16.EncodeDefault(v.Width, v.Height, mask));
        }
        return new SceneFrame(index, colorPath, v.Width, v.Height, v.K, v.Pose, depthPath, maskPath);
    }

    /// <summary>NYU-40 ids from an 8-bit greyscale <c>semantic.png</c>; a colour-palette render would be read as luminance, so it is refused.</summary>
    static ushort[] ReadSemantic(string path, int width, int height)
    {
        var info = Image.Identify(path) ?? throw new SparException($"{path}: not an image");
        var png = info.Metadata.GetPngMetadata();
        if (png.ColorType is not (SixLabors.ImageSharp.Formats.Png.PngColorType.Grayscale))
            throw new SparException($"{path}: semantic labels must be a greyscale PNG of NYU-40 ids, found a {png.ColorType?.ToString().ToLowerInvariant() ?? "unknown"} PNG (a colour-coded visualisation?)");
        var ids = Png16.ReadLabels(path, out int w, out int h);
        if ((w, h) != (width, height)) throw new SparException($"{path}: {w}×{h}, the colour image is {width}×{height}");
        return ids;
    }
}
