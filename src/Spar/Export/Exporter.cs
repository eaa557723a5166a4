using Spar.Drawing;
using Spar.Util;
using Spar.Imaging;
using Spar.Dataset;

namespace Spar.Export;

public sealed record ExportOptions(string OutDir, ExportTarget Target, bool BurnMarkers = false, string? IndexPath = null,
    string? Split = null, int Threads = 0, int PngLevel = Imaging.ImageCodec.DefaultPngLevel, int? BurnJpegQuality = null)
{
    /// <summary>Where records and index entries may point (<c>--allow-outside</c>).</summary>
    public PathRule Paths { get; init; } = new();
}

/// <summary>A record that was not exported (or exported with a caveat), with where it came from.</summary>
public sealed record ExportIssue(string File, long Line, bool IsError, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(IsError ? "error" : "warning")}: {Message}";
}

/// <param name="UnmarkedWithMarkers">Samples exported without --burn-markers whose record carries markers: the framework
/// will show images without the points/boxes the question refers to.</param>
public sealed record ExportSummary(long Samples, long Skipped, long ImagesDrawn, long ImagesReused, IReadOnlyList<string> Files,
    long UnmarkedWithMarkers = 0);

/// <summary>
/// <c>spar export</c>: streams every dataset (tree or index order, honouring repeat_time) through the loader's prompt
/// rules into one training framework's conversation files; optionally burns markers into content-addressed image
/// copies. Records are processed in parallel batches and written in input order, so output is byte-identical
/// whatever the thread count. Memory stays bounded by the batch.
/// </summary>
public sealed class Exporter(ExportOptions options)
{
    const int BatchSize = 128;

    public ExportSummary Run(SparTree tree, Action<ExportIssue> report, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var datasets = options.IndexPath is null ? ExportDatasets.FromTree(tree, options.Split) : ExportDatasets.FromIndex(options.IndexPath, tree, options.Paths);
        var outDir = Path.GetFullPath(options.OutDir);
        Directory.CreateDirectory(outDir);
        // A killed export leaves its half-written files as temps of a dead process; they are this tool's to remove.
        int CleanBelow(string folder) =>
            Directory.Exists(Path.Combine(outDir, folder)) ? StaleTemps.Clean(Path.Combine(outDir, folder), SearchOption.AllDirectories).Count : 0;
        var leftovers = StaleTemps.Clean(outDir).Count + CleanBelow(BurnedImages.Folder) + CleanBelow(InternVlWriter.AnnotationsFolder);
        if (leftovers > 0) report(new ExportIssue(outDir, 0, false, $"removed {leftovers} temp file(s) an interrupted earlier run left"));
        var burner = options.BurnMarkers ? new BurnedImages(outDir, options.PngLevel, options.BurnJpegQuality) : null;
        long samples = 0, skipped = 0, unmarked = 0;
        var tracker = new ProgressTracker("export", "dataset", datasets.Count, progress);
        using var writer = ConversationWriters.Create(options.Target, outDir);
        foreach (var ds in datasets)
        {
            if (ds.Refused is { } refused)
            {
                report(new ExportIssue(options.IndexPath ?? ds.AnnotationPath, 0, true, $"{ds.Key}: {refused}; dataset skipped"));
                tracker.Advance(1);
                continue;
            }
            if (!File.Exists(ds.AnnotationPath))
            {
                report(new ExportIssue(ds.AnnotationPath, 0, true, $"{ds.Key}: annotation file not found; dataset skipped"));
                tracker.Advance(1);
                continue;
            }
            var (passes, linesPerPass) = ds.Plan(CountLines(ds.AnnotationPath));
            writer.BeginDataset(ds);
            for (int pass = 0; pass < passes; pass++)
            {
                var batch = new List<(long Line, byte[] Json)>(BatchSize);
                var results = new (ExportSample? Sample, List<ExportIssue> Issues)[BatchSize];
                void Flush()
                {
                    var images = options.Paths.Root(ds.ImagesRoot);
                    Workers.For(batch.Count, options.Threads, cancel, i => results[i] = Convert(ds, images, batch[i].Line, batch[i].Json, outDir, burner));
                    burner?.EndBatch();
                    for (int i = 0; i < batch.Count; i++)
                    {
                        foreach (var issue in results[i].Issues) report(issue);
                        if (results[i].Sample is { } s)
                        {
                            writer.Write(s);
                            samples++;
                            if (burner is null && s.HasMarkers) unmarked++;
                        }
                        else skipped++;
                        results[i] = default;
                    }
                    batch.Clear();
                }
                using var reader = JsonlLineReader.Open(ds.AnnotationPath);
                long taken = 0;
                while (taken < linesPerPass && reader.TryReadLine(out var line))
                {
                    if (line.Trim(" \t"u8).IsEmpty) continue;
                    taken++;
                    batch.Add((reader.LineNumber, line.ToArray()));
                    if (batch.Count == BatchSize) Flush();
                }
                if (batch.Count > 0) Flush();
            }
            writer.EndDataset();
            tracker.Advance(1);
        }
        writer.Complete();
        tracker.Done();
        return new ExportSummary(samples, skipped, burner?.Drawn ?? 0, burner?.Reused ?? 0, writer.OutputFiles, unmarked);
    }

