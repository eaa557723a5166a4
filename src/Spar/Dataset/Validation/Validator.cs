using System.Collections.Concurrent;
using System.Text.Json;
using Spar.Catalog;
using Spar.Util;

namespace Spar.Dataset;

public sealed record ValidateOptions
{
    public IReadOnlyList<string>? Sources { get; init; }
    public IReadOnlyList<string>? Splits { get; init; }
    /// <summary>Stop after this many errors (0 = no limit).</summary>
    public long MaxErrors { get; init; }
    /// <summary>Skip the image/depth existence checks (annotations downloaded without images).</summary>
    public bool SkipImages { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
}

public sealed record ValidateReport(long Files, long Records, long Bytes, IReadOnlyDictionary<(string Kind, Severity Severity), long> CountsByKind, bool StoppedEarly)
{
    public long Errors => CountsByKind.Where(kv => kv.Key.Severity == Severity.Error).Sum(kv => kv.Value);
    public long Warnings => CountsByKind.Where(kv => kv.Key.Severity == Severity.Warning).Sum(kv => kv.Value);
}

/// <summary>
/// Checks every record of a SPAR-7M tree (JSON, fields per type, markers, grid, indices, images, answers, file names).
/// Files are checked in parallel; problems are emitted in file order, so output is the same whatever the thread count.
/// </summary>
public sealed class Validator(SparTree tree, ValidateOptions options)
{
    /// <summary>Problems kept per file for printing; the counts in the summary are always complete.</summary>
    const int ProblemsKeptPerFile = 1000;

    readonly FileExistenceCache _exists = new();
    long _errors;

