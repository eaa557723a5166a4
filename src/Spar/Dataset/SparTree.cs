using Spar.Util;

namespace Spar.Dataset;

/// <summary>One annotation file of a SPAR-7M tree: <c>&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/&lt;file&gt;.jsonl</c>.</summary>
public sealed record QaFile(string Source, string Split, string TaskFolder, string FormatFolder, string FullPath, string RelativePath)
{
    public string FileName => Path.GetFileName(FullPath);
    public string ImagesRoot(SparTree tree) => Path.Combine(tree.Root, Source, "images");
}

/// <summary>
/// A SPAR-7M tree on disk (format.md §1). The root is the folder holding the source folders (<c>spar/</c>); a folder that
/// holds <c>spar/</c> is accepted too. Enumeration is sorted (ordinal), so every tool sees files in the same order.
/// </summary>
public sealed class SparTree
{
    /// <summary>The sources the official scripts know, in their order.</summary>
    public static readonly IReadOnlyList<string> OfficialSources = ["rxr", "scannet", "scannetpp", "structured3d"];

    public string Root { get; }

    /// <summary>The root folder's name, used as the path prefix of index entries (<c>spar/scannet/images</c>).</summary>
    public string Prefix { get; }

    SparTree(string root, string prefix)
    {
        Root = root;
        Prefix = prefix;
    }

    public static SparTree Open(string root, string? prefix = null)
    {
        if (File.Exists(root)) throw new SparException($"{root}: is a file, expected the SPAR-7M root directory (the one holding scannet/, rxr/, …)");
        if (!Directory.Exists(root)) throw new SparException($"{root}: directory not found");
        var full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        if (!HasSources(full) && HasSources(Path.Combine(full, "spar"))) full = Path.Combine(full, "spar");
        return new SparTree(full, prefix ?? Path.GetFileName(full));
    }

    static bool HasSources(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateDirectories(dir).Any(d => Directory.Exists(Path.Combine(d, "qa_jsonl")));

    /// <summary>Source folders that have <c>qa_jsonl/</c>, sorted.</summary>
    public IReadOnlyList<string> Sources() =>
        Directory.EnumerateDirectories(Root)
            .Where(d => Directory.Exists(Path.Combine(d, "qa_jsonl")))
            .Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Splits present under any source (<c>train</c>, <c>val</c>…), sorted.</summary>
    public IReadOnlyList<string> Splits() =>
        Sources().SelectMany(s => SafeDirs(Path.Combine(Root, s, "qa_jsonl")))
            .Select(Path.GetFileName).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every <c>.jsonl</c> file at the task/format depth of one source and split, sorted by path.</summary>
    public IEnumerable<QaFile> Files(string source, string split)
    {
        var splitDir = Path.Combine(Root, source, "qa_jsonl", split);
        if (!Directory.Exists(splitDir)) yield break;
        foreach (var taskDir in SafeDirs(splitDir))
        foreach (var formatDir in SafeDirs(taskDir))
        foreach (var file in Directory.EnumerateFiles(formatDir, "*.jsonl").Order(StringComparer.Ordinal))
        {
            yield return new QaFile(source, split, Path.GetFileName(taskDir), Path.GetFileName(formatDir), file,
                Path.GetRelativePath(Root, file));
        }
    }

    /// <summary>Every annotation file of the given sources (default: all) and splits (default: all).</summary>
    public IEnumerable<QaFile> AllFiles(IReadOnlyList<string>? sources = null, IReadOnlyList<string>? splits = null)
    {
        foreach (var source in sources ?? Sources())
        foreach (var split in splits ?? SafeDirs(Path.Combine(Root, source, "qa_jsonl")).Select(d => Path.GetFileName(d)!))
        foreach (var f in Files(source, split))
            yield return f;
    }

    /// <summary>
    /// <see cref="AllFiles"/> for a command that must check or count something: an empty selection is an error that names the
    /// folder and what was expected (a source folder passed as ROOT, an unknown source or split, no <c>.jsonl</c> files).
    /// </summary>
    public IReadOnlyList<QaFile> Select(IReadOnlyList<string>? sources = null, IReadOnlyList<string>? splits = null)
    {
        var present = Sources();
        if (present.Count == 0)
        {
            if (Directory.Exists(Path.Combine(Root, "qa_jsonl")))
                throw new SparException($"{Root}: this is one source folder (it holds qa_jsonl/), not the SPAR-7M root; pass its parent " +
                                        $"{Path.GetDirectoryName(Root)} (add --sources {Path.GetFileName(Root)} to select only this source)");
            throw new SparException($"{Root}: no qa_jsonl files under this folder; pass the SPAR-7M root (the folder holding scannet/, " +
                                    "scannetpp/, structured3d/, rxr/ or your own sources, each with qa_jsonl/<split>/<task>/<format>/*.jsonl)");
        }
        foreach (var s in sources ?? [])
            if (!present.Contains(s, StringComparer.Ordinal))
                throw new SparException($"{Path.Combine(Root, s)}: no such source (sources here: {string.Join(", ", present)})");

        var chosen = sources ?? present;
        var splitsPresent = chosen.SelectMany(s => SafeDirs(Path.Combine(Root, s, "qa_jsonl"))).Select(d => Path.GetFileName(d)!)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var split in splits ?? [])
            if (!splitsPresent.Contains(split, StringComparer.Ordinal))
                throw new SparException($"{Root}: no split '{split}' in {string.Join(", ", chosen)} (splits here: " +
                                        $"{(splitsPresent.Count > 0 ? string.Join(", ", splitsPresent) : "none")})");

        var files = AllFiles(chosen, splits).ToList();
        if (files.Count == 0)
            throw new SparException($"{Root}: no .jsonl files in {string.Join(", ", chosen)}" +
                                    $"{(splits != null ? $" (split {string.Join(", ", splits)})" : "")}; expected <source>/qa_jsonl/<split>/<task>/<format>/<format>_<N>.jsonl");
        return files;
    }

    // ---- Writing a tree (import spar7m): where a stream of records goes. ----

    /// <summary>The folder of one annotation stream: <c>&lt;root&gt;/&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task folder&gt;/&lt;format&gt;</c>.</summary>
    public static string StreamFolder(string root, string source, string split, string taskFolder, string format) =>
        Path.Combine(root, source, "qa_jsonl", split, taskFolder, format);

    /// <summary>The official file name of a stream holding <paramref name="lines"/> records: <c>&lt;format&gt;_&lt;N&gt;.jsonl</c> (format.md §1).</summary>
    public static string AnnotationFileName(string format, long lines) => $"{format}_{lines}.jsonl";

    /// <summary>The task folder of a record type: the type itself, except RxR's <c>nav</c>, which lives in <c>nav_video</c>.</summary>
    public static string TaskFolderOf(string type) => Catalog.TaskCatalog.TryGet(type, out var info) ? info.FolderName : type;

    /// <summary>Whether <paramref name="name"/> can be one folder name of the tree (source, split, task, format): no separator, not empty, not hidden, not <c>..</c>.</summary>
    public static bool IsSafeSegment(ReadOnlySpan<char> name) =>
        !name.IsEmpty && name[0] != '.' && name.IndexOfAny('/', '\\', '\0') < 0 && name.Length <= 255;

    static IEnumerable<string> SafeDirs(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal) : [];
}
