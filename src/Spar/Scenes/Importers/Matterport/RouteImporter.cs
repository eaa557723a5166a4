using System.Collections.Concurrent;
using System.Globalization;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>Settings of <c>spar import rxr</c> and <c>spar import r2r</c>.</summary>
public sealed record RouteImportOptions : SceneImportRequest
{
    public RouteImportOptions() { }

    /// <summary>The shared part as <c>spar import</c> parsed it, with the members a route import requires.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public RouteImportOptions(SceneImportRequest request, string source, string matterportRoot, string connectivityDir) : base(request) =>
        (Source, MatterportRoot, ConnectivityDir) = (source, matterportRoot, connectivityDir);

    /// <summary><c>rxr</c> or <c>r2r</c>: the source folder and the route's dataset.</summary>
    public required string Source { get; init; }

    /// <summary>The R2R <c>.json</c> or RxR <c>.jsonl[.gz]</c> path file.</summary>
    public string PathsFile => Input;

    /// <summary>The Matterport3D scans folder (as for <c>import matterport</c>): undistorted images and their <c>.conf</c>.</summary>
    public required string MatterportRoot { get; init; }

    /// <summary>The simulator's <c>connectivity/</c> folder of <c>&lt;scan&gt;_connectivity.json</c>.</summary>
    public required string ConnectivityDir { get; init; }

    /// <summary>Keep only instructions in these languages (RxR tags: en-IN, en-US, hi-IN, te-IN; R2R's are <c>en</c>); paths left with none are not imported. Null: all.</summary>
    public IReadOnlySet<string>? Languages { get; init; }

    public static readonly IReadOnlyList<string> Sources = ["rxr", "r2r"];
}

/// <summary>One path of the file: the scene <c>&lt;scan&gt;_path&lt;path_id&gt;</c>.</summary>
public sealed record RouteScene(NavigationPath Path, string SceneId) : IFoundScene
{
    public string Folder => Path.Where;
}

/// <summary>What was imported for one path.</summary>
public sealed record RouteReport(string SceneId, int Viewpoints, double LengthMeters, int Instructions, IReadOnlyList<string> Warnings, string OutputFolder) : IImportedScene
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Viewpoints} viewpoints, {LengthMeters:0.00} m, {Instructions} instruction(s)");
}

/// <summary>
/// <c>spar import rxr|r2r</c> (docs/matterport.md): one navigation scene per path. Its video is the path: frame k is
/// the undistorted image of viewpoint k's panorama that faces along the path (the start heading for the first, the
/// next edge for the others, the last edge for the last), with its <c>.conf</c> pose in OpenCV, so
/// <c>spar generate --tasks nav</c> asks SPAR's route question on the real route. The path must walk the connectivity
/// graph (included viewpoints, unobstructed edges); the route — viewpoints, connectivity positions, headings, length as
/// the sum of edge weights, every instruction with its language — is kept in scene.json (<see cref="Scene.Route"/>).
/// </summary>
public sealed class RouteImporter : ISceneImporter<RouteScene, RouteReport>
{
    readonly RouteImportOptions _options;
    // Scenes of one scan share its graph and cameras: read once (a bad file fails each of its scenes with the same message).
    readonly ConcurrentDictionary<string, Lazy<Connectivity>> _graphs = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<(ILookup<string, MatterportImage> Images, string? Skipped)>> _cameras = new(StringComparer.Ordinal);

    public RouteImporter(RouteImportOptions options)
    {
        if (!RouteImportOptions.Sources.Contains(options.Source)) throw new SparException($"unknown route source '{options.Source}' (expected rxr or r2r)");
        if (!Directory.Exists(options.MatterportRoot)) throw new SparException($"{options.MatterportRoot}: --matterport folder not found");
        if (!Directory.Exists(options.ConnectivityDir)) throw new SparException($"{options.ConnectivityDir}: --connectivity folder not found");
        _options = options;
    }

    public string Name => _options.Source;

    public string WorkUnit => "viewpoint";

    public static SceneImportReport<RouteReport> Run(RouteImportOptions options, IProgress<WorkProgress>? progress = null) =>
        SceneImport.Run(new RouteImporter(options), options, progress);

    /// <summary>The scene id of a path: scan first, so a house's paths sort together.</summary>
    public static string SceneName(string scan, string pathId) => $"{scan}_path{pathId}";

    public IReadOnlyList<RouteScene> Discover(string input, IReadOnlyList<string>? only)
    {
        var paths = NavigationPaths.Read(input, _options.Source, _options.Languages);
        if (paths.Count == 0) throw new SparException($"{input}: no paths" + (_options.Languages != null ? $" with an instruction in {string.Join(", ", _options.Languages.Order(StringComparer.Ordinal))}" : ""));
        var scenes = new List<RouteScene>();
        foreach (var p in paths)
        {
            if (p.PathId.Length == 0 || !p.PathId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new SparException($"{p.Where}: path_id '{p.PathId}' cannot name a scene folder (letters, digits, - and _ only)");
            scenes.Add(new RouteScene(p, SceneName(p.Scan, p.PathId)));
        }
        scenes.Sort((a, b) => StringComparer.Ordinal.Compare(a.SceneId, b.SceneId));
        if (only is not { Count: > 0 }) return scenes;
        var byId = scenes.ToDictionary(s => s.SceneId, StringComparer.Ordinal);
        return only.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => byId.GetValueOrDefault(id) ?? throw new SparException($"{input}: no path scene '{id}' (scene ids are <scan>_path<path_id>)")).ToList();
    }

