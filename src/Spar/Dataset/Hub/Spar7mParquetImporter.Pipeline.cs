using Parquet;
using Spar.Bench.Data;
using Spar.Util;

namespace Spar.Dataset.Hub;

public static partial class Spar7mParquetImporter
{
    /// <summary>
    /// The conversion, on several threads, with the same bytes whatever their number. Reader threads (two, one with
    /// <c>--threads 1</c>) read the row groups (parquet pages, decompression, levels: <see cref="GroupColumns.DecodeAsync"/>),
    /// each into the next of its two column sets (even groups by one reader, odd by the other), and hand each group over cut into slices of
    /// <see cref="Spar7mImportOptions.SliceRows"/> rows, strictly in group order; <see cref="Spar7mImportOptions.Threads"/>
    /// threads turn slices into record lines, each slice into buffers of its own; the calling thread writes the slices'
    /// lines strictly in slice order (so every file's lines are in row order), reports their bad rows in that order,
    /// counts lines and gives the buffers back. Reading is a third of the work (snappy, levels, list assembly), so one
    /// reader would be the slowest stage on two cores. Memory stays flat in file size: two row groups' columns per reader and at
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
        readonly GroupColumns[][] _sets; // per reader, two
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
            // Two column sets per reader, each with columns resolved from that reader's own schema (a set's columns
            // hold its buffers, so every set has its own): one being read while the rows of the other are converted.
            // Two per reader rather than two in all: with two in all, each reader could start a group only when the
            // group two before was converted, and on 2 cores readers and converters kept waiting for each other
            // (4M rows: the readers waited 2.3 s and the converters 2.5 s in all, and 14-16 % of the CPU time idle).
            try
            {
                _sets = _readers.Select((reader, r) => new[]
                {
                    new GroupColumns(r == 0 ? columns : HubColumns.Resolve(reader.Parquet.Schema, options.ParquetPath), options.EnsureAscii),
                    new GroupColumns(HubColumns.Resolve(reader.Parquet.Schema, options.ParquetPath), options.EnsureAscii),
                }).ToArray();
            }
            catch (Exception e)
            {
                Dispose(); // the caller never gets this pipeline to dispose
                if (ParquetBenchReader.IsDamage(e)) throw ParquetBenchReader.Unreadable(options.ParquetPath, null, e);
                throw;
            }
            if (_groups == 0) _decoded = true;
            _pool = new BufferPool(options.EnsureAscii);
            // Converted slices waiting to be written: enough that no converter waits for a slow write, few enough that
            // memory is a few slices' lines (a slice of the release's records is ~2.7 MB of jsonl).
            _window = 2 * options.Threads + 2;
            var keys = new PyJsonBuffer { EnsureAscii = options.EnsureAscii };
            // Each key with the separator before it (", \"name\": "): one copy per field and row, not two.
            byte[][] markerKeys = columns.Markers.Select(m => (byte[])[.. ", "u8, .. keys.KeyBytes(m.Name)]).ToArray();
            byte[][] unknownKeys = columns.Unknown.Select(u => (byte[])[.. ", "u8, .. keys.KeyBytes(u.Name)]).ToArray();
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
                    stream.File!.Append(lines.Span);
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
            for (int g = r, k = 0; g < _groups; g += _readers.Length, k++)
            {
                var set = _sets[r][k % 2];
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
}
