using System.Collections.Concurrent;
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
    /// <summary>Where records may point (<c>--allow-outside</c>): a path whose real target leaves the images root is an error.</summary>
    public PathRule Paths { get; init; } = new();
}

/// <summary>
/// What validate checked and found. When <see cref="StoppedEarly"/>, every count covers exactly the files and records
/// checked, in input order, up to the record that reached <c>--max-errors</c> (<see cref="StoppedAt"/>).
/// </summary>
public sealed record ValidateReport(long Files, long TotalFiles, long Records, long Bytes,
    IReadOnlyDictionary<(string Kind, Severity Severity), long> CountsByKind, bool StoppedEarly, string? StoppedAt = null)
{
    public long Errors => CountsByKind.Where(kv => kv.Key.Severity == Severity.Error).Sum(kv => kv.Value);
    public long Warnings => CountsByKind.Where(kv => kv.Key.Severity == Severity.Warning).Sum(kv => kv.Value);
}

/// <summary>
/// Checks every record of a SPAR-7M tree (JSON, fields per type, markers, grid, indices, images, answers, file names).
/// Files are checked in parallel and taken in input order; problems, counts and the <c>--max-errors</c> cut-off are
/// settled in file order, so output is the same whatever the thread count.
/// </summary>
public sealed class Validator(SparTree tree, ValidateOptions options)
{
    /// <summary>Problems kept per file for printing; the counts in the summary are always complete.</summary>
    const int ProblemsKeptPerFile = 1000;

    readonly ImagePathCache _paths = new(options.Paths);

    public ValidateReport Run(Action<Problem> onProblem, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        var files = tree.Select(options.Sources, options.Splits);
        var tracker = new ProgressTracker("validate", "file", files.Count, progress);
        var tally = new OrderedTally(options.MaxErrors, onProblem);
        var perFile = new FileOutcome?[files.Count];
        int next = -1, nextToEmit = 0, stopAfter = int.MaxValue;
        var emitLock = new object();

        foreach (var source in files.Select(f => f.Source).Distinct())
            if (!options.SkipImages && !Directory.Exists(tree.ImagesDir(source)))
                tally.AddLoose(new Problem(Path.GetRelativePath(tree.Root, tree.ImagesDir(source)), 0, Severity.Error, "images-missing",
                    (new DirectoryInfo(tree.ImagesDir(source)).LinkTarget is { } target ? $"images folder is a broken symlink → {target}" : "images folder not found") +
                    "; image checks skipped for this source (use --skip-images for annotation-only trees)"));
        if (tally.Stopped) stopAfter = -1;

        // Workers take files in input order, so the files after a --max-errors stop are mostly never started.
        Workers.For(Math.Max(1, options.Threads), Math.Max(1, options.Threads), cancel, _ =>
        {
            int i;
            while (!cancel.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < files.Count && i <= Volatile.Read(ref stopAfter))
            {
                var outcome = CheckFile(files[i], options.MaxErrors);
                tracker.Advance(1, outcome.Bytes);
                lock (emitLock)
                {
                    perFile[i] = outcome;
                    while (!tally.Stopped && nextToEmit < files.Count && perFile[nextToEmit] is { } ready)
                    {
                        // This file reaches the limit: check it again, stopping at the record that reaches exactly the errors left.
                        // (With no earlier errors the file's own check already stopped there.)
                        if (tally.WouldStop(ready) && tally.ErrorsLeft < options.MaxErrors) ready = CheckFile(files[nextToEmit], tally.ErrorsLeft);
                        tally.AddFile(ready, moreFiles: nextToEmit + 1 < files.Count);
                        perFile[nextToEmit++] = null;
                        if (tally.Stopped) Volatile.Write(ref stopAfter, nextToEmit - 1);
                    }
                }
            }
        });
        cancel.ThrowIfCancellationRequested(); // a stopped check reports nothing rather than a partial "no problems"
        tracker.Done();
        return tally.Report(files.Count);
    }

    internal sealed class FileOutcome(string file)
    {
        /// <summary>The file, relative to the tree root.</summary>
        public string File { get; } = file;
        public List<Problem> Problems { get; } = [];
        /// <summary>Each record's non-empty id and line, in line order (for <see cref="DuplicateIds"/>, in input order).</summary>
        public List<(string Id, long Line)> Ids { get; } = [];
        public Dictionary<(string, Severity), long> AllKinds { get; } = [];
        public long Records, Bytes, ErrorCount;
        /// <summary>The check stopped at the error limit before the end of the file.</summary>
        public bool Cut;
        /// <summary>The last error added (where a --max-errors stop happened).</summary>
        public Problem? LastError;

        public void Add(Problem p)
        {
            AllKinds[(p.Kind, p.Severity)] = AllKinds.GetValueOrDefault((p.Kind, p.Severity)) + 1;
            if (p.Severity == Severity.Error) { ErrorCount++; LastError = p; }
            if (Problems.Count < ProblemsKeptPerFile) Problems.Add(p);
        }
    }

