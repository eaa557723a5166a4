using Spar.Dataset;
using Spar.Util;
using Spar.Determinism;
using Spar.Imaging;

namespace Spar.Drawing;

/// <summary>One thing worth telling the user about a record: an error (record skipped) or a warning (drawn, repaired).</summary>
public sealed record DrawIssue(string File, long Line, string RecordId, bool IsError, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(IsError ? "error" : "warning")}: {Message}";
}

/// <summary><paramref name="Total"/> is the number of non-blank lines, counted before drawing starts.</summary>
public sealed record DrawProgress(long Records, long Total, long ImagesWritten, long Failed, TimeSpan Elapsed);

public sealed record DrawSummary(long Records, long RecordsDrawn, long ImagesWritten, long Errors, long Warnings);

/// <summary>
/// <c>spar draw</c>: every record of a JSONL file → <c>&lt;out&gt;/&lt;record id&gt;/&lt;k&gt;.png</c>, markers drawn, lossless.
/// Records stream in batches drawn in parallel; issues are reported in file order whatever the thread count.
/// A record that fails (missing image, unusable markers, bad JSON) is reported and skipped; the run goes on.
/// </summary>
/// Image paths that lead outside <c>--images-root</c> are refused by <see cref="PathRule"/> like any other bad record.
public sealed class DrawRun(string imagesRoot, string outDir, int parallelism = 0, int pngLevel = ImageCodec.DefaultPngLevel,
    PathRule? paths = null)
{
    readonly ContainedRoot _images = (paths ?? new PathRule()).Root(imagesRoot);

    const int BatchSize = 64;

    public DrawSummary Run(string recordsPath, Action<DrawIssue> report, IProgress<DrawProgress>? progress = null, CancellationToken cancel = default)
    {
        if (!File.Exists(recordsPath)) throw new SparException($"records file not found: {recordsPath}");
        long records = 0, drawn = 0, images = 0, errors = 0, warnings = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long total = progress is null ? 0 : CountRecords(recordsPath);
        using var reader = JsonlLineReader.Open(recordsPath);
        var batch = new List<(long Line, byte[] Json)>(BatchSize);
        var results = new Outcome[BatchSize];
        var parsed = new Parsed[BatchSize];
        var folders = new FolderNames();

        void Flush()
        {
            // Parsing and naming happen in input order, so which of two records sharing an id gets the suffixed folder
            // does not depend on the thread count.
            for (int i = 0; i < batch.Count; i++) parsed[i] = Parse(batch[i].Line, batch[i].Json, folders);
            Workers.For(batch.Count, parallelism, cancel, i => results[i] = DrawOne(recordsPath, batch[i].Line, parsed[i]));
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
                parsed[i] = default!;
            }
            batch.Clear();
            progress?.Report(new DrawProgress(records, total, images, errors, clock.Elapsed));
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

    /// <summary>A first, cheap pass so the progress line can say how far along the run is.</summary>
    static long CountRecords(string recordsPath)
    {
        using var reader = JsonlLineReader.Open(recordsPath);
        long n = 0;
        while (reader.TryReadLine(out var line))
            if (!line.IsEmpty && !line.Trim(" \t"u8).IsEmpty) n++;
        return n;
    }

    sealed record Outcome(int Images, IReadOnlyList<DrawIssue> Issues);

    /// <summary>A line parsed into a record and its output folder name, or the reason it is not a record.</summary>
    sealed record Parsed(QaRecord? Record, string Folder, string? ParseError, string? RenamedBecause);

    static Parsed Parse(long line, byte[] json, FolderNames folders)
    {
        QaRecord record;
        try { record = SparJson.ParseRecord(json); }
        catch (System.Text.Json.JsonException e) { return new(null, "", $"not a valid record: {JsonErrors.AtColumn(e)}", null); }
        var (folder, firstLine) = folders.Claim(RecordImages.SafeName(record.Id), line);
        return new(record, folder, null, firstLine is { } first
            ? $"id '{record.Id}' already drawn into {RecordImages.SafeName(record.Id)}/ (line {first}); this record is drawn into {folder}/"
            : null);
    }

    /// <summary>
    /// Output folder names claimed so far: the first record with a (file-system-safe) id gets it, later ones get
    /// <c>&lt;id&gt;~L&lt;line&gt;</c>, unique because line numbers are. Keeps 8 bytes of hash per name (plus the
    /// set's overhead), the only per-record memory of a draw run.
    /// </summary>
    sealed class FolderNames
    {
        readonly Dictionary<ulong, long> _firstLine = [];

        public (string Folder, long? FirstLine) Claim(string name, long line)
        {
            var key = Fnv1a64.Of(name); // a 64-bit collision (~1e-8 at a million ids) costs a needless suffix, nothing worse
            if (_firstLine.TryAdd(key, line)) return (name, null);
            return ($"{name}~L{line}", _firstLine[key]);
        }
    }

    Outcome DrawOne(string file, long line, Parsed parsed)
    {
        if (parsed.Record is not { } record) return new(0, [new DrawIssue(file, line, "", true, parsed.ParseError!)]);
        try
        {
            var plan = MarkerPlanner.Plan(record);
            // Check every image exists first, so a record is written completely or not at all.
            for (int k = 0; k < record.Image.Count; k++) RecordImages.Existing(record, _images, k);
            var dir = Path.Combine(outDir, parsed.Folder);
            for (int k = 0; k < record.Image.Count; k++)
                using (var img = RecordImages.DrawImage(record, plan, k, _images))
                    ImageCodec.WritePng(img, Path.Combine(dir, $"{k}.png"), pngLevel);
            var warnings = plan.Warnings.Select(w => new DrawIssue(file, line, record.Id, false, w)).ToList();
            if (parsed.RenamedBecause is { } renamed) warnings.Insert(0, new DrawIssue(file, line, record.Id, false, renamed));
            return new(record.Image.Count, warnings);
        }
        catch (SparException e)
        {
            return new(0, [new DrawIssue(file, line, record.Id, true, e.Message)]);
        }
    }
}
