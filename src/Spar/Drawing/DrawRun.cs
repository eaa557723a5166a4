using Spar.Dataset;
using Spar.Util;

namespace Spar.Drawing;

/// <summary>One thing worth telling the user about a record: an error (record skipped) or a warning (drawn, repaired).</summary>
public sealed record DrawIssue(string File, long Line, string RecordId, bool IsError, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(IsError ? "error" : "warning")}: {Message}";
}

public sealed record DrawProgress(long Records, long ImagesWritten, long Failed);

public sealed record DrawSummary(long Records, long RecordsDrawn, long ImagesWritten, long Errors, long Warnings);

/// <summary>
/// <c>spar draw</c>: every record of a JSONL file → <c>&lt;out&gt;/&lt;record id&gt;/&lt;k&gt;.png</c>, markers drawn, lossless.
/// Records stream in batches drawn in parallel; issues are reported in file order whatever the thread count.
/// A record that fails (missing image, unusable markers, bad JSON) is reported and skipped; the run goes on.
/// </summary>
public sealed class DrawRun(string imagesRoot, string outDir, int parallelism = 0, int pngLevel = ImageCodec.DefaultPngLevel)
{
    const int BatchSize = 64;

    public DrawSummary Run(string recordsPath, Action<DrawIssue> report, IProgress<DrawProgress>? progress = null)
    {
        if (!File.Exists(recordsPath)) throw new SparException($"records file not found: {recordsPath}");
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount };
        long records = 0, drawn = 0, images = 0, errors = 0, warnings = 0;
        using var reader = JsonlLineReader.Open(recordsPath);
        var batch = new List<(long Line, byte[] Json)>(BatchSize);
        var results = new Outcome[BatchSize];

        void Flush()
        {
            Parallel.For(0, batch.Count, options, i => results[i] = DrawOne(recordsPath, batch[i].Line, batch[i].Json));
            for (int i = 0; i < batch.Count; i++)
            {
                records++;
                foreach (var issue in results[i].Issues)
                {
                    report(issue);
                    if (issue.IsError) errors++; else warnings++;
                }
                if (!results[i].Issues.Any(x => x.IsError)) drawn++;
                images += results[i].Images;
                results[i] = default!;
            }
            batch.Clear();
            progress?.Report(new DrawProgress(records, images, errors));
        }

        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty || line.Trim(" \t"u8).IsEmpty) continue;
            batch.Add((reader.LineNumber, line.ToArray()));
            if (batch.Count == BatchSize) Flush();
        }
        if (batch.Count > 0) Flush();
        return new DrawSummary(records, drawn, images, errors, warnings);
    }

    sealed record Outcome(int Images, IReadOnlyList<DrawIssue> Issues);

    Outcome DrawOne(string file, long line, byte[] json)
    {
        QaRecord record;
        try { record = SparJson.ParseRecord(json); }
        catch (System.Text.Json.JsonException e)
        {
            return new(0, [new DrawIssue(file, line, "", true, $"not a valid record: {e.Message}")]);
        }
        try
        {
            var plan = MarkerPlanner.Plan(record);
            // Check every image exists first, so a record is written completely or not at all.
            for (int k = 0; k < record.Image.Count; k++)
                if (!File.Exists(RecordImages.Resolve(imagesRoot, record.Image[k])))
                    throw new SparException($"record {record.Id}: image {k} not found: {RecordImages.Resolve(imagesRoot, record.Image[k])}");
            var dir = Path.Combine(outDir, RecordImages.SafeName(record.Id));
            for (int k = 0; k < record.Image.Count; k++)
                using (var img = RecordImages.DrawImage(record, plan, k, imagesRoot))
                    ImageCodec.WritePng(img, Path.Combine(dir, $"{k}.png"), pngLevel);
            return new(record.Image.Count, plan.Warnings.Select(w => new DrawIssue(file, line, record.Id, false, w)).ToList());
        }
        catch (SparException e)
        {
            return new(0, [new DrawIssue(file, line, record.Id, true, e.Message)]);
        }
    }
}
