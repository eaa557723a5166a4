using System.Collections.Concurrent;
using Spar.Catalog;
using Spar.Util;

namespace Spar.Dataset;

/// <summary>Counts of a SPAR-7M tree (records by source × task × format, level, view; select letters; images per record).
/// <see cref="Records"/> and every breakdown count parsed records only; <see cref="UnparseableLines"/> are apart.</summary>
public sealed record DatasetStats(
    long Files,
    long Records,
    long Bytes,
    long UnparseableLines,
    IReadOnlyList<StatsRow> Rows,
    IReadOnlyDictionary<string, long> ByLevel,
    IReadOnlyDictionary<string, long> ByView,
    IReadOnlyDictionary<string, long> SelectLetters,
    IReadOnlyDictionary<int, long> ImagesPerRecord)
{
    /// <summary>How many unparseable lines are named in <see cref="UnparseableExamples"/> at most (the count is always complete).</summary>
    public const int ExamplesKept = 20;

    /// <summary>The first <see cref="ExamplesKept"/> unparseable lines in input order, as <c>file:line: reason</c>.</summary>
    public IReadOnlyList<string> UnparseableExamples { get; init; } = [];

    public static DatasetStats Compute(SparTree tree, IReadOnlyList<string>? sources, IReadOnlyList<string>? splits, int threads,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var files = tree.Select(sources, splits);
        var tracker = new ProgressTracker("stats", "file", files.Count, progress);
        var perFile = new FileCounts[files.Count];
        Workers.For(files.Count, Math.Max(1, threads), cancel, i =>
        {
            perFile[i] = Count(files[i]);
            tracker.Advance(1, perFile[i].Bytes);
        });
        tracker.Done();

        var rows = new SortedDictionary<(string, string, string, string), long>();
        var levels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var views = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var letters = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var images = new SortedDictionary<int, long>();
        long records = 0, bytes = 0, bad = 0;
        for (int i = 0; i < files.Count; i++)
        {
            var f = files[i];
            var c = perFile[i];
            records += c.Records;
            bytes += c.Bytes;
            bad += c.Unparseable;
            var key = (f.Source, f.Split, f.TaskFolder, f.FormatFolder);
            rows[key] = rows.GetValueOrDefault(key) + c.Records;
            if (TaskCatalog.TryGetByFolder(f.TaskFolder, out var task))
            {
                Add(levels, task.Level.ToString(), c.Records);
                Add(views, task.View.ToString().ToLowerInvariant(), c.Records);
            }
            else Add(levels, "unknown", c.Records);
            foreach (var (l, n) in c.Letters) Add(letters, l, n);
            foreach (var (k, n) in c.ImageCounts) images[k] = images.GetValueOrDefault(k) + n;
        }
        return new DatasetStats(files.Count, records, bytes, bad,
            rows.Select(kv => new StatsRow(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Value)).ToList(),
            levels, views, letters, images)
        {
            UnparseableExamples = perFile.SelectMany(c => c.Examples).Take(ExamplesKept).ToList(),
        };
    }

    static void Add(SortedDictionary<string, long> d, string key, long n) => d[key] = d.GetValueOrDefault(key) + n;

    sealed class FileCounts
    {
        public long Records, Bytes, Unparseable;
        public List<string> Examples { get; } = [];
        public Dictionary<string, long> Letters { get; } = [];
        public Dictionary<int, long> ImageCounts { get; } = [];
    }

    static FileCounts Count(QaFile file)
    {
        var c = new FileCounts();
        bool select = file.FormatFolder == "select";
        var issues = new List<RecordIssue>();
        try
        {
            c.Bytes = new FileInfo(file.FullPath).Length;
            using var reader = JsonlLineReader.Open(file.FullPath);
            while (reader.TryReadLine(out var line))
            {
                issues.Clear();
                // Same reading as validate: json.loads rejects trailing JSON, reads NaN (a record with NaN still counts).
                // An unparseable line is no record: it is counted apart, so every share is of parsed records only.
                if (RecordLine.Parse(line, issues) is not { } r)
                {
                    if (c.Unparseable++ < ExamplesKept) c.Examples.Add($"{file.RelativePath}:{reader.LineNumber}: {issues[^1].Message}");
                    continue;
                }
                c.Records++;
                c.ImageCounts[r.Image.Count] = c.ImageCounts.GetValueOrDefault(r.Image.Count) + 1;
                if (select)
                {
                    var letter = SelectOptions.TryAnswerLetter(r.Answer, out var l) ? l.ToString() : "other";
                    c.Letters[letter] = c.Letters.GetValueOrDefault(letter) + 1;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparException($"{file.RelativePath}: cannot read: {e.Message}", e);
        }
        return c;
    }

    /// <summary>Largest share of one letter minus the smallest, among A–D present (0 = perfectly balanced).</summary>
    public double LetterImbalance()
    {
        var counts = SelectLetters.Where(kv => kv.Key.Length == 1).Select(kv => kv.Value).ToList();
        long total = counts.Sum();
        return total == 0 ? 0 : (counts.Max() - counts.Min()) / (double)total;
    }
}

public sealed record StatsRow(string Source, string Split, string Task, string Format, long Records);
