using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Parquet;
using Spar.Bench.Data;
using Spar.PythonCompat;
using Spar.Util;

namespace Spar.Dataset.Hub;

public sealed record Spar7mImportOptions(string ParquetPath, string OutRoot)
{
    /// <summary>Escape non-ASCII as <c>\uXXXX</c> (Python's json.dumps default) instead of keeping UTF-8.</summary>
    public bool EnsureAscii { get; init; }

    public CancellationToken Cancel { get; init; }
}

/// <summary>A parquet row that could not become a record: the file, its 0-based row index, its id if it has one, and why.</summary>
public sealed record BadRow(string File, long Row, string? Id, string Reason)
{
    public override string ToString() => $"{File}: row {Row}{(string.IsNullOrEmpty(Id) ? "" : $" (id {Id})")}: {Reason}";
}

public sealed record ImportedFile(string RelativePath, long Records);

public sealed record Spar7mImportReport(long Rows, long Records, long BadRows, IReadOnlyList<ImportedFile> Files, IReadOnlyList<string> Notes);

/// <summary>
/// <c>spar import spar7m</c>: the Hub parquet form of SPAR-7M (one row per record, sources.md §1.2) into the official
/// jsonl tree, <c>&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/&lt;format&gt;_&lt;N&gt;.jsonl</c>, each line laid out
/// as the release writes it (<see cref="HubRecordLine"/>). One row group is in memory at a time; the streams are written
/// into a hidden folder under the output root and moved into place only when the whole file has been read, so a failed
/// or stopped run leaves no half tree (and its rerun removes what a killed one left).
/// </summary>
public static partial class Spar7mParquetImporter
{
    const string TempName = "spar7m-import";

