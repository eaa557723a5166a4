using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>
/// One scan (video) of an ARKitScenes download: <c>&lt;dataset&gt;/&lt;split&gt;/&lt;video_id&gt;/</c> with
/// <c>lowres_wide/</c>, <c>lowres_depth/</c>, <c>lowres_wide_intrinsics/</c>, <c>lowres_wide.traj</c>, the annotation
/// and the mesh (null when absent), and the <c>metadata.csv</c> of its dataset folder (null when absent).
/// </summary>
public sealed record ARKitScenesScan(string SceneId, string Folder, string Split, string? Annotation, string? Mesh, string? Metadata) : IFoundScene
{
    public string Traj => Path.Combine(Folder, "lowres_wide.traj");
    public string DepthDir => Path.Combine(Folder, "lowres_depth");

    /// <summary>The colour folder and its intrinsics folder for <paramref name="frames"/>.</summary>
    public (string Color, string Intrinsics) ColorDirs(ARKitScenesFrames frames) => frames == ARKitScenesFrames.Wide
        ? (Path.Combine(Folder, "wide"), Path.Combine(Folder, "wide_intrinsics"))
        : (Path.Combine(Folder, "lowres_wide"), Path.Combine(Folder, "lowres_wide_intrinsics"));
}

/// <summary>Which colour stream becomes the frames (<c>--frames</c>).</summary>
public enum ARKitScenesFrames
{
    /// <summary><c>lowres_wide/</c>: 256×192, the stream the depth is registered to (3dod and raw).</summary>
    Lowres,
    /// <summary><c>wide/</c>: 1920×1440, 10 fps (raw only); depth upscaled to it.</summary>
    Wide,
}

/// <summary>
/// A file named <c>&lt;video_id&gt;_&lt;timestamp&gt;.&lt;ext&gt;</c>: its timestamp text, seconds and millisecond key.
/// The path is not kept (<see cref="PathIn"/> rebuilds it): a scan lists tens of thousands of these.
/// </summary>
public readonly record struct TimedFile(string Stamp, double Seconds, long Key)
{
    public string PathIn(string dir, string videoId, string ext) => Path.Combine(dir, $"{videoId}_{Stamp}{ext}");
}

/// <summary>Finds the scans of a download (sources.md §4.1) and lists a scan's timestamped frames.</summary>
public static partial class ARKitScenesLayout
{
    public static readonly IReadOnlyList<string> Splits = ["Training", "Validation"];

    [GeneratedRegex(@"^[0-9]+$")] private static partial Regex VideoId();

    /// <summary>
    /// The dataset folder (holding <c>Training/</c>, <c>Validation/</c> and <c>metadata.csv</c>) for what the user
    /// points at: the download root holding <c>3dod/</c> or <c>raw/</c> (not both: which one is meant is not ours to
    /// guess), that dataset folder itself, or one split folder (returned with that split alone).
    /// </summary>
    static (string Dataset, IReadOnlyList<string> Splits) Resolve(string root, string? split)
    {
        if (!Directory.Exists(root)) throw new SparException($"{root}: ARKitScenes folder not found");
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        if (Splits.Contains(name))
        {
            if (split != null && split != name) throw new SparException($"{root}: is the {name} split, --split asks for {split}");
            return (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)))!, [name]);
        }
        string dataset = root;
        if (!Splits.Any(s => Directory.Exists(Path.Combine(root, s))))
        {
            bool threedod = Directory.Exists(Path.Combine(root, "3dod")), raw = Directory.Exists(Path.Combine(root, "raw"));
            if (threedod && raw) throw new SparException($"{root}: holds both 3dod/ and raw/: pass one of them ({Path.Combine(root, "3dod")} or {Path.Combine(root, "raw")})");
            if (!threedod && !raw) throw new SparException($"{root}: no ARKitScenes layout (3dod/ or raw/, holding Training/ or Validation/ with <video_id>/ folders)");
            dataset = Path.Combine(root, threedod ? "3dod" : "raw");
        }
        var splits = split != null ? [split] : Splits.Where(s => Directory.Exists(Path.Combine(dataset, s))).ToList();
        if (split != null && !Directory.Exists(Path.Combine(dataset, split))) throw new SparException($"{Path.Combine(dataset, split)}: split folder not found");
        if (splits.Count == 0) throw new SparException($"{dataset}: no Training/ or Validation/ folder");
        return (dataset, splits);
    }

    /// <summary>The scans in ordinal id order: <paramref name="only"/> (each must exist in the splits read), else every video id folder.</summary>
    public static IReadOnlyList<ARKitScenesScan> Discover(string root, string? split, IReadOnlyList<string>? only)
    {
        if (split != null && !Splits.Contains(split)) throw new SparException($"--split must be Training or Validation (got '{split}')");
        var (dataset, splits) = Resolve(root, split);
        var metadata = Path.Combine(dataset, "metadata.csv");
        var found = new Dictionary<string, ARKitScenesScan>(StringComparer.Ordinal);
        foreach (var s in splits)
            foreach (var dir in Directory.EnumerateDirectories(Path.Combine(dataset, s)).Order(StringComparer.Ordinal))
            {
                var id = Path.GetFileName(dir);
                if (!VideoId().IsMatch(id)) continue;
                if (found.TryGetValue(id, out var other)) throw new SparException($"{dir}: video {id} is also in {other.Folder}");
                string? Existing(string file) { var p = Path.Combine(dir, file); return File.Exists(p) ? p : null; }
                found[id] = new ARKitScenesScan(id, dir, s, Existing($"{id}_3dod_annotation.json"), Existing($"{id}_3dod_mesh.ply"), File.Exists(metadata) ? metadata : null);
            }
        if (only is { Count: > 0 })
        {
            var wanted = only.Select(x => x.Trim()).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var missing = wanted.Where(w => !found.ContainsKey(w)).ToList();
            if (missing.Count > 0) throw new SparException($"{dataset}: no scan {string.Join(", ", missing)} in {string.Join(", ", splits)}");
            return [.. wanted.Select(w => found[w])];
        }
        if (found.Count == 0) throw new SparException($"{dataset}: no scan folders (<split>/<video_id>/, the id all digits) in {string.Join(", ", splits)}");
        return [.. found.Keys.Order(StringComparer.Ordinal).Select(k => found[k])];
    }

    /// <summary>
    /// The files <c>&lt;video_id&gt;_&lt;timestamp&gt;.&lt;ext&gt;</c> of <paramref name="dir"/> by timestamp (as the
    /// toolkit, the timestamp is what follows the first '_'); other files are ignored. Null when the folder is absent.
    /// </summary>
    public static List<TimedFile>? ReadTimed(string dir, string videoId, string ext)
    {
        if (!Directory.Exists(dir)) return null;
        var prefix = videoId + "_";
        var result = new List<TimedFile>();
        foreach (var path in Directory.EnumerateFiles(dir, "*" + ext))
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(ext, StringComparison.Ordinal)) continue;
            var stamp = name[prefix.Length..^ext.Length];
            if (!double.TryParse(stamp, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double sec) || !double.IsFinite(sec)) continue;
            result.Add(new TimedFile(stamp, sec, ARKitScenesFormats.Key(sec)));
        }
        result.Sort((a, b) => a.Seconds != b.Seconds ? a.Seconds.CompareTo(b.Seconds) : string.CompareOrdinal(a.Stamp, b.Stamp));
        return result;
    }
}
