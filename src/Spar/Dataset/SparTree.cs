using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Dataset;

/// <summary>One annotation file of a SPAR-7M tree: <c>&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/&lt;file&gt;.jsonl</c>.</summary>
public sealed record QaFile(string Source, string Split, string TaskFolder, string FormatFolder, string FullPath, string RelativePath)
{
    public string FileName => Path.GetFileName(FullPath);
    public string ImagesRoot(SparTree tree) => tree.ImagesDir(Source);
}

/// <summary>
/// The SPAR-7M tree on disk (format.md §1), read and written: <c>&lt;root&gt;/&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/&lt;format&gt;_&lt;N&gt;.jsonl</c>
/// beside <c>&lt;root&gt;/&lt;source&gt;/images/</c>. The one place that knows these paths and the <c>_&lt;N&gt;</c> naming.
/// <para>
/// A command may be given the root (the folder holding the source folders, or a folder holding <c>spar/</c>) or one
/// source folder (it holds <c>qa_jsonl/</c>). A source folder reads as its parent's tree restricted to that source, so
/// <c>out/scannet</c> gives what <c>out --sources scannet</c> gives, paths and index prefixes included.
/// Enumeration is sorted (ordinal), so every tool sees files in the same order.
/// </para>
/// </summary>
public sealed partial class SparTree
{
    /// <summary>The sources the official scripts know, in their order.</summary>
    public static readonly IReadOnlyList<string> OfficialSources = ["rxr", "scannet", "scannetpp", "structured3d"];

    /// <summary>A source's annotation folder, <c>&lt;source&gt;/qa_jsonl</c>.</summary>
    public const string QaFolder = "qa_jsonl";

    /// <summary>A source's image folder, <c>&lt;source&gt;/images</c>: what record paths are relative to.</summary>
    public const string ImagesFolder = "images";

    /// <summary>The folder holding the source folders (for a source folder: its parent), full path.</summary>
    public string Root { get; }

    /// <summary>The root folder's name, used as the path prefix of index entries (<c>spar/scannet/images</c>).</summary>
    public string Prefix { get; }

    /// <summary>The one source read when the tree was opened from a source folder; null for a root.</summary>
    public string? OnlySource { get; }

    /// <summary>
    /// What the path given to <see cref="Open"/> was taken for, when it is not simply the root (a source folder, a folder
    /// holding <c>spar/</c>); null for a plain root. One line for stderr: stdout results stay as they are.
    /// </summary>
    public string? Note { get; }

    SparTree(string root, string? onlySource, string? note)
    {
        Root = root;
        Prefix = Path.GetFileName(root);
        OnlySource = onlySource;
        Note = note;
    }

    /// <summary>Opens an existing tree from its root or from one source folder (see the class summary).</summary>
    public static SparTree Open(string path)
    {
        if (File.Exists(path)) throw new SparException($"{path}: is a file, expected the SPAR-7M root directory (the one holding scannet/, rxr/, …) or one source folder");
        if (!Directory.Exists(path)) throw new SparException($"{path}: directory not found");
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (IsSourceFolder(full) && Path.GetDirectoryName(full) is { } parent)
        {
            var name = Path.GetFileName(full);
            return new SparTree(parent, name, $"reading {path} as the single source \"{name}\" of the tree {parent}");
        }
        if (!HasSources(full) && HasSources(Path.Combine(full, "spar")))
            return new SparTree(Path.Combine(full, "spar"), null, $"reading {path} as the SPAR-7M root {Path.Combine(full, "spar")}");
        return new SparTree(full, null, null);
    }

