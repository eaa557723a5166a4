using Spar.Bench.SparBench;
using System.Text.Json;
using Spar.Bench.Scoring;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Determinism;
using Spar.PythonCompat;

namespace Spar.Bench.Build;

/// <summary>Streams one task's records of each source, rejects those the benchmark cannot use, and keeps the
/// <see cref="BenchBuildOptions.PerTask"/> lowest hash keys per source in a bounded heap.</summary>
internal sealed class CandidateScan(BenchBuildOptions options, IProgress<BenchBuildProgress>? progress)
{
    public SortedDictionary<string, (long Count, string FirstAt)> Rejected { get; } = new(StringComparer.Ordinal);

    /// <summary>Valid records seen for the task of the last <see cref="Scan"/> sequence (reset when the task changes).</summary>
    public long LastAvailable { get; private set; }

    string? _task;
    long _lines;

    public List<Candidate> Scan(SparTree tree, string source, string task)
    {
        if (_task != task) { _task = task; LastAvailable = 0; }
        var format = options.Benchmark.Task(task).Facts.Format;
        var info = TaskCatalog.Get(task);
        // Max-heap on the key: the root is the worst kept candidate, replaced when a better one arrives.
        var heap = new PriorityQueue<Candidate, (ulong, string)>(Comparer<(ulong Key, string Where)>.Create((a, b) =>
            b.Key != a.Key ? b.Key.CompareTo(a.Key) : string.CompareOrdinal(b.Where, a.Where)));
        var imagesDirectory = tree.ImagesDir(source);
        var images = options.Paths.Root(imagesDirectory);
        foreach (var file in tree.FormatFiles(source, options.Split, info.FolderName, format.FolderName()))
        {
            using var lines = JsonlLineReader.Open(file);
            while (lines.TryReadLine(out var line))
            {
                if (++_lines % 10000 == 0) progress?.Report(new("scanning", _lines));
                if (line.IsEmpty) continue;
                string where = $"{file}:{lines.LineNumber}";
                var record = Parse(line, where, task, images);
                if (record is null) continue;
                LastAvailable++;
                var candidate = new Candidate(StableHash.OfSample(options.Seed, task, line), task, source, imagesDirectory, images, record, where);
                if (heap.Count < options.PerTask) heap.Enqueue(candidate, (candidate.Key, where));
                else
                {
                    heap.TryPeek(out var worst, out _);
                    if (candidate.Key < worst!.Key || candidate.Key == worst.Key && string.CompareOrdinal(where, worst.Where) < 0)
                        heap.DequeueEnqueue(candidate, (candidate.Key, where));
                }
            }
        }
        return heap.UnorderedItems.Select(x => x.Element).ToList();
    }

    QaRecord? Parse(ReadOnlySpan<byte> line, string where, string task, ContainedRoot images)
    {
        QaRecord record;
        try { record = SparJson.ParseRecord(line); }
        catch (JsonException) { return Reject("invalid JSON", where); }
        if (record.Type != task) return Reject($"type is not {task}", where);
        if (record.Image.Count == 0) return Reject("no images", where);
        if (record.Conversations.Count < 2) return Reject("fewer than two conversation turns", where);
        // Checked here, not when the image is read, so such a record never takes a place in the benchmark (whose files embed the image).
        foreach (var image in record.Image)
            if (!images.TryResolve(image, out _, out var refusal))
                return Reject("an image path leads outside the source's images/ (pass --allow-outside DIR for a dataset folder it links to)",
                    $"{where}: image {refusal}");
        if (options.Rgbd)
        {
            if (RgbdFiles.Problem(record) is { } problem) return Reject(problem, where);
            foreach (var depth in record.Depth!)
                if (!images.TryResolve(depth, out _, out var refusal))
                    return Reject("a depth path leads outside the source's images/ (pass --allow-outside DIR for a dataset folder it links to)",
                        $"{where}: depth {refusal}");
        }
        // A record whose markers are broken cannot be burned into its images as the release draws them: leave it out rather
        // than stop the build. Any problem counts, not only those the painter could not get past (a clamped or
        // re-ordered box is not the box the question was written for).
        if (TaskCatalog.Get(task).Markers.Resolve(record).Problems is [var bad, ..])
            return Reject($"markers cannot be drawn ({bad.KindName})", where);
        string answer = record.Answer.Trim();
        var family = options.Benchmark.Task(task).Family;
        bool usable = family switch
        {
            BenchFamily.MultipleChoice => answer.Length == 1 && answer[0] is >= 'A' and <= 'F',
            BenchFamily.Numeric => PyFloat.TryParse(answer, out double v) && double.IsFinite(v),
            _ => IsViewChange(answer),
        };
        return usable ? record : Reject(family switch
        {
            BenchFamily.MultipleChoice => "select answer is not a single letter A–F",
            BenchFamily.Numeric => "fill answer is not a number",
            _ => "view_change_infer answer is not key:value,…",
        }, where);
    }

    /// <summary>The official scorer reads <c>k:v</c> items separated by bare commas; anything else would score 0 always.</summary>
    /// The official parser decides; bench build also wants each key non-empty and unpadded, as the gold format writes it.
    static bool IsViewChange(string answer) =>
        OfficialScorer.ParseInstruction(answer) is { } items && items.Keys.All(k => k.Length > 0 && k == k.Trim());

    /// <summary>Counts a record left out for <paramref name="reason"/>, keeping where the reason was first seen.</summary>
    public QaRecord? Reject(string reason, string where)
    {
        Rejected[reason] = Rejected.TryGetValue(reason, out var r) ? (r.Count + 1, r.FirstAt) : (1, where);
        return null;
    }
}
