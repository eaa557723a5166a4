using System.Globalization;
using Spar.Util;
using Spar.Dataset;

namespace Spar.Export;

/// <summary>One annotation file to export, its images root and how often its lines are used.</summary>
public sealed record ExportDataset(string Key, string AnnotationPath, string ImagesRoot, double RepeatTime)
{
    /// <summary>Why this index entry is not read (its annotation or root leads outside the index's tree), or null.</summary>
    public string? Refused { get; init; }

    /// <summary>
    /// How many passes and how many lines per pass, as SPAR's loader applies <c>repeat_time</c> (format.md §7):
    /// below 1 the first <c>int(lines × r)</c> lines once; 1 all lines once; above 1 (integral) all lines r times.
    /// </summary>
    public (int Passes, long LinesPerPass) Plan(long lines)
    {
        if (RepeatTime < 1) return (1, (long)(lines * RepeatTime));
        if (RepeatTime == 1) return (1, lines);
        if (RepeatTime != Math.Floor(RepeatTime) || RepeatTime > int.MaxValue)
            throw new SparException($"{Key}: repeat_time {RepeatTime.ToString(CultureInfo.InvariantCulture)} is above 1 and not a whole number; the reference loader only repeats whole times");
        return ((int)RepeatTime, lines);
    }
}

/// <summary>The datasets an export reads: every annotation file of a SPAR-7M tree, or the entries of an index/mix JSON.</summary>
public static class ExportDatasets
{
    /// <summary>Every <c>.jsonl</c> of the tree (all sources and splits, sorted), each used once.</summary>
    public static IReadOnlyList<ExportDataset> FromTree(SparTree tree, string? split = null)
    {
        var list = new List<ExportDataset>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in tree.AllFiles(splits: split is null ? null : [split]))
        {
            var key = $"{f.Source}_{f.TaskFolder}_{f.FormatFolder}";
            if (f.Split != "train") key = $"{f.Source}_{f.Split}_{f.TaskFolder}_{f.FormatFolder}";
            var unique = key;
            for (int n = 2; !keys.Add(unique); n++) unique = $"{key}_{n}";
            list.Add(new ExportDataset(unique, f.FullPath, f.ImagesRoot(tree), 1));
        }
        return list;
    }

    /// <summary>
    /// The entries of a data_json index or a mix file, in key order. <c>root</c> and <c>annotation</c> are relative
    /// to the folder holding the tree root (they start with <c>spar/</c>), unless absolute. Both must lead into the tree
    /// root (the source folder, when the tree was opened from one; or an <c>--allow-outside</c> folder): an entry that points elsewhere is kept with <see cref="ExportDataset.Refused"/>
    /// set, so the export names and skips it rather than reading whatever file it names.
    /// </summary>
    public static IReadOnlyList<ExportDataset> FromIndex(string indexPath, SparTree tree, PathRule? paths = null)
    {
        // Opened from one source folder, the export reads nothing outside it: entries of other sources are refused and named.
        var inTree = (paths ?? new PathRule()).Root(tree.OnlySource is { } only ? tree.SourceDir(only) : tree.Root);
        if (!File.Exists(indexPath)) throw new SparException($"index file not found: {indexPath}");
        var baseDir = Path.GetDirectoryName(tree.Root) ?? tree.Root;
        var list = new List<ExportDataset>();
        foreach (var (key, value) in IndexFile.Read(indexPath))
        {
            var entry = IndexEntry.Parse(value, IndexFile.Where(indexPath, key));
            string? refused = null;
            if (!inTree.TryResolve(entry.Annotation, out var annotationPath, out var why, baseDir)) refused = $"annotation {why}";
            else if (!inTree.TryResolve(entry.Root, out _, out why, baseDir)) refused = $"root {why}";
            list.Add(new ExportDataset(key, refused is null ? annotationPath : Path.GetFullPath(Path.Combine(baseDir, entry.Annotation)),
                Path.GetFullPath(Path.Combine(baseDir, entry.Root)), entry.RepeatTime.Value) { Refused = refused });
        }
        return list;
    }
}
