using System.Net;
using System.Text;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Export;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Drawing.Gallery;

public sealed record GalleryOptions(string OutDir, IReadOnlyList<string>? Types = null, int PerType = 3,
    IReadOnlyList<string>? Ids = null, int Threads = 0)
{
    /// <summary>Where records may point (<c>--allow-outside</c>).</summary>
    public PathRule Paths { get; init; } = new();
}

public sealed record GalleryEntry(string Type, SampleText Text, string SheetRelativePath);

/// <summary>A sample that could not be shown (error) or was shown with repaired markers (warning).</summary>
public sealed record GalleryIssue(string File, long Line, bool IsError, string Message)
{
    public override string ToString() => $"{File}:{Line}: {(IsError ? "error" : "warning")}: {Message}";
}

public sealed record GallerySummary(IReadOnlyList<GalleryEntry> Entries, string IndexPath, IReadOnlyList<string> MissingIds);

/// <summary>
/// <c>spar show</c>: picks samples from a SPAR-7M tree (per type K records, spread over its format files and over each file,
/// or the given ids), draws each as a <see cref="SampleSheet"/> and writes <c>index.html</c>, grouped by type in
/// catalogue order with the text beside the pictures. Files are read in sorted order and only as far as needed.
/// </summary>
public sealed class GalleryBuilder(GalleryOptions options)
{
    public const string SheetFolder = "samples";

    /// <param name="progress">Samples drawn so far, of those picked (picking reads only the picked lines, so it is quick).</param>
    public GallerySummary Build(SparTree tree, Action<GalleryIssue> report, CancellationToken cancel = default, IProgress<WorkProgress>? progress = null)
    {
        var picked = Pick(tree, report);
        var outDir = Path.GetFullPath(options.OutDir);
        var entries = new GalleryEntry?[picked.Count];
        var issues = new GalleryIssue?[picked.Count];
        var tracker = new ProgressTracker("show", "sample", picked.Count, progress);
        Workers.For(picked.Count, options.Threads, cancel, i =>
        {
            var (file, at, record, imagesRoot, format) = picked[i];
            try
            {
                var drawn = RecordImages.Draw(record, options.Paths.Root(imagesRoot));
                var kind = LoaderPrompt.Build(record.Type, record.Question, Math.Max(1, record.Image.Count)).Kind;
                var text = new SampleText(record.Id, record.Type, format, record.Question, record.Answer);
                var rel = Path.Combine(SheetFolder, $"{i:D4}_{RecordImages.SafeName(record.Id)}.png");
                using (var sheet = SampleSheet.Compose(drawn.Images, text, kind == SampleKind.Video, withText: false))
                    ImageCodec.WritePng(sheet, Path.Combine(outDir, rel));
                foreach (var image in drawn.Images) image.Dispose(); // buffers go to the next sample's decode
                entries[i] = new GalleryEntry(record.Type, text, rel);
                if (drawn.Plan.Warnings.Count > 0) issues[i] = new GalleryIssue(file, at.LineIn(file), false, string.Join("; ", drawn.Plan.Warnings));
            }
            catch (SparException e) { issues[i] = new GalleryIssue(file, at.LineIn(file), true, e.Message); }
            tracker.Advance(1);
        });
        tracker.Done();
        foreach (var issue in issues) if (issue is not null) report(issue);
        var done = entries.OfType<GalleryEntry>().ToList();
        var indexPath = Path.Combine(outDir, "index.html");
        AtomicFile.WriteAllText(indexPath, Html(done));
        var found = picked.Select(p => p.Record.Id).ToHashSet(StringComparer.Ordinal);
        var missing = options.Ids?.Where(id => !found.Contains(id)).ToList() ?? [];
        return new GallerySummary(done, indexPath, missing);
    }