    public static Spar7mImportReport Run(Spar7mImportOptions options, Action<BadRow> onBadRow, IProgress<WorkProgress>? progress = null)
    {
        var path = options.ParquetPath;
        if (Directory.Exists(path)) throw new SparException($"{path}: is a directory; pass the parquet file (spar-dataset-train.parquet)");
        if (!File.Exists(path)) throw new SparException($"{path}: file not found");
        var outRoot = Path.GetFullPath(options.OutRoot);
        if (File.Exists(outRoot)) throw new SparException($"{options.OutRoot}: is a file; --out is the folder the tree is written into");
        SparTree.RequireWriteRoot(options.OutRoot, "--out");
        Directory.CreateDirectory(outRoot);
        using var runLock = OutputLock.Acquire(OutputLock.PathIn(outRoot, TempName), $"import spar7m --out {options.OutRoot}");
        StaleTemps.Clean(outRoot);
        RefuseExistingTree(outRoot, options.OutRoot);

        ParquetReader reader;
        try { reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult(); }
        catch (Exception e) when (ParquetBenchReader.IsDamage(e)) { throw ParquetBenchReader.Unreadable(path, null, e); }
        var temp = Path.Combine(outRoot, StaleTemps.NameFor(TempName));
        using var pages = Utf8ChunkReader.Open(path);
        var streams = new StreamSet(temp, options.EnsureAscii);
        try
        {
            HubColumns columns;
            try { columns = HubColumns.Resolve(reader.Schema, path); }
            catch (Exception e) when (ParquetBenchReader.IsDamage(e)) { throw ParquetBenchReader.Unreadable(path, null, e); }
            Directory.CreateDirectory(temp);
            var converter = new GroupConverter(columns, path, streams, onBadRow, options.EnsureAscii, pages);
            long total = reader.Metadata?.NumRows ?? 0;
            var tracker = new ProgressTracker("import spar7m", "rows", total, progress);
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                options.Cancel.ThrowIfCancellationRequested();
                int rows;
                try { rows = converter.ConvertAsync(reader.OpenRowGroupReader(g)).AsTask().GetAwaiter().GetResult(); }
                catch (Exception e) when (ParquetBenchReader.IsDamage(e)) { throw ParquetBenchReader.Unreadable(path, g, e); }
                tracker.Advance(rows);
            }
            tracker.Done();
            var files = streams.Publish(outRoot);
            var notes = columns.Notes.Concat(converter.Notes()).ToList();
            return new Spar7mImportReport(converter.Rows, converter.Records, converter.BadRows, files, notes);
        }
        finally
        {
            streams.Abandon();
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // a rerun removes it (StaleTemps)
        }
    }

    /// <summary>The import never mixes its records into a tree that already has annotation files, nor replaces one.</summary>
    static void RefuseExistingTree(string outRoot, string shown)
    {
        foreach (var source in Directory.EnumerateDirectories(outRoot).Order(StringComparer.Ordinal))
        {
            var qa = Path.Combine(source, SparTree.QaFolder);
            if (!Directory.Exists(qa)) continue;
            var existing = Directory.EnumerateFiles(qa, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
            if (existing is not null)
                throw new SparException($"{shown}: already holds annotation files ({existing}); import into an empty folder, or move that tree away first");
        }
    }

    /// <summary>
    /// Where the records go: one temp file per (source, split, task folder, format), renamed to its official name at the
    /// end. Lines are appended to each stream's pending buffer; <see cref="Flush"/> hands the filled buffers to the
    /// <see cref="LineWriter"/>, which writes them on its own thread while the next rows are converted.
    /// </summary>
    sealed class StreamSet(string temp, bool ensureAscii)
    {
        /// <summary>Pending bytes at which the buffers go to the writer: large writes, and memory that does not grow with the file.</summary>
        public const int FlushBytes = 4 << 20;

        readonly Dictionary<string, Stream> _byKey = new(StringComparer.Ordinal);
        readonly List<Stream> _all = [];
        readonly LineWriter _writer = new(ensureAscii);

        public sealed class Stream(string source, string split, string folder, string format, string tempPath, PyJsonBuffer pending)
        {
            public string Source { get; } = source;
            public string Split { get; } = split;
            public string Folder { get; } = folder;
            public string Format { get; } = format;
            public string TempPath { get; } = tempPath;
            public FileStream? File { get; set; }
            public long Lines { get; set; }
            public PyJsonBuffer Pending { get; set; } = pending;
        }

        readonly Dictionary<(string, string, string, string), Stream> _byNames = new(NamesComparer.Instance);

        /// <summary>The stream of a record's names as shared strings (Utf8Names): found by reference, no key built per row.</summary>
        public Stream ForRecord(string source, string split, string type, string format)
        {
            if (_byNames.TryGetValue((source, split, type, format), out var s)) return s;
            s = Get(source, split, SparTree.TaskFolderOf(type), format);
            if (_byNames.Count < 1 << 16) _byNames[(source, split, type, format)] = s;
            return s;
        }

        sealed class NamesComparer : IEqualityComparer<(string, string, string, string)>
        {
            public static readonly NamesComparer Instance = new();

            public bool Equals((string, string, string, string) a, (string, string, string, string) b) =>
                ReferenceEquals(a.Item1, b.Item1) && ReferenceEquals(a.Item2, b.Item2) && ReferenceEquals(a.Item3, b.Item3) && ReferenceEquals(a.Item4, b.Item4);

            public int GetHashCode((string, string, string, string) k) =>
                HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item2),
                    System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item3), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Item4));
        }

        public Stream Get(string source, string split, string folder, string format)
        {
            var key = string.Join('\0', source, split, folder, format);
            if (_byKey.TryGetValue(key, out var s)) return s;
            s = new Stream(source, split, folder, format, Path.Combine(temp, $"{_all.Count}.jsonl"), _writer.Rent());
            s.File = new FileStream(s.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            _byKey[key] = s;
            _all.Add(s);
            return s;
        }

        /// <summary>Sends every stream's pending lines to the writer (in stream order; each file's lines stay in order).</summary>
        public void Flush()
        {
            var batch = new List<(FileStream, PyJsonBuffer)>();
            foreach (var s in _all)
            {
                if (s.Pending.Length == 0) continue;
                batch.Add((s.File!, s.Pending));
                s.Pending = _writer.Rent();
            }
            if (batch.Count > 0) _writer.Send(batch);
        }

        /// <summary>Closes every stream and moves each into the tree under its official name; refuses before moving any if one is taken.</summary>
        public IReadOnlyList<ImportedFile> Publish(string outRoot)
        {
            Flush();
            _writer.Finish();
            foreach (var s in _all) { s.File!.Dispose(); s.File = null; }
            var plan = _all.Select(s =>
            {
                var folder = SparTree.StreamFolder(outRoot, s.Source, s.Split, s.Folder, s.Format);
                return (Stream: s, Folder: folder, Target: Path.Combine(folder, SparTree.AnnotationFileName(s.Format, s.Lines)));
            }).OrderBy(p => p.Target, StringComparer.Ordinal).ToList();
            foreach (var p in plan)
                if (Directory.Exists(p.Folder) && Directory.EnumerateFiles(p.Folder, "*.jsonl").FirstOrDefault() is { } taken)
                    throw new SparException($"{taken}: appeared while importing; nothing was written (rerun into an empty folder)");
            var files = new List<ImportedFile>();
            foreach (var p in plan)
            {
                Directory.CreateDirectory(p.Folder);
                File.Move(p.Stream.TempPath, p.Target);
                files.Add(new ImportedFile(Path.GetRelativePath(outRoot, p.Target), p.Stream.Lines));
            }
            _all.Clear();
            return files;
        }

        public void Abandon()
        {
            _writer.Stop();
            foreach (var s in _all) AtomicFile.Abandon(s.File, s.TempPath);
            _all.Clear();
        }
    }

    /// <summary>
    /// Writes batches of pending lines on a thread of its own, so the kernel's copying of the output overlaps the
    /// conversion of the next rows (on this 2-core machine the copy alone is a third of the CPU time). At most one
    /// batch waits while one is written: memory stays at a few <see cref="StreamSet.FlushBytes"/>. A write error is
    /// rethrown to the converting thread at its next hand-off or at <see cref="Finish"/>.
    /// </summary>
    sealed class LineWriter
    {
        readonly System.Collections.Concurrent.BlockingCollection<List<(FileStream File, PyJsonBuffer Lines)>> _queue = new(boundedCapacity: 1);
        readonly System.Collections.Concurrent.ConcurrentBag<PyJsonBuffer> _free = [];
        readonly bool _ensureAscii;
        readonly Thread _thread;
        volatile Exception? _error;

        public LineWriter(bool ensureAscii)
        {
            _ensureAscii = ensureAscii;
            _thread = new Thread(Run) { IsBackground = true, Name = "import spar7m writer" };
            _thread.Start();
        }

        public PyJsonBuffer Rent()
        {
            if (_free.TryTake(out var b)) return b;
            return new PyJsonBuffer(1 << 16) { EnsureAscii = _ensureAscii };
        }

        public void Send(List<(FileStream, PyJsonBuffer)> batch)
        {
            if (_error is { } e) Rethrow(e);
            _queue.Add(batch);
        }

        public void Finish()
        {
            _queue.CompleteAdding();
            _thread.Join();
            if (_error is { } e) Rethrow(e);
        }

        /// <summary>Ends the thread after what it holds (a failed run); errors are not reported twice.</summary>
        public void Stop()
        {
            if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
            _thread.Join();
        }

        void Run()
        {
            foreach (var batch in _queue.GetConsumingEnumerable())
            {
                foreach (var (file, lines) in batch)
                {
                    if (_error is null)
                    {
                        try { file.Write(lines.Span); }
                        catch (Exception e) { _error = e; } // kept for the converting thread; later batches are dropped
                    }
                    lines.Clear();
                    _free.Add(lines);
                }
            }
        }

        static void Rethrow(Exception e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }

    /// <summary>
    /// Turns the rows of one row group into record lines and routes each to its stream. Text stays UTF-8 from the file to
    /// the line (<see cref="PyJsonBuffer.Utf8String"/>); the few values that name folders (type, format, split, source)
    /// become .NET strings through <see cref="Utf8Names"/>, once per distinct value, not once per row.
    /// </summary>
    sealed class GroupConverter(HubColumns c, string path, StreamSet streams, Action<BadRow> onBadRow, bool ensureAscii, Utf8ChunkReader pages)
    {
        readonly Dictionary<string, long> _unknownTypes = new(StringComparer.Ordinal);
        readonly Dictionary<string, long> _sourceFrom = new(StringComparer.Ordinal);
        readonly Utf8Names _names = new();
        // Keys are written as the same bytes on every row: escaped once (the names may be anything a column is called).
        readonly byte[][] _markerKeys = c.Markers.Select(m => new PyJsonBuffer { EnsureAscii = ensureAscii }.KeyBytes(m.Name)).ToArray();
        readonly byte[][] _unknownKeys = c.Unknown.Select(u => new PyJsonBuffer { EnsureAscii = ensureAscii }.KeyBytes(u.Name)).ToArray();
        readonly FlatText _ids = new(c.Id), _types = new(c.Type), _formats = new(c.Format);
        readonly FlatText? _splits = c.Split is null ? null : new(c.Split), _sources = c.Source is null ? null : new(c.Source);
        readonly FlatText? _questions = c.Question is null ? null : new(c.Question), _answers = c.Answer is null ? null : new(c.Answer);
        long _prefixed;
        long _rowBase;
        long _pending;

        public long Rows => _rowBase;
        public long Records { get; private set; }
        public long BadRows { get; private set; }

        public async ValueTask<int> ConvertAsync(ParquetRowGroupReader group)
        {
            int rows = checked((int)group.RowCount);
            await _ids.ReadAsync(group, rows, pages);
            await _types.ReadAsync(group, rows, pages);
            await _formats.ReadAsync(group, rows, pages);
            if (_splits is not null) await _splits.ReadAsync(group, rows, pages);
            if (_sources is not null) await _sources.ReadAsync(group, rows, pages);
            if (_questions is not null) await _questions.ReadAsync(group, rows, pages);
            if (_answers is not null) await _answers.ReadAsync(group, rows, pages);
            var conversations = c.Conversations is null ? null : await c.Conversations.ReadAsync(group, rows, false, ensureAscii, pages);
            var images = await c.Image.ReadAsync(group, rows, false, ensureAscii, pages, StripPrefix);
            var depths = c.Depth is null ? null : await c.Depth.ReadAsync(group, rows, false, ensureAscii, pages, StripPrefix);
            var markers = new RowFragments[c.Markers.Count];
            for (int m = 0; m < markers.Length; m++) markers[m] = await c.Markers[m].ReadAsync(group, rows, true, ensureAscii, pages);
            var unknown = new RowFragments[c.Unknown.Count];
            for (int u = 0; u < unknown.Length; u++) unknown[u] = await c.Unknown[u].ReadAsync(group, rows, false, ensureAscii, pages);
            WriteRows(rows, conversations, images, depths, markers, unknown);
            _rowBase += rows;
            return rows;
        }

        // The per-value and per-row methods of the import are compiled fully optimized at once, skipping tiered
        // compilation's instrumented (PGO) tier: a 1M-row import spent about a fifth of its CPU in that tier's counting
        // code before the methods were recompiled (CPU 2.0 vs 2.3-2.4 s, alternating runs; bench/README.md). These few
        // methods are JIT-compiled at first call instead of taken from the ReadyToRun image.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void WriteRows(int rows, RowFragments? conversations, RowFragments images, RowFragments? depths, RowFragments[] markers, RowFragments[] unknown)
        {
            var ids = _ids; var types = _types; var formats = _formats; var splits = _splits; var sources = _sources;
            var questions = _questions; var answers = _answers;
            for (int r = 0; r < rows; r++)
            {
                long rowIndex = _rowBase + r;
                void Bad(string reason)
                {
                    BadRows++;
                    onBadRow(new BadRow(path, rowIndex, ids.Text(r), reason));
                }
                if (!ids.Has(r) || ids.Get(r).IsEmpty) { Bad("no id"); continue; }
                var id = ids.Get(r);
                string? type = types.Name(r, _names);
                if (type is null || !SparTree.IsSafeSegment(type)) { Bad(type is null ? $"no {c.Type.Name}" : $"{c.Type.Name} '{type}' cannot be a folder name"); continue; }
                string? format = formats.Name(r, _names);
                if (format is null || !SparTree.IsSafeSegment(format)) { Bad(format is null ? $"no {c.Format.Name}" : $"{c.Format.Name} '{format}' cannot be a folder name"); continue; }
                string split = "train";
                if (splits is not null)
                {
                    string? s = splits.Name(r, _names);
                    if (s is null || !SparTree.IsSafeSegment(s)) { Bad(s is null ? "no split" : $"split '{s}' cannot be a folder name"); continue; }
                    split = s;
                }
                if (conversations is not null ? conversations.IsNull(r) : !questions!.Has(r) || !answers!.Has(r))
                {
                    Bad(conversations is not null ? "no conversations" : !questions!.Has(r) ? "no question" : "no answer");
                    continue;
                }
                if (images.IsNull(r) || !images.HasFirst(r)) { Bad(images.IsNull(r) ? "no image list" : "empty image list"); continue; }
                var source = SourceOf(sources, r, images.FirstString(r), id, out var from);
                if (source is null) { Bad("cannot tell the source (no source column, no spar/<source>/images/ prefix, an id of no known scene pattern)"); continue; }
                if (!SparTree.IsSafeSegment(source)) { Bad($"source '{source}' cannot be a folder name"); continue; }
                _sourceFrom[from] = _sourceFrom.GetValueOrDefault(from) + 1;

                if (!Catalog.TaskCatalog.TryGet(type, out _)) _unknownTypes[type] = _unknownTypes.GetValueOrDefault(type) + 1;
                var stream = streams.ForRecord(source, split, type, format);

                var line = stream.Pending; // the line is built where it waits to be written: no copy
                int lineStart = line.Length;
                line.Byte((byte)'{');
                line.Raw("\"id\": "u8);
                line.Utf8String(id);
                line.Comma();
                line.Raw("\"conversations\": "u8);
                if (conversations is not null) line.Raw(conversations.Get(r));
                else HubRecordLine.Turns(line, questions!.Get(r), answers!.Get(r));
                line.Comma();
                line.Raw("\"image\": "u8);
                HubRecordLine.PathList(line, images.Get(r), c.Image.ListDepth == 0);
                line.Comma();
                line.Raw("\"type\": "u8);
                line.Utf8String(types.Get(r));
                if (depths is not null && !depths.IsNull(r))
                {
                    line.Comma();
                    line.Raw("\"depth\": "u8);
                    HubRecordLine.PathList(line, depths.Get(r), c.Depth!.ListDepth == 0);
                }
                for (int m = 0; m < markers.Length; m++) HubRecordLine.Field(line, _markerKeys[m], markers[m], r);
                for (int u = 0; u < unknown.Length; u++) HubRecordLine.Field(line, _unknownKeys[u], unknown[u], r);
                line.Byte((byte)'}');
                line.Byte((byte)'\n');
                stream.Lines++;
                Records++;
                _pending += line.Length - lineStart;
                if (_pending >= StreamSet.FlushBytes)
                {
                    streams.Flush();
                    _pending = 0;
                }
            }
        }

        int StripPrefix(ReadOnlySpan<byte> p)
        {
            int cut = HubRecordLine.PrefixLength(p, out _);
            if (cut > 0) _prefixed++;
            return cut;
        }

        string? SourceOf(FlatText? column, int row, ReadOnlySpan<byte> firstImage, ReadOnlySpan<byte> id, out string from)
        {
            if (column is not null && column.Has(row) && !column.Get(row).IsEmpty) { from = "the source column"; return column.Name(row, _names); }
            if (HubRecordLine.PrefixLength(firstImage, out var prefixed) > 0) { from = "the image path prefix"; return HubRecordLine.OfficialName(prefixed) ?? _names.Get(prefixed); }
            from = "the record id";
            Span<char> buffer = stackalloc char[128];
            var text = id.Length <= buffer.Length / 3 ? buffer[..System.Text.Encoding.UTF8.GetChars(id, buffer)] : System.Text.Encoding.UTF8.GetString(id).AsSpan();
            if (ScanNetId().IsMatch(text)) return "scannet";
            if (ScanNetPpId().IsMatch(text)) return "scannetpp";
            if (Structured3dId().IsMatch(text)) return "structured3d";
            return null;
        }

        public IEnumerable<string> Notes()
        {
            if (_prefixed > 0)
                yield return $"{_prefixed:N0} image/depth paths began with <source>/images/ or spar/<source>/images/: the prefix was removed (the release's paths are relative to <source>/images)";
            if (_sourceFrom.Count > 1 || _sourceFrom.ContainsKey("the record id"))
                yield return "source taken from " + string.Join(", ", _sourceFrom.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} ({k.Value:N0} rows)"));
            foreach (var (type, n) in _unknownTypes.OrderBy(k => k.Key, StringComparer.Ordinal))
                yield return $"{n:N0} records of type '{type}', which is not one of SPAR-7M's 35: written under {type}/";
        }
    }

    [GeneratedRegex(@"^scene\d{4}_\d{2}_\d+$")] private static partial Regex ScanNetId();
    [GeneratedRegex(@"^[0-9a-f]{10}_\d+$")] private static partial Regex ScanNetPpId();
    [GeneratedRegex(@"^scene_\d{5}_\d+$")] private static partial Regex Structured3dId();
}
