using System.Globalization;
using System.Text.Json;
using Parquet;
using Spar.Dataset;
using Spar.Drawing;
using Spar.Util;

namespace Spar.Export.HuggingFace;

/// <summary>What <c>spar export ROOT --to hf</c> is asked for.</summary>
public sealed record HfExportOptions(string OutDir)
{
    /// <summary>Write the images' bytes into the parquet (<c>Sequence(Image)</c>); else the column holds paths relative to <see cref="OutDir"/>.</summary>
    public bool EmbedImages { get; init; }
    /// <summary>Draw the markers into copies of the images first (as <c>spar export --burn-markers</c>).</summary>
    public bool BurnMarkers { get; init; }
    /// <summary>One split (default: every split of the tree).</summary>
    public string? Split { get; init; }
    public IReadOnlyList<string>? Sources { get; init; }
    /// <summary>Rows per parquet file; 0 picks 100,000 (2,000 with embedded images, ~0.5–1 GB of SPAR's JPEGs).</summary>
    public int ShardRows { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    public PathRule Paths { get; init; } = new();
}

/// <summary>Rows and files of one config split: <c>data/&lt;source&gt;/&lt;split&gt;-NNNNN.parquet</c>.</summary>
public sealed record HfSplit(string Source, string Split, long Rows, long Bytes, IReadOnlyList<string> Files, IReadOnlyDictionary<string, long> RowsByType);

public sealed record HfExportSummary(IReadOnlyList<HfSplit> Splits, long Skipped, IReadOnlyList<string> Files)
{
    public long Rows => Splits.Sum(s => s.Rows);
}

/// <summary>
/// <c>spar export --to hf</c>: a folder <c>datasets.load_dataset(DIR)</c> loads. One config per source plus <c>all</c>
/// (the default), each split a set of parquet shards; the record type and answer format are columns, not configs (35 ×
/// 4 configs per source would make the Hub viewer and <c>load_dataset</c> calls unwieldy; filtering a column is one
/// line). Records stream through in tree order (sources, splits, files sorted), so output is byte-identical for the
/// same tree whatever the thread count; each shard is written under a temp name and renamed when complete.
/// </summary>
public static class HfExport
{
    const int RowGroupRows = 1000, RowGroupRowsWithImages = 64;

    public static HfExportSummary Run(SparTree tree, HfExportOptions options, Action<ExportIssue> report,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var files = tree.Select(options.Sources, options.Split is { } s ? [s] : null);
        var outDir = Path.GetFullPath(options.OutDir);
        Directory.CreateDirectory(outDir);
        var leftovers = StaleTemps.Clean(outDir, SearchOption.AllDirectories).Count;
        if (leftovers > 0) report(new ExportIssue(outDir, 0, false, $"removed {leftovers} temp file(s) an interrupted earlier run left"));
        var parquet = new HfParquet(options.EmbedImages);
        var burner = options.BurnMarkers ? new BurnedImages(outDir) : null;
        int shardRows = options.ShardRows > 0 ? options.ShardRows : options.EmbedImages ? 2000 : 100_000;
        int groupRows = Math.Min(shardRows, options.EmbedImages ? RowGroupRowsWithImages : RowGroupRows);
        var tracker = new ProgressTracker("export hf", "file", files.Count, progress);
        var splits = new List<HfSplit>();
        long skipped = 0;

        foreach (var group in files.GroupBy(f => (f.Source, f.Split)))
        {
            var (source, split) = group.Key;
            var shards = new ShardSet(outDir, source, split, parquet, shardRows);
            var pending = new List<(QaFile File, long Line, byte[] Json)>(groupRows);
            void Flush()
            {
                var rows = new HfRow?[pending.Count];
                var issues = new List<ExportIssue>?[pending.Count];
                var images = options.Paths.Root(tree.ImagesDir(source));
                Workers.For(pending.Count, options.Threads, cancel, i =>
                    rows[i] = Convert(pending[i].File, pending[i].Line, pending[i].Json, images, outDir, options.EmbedImages, burner, out issues[i]));
                burner?.EndBatch();
                var kept = new List<HfRow>(pending.Count);
                for (int i = 0; i < pending.Count; i++)
                {
                    foreach (var issue in issues[i] ?? []) report(issue);
                    if (rows[i] is { } row) kept.Add(row); else skipped++;
                }
                shards.Add(kept);
                pending.Clear();
            }
            foreach (var file in group)
            {
                using var reader = JsonlLineReader.Open(file.FullPath);
                while (reader.TryReadLine(out var line))
                {
                    if (line.Trim(" \t\r"u8).IsEmpty) continue;
                    pending.Add((file, reader.LineNumber, line.ToArray()));
                    if (pending.Count == groupRows) Flush();
                }
                tracker.Advance(1, new FileInfo(file.FullPath).Length);
            }
            if (pending.Count > 0) Flush();
            splits.Add(shards.Complete());
        }
        var card = DatasetCard.Write(outDir, splits, options);
        tracker.Done();
        return new HfExportSummary(splits, skipped, [.. splits.SelectMany(s => s.Files), card]);
    }