    List<(string File, RecordAt At, QaRecord Record, string ImagesRoot, string Format)> Pick(SparTree tree, Action<GalleryIssue> report)
    {
        var wantTypes = options.Types is { Count: > 0 } t ? t.ToHashSet(StringComparer.Ordinal) : null;
        foreach (var type in wantTypes ?? [])
            if (!TaskCatalog.TryGet(type, out _)) throw new SparException($"unknown type '{type}'");
        var wantIds = options.Ids is { Count: > 0 } ids ? ids.ToHashSet(StringComparer.Ordinal) : null;
        var picked = new List<(string, RecordAt, QaRecord, string, string)>();
        // Select: a folder that is no SPAR-7M tree is an error naming it, not an empty gallery.
        var files = tree.Select().Where(f => wantTypes is null || (TaskCatalog.TryGetByFolder(f.TaskFolder, out var ti) && wantTypes.Contains(ti.Type)))
            .GroupBy(f => f.TaskFolder).OrderBy(g => CatalogOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in files)
        {
            var list = group.ToList();
            int remaining = options.PerType;
            for (int fi = 0; fi < list.Count; fi++)
            {
                var f = list[fi];
                // Spread the quota over the task's format files so fill, select and sentence all show.
                int quota = wantIds is null ? (remaining + (list.Count - fi) - 1) / (list.Count - fi) : int.MaxValue;
                if (quota <= 0) continue;
                using var reader = JsonlLineReader.Open(f.FullPath);
                // Ids: every line, in order. Samples: the k-th of the quota is the first record at or after (k + phase)/quota
                // of the file — records are in scene order, so the first K lines would all be one scene's; the phase, a
                // stable hash of the file's place in the tree (Phase), differs from file to file, so one sample per file
                // (the usual case: --n over several formats) is not the same scene for every type either. A file of up to
                // ReadWholeBelowBytes is spread by lines (counted first, so a quota as large as the file takes every
                // record); a larger one by bytes, seeking, so only the picked lines are read. After a seek the reader's line
                // numbers count from the seek point, so a line's number in the file is counted only for a message (RecordAt).
                long size = wantIds is null ? new FileInfo(f.FullPath).Length : 0;
                bool byBytes = size > ReadWholeBelowBytes;
                long lines = wantIds is null && !byBytes ? LineCount(f.FullPath, size) : 0;
                double phase = Phase(f);
                int taken = 0;
                for (int k = 0; k < quota; k++)
                {
                    if (wantIds is null && byBytes)
                    {
                        long target = (long)(size * ((k + phase) / quota));
                        if (target > reader.NextOffset) reader.SeekToLineAt(target);
                    }
                    else if (wantIds is null)
                    {
                        long target = (long)(lines * ((k + phase) / quota));   // a 0-based line index
                        while (reader.LineNumber < target && reader.TryReadLine(out _)) { }
                    }
                    bool found = false;
                    while (!found && reader.TryReadLine(out var line))
                    {
                        var at = new RecordAt(byBytes ? -1 : reader.LineNumber, reader.LineOffset);
                        if (line.Trim(" \t"u8).IsEmpty) continue;
                        QaRecord record;
                        try { record = SparJson.ParseRecord(line); }
                        catch (System.Text.Json.JsonException e) { report(new GalleryIssue(f.FullPath, at.LineIn(f.FullPath), true, $"not a valid record: {JsonErrors.AtColumn(e)}")); continue; }
                        if (wantIds is not null && !wantIds.Contains(record.Id)) continue;
                        if (wantTypes is not null && !wantTypes.Contains(record.Type)) continue;
                        picked.Add((f.FullPath, at, record, f.ImagesRoot(tree), f.FormatFolder));
                        found = true;
                        taken++;
                        if (wantIds is not null && picked.Count == wantIds.Count) return picked;
                    }
                    if (!found) break;   // the end of the file
                }
                remaining -= taken;
            }
        }
        return picked;
    }

    /// <summary>Files up to this size are spread by line (read whole); larger ones by byte offset (only picked lines read).</summary>
    internal const long ReadWholeBelowBytes = 4 << 20;