    static bool HasMarkers(QaRecord r) =>
        r.RedPoint is { Length: > 0 } || r.BluePoint is { Length: > 0 } || r.GreenPoint is { Length: > 0 } ||
        r.RedBbox is { Length: > 0 } || r.BlueBbox is { Length: > 0 } || r.GreenBbox is { Length: > 0 } || r.YellowBbox is { Length: > 0 } ||
        r.PointList is { Length: > 0 } || r.BboxList is { Length: > 0 };

    /// <summary>Non-blank lines, as the loader's <c>len(lines)</c> counts records.</summary>
    static long CountLines(string path)
    {
        using var reader = JsonlLineReader.Open(path);
        long n = 0;
        while (reader.TryReadLine(out var line)) if (!line.Trim(" \t"u8).IsEmpty) n++;
        return n;
    }

    static (ExportSample?, List<ExportIssue>) Convert(ExportDataset ds, ContainedRoot imagesRoot, long line, byte[] json, string outDir, BurnedImages? burner)
    {
        var issues = new List<ExportIssue>();
        QaRecord record;
        try { record = SparJson.ParseRecord(json); }
        catch (System.Text.Json.JsonException e)
        {
            issues.Add(new(ds.AnnotationPath, line, true, $"not a valid record: {Util.JsonErrors.AtColumn(e)}"));
            return (null, issues);
        }
        try
        {
            if (record.Image.Count == 0) throw new SparException($"record {record.Id}: no images (text-only records are not supported by the reference loader)");
            if (record.Conversations.Count < 2) throw new SparException($"record {record.Id}: needs a question and an answer turn");
            var prompt = LoaderPrompt.Build(record.Type, record.Question, record.Image.Count);
            if (prompt.TokenCount != prompt.ImageCount)
                issues.Add(new(ds.AnnotationPath, line, false, $"record {record.Id}: question has {prompt.TokenCount} <image> tokens for {prompt.ImageCount} images"));
            var images = new string[record.Image.Count];
            if (burner is null)
            {
                for (int k = 0; k < images.Length; k++) images[k] = Path.GetRelativePath(outDir, RecordImages.Existing(record, imagesRoot, k));
            }
            else
            {
                var plan = MarkerPlanner.Plan(record);
                foreach (var w in plan.Warnings) issues.Add(new(ds.AnnotationPath, line, false, w));
                for (int k = 0; k < images.Length; k++)
                {
                    var full = RecordImages.Existing(record, imagesRoot, k);
                    images[k] = plan.OnImage(k).Any() ? burner.Ensure(record, plan, k, imagesRoot) : Path.GetRelativePath(outDir, full);
                }
            }
            return (new ExportSample(ds.Key, record.Id, prompt, record.Answer, images) { HasMarkers = HasMarkers(record) }, issues);
        }
        catch (SparException e)
        {
            issues.Add(new(ds.AnnotationPath, line, true, e.Message));
            return (null, issues);
        }
    }
}