    static HfRow? Convert(QaFile file, long line, byte[] json, ContainedRoot images, string outDir, bool embed, BurnedImages? burner, out List<ExportIssue>? issues)
    {
        issues = null;
        QaRecord record;
        try { record = SparJson.ParseRecord(json); }
        catch (JsonException e)
        {
            issues = [new(file.FullPath, line, true, $"not a valid record: {JsonErrors.AtColumn(e)}")];
            return null;
        }
        try
        {
            if (record.Image.Count == 0) throw new SparException($"record {record.Id}: no images");
            if (record.Conversations.Count == 0) throw new SparException($"record {record.Id}: no conversations");
            var plan = burner != null ? MarkerPlanner.Plan(record) : null;
            var imgs = new HfImage[record.Image.Count];
            for (int k = 0; k < imgs.Length; k++)
            {
                var full = RecordImages.Existing(record, images, k);
                if (plan != null && plan.OnImage(k).Any()) full = Path.Combine(outDir, burner!.Ensure(record, plan, k, images));
                imgs[k] = embed
                    ? new HfImage(plan != null && plan.OnImage(k).Any() ? Path.GetFileName(full) : record.Image[k], File.ReadAllBytes(full))
                    : new HfImage(Path.GetRelativePath(outDir, full).Replace('\\', '/'), null);
            }
            double[][]?[] markers =
            [
                record.RedPoint, record.BluePoint, record.GreenPoint, record.RedBbox, record.BlueBbox, record.GreenBbox, record.YellowBbox,
                record.PointImgIdx, record.BboxImgIdx,
            ];
            return new HfRow(record.Id, file.Source, record.Type, file.FormatFolder, record.Conversations, imgs, record.Depth, markers, Extra(record));
        }
        catch (SparException e)
        {
            issues = [new(file.FullPath, line, true, e.Message)];
            return null;
        }
    }

    /// <summary>The fields without a column of their own, as one JSON object in record order; null when there are none.</summary>
    static string? Extra(QaRecord r)
    {
        if (r.PointList == null && r.BboxList == null && r.Extra is not { Count: > 0 }) return null;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (r.PointList != null) Lists3(w, "point_list", r.PointList);
            if (r.BboxList != null) Lists3(w, "bbox_list", r.BboxList);
            foreach (var (name, value) in r.Extra ?? [])
            {
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Lists3(Utf8JsonWriter w, string name, double[][][] lists)
    {
        w.WriteStartArray(name);
        foreach (var a in lists)
        {
            w.WriteStartArray();
            foreach (var b in a)
            {
                w.WriteStartArray();
                foreach (var v in b) w.WriteNumberValue(v);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    /// <summary>The shards of one source and split: a new file every <c>shardRows</c> rows, each renamed into place when complete.</summary>
    sealed class ShardSet(string outDir, string source, string split, HfParquet parquet, int shardRows)
    {
        readonly List<string> _files = [];
        readonly SortedDictionary<string, long> _byType = new(StringComparer.Ordinal);
        long _rows, _bytes, _rowsInShard;
        FileStream? _stream;
        ParquetWriter? _writer;
        string _tmp = "", _final = "";

        public void Add(List<HfRow> rows)
        {
            foreach (var r in rows) _byType[r.Type] = _byType.GetValueOrDefault(r.Type) + 1;
            int at = 0;
            while (at < rows.Count)
            {
                if (_writer == null) Open();
                int take = (int)Math.Min(rows.Count - at, shardRows - _rowsInShard);
                parquet.WriteGroupAsync(_writer!, rows.GetRange(at, take)).GetAwaiter().GetResult();
                at += take;
                _rowsInShard += take;
                _rows += take;
                if (_rowsInShard == shardRows) Close();
            }
        }

        void Open()
        {
            var dir = Path.Combine(outDir, "data", source);
            Directory.CreateDirectory(dir);
            _final = Path.Combine(dir, $"{split}-{_files.Count.ToString("D5", CultureInfo.InvariantCulture)}.parquet");
            _tmp = Path.Combine(dir, StaleTemps.NameFor(Path.GetFileName(_final)));
            _stream = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            _writer = parquet.CreateWriterAsync(_stream).GetAwaiter().GetResult();
            _rowsInShard = 0;
        }

        void Close()
        {
            _writer!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream!.Dispose();
            _bytes += new FileInfo(_tmp).Length;
            File.Move(_tmp, _final, overwrite: true);
            _files.Add(_final);
            _writer = null;
            _stream = null;
        }

        public HfSplit Complete()
        {
            if (_writer == null && _files.Count == 0) Open(); // an empty split still gets a (row-less) file, so its config loads
            if (_writer != null) Close();
            // Shards of an earlier, larger export of this split would be read as part of it: remove them.
            for (int n = _files.Count; ; n++)
            {
                var stale = Path.Combine(outDir, "data", source, $"{split}-{n.ToString("D5", CultureInfo.InvariantCulture)}.parquet");
                if (!File.Exists(stale)) break;
                File.Delete(stale);
            }
            return new HfSplit(source, split, _rows, _bytes, _files, _byType);
        }
    }
}
