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

    /// <summary>Threads converting rows into lines (two more read the parquet, one when this is 1; the caller's thread writes); the bytes written do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Rows converted as one unit of work; internal so tests can cut small files into many slices.</summary>
    internal int SliceRows { get; init; } = 4096;
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
/// as the release writes it (<see cref="HubRecordLine"/>). Two row groups are in memory at a time (<see cref="Pipeline"/>); the streams are written
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
        if (options.Threads < 1) throw new SparException($"--threads must be at least 1, not {options.Threads}");
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
        var streams = new StreamSet(temp);
        Pipeline? pipeline = null;
        try
        {
            HubColumns columns;
            try { columns = HubColumns.Resolve(reader.Schema, path); }
            catch (Exception e) when (ParquetBenchReader.IsDamage(e)) { throw ParquetBenchReader.Unreadable(path, null, e); }
            Directory.CreateDirectory(temp);
            long total = reader.Metadata?.NumRows ?? 0;
            var tracker = new ProgressTracker("import spar7m", "rows", total, progress);
            pipeline = new Pipeline(options, new GroupReader(reader, pages), columns, streams);
            pipeline.Run(onBadRow, tracker);
            tracker.Done();
            var files = streams.Publish(outRoot);
            var notes = columns.Notes.Concat(pipeline.Notes()).ToList();
            return new Spar7mImportReport(pipeline.Rows, pipeline.Records, pipeline.BadRows, files, notes);
        }
        finally
        {
            pipeline?.Stop();
            pipeline?.Dispose();
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
    /// end. Streams are made by the converting threads as they meet new names (under a lock; the temp names follow the
    /// order they were met in, which may differ from run to run, and nothing but the temp name depends on it); their
    /// lines are counted and written by the writing thread only, in row order.
    /// </summary>
    sealed class StreamSet(string temp)
    {
        readonly Dictionary<string, Stream> _byKey = new(StringComparer.Ordinal);
        readonly List<Stream> _all = [];
        readonly Lock _gate = new();

        public sealed class Stream(string source, string split, string folder, string format, string tempPath)
        {
            public string Source { get; } = source;
            public string Split { get; } = split;
            public string Folder { get; } = folder;
            public string Format { get; } = format;
            public string TempPath { get; } = tempPath;
            public FileStream? File { get; set; }
            public long Lines { get; set; }
        }

        public Stream Get(string source, string split, string folder, string format)
        {
            var key = string.Join('\0', source, split, folder, format);
            lock (_gate)
            {
                if (_byKey.TryGetValue(key, out var s)) return s;
                s = new Stream(source, split, folder, format, Path.Combine(temp, $"{_all.Count}.jsonl"));
                // Unbuffered: the writer hands over whole slices' lines (tens of KB per stream), which a FileStream buffer
                // would only copy once more.
                s.File = new FileStream(s.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                _byKey[key] = s;
                _all.Add(s);
                return s;
            }
        }

        /// <summary>Closes every stream and moves each into the tree under its official name; refuses before moving any if one is taken.</summary>
        public IReadOnlyList<ImportedFile> Publish(string outRoot)
        {
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
            foreach (var s in _all) AtomicFile.Abandon(s.File, s.TempPath);
            _all.Clear();
        }
    }

    /// <summary>
    /// One row group's columns, decoded: the readers of one <see cref="HubColumns"/> (each column keeps its buffers and
    /// reuses them group after group) and the folder-naming values of every row as shared strings. Two of these take
    /// turns (<see cref="Pipeline"/>): one is read while the rows of the other are converted. Once decoded it is only read.
    /// </summary>
    sealed class GroupColumns(HubColumns c, bool ensureAscii)
    {
        public HubColumns C { get; } = c;
        public readonly FlatText Ids = new(c.Id), Types = new(c.Type), Formats = new(c.Format);
        public readonly FlatText? Splits = c.Split is null ? null : new(c.Split), Sources = c.Source is null ? null : new(c.Source);
        public readonly FlatText? Questions = c.Question is null ? null : new(c.Question), Answers = c.Answer is null ? null : new(c.Answer);
        public RowFragments? Conversations, Depths;
        public RowFragments Images = null!;
        public readonly RowFragments[] Markers = new RowFragments[c.Markers.Count], Unknown = new RowFragments[c.Unknown.Count];
        public string?[] TypeNames = [], FormatNames = [], SplitNames = [], SourceNames = [];
        public int Rows;
        public long RowBase;

        /// <summary>Slices of this group not yet converted, and whether it holds a group (both under the pipeline's lock).</summary>
        public int Unconverted;
        public bool InUse;

        public async ValueTask DecodeAsync(ParquetRowGroupReader group, int rows, Utf8ChunkReader pages, Utf8Names names, PrefixCut strip)
        {
            Rows = rows;
            await Ids.ReadAsync(group, rows, pages);
            await Types.ReadAsync(group, rows, pages);
            await Formats.ReadAsync(group, rows, pages);
            if (Splits is not null) await Splits.ReadAsync(group, rows, pages);
            if (Sources is not null) await Sources.ReadAsync(group, rows, pages);
            if (Questions is not null) await Questions.ReadAsync(group, rows, pages);
            if (Answers is not null) await Answers.ReadAsync(group, rows, pages);
            Conversations = C.Conversations is null ? null : await C.Conversations.ReadAsync(group, rows, false, ensureAscii, pages);
            Images = await C.Image.ReadAsync(group, rows, false, ensureAscii, pages, strip);
            Depths = C.Depth is null ? null : await C.Depth.ReadAsync(group, rows, false, ensureAscii, pages, strip);
            for (int m = 0; m < Markers.Length; m++) Markers[m] = await C.Markers[m].ReadAsync(group, rows, true, ensureAscii, pages);
            for (int u = 0; u < Unknown.Length; u++) Unknown[u] = await C.Unknown[u].ReadAsync(group, rows, false, ensureAscii, pages);
            Types.Names(rows, names, ref TypeNames);
            Formats.Names(rows, names, ref FormatNames);
            Splits?.Names(rows, names, ref SplitNames);
            Sources?.Names(rows, names, ref SourceNames);
        }
    }

    /// <summary>
    /// The conversion, on several threads, with the same bytes whatever their number. Reader threads (two, one with
    /// <c>--threads 1</c>) read the row groups (parquet pages, decompression, levels: <see cref="GroupColumns.DecodeAsync"/>),
    /// even groups into one column set and odd ones into the other, and hand each group over cut into slices of
    /// <see cref="Spar7mImportOptions.SliceRows"/> rows, strictly in group order; <see cref="Spar7mImportOptions.Threads"/>
    /// threads turn slices into record lines, each slice into buffers of its own; the calling thread writes the slices'
    /// lines strictly in slice order (so every file's lines are in row order), reports their bad rows in that order,
    /// counts lines and gives the buffers back. Reading is a third of the work (snappy, levels, list assembly), so one
    /// reader would be the slowest stage on two cores. Memory stays flat in file size: two row groups' columns and at
    /// most <see cref="_window"/> converted slices waiting to be written. A row group that cannot be read fails the run
    /// when the writer reaches it, so the error named is that of the first damaged group, as it was with one thread.
    /// </summary>
    sealed class Pipeline
    {
        sealed class Slice(GroupColumns? set, int group, int from, int to, bool lastOfGroup, Exception? decodeError)
        {
            public readonly GroupColumns? Set = set;
            public readonly int Group = group, From = from, To = to;
            public readonly bool LastOfGroup = lastOfGroup;
            public readonly Exception? DecodeError = decodeError;
            public SliceOutput? Output;
            public Exception? Error;
            public bool Done;
        }

        readonly Spar7mImportOptions _options;
        readonly GroupReader[] _readers;
        readonly int _groups;
        readonly GroupColumns[] _sets;
        readonly Converter[] _converters;
        readonly Thread[] _threads;
        readonly object _gate = new(); // Monitor.Wait/PulseAll: the threads sleep in the kernel while they wait, they do not spin
        readonly List<Slice> _slices = [];
        readonly int _window;
        readonly BufferPool _pool;
        int _taken, _written, _published;
        long _publishedRows;
        bool _decoded, _stop, _started;

        public long Rows { get; private set; }
        public long Records { get; private set; }
        public long BadRows { get; private set; }

        public Pipeline(Spar7mImportOptions options, GroupReader first, HubColumns columns, StreamSet streams)
        {
            _options = options;
            _groups = first.Parquet.RowGroupCount;
            if (options.Threads > 1 && _groups > 1)
            {
                // A second reader of its own (file handle, page buffers): parquet readers are not shared between threads.
                GroupReader second;
                try { second = new GroupReader(ParquetReader.CreateAsync(options.ParquetPath).GetAwaiter().GetResult(), Utf8ChunkReader.Open(options.ParquetPath)); }
                catch (Exception e) when (ParquetBenchReader.IsDamage(e)) { throw ParquetBenchReader.Unreadable(options.ParquetPath, null, e); }
                _readers = [first, second];
            }
            else _readers = [first];
            // Set 1 belongs to the last reader: its columns are resolved from that reader's own schema.
            HubColumns columns1;
            try { columns1 = HubColumns.Resolve(_readers[^1].Parquet.Schema, options.ParquetPath); }
            catch (Exception e)
            {
                Dispose(); // the caller never gets this pipeline to dispose
                if (ParquetBenchReader.IsDamage(e)) throw ParquetBenchReader.Unreadable(options.ParquetPath, null, e);
                throw;
            }
            _sets = [new GroupColumns(columns, options.EnsureAscii), new GroupColumns(columns1, options.EnsureAscii)];
            if (_groups == 0) _decoded = true;
            _pool = new BufferPool(options.EnsureAscii);
            // Converted slices waiting to be written: enough that no converter waits for a slow write, few enough that
            // memory is a few slices' lines (a slice of the release's records is ~2.7 MB of jsonl).
            _window = 2 * options.Threads + 2;
            var keys = new PyJsonBuffer { EnsureAscii = options.EnsureAscii };
            byte[][] markerKeys = columns.Markers.Select(m => keys.KeyBytes(m.Name)).ToArray();
            byte[][] unknownKeys = columns.Unknown.Select(u => keys.KeyBytes(u.Name)).ToArray();
            _converters = Enumerable.Range(0, options.Threads).Select(_ => new Converter(options.ParquetPath, streams, _pool, markerKeys, unknownKeys)).ToArray();
            _threads = [
                .. _readers.Select((r, i) => new Thread(() => Decode(i)) { IsBackground = true, Name = $"import spar7m reader {i}" }),
                .. _converters.Select((c, i) => new Thread(() => Convert(c)) { IsBackground = true, Name = $"import spar7m converter {i}" }),
            ];
        }

        /// <summary>Writes every slice in order on the calling thread; returns when all are written, throws the first failure.</summary>
        public void Run(Action<BadRow> onBadRow, ProgressTracker tracker)
        {
            var cancel = _options.Cancel;
            using var wake = cancel.Register(() => { lock (_gate) { Monitor.PulseAll(_gate); } });
            _started = true;
            foreach (var t in _threads) t.Start();
            long groupRows = 0;
            for (int k = 0; ; k++)
            {
                Slice s;
                lock (_gate)
                {
                    while (!cancel.IsCancellationRequested && !(k < _slices.Count && (_slices[k].Done || _slices[k].DecodeError is not null)) && !(_decoded && k >= _slices.Count))
                        Monitor.Wait(_gate);
                    cancel.ThrowIfCancellationRequested();
                    if (k >= _slices.Count) break; // all read, all written
                    s = _slices[k];
                }
                if (s.DecodeError is { } de)
                {
                    if (ParquetBenchReader.IsDamage(de)) throw ParquetBenchReader.Unreadable(_options.ParquetPath, s.Group, de);
                    Rethrow(de);
                }
                if (s.Error is { } ce) Rethrow(ce);
                var output = s.Output!;
                foreach (var (stream, lines, count) in output.Parts)
                {
                    stream.File!.Write(lines.Span);
                    stream.Lines += count;
                    _pool.Return(lines);
                }
                foreach (var bad in output.Bad) onBadRow(bad);
                Records += output.Records;
                BadRows += output.Bad.Count;
                groupRows += s.To - s.From;
                s.Output = null;
                if (s.LastOfGroup)
                {
                    Rows += groupRows;
                    tracker.Advance(groupRows);
                    groupRows = 0;
                }
                lock (_gate)
                {
                    _written = k + 1;
                    Monitor.PulseAll(_gate);
                }
            }
            foreach (var t in _threads) t.Join();
        }

        /// <summary>Ends the threads (after a failure, or after <see cref="Run"/>): they stop at their next wait.</summary>
        public void Stop()
        {
            lock (_gate)
            {
                _stop = true;
                Monitor.PulseAll(_gate);
            }
            if (_started) foreach (var t in _threads) t.Join();
        }

        /// <summary>Reader <paramref name="r"/>: the groups of its column sets (every group with one reader, every other with two).</summary>
        void Decode(int r)
        {
            var reader = _readers[r];
            for (int g = r; g < _groups; g += _readers.Length)
            {
                var set = _sets[g % _sets.Length];
                lock (_gate)
                {
                    while (!_stop && !_decoded && set.InUse) Monitor.Wait(_gate);
                    if (_stop || _decoded) return; // _decoded before the end: another group failed
                    set.InUse = true;
                }
                Exception? error = null;
                try
                {
                    var group = reader.Parquet.OpenRowGroupReader(g);
                    set.DecodeAsync(group, checked((int)group.RowCount), reader.Pages, reader.Names, reader.StripPrefix).AsTask().GetAwaiter().GetResult();
                }
                catch (Exception e) { error = e; }
                lock (_gate)
                {
                    // Groups are handed over in order, whichever reader finished first.
                    while (!_stop && !_decoded && _published != g) Monitor.Wait(_gate);
                    if (_stop || _decoded) return;
                    if (error is not null)
                    {
                        _slices.Add(new Slice(null, g, 0, 0, true, error)); // the writer fails the run when it reaches it
                        _decoded = true; // no group after it is handed over; those before it are still written
                        Monitor.PulseAll(_gate);
                        return;
                    }
                    set.RowBase = _publishedRows;
                    _publishedRows += set.Rows;
                    int size = _options.SliceRows, count = Math.Max(1, (set.Rows + size - 1) / size);
                    set.Unconverted = count;
                    for (int i = 0; i < count; i++)
                        _slices.Add(new Slice(set, g, i * size, Math.Min(set.Rows, (i + 1) * size), i == count - 1, null));
                    if (++_published == _groups) _decoded = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        void Convert(Converter converter)
        {
            while (true)
            {
                Slice s;
                lock (_gate)
                {
                    while (!_stop && !(_taken < _slices.Count && _taken < _written + _window) && !(_decoded && _taken >= _slices.Count))
                        Monitor.Wait(_gate);
                    if (_stop || _taken >= _slices.Count) return;
                    s = _slices[_taken++];
                }
                if (s.Set is not null)
                {
                    try { s.Output = converter.Convert(s.Set, s.From, s.To); }
                    catch (Exception e) { s.Error = e; }
                }
                lock (_gate)
                {
                    s.Done = true;
                    if (s.Set is not null && --s.Set.Unconverted == 0) s.Set.InUse = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void Dispose()
        {
            for (int r = 1; r < _readers.Length; r++) _readers[r].Dispose(); // the first is the caller's
        }

        public IEnumerable<string> Notes()
        {
            long prefixed = _readers.Sum(r => r.Prefixed);
            if (prefixed > 0)
                yield return $"{prefixed:N0} image/depth paths began with <source>/images/ or spar/<source>/images/: the prefix was removed (the release's paths are relative to <source>/images)";
            var sourceFrom = Sum(c => c.SourceFrom);
            if (sourceFrom.Count > 1 || sourceFrom.ContainsKey("the record id"))
                yield return "source taken from " + string.Join(", ", sourceFrom.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} ({k.Value:N0} rows)"));
            foreach (var (type, n) in Sum(c => c.UnknownTypes).OrderBy(k => k.Key, StringComparer.Ordinal))
                yield return $"{n:N0} records of type '{type}', which is not one of SPAR-7M's 35: written under {type}/";
        }

        /// <summary>The converters' counts added up (sums: the same whichever thread converted which slice).</summary>
        Dictionary<string, long> Sum(Func<Converter, Dictionary<string, long>> part)
        {
            var total = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var c in _converters)
                foreach (var (k, v) in part(c)) total[k] = total.GetValueOrDefault(k) + v;
            return total;
        }

        static void Rethrow(Exception e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }

    /// <summary>One reader thread's own parquet reader, page reader and folder-name strings.</summary>
    sealed class GroupReader(ParquetReader parquet, Utf8ChunkReader pages) : IDisposable
    {
        public ParquetReader Parquet { get; } = parquet;
        public Utf8ChunkReader Pages { get; } = pages;
        public Utf8Names Names { get; } = new();
        public long Prefixed { get; private set; }

        public int StripPrefix(ReadOnlySpan<byte> p)
        {
            int cut = HubRecordLine.PrefixLength(p, out _);
            if (cut > 0) Prefixed++;
            return cut;
        }

        public void Dispose()
        {
            Pages.Dispose();
            Parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Line buffers, handed back by the writer once written and taken again by the converters: allocated per run, not per slice.</summary>
    sealed class BufferPool(bool ensureAscii)
    {
        readonly System.Collections.Concurrent.ConcurrentBag<PyJsonBuffer> _free = [];

        public PyJsonBuffer Rent() => _free.TryTake(out var b) ? b : new PyJsonBuffer(1 << 16) { EnsureAscii = ensureAscii };

        public void Return(PyJsonBuffer b)
        {
            b.Clear();
            _free.Add(b);
        }
    }

    /// <summary>A converted slice: each stream's lines (in row order) with their count, the bad rows in row order, the records made.</summary>
    sealed record SliceOutput(List<(StreamSet.Stream Stream, PyJsonBuffer Lines, int Count)> Parts, List<BadRow> Bad, long Records);

    /// <summary>
    /// Turns rows of a decoded row group into record lines, one converter per thread (its caches and counts its own).
    /// Text stays UTF-8 from the file to the line (<see cref="PyJsonBuffer.Utf8String"/>); the few values that name
    /// folders (type, format, split, source) are shared .NET strings (<see cref="Utf8Names"/>), made once per distinct
    /// value, so the output stream of a row is found by reference, with no key built per row.
    /// </summary>
    sealed class Converter(string path, StreamSet streams, BufferPool pool, byte[][] markerKeys, byte[][] unknownKeys)
    {
        public readonly Dictionary<string, long> UnknownTypes = new(StringComparer.Ordinal);
        static readonly string[] SourceWays = ["the source column", "the image path prefix", "the record id"];
        readonly long[] _sourceFrom = new long[SourceWays.Length]; // counted per row: an array, not a dictionary keyed by text

        /// <summary>How many rows' source was found which way (only the ways that were used).</summary>
        public Dictionary<string, long> SourceFrom =>
            SourceWays.Select((w, i) => (w, n: _sourceFrom[i])).Where(x => x.n > 0).ToDictionary(x => x.w, x => x.n, StringComparer.Ordinal);
        readonly Utf8Names _names = new();

        sealed class Target(string source, string split, string type, string format, Part part, bool knownType)
        {
            public readonly string Source = source, Split = split, Type = type, Format = format; // the shared strings it is found by
            public readonly Part Part = part;
            public readonly bool KnownType = knownType; // one of SPAR-7M's 35 (looked up once per target, not per row)
        }

        /// <summary>
        /// One output file's lines in the slice. Shared by every target naming that file: the same text can come as two
        /// strings (a source from the source column and, in rows where it is empty, the same source from the image path),
        /// and two buffers for one file would write its lines out of row order.
        /// </summary>
        sealed class Part(StreamSet.Stream stream)
        {
            public readonly StreamSet.Stream Stream = stream;
            public PyJsonBuffer? Lines;
            public int Count;
        }

        readonly Dictionary<StreamSet.Stream, Part> _parts = new(ReferenceEqualityComparer.Instance); // looked up once per new target

        // The targets by their four names' references, open addressing: looked up once per row. A Dictionary keyed by
        // the tuple was ~2 % of the import's CPU (four identity hashes, interface calls to the comparer, and its generic
        // code compiled at run time); here the hash is made of the strings' lengths and last characters (no call), and
        // equal names are the same strings (Utf8Names), so a match is four reference comparisons.
        Target?[] _slots = new Target?[256];
        int _targets;
        readonly List<Part> _touched = [];

        // The names are not empty (checked safe before the lookup), so every index here exists.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static int Hash(string source, string split, string type, string format) =>
            (type.Length * 31 + type[^1]) * 131 + type[type.Length >> 1] * 7 + format.Length * 17 + format[0] + (split.Length + split[0]) * 5 + source.Length * 3 + source[^1];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        Target TargetOf(string source, string split, string type, string format)
        {
            var slots = _slots;
            int mask = slots.Length - 1;
            for (int i = Hash(source, split, type, format) & mask; ; i = (i + 1) & mask)
            {
                var t = slots[i];
                if (t is null) break;
                if (ReferenceEquals(t.Type, type) && ReferenceEquals(t.Format, format) && ReferenceEquals(t.Source, source) && ReferenceEquals(t.Split, split)) return t;
            }
            return NewTarget(source, split, type, format);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        Target NewTarget(string source, string split, string type, string format)
        {
            var stream = streams.Get(source, split, SparTree.TaskFolderOf(type), format);
            if (!_parts.TryGetValue(stream, out var part)) _parts[stream] = part = new Part(stream);
            var t = new Target(source, split, type, format, part, Catalog.TaskCatalog.TryGet(type, out _));
            if (_targets >= 1 << 16) return t; // a column of ever new names is not hoarded (the streams are still shared)
            if (++_targets * 2 > _slots.Length)
            {
                var old = _slots;
                _slots = new Target?[old.Length * 2];
                foreach (var o in old) if (o is not null) Place(o);
            }
            Place(t);
            return t;
        }

        void Place(Target t)
        {
            int mask = _slots.Length - 1, i = Hash(t.Source, t.Split, t.Type, t.Format) & mask;
            while (_slots[i] is not null) i = (i + 1) & mask;
            _slots[i] = t;
        }

        public SliceOutput Convert(GroupColumns set, int from, int to)
        {
            var bad = new List<BadRow>();
            long records = WriteRows(set, from, to, bad);
            var parts = new List<(StreamSet.Stream, PyJsonBuffer, int)>(_touched.Count);
            foreach (var t in _touched)
            {
                parts.Add((t.Stream, t.Lines!, t.Count));
                t.Lines = null;
                t.Count = 0;
            }
            _touched.Clear();
            return new SliceOutput(parts, bad, records);
        }

        // The per-value and per-row methods of the import are compiled fully optimized at once, skipping tiered
        // compilation's instrumented (PGO) tier: a 1M-row import spent about a fifth of its CPU in that tier's counting
        // code before the methods were recompiled (CPU 2.0 vs 2.3-2.4 s, alternating runs; bench/README.md). These few
        // methods are JIT-compiled at first call instead of taken from the ReadyToRun image.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        long WriteRows(GroupColumns set, int from, int to, List<BadRow> bad)
        {
            var c = set.C;
            var ids = set.Ids; var questions = set.Questions; var answers = set.Answers; var sources = set.Sources;
            var typeNames = set.TypeNames; var formatNames = set.FormatNames;
            var splitNames = set.Splits is null ? null : set.SplitNames;
            var conversations = set.Conversations; var images = set.Images; var depths = set.Depths;
            var markers = set.Markers; var unknown = set.Unknown;
            long records = 0;
            for (int r = from; r < to; r++)
            {
                // Bad rows are reported by a method of their own, not a local function: one capturing r, ids and the row
                // index keeps those in memory for the whole loop instead of in registers.
                if (!ids.Has(r) || ids.Get(r).IsEmpty) { Bad(bad, set, r, "no id"); continue; }
                var id = ids.Get(r);
                string? type = typeNames[r];
                if (type is null || !IsSafe(type)) { Bad(bad, set, r, type is null ? $"no {c.Type.Name}" : $"{c.Type.Name} '{type}' cannot be a folder name"); continue; }
                string? format = formatNames[r];
                if (format is null || !IsSafe(format)) { Bad(bad, set, r, format is null ? $"no {c.Format.Name}" : $"{c.Format.Name} '{format}' cannot be a folder name"); continue; }
                string split = "train";
                if (splitNames is not null)
                {
                    string? s = splitNames[r];
                    if (s is null || !IsSafe(s)) { Bad(bad, set, r, s is null ? "no split" : $"split '{s}' cannot be a folder name"); continue; }
                    split = s;
                }
                if (conversations is not null ? conversations.IsNull(r) : !questions!.Has(r) || !answers!.Has(r))
                {
                    Bad(bad, set, r, conversations is not null ? "no conversations" : !questions!.Has(r) ? "no question" : "no answer");
                    continue;
                }
                if (images.IsNull(r) || !images.HasFirst(r)) { Bad(bad, set, r, images.IsNull(r) ? "no image list" : "empty image list"); continue; }
                var source = SourceOf(sources, set.SourceNames, r, images.FirstString(r), id, out var via);
                if (source is null) { Bad(bad, set, r, "cannot tell the source (no source column, no spar/<source>/images/ prefix, an id of no known scene pattern)"); continue; }
                if (!IsSafe(source)) { Bad(bad, set, r, $"source '{source}' cannot be a folder name"); continue; }
                _sourceFrom[via]++;

                var target = TargetOf(source, split, type, format);
                if (!target.KnownType) UnknownTypes[type] = UnknownTypes.GetValueOrDefault(type) + 1;
                var part = target.Part;
                if (part.Lines is null)
                {
                    part.Lines = pool.Rent();
                    _touched.Add(part);
                }

                var line = part.Lines; // the line is built where it waits to be written: no copy
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
                line.Utf8String(set.Types.Get(r));
                if (depths is not null && !depths.IsNull(r))
                {
                    line.Comma();
                    line.Raw("\"depth\": "u8);
                    HubRecordLine.PathList(line, depths.Get(r), c.Depth!.ListDepth == 0);
                }
                for (int m = 0; m < markers.Length; m++) HubRecordLine.Field(line, markerKeys[m], markers[m], r);
                for (int u = 0; u < unknown.Length; u++) HubRecordLine.Field(line, unknownKeys[u], unknown[u], r);
                line.Byte((byte)'}');
                line.Byte((byte)'\n');
                part.Count++;
                records++;
            }
            return records;
        }

        // Names already found safe to be folder names, by reference (the shared strings of Utf8Names), in a small
        // direct-mapped cache: a row's three or four names were each checked with SparTree.IsSafeSegment, a call into
        // the runtime's IndexOfAny per name and row (~2 % of the CPU); a name that was checked is the same string again.
        readonly string?[] _safe = new string?[256];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        bool IsSafe(string name)
        {
            int slot = (name.Length * 31 + (name.Length > 0 ? name[^1] : 0)) & (_safe.Length - 1);
            if (ReferenceEquals(_safe[slot], name)) return true;
            if (!SparTree.IsSafeSegment(name)) return false;
            _safe[slot] = name;
            return true;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        void Bad(List<BadRow> bad, GroupColumns set, int r, string reason) => bad.Add(new BadRow(path, set.RowBase + r, set.Ids.Text(r), reason));

        byte[] _lastPrefix = [];
        string? _lastPrefixSource;

        string? SourceOf(FlatText? column, string?[] names, int row, ReadOnlySpan<byte> firstImage, ReadOnlySpan<byte> id, out int from)
        {
            if (column is not null && column.Has(row) && !column.Get(row).IsEmpty) { from = 0; return names[row]; }
            // The prefix's result depends only on the prefix's own bytes (HubRecordLine.PrefixLength reads no further), so
            // a path starting with the last prefix found has that prefix and source: one comparison instead of the
            // parse and the search of the official names, per row.
            if (_lastPrefix.Length > 0 && firstImage.StartsWith(_lastPrefix)) { from = 1; return _lastPrefixSource; }
            int cut = HubRecordLine.PrefixLength(firstImage, out var prefixed);
            if (cut > 0)
            {
                from = 1;
                _lastPrefix = firstImage[..cut].ToArray();
                return _lastPrefixSource = HubRecordLine.OfficialName(prefixed) ?? _names.Get(prefixed);
            }
            from = 2;
            Span<char> buffer = stackalloc char[128];
            var text = id.Length <= buffer.Length / 3 ? buffer[..System.Text.Encoding.UTF8.GetChars(id, buffer)] : System.Text.Encoding.UTF8.GetString(id).AsSpan();
            if (ScanNetId().IsMatch(text)) return "scannet";
            if (ScanNetPpId().IsMatch(text)) return "scannetpp";
            if (Structured3dId().IsMatch(text)) return "structured3d";
            return null;
        }
    }

    [GeneratedRegex(@"^scene\d{4}_\d{2}_\d+$")] private static partial Regex ScanNetId();
    [GeneratedRegex(@"^[0-9a-f]{10}_\d+$")] private static partial Regex ScanNetPpId();
    [GeneratedRegex(@"^scene_\d{5}_\d+$")] private static partial Regex Structured3dId();
}
