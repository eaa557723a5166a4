using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>
/// One scene of the official ScanNet++ release, <c>&lt;root&gt;/data/&lt;scene_id&gt;/</c>: the iPhone's extracted
/// <c>iphone/rgb/frame_%06d.jpg</c> and <c>iphone/depth/frame_%06d.png</c>, its COLMAP model
/// <c>iphone/colmap/{cameras,images}.txt</c>, and <c>scans/mesh_aligned_0.05.ply</c>, <c>segments.json</c>,
/// <c>segments_anno.json</c>. Optional files are null when absent.
/// </summary>
public sealed partial record ScanNetppSceneFiles(
    string SceneId,
    string Folder,
    string RgbDir,
    string DepthDir,
    string? DepthBin,
    string Cameras,
    string Images,
    string? Mesh,
    string? Segments,
    string? SegmentsAnno) : IFoundScene
{
    [GeneratedRegex(@"^[0-9a-f]{10}$")] private static partial Regex SceneIdPattern();

    /// <summary>ScanNet++ scene ids are 10 lower-case hex characters (<c>0a5c013435</c>).</summary>
    public static bool IsSceneId(string name) => SceneIdPattern().IsMatch(name);

    /// <summary>Set for a scene a split file lists but the release lacks: the scene then fails, with this reason.</summary>
    public string? Missing { get; init; }

    public bool HasAnnotations => Mesh != null && Segments != null && SegmentsAnno != null;

    /// <summary>The scenes folder: <c>&lt;root&gt;/data/</c> as the release ships, or the folder itself when it holds the scenes.</summary>
    public static string DataDir(string root) => Directory.Exists(Path.Combine(root, "data")) ? Path.Combine(root, "data") : root;

    public static ScanNetppSceneFiles Locate(string dataDir, string sceneId, bool mustExist = true)
    {
        if (sceneId.Length == 0 || sceneId.StartsWith('.') || sceneId.IndexOfAny(['/', '\\']) >= 0)
            throw new SparException($"'{sceneId}' is not a scene id (a folder name inside {dataDir})");
        var folder = Path.Combine(dataDir, sceneId);
        if (mustExist && !Directory.Exists(folder)) throw new SparException($"{folder}: scene folder not found");
        string iphone = Path.Combine(folder, "iphone"), scans = Path.Combine(folder, "scans");
        string? Existing(string dir, string name) { var p = Path.Combine(dir, name); return File.Exists(p) ? p : null; }
        return new ScanNetppSceneFiles(sceneId, folder, Path.Combine(iphone, "rgb"), Path.Combine(iphone, "depth"), Existing(iphone, "depth.bin"),
            Path.Combine(iphone, "colmap", "cameras.txt"), Path.Combine(iphone, "colmap", "images.txt"),
            Existing(scans, "mesh_aligned_0.05.ply"), Existing(scans, "segments.json"), Existing(scans, "segments_anno.json"));
    }

    /// <summary>
    /// The scenes to import in ordinal order: <paramref name="only"/> (each must exist), else the scenes of
    /// <paramref name="splitFile"/> (a scene it lists that the release lacks is returned with <see cref="Missing"/>
    /// set, so it fails and is counted rather than vanishing), else every folder named like a scene id.
    /// </summary>
    public static IReadOnlyList<ScanNetppSceneFiles> Discover(string root, IReadOnlyList<string>? only, string? splitFile = null)
    {
        if (!Directory.Exists(root)) throw new SparException($"{root}: ScanNet++ root not found");
        var data = DataDir(root);
        if (splitFile != null)
        {
            if (only is { Count: > 0 }) throw new SparException("--scenes and --split-file: give one of them");
            var listed = ReadSplit(ResolveSplit(root, splitFile));
            return listed.Select(x => Directory.Exists(Path.Combine(data, x.Id)) ? Locate(data, x.Id)
                : Locate(data, x.Id, mustExist: false) with { Missing = $"{Path.Combine(data, x.Id)}: scene folder not found (listed in {x.Where})" }).ToList();
        }
        IEnumerable<string> ids = only is { Count: > 0 }
            ? only.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)
            : Directory.EnumerateDirectories(data).Select(Path.GetFileName).OfType<string>().Where(IsSceneId);
        var result = ids.Order(StringComparer.Ordinal).Select(id => Locate(data, id)).ToList();
        if (result.Count == 0) throw new SparException($"{data}: no scene folders (10 hex characters, e.g. 0a5c013435) found");
        return result;
    }

    /// <summary>
    /// A split file as given, or, when that does not exist and the path is relative, under the release root (the
    /// release ships them as <c>&lt;root&gt;/splits/&lt;split&gt;.txt</c>, so <c>--split-file splits/nvs_sem_train.txt</c> works from anywhere).
    /// </summary>
    static string ResolveSplit(string root, string splitFile)
    {
        if (File.Exists(splitFile)) return splitFile;
        var underRoot = Path.Combine(root, splitFile);
        if (!Path.IsPathRooted(splitFile) && File.Exists(underRoot)) return underRoot;
        throw new SparException($"{splitFile}: split file not found" + (Path.IsPathRooted(splitFile) ? "" : $" (nor {underRoot})"));
    }

    /// <summary>One scene id a line (the toolkit's <c>read_txt_list</c>); blank lines are skipped, a repeated id is read once.</summary>
    static List<(string Id, string Where)> ReadSplit(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read split file: {e.Message}", e); }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(string, string)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var id = lines[i].Trim();
            if (id.Length == 0) continue;
            if (!IsSceneId(id)) throw new SparException($"{path}:{i + 1}: '{id}' is not a ScanNet++ scene id (10 lower-case hex characters)");
            if (seen.Add(id)) result.Add((id, $"{path}:{i + 1}"));
        }
        if (result.Count == 0) throw new SparException($"{path}: split file lists no scene");
        return [.. result.OrderBy(x => x.Item1, StringComparer.Ordinal)];
    }
}