    public ValidateReport Run(Action<Problem> onProblem, IProgress<WorkProgress>? progress = null)
    {
        var files = tree.Select(options.Sources, options.Splits);
        var tracker = new ProgressTracker("validate", files.Count, progress);
        var counts = new ConcurrentDictionary<(string, Severity), long>();
        var perFile = new FileOutcome?[files.Count];
        long records = 0, bytes = 0;
        int nextToEmit = 0;
        var emitLock = new object();

        foreach (var source in files.Select(f => f.Source).Distinct())
            if (!options.SkipImages && !Directory.Exists(Path.Combine(tree.Root, source, "images")))
                Emit(new Problem(Path.Combine(source, "images"), 0, Severity.Error, "images-missing",
                    "images folder not found; image checks skipped for this source (use --skip-images for annotation-only trees)"));

        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) }, (i, state) =>
        {
            if (options.MaxErrors > 0 && Interlocked.Read(ref _errors) >= options.MaxErrors) { state.Stop(); return; }
            var outcome = CheckFile(files[i]);
            Interlocked.Add(ref records, outcome.Records);
            Interlocked.Add(ref bytes, outcome.Bytes);
            foreach (var p in outcome.AllKinds) counts.AddOrUpdate(p.Key, p.Value, (_, v) => v + p.Value);
            Interlocked.Add(ref _errors, outcome.ErrorCount);
            tracker.Advance(1, outcome.Bytes);
            lock (emitLock)
            {
                perFile[i] = outcome;
                while (nextToEmit < files.Count && perFile[nextToEmit] is { } ready)
                {
                    foreach (var p in ready.Problems) onProblem(p);
                    perFile[nextToEmit++] = FileOutcome.Emitted;
                }
            }
        });
        tracker.Done();
        bool stopped = options.MaxErrors > 0 && _errors >= options.MaxErrors;
        return new ValidateReport(files.Count, records, bytes, counts.ToDictionary(kv => kv.Key, kv => kv.Value), stopped);

        void Emit(Problem p)
        {
            onProblem(p);
            counts.AddOrUpdate((p.Kind, p.Severity), 1, (_, v) => v + 1);
            if (p.Severity == Severity.Error) Interlocked.Increment(ref _errors);
        }
    }

    sealed class FileOutcome
    {
        public static readonly FileOutcome Emitted = new();
        public List<Problem> Problems { get; } = [];
        public Dictionary<(string, Severity), long> AllKinds { get; } = [];
        public long Records, Bytes, ErrorCount;

        public void Add(Problem p)
        {
            AllKinds[(p.Kind, p.Severity)] = AllKinds.GetValueOrDefault((p.Kind, p.Severity)) + 1;
            if (p.Severity == Severity.Error) ErrorCount++;
            if (Problems.Count < ProblemsKeptPerFile) Problems.Add(p);
        }
    }

    FileOutcome CheckFile(QaFile file)
    {
        var outcome = new FileOutcome();
        var rel = file.RelativePath;
        QaFormat? format = QaFormats.TryParse(file.FormatFolder, out var f) ? f : null;
        if (format == null)
            outcome.Add(new Problem(rel, 0, Severity.Warning, "unknown-format", $"format folder \"{file.FormatFolder}\" is not fill, select, sentence or judge (the mixer skips it)"));
        bool knownTask = TaskCatalog.TryGetByFolder(file.TaskFolder, out _);
        if (!knownTask)
            outcome.Add(new Problem(rel, 0, Severity.Error, "unknown-task", $"task folder \"{file.TaskFolder}\" is not one of the 35 SPAR-7M types"));

        var issues = new List<RecordIssue>();
        var imagesRoot = Path.Combine(tree.Root, file.Source, "images");
        bool checkImages = !options.SkipImages && Directory.Exists(imagesRoot);
        try
        {
            outcome.Bytes = new FileInfo(file.FullPath).Length;
            using var reader = JsonlLineReader.Open(file.FullPath);
            while (reader.TryReadLine(out var line))
            {
                outcome.Records++;
                long lineNo = reader.LineNumber;
                issues.Clear();
                var record = RecordLine.Parse(line, issues);
                if (record == null)
                {
                    var issue = issues[^1];
                    var what = issue.Kind == "invalid-json" && reader.LastLineUnterminated ? "truncated last line (no newline, not valid JSON)"
                        : issue.Kind == "invalid-json" ? "invalid JSON record" : "invalid record";
                    foreach (var other in issues.Take(issues.Count - 1))
                        outcome.Add(new Problem(rel, lineNo, other.Severity, other.Kind, other.Message));
                    outcome.Add(new Problem(rel, lineNo, issue.Severity, issue.Kind, $"{what}: {issue.Message}"));
                    continue;
                }
                RecordChecker.Check(record, knownTask ? file.TaskFolder : null, format, issues);
                if (checkImages) CheckPaths(record, imagesRoot, issues);
                foreach (var issue in issues)
                    outcome.Add(new Problem(rel, lineNo, issue.Severity, issue.Kind, $"{Id(record)}{issue.Message}"));
                if (options.MaxErrors > 0 && Interlocked.Read(ref _errors) + outcome.ErrorCount >= options.MaxErrors) return outcome;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            outcome.Add(new Problem(rel, 0, Severity.Error, "unreadable", $"cannot read: {e.Message}"));
            return outcome;
        }

        if (outcome.Records == 0)
            outcome.Add(new Problem(rel, 0, Severity.Warning, "empty-file", "file has no records"));
        if (!QaFileName.TryDeclaredCount(file.FileName, out var declared))
            outcome.Add(new Problem(rel, 0, Severity.Error, "bad-name", "file name has no _<N> record count (the official index leaves it out)"));
        else if (declared != outcome.Records)
            outcome.Add(new Problem(rel, 0, Severity.Error, "count-mismatch", $"name says {declared} records but the file has {outcome.Records}"));
        return outcome;
    }

    void CheckPaths(QaRecord r, string imagesRoot, List<RecordIssue> issues)
    {
        CheckList(r.Image, "image");
        if (r.Depth != null) CheckList(r.Depth, "depth");

        void CheckList(List<string> paths, string field)
        {
            for (int i = 0; i < paths.Count; i++)
            {
                var p = paths[i];
                if (!IsSafeRelative(p))
                    issues.Add(new(Severity.Error, "path-escape", $"\"{field}[{i}]\" = \"{p}\" must be a relative path inside the images root"));
                else if (!_exists.Exists(Path.Combine(imagesRoot, p)))
                    issues.Add(new(Severity.Error, "missing-file", $"\"{field}[{i}]\" = \"{p}\" not found under {imagesRoot}"));
            }
        }
    }

    /// <summary>Relative, no <c>..</c> segment, no backslash or drive: the path cannot leave the images root.</summary>
    public static bool IsSafeRelative(string p)
    {
        if (p.Length == 0 || p[0] == '/' || p.Contains('\\') || p.Contains(':') || p.Contains('\0')) return false;
        foreach (var seg in p.Split('/'))
            if (seg == "..") return false;
        return true;
    }

    static string Id(QaRecord r) => string.IsNullOrEmpty(r.Id) ? "" : $"[{r.Id}] ";
}

/// <summary>Remembers which files exist so a dataset that shares images across records stats each file once; bounded.</summary>
sealed class FileExistenceCache
{
    const int MaxEntries = 1 << 20;
    readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public bool Exists(string path)
    {
        if (_known.TryGetValue(path, out var e)) return e;
        e = File.Exists(path);
        if (_known.Count >= MaxEntries) _known.Clear();
        _known[path] = e;
        return e;
    }
}
