using System.Collections.Concurrent;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Dataset;

public sealed record IndexOptions
{
    /// <summary>Sources to index; null = every source present.</summary>
    public IReadOnlyList<string>? Sources { get; init; }
    public string Split { get; init; } = "train";
    public string OutDir { get; init; } = "data_jsons";
    /// <summary>Parse every line as JSON and leave unparseable files out, as the official script does.</summary>
    public bool Validate { get; init; }
    /// <summary>Rename files whose <c>_&lt;N&gt;</c> disagrees with their line count. Off by default: spar never touches input.</summary>
    public bool FixNames { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
}

/// <summary>One written index file.</summary>
public sealed record IndexOutput(string Source, string Path, int Entries, long Records, long Bytes);

public sealed record IndexReport(IReadOnlyList<IndexOutput> Outputs, IReadOnlyList<Problem> Problems, IReadOnlyList<(string From, string To)> Renames)
{
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);
}

/// <summary>
/// Builds the training index files (<c>data_jsons/&lt;source&gt;_&lt;K&gt;k.json</c>) with the official
/// <c>generate_data_josn.py</c>'s keys, values and names (format.md §6), without its side effect of renaming input files.
/// </summary>
public static class IndexBuilder
{
    sealed record FileResult(QaFile File, long Lines, long Bytes, bool Included, IReadOnlyList<Problem> Problems, string? RenamedTo);

    public static IndexReport Build(SparTree tree, IndexOptions options, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var sources = options.Sources ?? tree.Sources();
        var files = tree.Select(sources, [options.Split]);
        var tracker = new ProgressTracker("index", "file", files.Count, progress);
        var results = new FileResult[files.Count];
        Workers.For(files.Count, Math.Max(1, options.Threads), cancel, i =>
        {
            results[i] = Examine(files[i], options);
            tracker.Advance(1, results[i].Bytes);
        });
        tracker.Done();

        var outputs = new List<IndexOutput>();
        var replaced = new List<Problem>();
        foreach (var source in sources)
        {
            var mapping = new OrderedDictionary<string, IndexEntry>(StringComparer.Ordinal);
            long total = 0;
            foreach (var r in results.Where(r => r.File.Source == source && r.Included))
            {
                var key = $"{source}_{r.File.TaskFolder}_{r.File.FormatFolder}";
                var annotationName = r.RenamedTo ?? r.File.FileName;
                var annotation = tree.IndexAnnotation(r.File, annotationName);
                // A key seen before (two files in one format folder): the later file wins, in the earlier one's place.
                if (mapping.TryGetValue(key, out var previous)) total -= previous.Length ?? 0;
                mapping[key] = new IndexEntry(tree.IndexImagesRoot(source), annotation, PyNumber.Int(1), r.Lines);
                total += r.Lines;
            }
            var path = Path.Combine(options.OutDir, $"{source}_{total / 1000}k.json");
            var text = IndexFile.Format(mapping, ensureAscii: true);
            if (File.Exists(path) && File.ReadAllText(path) != text)
                replaced.Add(new Problem(Path.GetFullPath(path), 0, Severity.Warning, "replaced",
                    "already exists with different content and is replaced: the official naming <source>_<K>k.json gives two indices " +
                    $"one name (every --split, and totals within the same thousand); write the {options.Split} index to another --out folder to keep both"));
            AtomicFile.WriteAllText(path, text);
            outputs.Add(new IndexOutput(source, path, mapping.Count, total, new FileInfo(path).Length));
        }

        var problems = results.SelectMany(r => r.Problems).ToList();
        problems.AddRange(replaced);
        problems.AddRange(DuplicateKeyWarnings(results));
        var renames = results.Where(r => r.RenamedTo != null).Select(r => (r.File.FullPath, Path.Combine(Path.GetDirectoryName(r.File.FullPath)!, r.RenamedTo!))).ToList();
        return new IndexReport(outputs, problems, renames);
    }

    static FileResult Examine(QaFile file, IndexOptions options)
    {
        var problems = new List<Problem>();
        long bytes;
        long lines;
        try
        {
            bytes = new FileInfo(file.FullPath).Length;
            if (options.Validate)
            {
                var (count, error) = LineCounter.CountAndParse(file.FullPath, file.RelativePath);
                if (error != null)
                    return new FileResult(file, 0, bytes, false, [error with { Message = error.Message + "; file left out of the index" }], null);
                lines = count;
            }
            else
            {
                lines = LineCounter.CountLines(file.FullPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileResult(file, 0, 0, false, [new Problem(file.RelativePath, 0, Severity.Error, "unreadable", $"cannot read: {e.Message}; file left out of the index")], null);
        }

        if (!SparTree.TryDeclaredCount(file.FileName, out var declared))
            return new FileResult(file, lines, bytes, false,
                [new Problem(file.RelativePath, 0, Severity.Error, "bad-name", "file name has no _<N> record count; file left out of the index (as the official tool does)")], null);

        string? renamedTo = null;
        if (declared != lines)
        {
            var fixedName = SparTree.WithCount(file.FileName, lines);
            if (options.FixNames)
            {
                var target = Path.Combine(Path.GetDirectoryName(file.FullPath)!, fixedName);
                if (File.Exists(target))
                {
                    problems.Add(new Problem(file.RelativePath, 0, Severity.Error, "rename-failed", $"name says {declared} records but it has {lines}; not renamed: {fixedName} already exists"));
                }
                else
                {
                    File.Move(file.FullPath, target);
                    renamedTo = fixedName;
                    problems.Add(new Problem(file.RelativePath, 0, Severity.Warning, "renamed", $"name said {declared} records but it has {lines}; renamed to {fixedName}"));
                }
            }
            else
            {
                problems.Add(new Problem(file.RelativePath, 0, Severity.Warning, "count-mismatch",
                    $"name says {declared} records but the file has {lines}; indexed with length {lines} (rename with --fix-names)"));
            }
        }
        return new FileResult(file, lines, bytes, true, problems, renamedTo);
    }

    static IEnumerable<Problem> DuplicateKeyWarnings(FileResult[] results) =>
        results.Where(r => r.Included)
            .GroupBy(r => (r.File.Source, r.File.TaskFolder, r.File.FormatFolder))
            .Where(g => g.Count() > 1)
            .Select(g => new Problem(g.Last().File.RelativePath, 0, Severity.Warning, "duplicate-key",
                $"{g.Count()} .jsonl files in one format folder share the index key {g.Key.Source}_{g.Key.TaskFolder}_{g.Key.FormatFolder}; only this last one is indexed (official behaviour)"));
}
