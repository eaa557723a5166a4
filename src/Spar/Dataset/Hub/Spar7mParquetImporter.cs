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

    /// <summary>
    /// Write the jsonl files with direct I/O (<see cref="SequentialFile"/>): null (the default) where the output folder is
    /// on ext4 or xfs and takes a direct write (<see cref="DirectIo.Probe"/>), true on any file system that takes one,
    /// false never (through the page cache). The bytes written are the same.
    /// </summary>
    public bool? DirectWrites { get; init; }

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

/// <param name="DirectWrites">whether the files were written with direct I/O (<see cref="Spar7mImportOptions.DirectWrites"/>)</param>
public sealed record Spar7mImportReport(long Rows, long Records, long BadRows, IReadOnlyList<ImportedFile> Files, IReadOnlyList<string> Notes, bool DirectWrites = false);

/// <summary>
/// <c>spar import spar7m</c>: the Hub parquet form of SPAR-7M (one row per record, sources.md §1.2) into the official
/// jsonl tree, <c>&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/&lt;format&gt;_&lt;N&gt;.jsonl</c>, each line laid out
/// as the release writes it (<see cref="HubRecordLine"/>). Two row groups per reader thread are in memory at a time (<see cref="Pipeline"/>); the streams are written
/// into a hidden folder under the output root and moved into place only when the whole file has been read, so a failed
/// or stopped run leaves no half tree (and its rerun removes what a killed one left).
/// </summary>
public static partial class Spar7mParquetImporter
{
    const string TempName = "spar7m-import";

    public static Spar7mImportReport Run(Spar7mImportOptions options, Action<BadRow> onBadRow, IProgress<WorkProgress>? progress = null)
    {
        JitWarmup.Start();
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
        var streams = new StreamSet(temp, options.DirectWrites);
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
            bool direct = streams.Direct;
            var files = streams.Publish(outRoot);
            var notes = columns.Notes.Concat(pipeline.Notes()).ToList();
            return new Spar7mImportReport(pipeline.Rows, pipeline.Records, pipeline.BadRows, files, notes, direct);
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
    sealed class StreamSet(string temp, bool? direct)
    {
        DirectWrites? _queue;
        bool _decided; // direct writes or not: decided once, at the first stream (the folder exists by then)

        /// <summary>Whether the files are written with direct I/O (<see cref="SequentialFile"/>).</summary>
        public bool Direct => _queue is not null;
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
            public SequentialFile? File { get; set; }
            public long Lines { get; set; }
        }

        public Stream Get(string source, string split, string folder, string format)
        {
            var key = string.Join('\0', source, split, folder, format);
            lock (_gate)
            {
                if (_byKey.TryGetValue(key, out var s)) return s;
                s = new Stream(source, split, folder, format, Path.Combine(temp, $"{_all.Count}.jsonl"));
                if (!_decided)
                {
                    _decided = true;
                    if (direct != false && DirectIo.Probe(temp, anyFileSystem: direct == true)) _queue = new DirectWrites();
                }
                s.File = SequentialFile.CreateNew(s.TempPath, _queue);
                _byKey[key] = s;
                _all.Add(s);
                return s;
            }
        }

        /// <summary>Closes every stream and moves each into the tree under its official name; refuses before moving any if one is taken.</summary>
        public IReadOnlyList<ImportedFile> Publish(string outRoot)
        {
            foreach (var s in _all) s.File!.HandOverLast(); // the last blocks written together
            foreach (var s in _all) { s.File!.Complete(); s.File = null; }
            _queue?.Dispose();
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
            _queue?.Dispose(); // its threads stop before the files close
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

    [GeneratedRegex(@"^scene\d{4}_\d{2}_\d+$")] private static partial Regex ScanNetId();
    [GeneratedRegex(@"^[0-9a-f]{10}_\d+$")] private static partial Regex ScanNetPpId();
    [GeneratedRegex(@"^scene_\d{5}_\d+$")] private static partial Regex Structured3dId();
}