    public long CountWork(RouteScene scene) => scene.Path.Viewpoints.Count;

    Connectivity Graph(string scan) => _graphs.GetOrAdd(scan, s => new Lazy<Connectivity>(() =>
        Connectivity.Read(Path.Combine(_options.ConnectivityDir, $"{s}_connectivity.json")))).Value;

    (ILookup<string, MatterportImage> Images, string? Skipped) Cameras(MatterportScan scan) => _cameras.GetOrAdd(scan.ScanId, _ => new(() =>
    {
        var skipped = new List<string>();
        var images = MatterportCameras.Read(scan.CameraFile, skipped).ToLookup(i => i.Panorama, StringComparer.Ordinal);
        return (images, MatterportImporter.SkippedNote(scan.CameraFile, skipped));
    })).Value;

    public RouteReport Import(RouteScene scene, SceneFolder folder, SceneImportContext context)
    {
        var path = scene.Path;
        var warnings = new List<string>();
        var graph = Graph(path.Scan);
        var scan = new MatterportScan(_options.MatterportRoot, path.Scan);
        var nodes = new List<ConnectivityNode>();
        for (int k = 0; k < path.Viewpoints.Count; k++)
        {
            var id = path.Viewpoints[k];
            if (!graph.Nodes.TryGetValue(id, out var node)) throw new SparException($"{path.Where}: path_id {path.PathId}: viewpoint {k + 1} ({id}) is not in {graph.Path}");
            if (!node.Included) throw new SparException($"{path.Where}: path_id {path.PathId}: viewpoint {k + 1} ({id}) is not included in {graph.Path} (the simulator leaves it out)");
            if (k > 0 && !graph.IsEdge(nodes[^1], node))
                throw new SparException($"{path.Where}: path_id {path.PathId}: step {k} ({nodes[^1].Id} → {id}) is not an edge of {graph.Path} (not unobstructed)");
            nodes.Add(node);
        }
        double length = 0;
        for (int k = 1; k < nodes.Count; k++) length += Connectivity.Weight(nodes[k - 1], nodes[k]);
        var headings = new double[nodes.Count];
        for (int k = 0; k < nodes.Count; k++)
            headings[k] = k == 0 ? path.Heading
                : k < nodes.Count - 1 ? Connectivity.Heading(nodes[k].Position, nodes[k + 1].Position)
                : Connectivity.Heading(nodes[k - 1].Position, nodes[k].Position);

        var (cameras, skippedNote) = Cameras(scan);
        if (skippedNote != null) warnings.Add(skippedNote);
        var staging = folder.Staging;
        foreach (var d in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, d));
        var writer = new MatterportFrames(scan, scene.SceneId, staging, null, Rendering.SensorDepthAgreement.Default);
        var frames = new List<SceneFrame>();
        var viewpoints = new List<RouteViewpoint>();
        for (int k = 0; k < nodes.Count; k++)
        {
            context.Cancel.ThrowIfCancellationRequested();
            var panorama = cameras[nodes[k].Id].ToList();
            if (panorama.Count == 0) throw new SparException($"{scan.CameraFile}: no image of panorama {nodes[k].Id} (viewpoint {k + 1} of path_id {path.PathId}, {path.Where})");
            var image = Facing(panorama, headings[k]);
            var name = k.ToString(CultureInfo.InvariantCulture);
            frames.Add(writer.Write(image, k, name, videoOrder: k));
            viewpoints.Add(new RouteViewpoint(nodes[k].Id, nodes[k].Position, headings[k], image.Stem));
            context.Progress.Advance(1);
        }
        writer.WriteSceneFiles(Enumerable.Range(0, nodes.Count).Select(k => (long)k));
        if (path.Instructions.Count == 0) warnings.Add($"{path.Where}: path_id {path.PathId} has no instruction");
        var route = new NavigationRoute(_options.Source, path.PathId, path.Scan, path.Heading, length, viewpoints, path.Instructions);
        var result = new Scene(scene.SceneId, _options.Source, null, [], frames) { Route = route };
        SceneJson.Write(result, Path.Combine(staging, SceneJson.FileName));
        var final = folder.Commit();
        return new RouteReport(scene.SceneId, nodes.Count, length, path.Instructions.Count, warnings, final);
    }

    /// <summary>Most level images within this of the panorama's most level one are candidates (the tripod's middle camera).</summary>
    const double LevelToleranceRadians = 10 * Math.PI / 180;

    /// <summary>
    /// The panorama's image facing <paramref name="heading"/>: among its most level images (the middle camera of the
    /// three), the one whose viewing direction's heading is nearest; ties go to the earlier <c>.conf</c> line.
    /// </summary>
    public static MatterportImage Facing(IReadOnlyList<MatterportImage> panorama, double heading)
    {
        static (double Elevation, double Heading) Direction(MatterportImage i)
        {
            var f = i.CameraToWorld.Column3(2).Normalized();
            return (Math.Asin(Math.Clamp(f.Z, -1, 1)), Math.Atan2(f.X, f.Y));
        }
        double level = panorama.Min(i => Math.Abs(Direction(i).Elevation));
        static double Gap(double a, double b) { double d = Math.Abs(a - b) % (2 * Math.PI); return Math.Min(d, 2 * Math.PI - d); }
        return panorama.Where(i => Math.Abs(Direction(i).Elevation) <= level + LevelToleranceRadians)
            .OrderBy(i => Gap(Direction(i).Heading, heading)).ThenBy(i => i.Ordinal).First();
    }
}
