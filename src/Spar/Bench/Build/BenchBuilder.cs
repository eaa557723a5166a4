using Spar.Bench.SparBench;
using Spar.Bench.Data;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Build;

/// <param name="PerTask">Rows per task in the full benchmark (fewer when a task has fewer valid records).</param>
/// <param name="Tiny">Rows per task in the tiny benchmark; null for none.</param>
/// <param name="Split">The split folder under <c>qa_jsonl/</c> (SPAR-Bench was sampled from <c>val</c>).</param>
public sealed record BenchBuildOptions(int PerTask = 400, int? Tiny = 50, string Split = "val", ulong Seed = 0)
{
    public IMarkerBurner Markers { get; init; } = PassThroughMarkerBurner.Instance;

    /// <summary>Where records may point (<c>--allow-outside</c>): a record whose image leads outside its source's images/ is skipped.</summary>
    public PathRule Paths { get; init; } = new();

    /// <summary>Which benchmark's tasks are built (their names, families and source formats).</summary>
    public BenchmarkDefinition Benchmark { get; init; } = SparBenchDefinition.Instance;

    /// <summary><c>--rgbd</c>: build SPAR-Bench-RGBD, adding depth, pose and intrinsics per image (bench.md §2.1).</summary>
    public bool Rgbd { get; init; }

    /// <summary>
    /// <c>--scenes</c>: scene folders (each holding <c>&lt;scene&gt;/pose/</c>, <c>intrinsic/</c>) searched for poses and
    /// intrinsics not found in the tree's images/; with <c>--rgbd</c>, a spar-generated tree's own scene inputs
    /// (its generate_manifest.json) are searched after these.
    /// </summary>
    public IReadOnlyList<string> SceneRoots { get; init; } = [];
}

public sealed record BenchBuildProgress(string Stage, long Done);

/// <param name="Available">Valid candidate records per task, summed over sources.</param>
/// <param name="Rejected">Records skipped, by reason (with the first place each reason was seen).</param>
public sealed record BenchBuildResult(
    int Rows,
    int TinyRows,
    IReadOnlyDictionary<string, int> PerTask,
    IReadOnlyDictionary<string, long> Available,
    IReadOnlyDictionary<string, (long Count, string FirstAt)> Rejected,
    bool MarkersDrawn,
    IReadOnlyList<string> Outputs)
{
    /// <summary>Temp files and folders of killed builds found in <c>--out</c> and removed.</summary>
    public IReadOnlyList<string> CleanedUp { get; init; } = [];

    /// <summary>Selected records left out because an image is missing or unreadable, each naming file:line and image.</summary>
    public IReadOnlyList<string> ImageFailures { get; init; } = [];

    /// <summary>Records skipped for any reason (counted in <see cref="Rejected"/>): the build is then incomplete, exit 1.</summary>
    public long Skipped => Rejected.Values.Sum(r => r.Count);
}

/// <summary>
/// <c>spar bench build</c>: a SPAR-Bench-format benchmark from a SPAR-7M-style tree. For each of the 20 tasks it takes
/// the <c>select</c> records (multiple choice) or the <c>fill</c> records (numeric and view_change_infer) of the split,
/// samples <see cref="BenchBuildOptions.PerTask"/> of them balanced over sources, in an order fixed by a stable hash of
/// (seed, task, record line), and numbers the rows 0…N−1 (tasks in name order). Memory holds at most PerTask
/// candidates per task and source, whatever the tree's size.
/// </summary>
public static class BenchBuilder
{
    /// <summary>Builds from the tree at <paramref name="root"/>: a root or one source folder (<see cref="SparTree.Open"/>).</summary>
    public static BenchBuildResult Build(string root, string outDir, BenchBuildOptions options, IProgress<BenchBuildProgress>? progress = null,
        CancellationToken cancel = default) => Build(SparTree.Open(root), outDir, options, progress, cancel);

    /// <param name="cancel">A stop (Ctrl-C, SIGTERM): the staging folder is dropped and <c>--out</c> stays as it was.</param>
    public static BenchBuildResult Build(SparTree tree, string outDir, BenchBuildOptions options, IProgress<BenchBuildProgress>? progress = null,
        CancellationToken cancel = default)
    {
        if (options.PerTask <= 0) throw new SparException("--per-task must be positive");
        if (options.Tiny is <= 0) throw new SparException("--tiny must be positive");
        tree.Select(null, [options.Split]); // a clear error for no sources, no such split or no files, before --out is touched
        var sources = tree.Sources();
        var root = tree.Root;
        // Before the scan, so a wrong --out fails at once; a failed build leaves --out as it was.
        using var output = BuildOutput.Prepare(outDir);
        if (options.Rgbd && Generation.RunManifest.ReadInputs(root) is { } generatedFrom)
            options = options with { SceneRoots = [.. options.SceneRoots, .. generatedFrom.Where(Directory.Exists)] };
        var scan = new CandidateScan(options, progress);
        var selected = new List<Candidate>();
        var perTask = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var available = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var task in options.Benchmark.TaskNames)
        {
            cancel.ThrowIfCancellationRequested();
            var bySource = sources.Select(s => scan.Scan(tree, s, task)).ToList();
            available[task] = scan.LastAvailable;
            var chosen = Balanced(bySource, options.PerTask);
            perTask[task] = chosen.Count;
            selected.AddRange(chosen);
        }
        if (selected.Count == 0)
            throw new SparException($"{root}: no usable records for any SPAR-Bench task under qa_jsonl/{options.Split}/ " +
                $"(rejected: {string.Join("; ", scan.Rejected.Select(r => $"{r.Key}: {r.Value.Count}"))})");