    /// <summary>Checks one file, stopping after the record (or file-level check) that brings its errors to <paramref name="errorLimit"/> (0 = no limit).</summary>
    FileOutcome CheckFile(QaFile file, long errorLimit)
    {
        var rel = file.RelativePath;
        var outcome = new FileOutcome(rel);
        QaFormat? format = QaFormats.TryParse(file.FormatFolder, out var f) ? f : null;
        if (format == null)
            outcome.Add(new Problem(rel, 0, Severity.Warning, "unknown-format", $"format folder \"{file.FormatFolder}\" is not fill, select, sentence or judge (the mixer skips it)"));
        bool knownTask = TaskCatalog.TryGetByFolder(file.TaskFolder, out _);
        if (!knownTask)
            outcome.Add(new Problem(rel, 0, Severity.Error, "unknown-task", $"task folder \"{file.TaskFolder}\" is not one of the 35 SPAR-7M types"));

        if (ReachedLimit(outcome, errorLimit)) return outcome;
        var issues = new List<RecordIssue>();
        var imagesRoot = tree.ImagesDir(file.Source);
        bool checkImages = !options.SkipImages && Directory.Exists(imagesRoot);
        try
        {
            outcome.Bytes = new FileInfo(file.FullPath).Length;
            using var reader = JsonlLineReader.Open(file.FullPath);
            while (true)
            {
                ReadOnlySpan<byte> line;
                try
                {
                    if (!reader.TryReadLine(out line)) break;
                }
                catch (LineTooLongException e)
                {
                    // Reported like any bad record; the reader has skipped the line, so the rest of the file is still checked.
                    outcome.Records++;
                    outcome.Add(new Problem(rel, e.Line, Severity.Error, "line-too-long", $"line longer than {e.Limit} bytes (not a record)"));
                    if (ReachedLimit(outcome, errorLimit)) { outcome.Cut = true; return outcome; }
                    continue;
                }
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
                }
                else
                {
                    if (!string.IsNullOrEmpty(record.Id)) outcome.Ids.Add((record.Id, lineNo));
                    RecordChecker.Check(record, knownTask ? file.TaskFolder : null, format, issues);
                    if (checkImages) CheckPaths(record, imagesRoot, issues);
                    foreach (var issue in issues)
                        outcome.Add(new Problem(rel, lineNo, issue.Severity, issue.Kind, $"{Id(record)}{issue.Message}"));
                }
                if (ReachedLimit(outcome, errorLimit))
                {
                    outcome.Cut = true;   // even at the last line: the file-level checks below are not run
                    return outcome;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            outcome.Add(new Problem(rel, 0, Severity.Error, "unreadable", $"cannot read: {e.Message}"));
            return outcome;
        }

        if (outcome.Records == 0)
            outcome.Add(new Problem(rel, 0, Severity.Warning, "empty-file", "file has no records"));
        if (!SparTree.TryDeclaredCount(file.FileName, out var declared))
            outcome.Add(new Problem(rel, 0, Severity.Error, "bad-name", "file name has no _<N> record count (the official index leaves it out)"));
        else if (declared != outcome.Records)
            outcome.Add(new Problem(rel, 0, Severity.Error, "count-mismatch", $"name says {declared} records but the file has {outcome.Records}"));
        return outcome;
    }

    static bool ReachedLimit(FileOutcome outcome, long errorLimit) => errorLimit > 0 && outcome.ErrorCount >= errorLimit;

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
                else if (_paths.Check(imagesRoot, p) is { } refused)
                    issues.Add(new(Severity.Error, refused.Kind, refused.Kind switch
                    {
                        "missing-file" => $"\"{field}[{i}]\" = \"{p}\" not found under {imagesRoot}",
                        "path-outside" => $"\"{field}[{i}]\" = {refused.Message}",
                        _ => $"\"{field}[{i}]\" = \"{p}\": {refused.Message}",
                    }));
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

/// <summary>Why an image path does not lead to a file: <c>missing-file</c>, <c>broken-symlink</c>, <c>symlink-loop</c> or <c>path-outside</c>.</summary>
sealed record PathRefusal(string Kind, string Message);

/// <summary>
/// Remembers what each image path came to (inside and present, missing, a dangling link, or leading outside the root by
/// <see cref="PathRule"/>), so a dataset that shares images across records resolves and stats each file once; bounded.
/// A SPAR-7M images tree is usually a farm of links into the user's downloads (docs/spar7m-release.md), so a missing file
/// is told apart from a link whose target is gone: the latter names the link and where it points.
/// </summary>
sealed class ImagePathCache(PathRule rule)
{
    const int MaxEntries = 1 << 20;
    readonly ConcurrentDictionary<(string Root, string Path), PathRefusal?> _known = new();

    /// <summary>Null when the file is inside the root (or an allowed folder) and exists; else why not.</summary>
    public PathRefusal? Check(string imagesRoot, string relative)
    {
        if (_known.TryGetValue((imagesRoot, relative), out var known)) return known;
        PathRefusal? outcome;
        try
        {
            outcome = !rule.Root(imagesRoot).TryResolve(relative, out var full, out var refusal) ? new PathRefusal("path-outside", refusal!)
                : PathRule.FileExists(full) ? null
                : BrokenLink(imagesRoot, relative) ?? new PathRefusal("missing-file", "");
        }
        catch (SparException e)
        {
            outcome = new PathRefusal("symlink-loop", e.Message); // PathRule's "too many levels of symbolic links"
        }
        if (_known.Count >= MaxEntries) _known.Clear();
        _known[(imagesRoot, relative)] = outcome;
        return outcome;
    }

    /// <summary>The first link on the way from the root to the file whose target does not exist, as "broken symlink X → target".</summary>
    static PathRefusal? BrokenLink(string imagesRoot, string relative)
    {
        var current = imagesRoot;
        foreach (var part in relative.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            string? target;
            try { target = info.LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
            if (target != null && PathRule.Dangles(current))
                return new PathRefusal("broken-symlink", $"broken symlink {Path.GetRelativePath(imagesRoot, current)} → {target} (the link's target does not exist)");
            if (target == null && !Path.Exists(current)) return null;
        }
        return null;
    }
}