    /// <summary>
    /// Where in [0, 1) of its share of the file a file's samples start: a stable hash of the file's source, split,
    /// type and format folders (not its name, whose <c>_N</c> changes with the record count), so a gallery of the same
    /// tree picks the same samples.
    /// </summary>
    internal static double Phase(QaFile f) =>
        (Spar.Determinism.Fnv1a64.Of(string.Join('/', f.Source, f.Split, f.TaskFolder, f.FormatFolder)) % 1_000_003) / 1_000_003.0;

    /// <summary>Lines of a file of <paramref name="size"/> bytes: its newlines, plus an unterminated last line.</summary>
    static long LineCount(string path, long size)
    {
        if (size == 0) return 0;
        long newlines = JsonlLineReader.CountLines(path, size);
        using var f = File.OpenRead(path);
        f.Position = size - 1;
        return f.ReadByte() == '\n' ? newlines : newlines + 1;
    }

    /// <summary>Where a picked line is: its line number when read from the top, else (-1) its byte offset, counted into a line number only for a message.</summary>
    readonly record struct RecordAt(long Line, long Offset)
    {
        public long LineIn(string file) => Line >= 0 ? Line : JsonlLineReader.CountLines(file, Offset) + 1;
    }

    static int CatalogOrder(string folder)
    {
        for (int i = 0; i < TaskCatalog.All.Count; i++) if (TaskCatalog.All[i].FolderName == folder) return i;
        return int.MaxValue;
    }

    static string H(string s) => WebUtility.HtmlEncode(s);

    internal static string Html(IReadOnlyList<GalleryEntry> entries)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>spar gallery</title>
            <style>
            body{font-family:"DejaVu Sans",sans-serif;margin:24px;background:#fafafa;color:#222}
            h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:36px}
            nav{display:flex;flex-wrap:wrap;gap:4px 14px}
            nav a{white-space:nowrap}
            .sample{display:flex;gap:20px;align-items:flex-start;background:#fff;border:1px solid #ddd;padding:12px;margin:12px 0}
            .sample img{width:60%;max-width:900px;height:auto;border:1px solid #eee}
            .text{flex:1;min-width:0}
            .meta{color:#666;font-size:13px}
            .q{white-space:pre-wrap;overflow-wrap:anywhere;margin:10px 0}
            .a{white-space:pre-wrap;overflow-wrap:anywhere;color:#05591e;font-weight:bold}
            .sample>a{flex:0 0 60%;max-width:900px}
            .sample img{width:100%}
            @media (max-width:760px){body{margin:10px}.sample{flex-direction:column;gap:8px}.sample>a{flex:none;width:100%;max-width:none}}
            </style></head><body>
            <h1>spar gallery</h1>
            """);
        var groups = entries.GroupBy(e => e.Type).ToList();
        sb.Append("<nav>");
        foreach (var g in groups) sb.Append($"<a href=\"#{H(g.Key)}\">{H(g.Key)} ({g.Count()})</a>");
        sb.Append("</nav>\n");
        foreach (var g in groups)
        {
            var level = TaskCatalog.TryGet(g.Key, out var info) ? $" <small>{info.Level}, {info.View}</small>" : "";
            sb.Append($"<h2 id=\"{H(g.Key)}\">{H(g.Key)}{level}</h2>\n");
            foreach (var e in g)
            {
                var src = e.SheetRelativePath.Replace(Path.DirectorySeparatorChar, '/');
                sb.Append($"<div class=\"sample\"><a href=\"{H(src)}\"><img loading=\"lazy\" src=\"{H(src)}\" alt=\"{H(e.Text.Id)}\"></a>")
                  .Append($"<div class=\"text\"><div class=\"meta\">{H(e.Text.Id)} · {H(e.Text.Format)}</div>")
                  .Append($"<div class=\"q\">{H(e.Text.Question)}</div><div class=\"a\">{H(e.Text.Answer)}</div></div></div>\n");
            }
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }
}