        string stage = output.Staging;
        var outputs = new List<string>();
        string folder = Path.Combine(stage, "folder");
        // A row whose image is missing or unreadable is left out (named, counted, exit 1), not the whole build: the
        // rows are numbered over those written.
        var kept = new List<Candidate>();
        var skipped = new List<string>();
        IEnumerable<BenchItem> Rows()
        {
            foreach (var c in selected)
            {
                BenchItem item;
                try { item = c.ToItem(kept.Count, options.Markers, options.Rgbd ? options.SceneRoots : null); }
                catch (UnreadableImageException e)
                {
                    scan.Reject(e is RgbdFileException ? "RGBD file missing or unreadable" : "image missing or unreadable", c.Where);
                    skipped.Add(e.Message);
                    continue;
                }
                kept.Add(c);
                cancel.ThrowIfCancellationRequested();
                progress?.Report(new("writing", kept.Count));
                yield return item;
            }
        }
        FolderBenchWriter.Write(folder, Rows());
        long written = kept.Count;
        if (kept.Count == 0) throw new SparException($"{root}: every selected record has a missing or unreadable image{(options.Rgbd ? " or RGBD file" : "")} ({skipped[0]}, …)");
        foreach (var task in perTask.Keys.ToList()) perTask[task] = kept.Count(c => c.Task == task);
        selected = kept;
        outputs.Add(Path.Combine(outDir, "folder"));
        const string shard = "data/test-00000-of-00001.parquet";
        ParquetBenchWriter.Write(Path.Combine(stage, "parquet", shard), new FolderBenchReader(folder).Items(), rgbd: options.Rgbd);
        outputs.Add(Path.Combine(outDir, "parquet", shard));

        int tinyRows = 0;
        if (options.Tiny is int tiny)
        {
            // The tiny benchmark is a balanced subset of the full one, renumbered 0…T−1; its images are the full
            // benchmark's already-marked files.
            var keep = selected.Select((c, i) => (c, i))
                .GroupBy(x => x.c.Task)
                .SelectMany(g => Balanced(g.GroupBy(x => x.c.Source).Select(s => s.Select(x => x.c).ToList()).ToList(), tiny))
                .ToHashSet();
            var tinyIds = selected.Select((c, i) => (c, i)).Where(x => keep.Contains(x.c)).Select(x => (long)x.i).ToHashSet();
            var tinyItems = new FolderBenchReader(folder).Items().Where(it => tinyIds.Contains(it.Id)).Select((it, i) => it with { Id = i });
            string tinyFolder = Path.Combine(stage, "tiny", "folder");
            tinyRows = (int)FolderBenchWriter.Write(tinyFolder, tinyItems);
            ParquetBenchWriter.Write(Path.Combine(stage, "tiny", "parquet", shard), new FolderBenchReader(tinyFolder).Items(), rgbd: options.Rgbd);
            outputs.Add(Path.Combine(outDir, "tiny", "folder"));
            outputs.Add(Path.Combine(outDir, "tiny", "parquet", shard));
        }

        var result = new BenchBuildResult(selected.Count, tinyRows, perTask, available, scan.Rejected, options.Markers.DrawsMarkers, outputs)
        {
            CleanedUp = output.CleanedUp,
            ImageFailures = skipped,
        };
        AtomicFile.WriteAllText(Path.Combine(stage, BenchSource.BuildManifestFile), BuildManifest.Json(tree, options, sources, result));
        outputs.Add(Path.Combine(outDir, BenchSource.BuildManifestFile));
        cancel.ThrowIfCancellationRequested(); // the last moment a stop leaves --out as it was
        progress?.Report(new("replacing the previous outputs", written));
        output.Commit();
        return result;
    }

    /// <summary>
    /// Takes <paramref name="n"/> candidates spread evenly over the sources (water-filling: a source with too few
    /// gives its share to the others), each source's lowest hash keys first; the result is in key order.
    /// </summary>
    internal static List<Candidate> Balanced(IReadOnlyList<List<Candidate>> bySource, int n)
    {
        var sorted = bySource.Select(s => s.OrderBy(c => c.Key).ThenBy(c => c.Where, StringComparer.Ordinal).ToList()).ToList();
        var quota = new int[sorted.Count];
        int remaining = Math.Min(n, sorted.Sum(s => s.Count));
        while (remaining > 0)
        {
            var open = Enumerable.Range(0, sorted.Count).Where(i => quota[i] < sorted[i].Count).ToList();
            int share = Math.Max(1, remaining / open.Count);
            foreach (var i in open)
            {
                int take = Math.Min(Math.Min(share, sorted[i].Count - quota[i]), remaining);
                quota[i] += take;
                remaining -= take;
                if (remaining == 0) break;
            }
        }
        return sorted.SelectMany((s, i) => s.Take(quota[i])).OrderBy(c => c.Key).ThenBy(c => c.Where, StringComparer.Ordinal).ToList();
    }
}