    /// <summary>
    /// Refuses a source folder of an existing tree as the root a command writes into (<c>generate</c>, <c>merge</c>,
    /// the importers' <c>--out</c>): written there, the sources would nest (<c>out/scannet/scannet/qa_jsonl</c>). A
    /// command that reads a tree takes a source folder for its tree (<see cref="Open"/>); one that writes a tree is given
    /// its root, and the message names it. <paramref name="option"/> is how the user gave the path (<c>--out</c>).
    /// </summary>
    public static void RequireWriteRoot(string root, string option)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (IsSourceFolder(full) && Path.GetDirectoryName(full) is { } parent)
            throw new SparException($"{root}: is the source folder \"{Path.GetFileName(full)}\" of the tree {parent} (it holds {QaFolder}/); " +
                                    $"{option} is the root of the tree to write, each source goes into its own folder under it: pass {parent}");
    }

    /// <summary>A tree to write into (generate, merge): <paramref name="root"/> is the root, created as files are written.</summary>
    public static SparTree ForWriting(string root) => new(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), null, null);

    /// <summary>Whether <paramref name="path"/> is a tree <see cref="Open"/> reads (a source folder or a root with a source in it).</summary>
    public static bool IsTree(string path) =>
        Directory.Exists(path) && (IsSourceFolder(path) || HasSources(path) || HasSources(Path.Combine(path, "spar")));

    static bool IsSourceFolder(string dir) => Directory.Exists(Path.Combine(dir, QaFolder));

    static bool HasSources(string dir) => Directory.Exists(dir) && Directory.EnumerateDirectories(dir).Any(IsSourceFolder);

    // ---- paths: the one place that spells the layout ----

    public string SourceDir(string source) => Path.Combine(Root, source);

    /// <summary><c>&lt;root&gt;/&lt;source&gt;/images</c>: what record paths (<c>image</c>, <c>depth</c>) are relative to.</summary>
    public string ImagesDir(string source) => ImagesDirIn(Root, source);

    /// <summary><c>&lt;root&gt;/&lt;source&gt;/images</c> of a tree being written (an importer's output), as given (not made absolute).</summary>
    public static string ImagesDirIn(string root, string source) => Path.Combine(root, source, ImagesFolder);

    public string SplitDir(string source, string split) => Path.Combine(Root, source, QaFolder, split);

    public string FormatDir(string source, string split, string taskFolder, string formatFolder) =>
        Path.Combine(Root, source, QaFolder, split, taskFolder, formatFolder);

    /// <summary>The <c>.jsonl</c> files of one task and format folder, in ordinal name order (none if the folder is missing).</summary>
    public IReadOnlyList<string> FormatFiles(string source, string split, string taskFolder, string formatFolder)
    {
        var dir = FormatDir(source, split, taskFolder, formatFolder);
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary><c>&lt;format&gt;_&lt;N&gt;.jsonl</c>: an annotation file's name says its record count.</summary>
    public static string QaFileName(string format, long count) => $"{format}_{count.ToString(CultureInfo.InvariantCulture)}.jsonl";

    /// <summary><c>&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/&lt;format&gt;_&lt;N&gt;.jsonl</c>, relative to the root, with <c>/</c>.</summary>
    public static string QaRelativePath(string source, string split, string taskFolder, string format, long count) =>
        string.Join('/', source, QaFolder, split, taskFolder, format, QaFileName(format, count));

    /// <summary>Whether <paramref name="fileName"/> is <c>&lt;format&gt;_&lt;digits&gt;.jsonl</c> for this format, a name <see cref="QaFileName"/> gives.</summary>
    public static bool IsQaFileName(string fileName, string format) =>
        OwnName().Match(fileName) is { Success: true } m && m.Groups[1].Value == format;

    [GeneratedRegex(@"^([a-z]+)_[0-9]+\.jsonl$")]
    private static partial Regex OwnName();

    /// <summary>
    /// The declared record count: the last <c>_</c>-separated part of the stem as Python's <c>int()</c> reads it
    /// (surrounding whitespace, a sign and <c>_</c> between digits are allowed; since we split on <c>_</c> the last can't occur).
    /// </summary>
    public static bool TryDeclaredCount(string fileName, out long count)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var last = stem[(stem.LastIndexOf('_') + 1)..];
        return long.TryParse(last.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count);
    }

    /// <summary>The same name with the count part replaced: <c>fill_40.jsonl</c> → <c>fill_45.jsonl</c>.</summary>
    public static string WithCount(string fileName, long count)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        int us = stem.LastIndexOf('_');
        var head = us >= 0 ? stem[..(us + 1)] : stem + "_";
        return head + count.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(fileName);
    }

    /// <summary>An index entry's <c>root</c>: <c>&lt;prefix&gt;/&lt;source&gt;/images</c> (format.md §6).</summary>
    public string IndexImagesRoot(string source) => string.Join('/', Prefix, source, ImagesFolder);

    /// <summary>An index entry's <c>annotation</c>: the file's path under the folder holding the root, with <c>/</c>.</summary>
    public string IndexAnnotation(QaFile file, string fileName) =>
        string.Join('/', Prefix, file.Source, QaFolder, file.Split, file.TaskFolder, file.FormatFolder, fileName);

    // ---- reading ----

    /// <summary>Source folders that have <c>qa_jsonl/</c>, sorted; just the one when opened from a source folder.</summary>
    public IReadOnlyList<string> Sources() =>
        OnlySource is { } only ? [only]
            : Directory.EnumerateDirectories(Root).Where(IsSourceFolder)
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>Splits present under any source (<c>train</c>, <c>val</c>…), sorted.</summary>
    public IReadOnlyList<string> Splits() =>
        Sources().SelectMany(s => SafeDirs(Path.Combine(Root, s, QaFolder)))
            .Select(Path.GetFileName).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Splits of one source, sorted.</summary>
    public IReadOnlyList<string> Splits(string source) =>
        SafeDirs(Path.Combine(Root, source, QaFolder)).Select(d => Path.GetFileName(d)!).ToList();

    /// <summary>Every <c>.jsonl</c> file at the task/format depth of one source and split, sorted by path.</summary>
    public IEnumerable<QaFile> Files(string source, string split)
    {
        var splitDir = SplitDir(source, split);
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
        foreach (var split in splits ?? Splits(source))
        foreach (var f in Files(source, split))
            yield return f;
    }

    /// <summary>
    /// <see cref="AllFiles"/> for a command that must check or count something: an empty selection is an error that names the
    /// folder and what was expected (no source folder, an unknown source or split, no <c>.jsonl</c> files).
    /// </summary>
    public IReadOnlyList<QaFile> Select(IReadOnlyList<string>? sources = null, IReadOnlyList<string>? splits = null)
    {
        var present = Sources();
        if (present.Count == 0)
            throw new SparException($"{Root}: no qa_jsonl files under this folder, so it is not a SPAR-7M tree; pass the SPAR-7M root (the folder holding " +
                                    "scannet/, scannetpp/, structured3d/, rxr/ or your own sources, each with qa_jsonl/<split>/<task>/<format>/*.jsonl) " +
                                    "or one source folder");
        foreach (var s in sources ?? [])
            if (!present.Contains(s, StringComparer.Ordinal))
                throw new SparException(OnlySource is { } only
                    ? $"{SourceDir(only)}: this source folder holds only the source '{only}', not '{s}'; pass the root {Root} to read other sources"
                    : $"{SourceDir(s)}: no such source (sources here: {string.Join(", ", present)})");

        var chosen = sources ?? present;
        var splitsPresent = chosen.SelectMany(Splits).Distinct().Order(StringComparer.Ordinal).ToList();
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
        Path.Combine(root, source, QaFolder, split, taskFolder, format);

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
