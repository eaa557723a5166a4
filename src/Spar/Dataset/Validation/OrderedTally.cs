namespace Spar.Dataset;

/// <summary>
/// Sums validate's per-file outcomes in input order and decides the <c>--max-errors</c> stop there, so the printed problems,
/// the counts and the stopping point are the same whatever the thread count.
/// </summary>
sealed class OrderedTally(long maxErrors, Action<Problem> onProblem)
{
    readonly Dictionary<(string, Severity), long> _counts = [];
    readonly DuplicateIds _ids = new();
    long _files, _records, _bytes, _errors;
    string? _stoppedAt;

    /// <summary>The error limit was reached: nothing more is added.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Errors still allowed before the limit (only meaningful with a limit).</summary>
    public long ErrorsLeft => maxErrors - _errors;

    /// <summary>True when adding this file's errors reaches the limit.</summary>
    public bool WouldStop(Validator.FileOutcome outcome) => maxErrors > 0 && _errors + outcome.ErrorCount >= maxErrors;

    /// <summary>A problem that belongs to no file (a missing images folder).</summary>
    public void AddLoose(Problem p)
    {
        if (Stopped) return;
        onProblem(p);
        Count(p.Kind, p.Severity, 1);
        if (maxErrors > 0 && _errors >= maxErrors) Stop(p, more: true);
    }

    /// <param name="moreFiles">Files follow this one (so reaching the limit here leaves some unchecked).</param>
    public void AddFile(Validator.FileOutcome outcome, bool moreFiles)
    {
        foreach (var p in outcome.Problems) onProblem(p);
        foreach (var ((kind, severity), n) in outcome.AllKinds) Count(kind, severity, n);
        _files++;
        _records += outcome.Records;
        _bytes += outcome.Bytes;
        if (maxErrors > 0 && _errors >= maxErrors) { Stop(outcome.LastError, outcome.Cut || moreFiles); return; }
        AddIds(outcome, moreFiles);
    }

    /// <summary>
    /// Duplicate ids of one file, here rather than in the file's own check because "seen before" depends on every
    /// earlier file. An id repeated within one file is an error (the file cannot be joined by id); the same id in two
    /// files is a warning, since SPAR-7M does not say how far its ids are unique (spar's own are unique per source).
    /// They are reported after the file's other problems.
    /// </summary>
    void AddIds(Validator.FileOutcome outcome, bool moreFiles)
    {
        int file = _ids.BeginFile(outcome.File);
        for (int i = 0; i < outcome.Ids.Count; i++)
        {
            var (id, line) = outcome.Ids[i];
            if (_ids.Check(id, file, line) is not { } first) continue;
            var p = first.File == file
                ? new Problem(outcome.File, line, Severity.Error, "duplicate-id", $"[{id}] duplicate id: first seen at {_ids.Where(first)}")
                : new Problem(outcome.File, line, Severity.Warning, "duplicate-id-across-files", $"[{id}] id also used in another file: first seen at {_ids.Where(first)}");
            onProblem(p);
            Count(p.Kind, p.Severity, 1);
            if (maxErrors > 0 && _errors >= maxErrors) { Stop(p, i + 1 < outcome.Ids.Count || outcome.Cut || moreFiles); return; }
        }
    }

    void Count(string kind, Severity severity, long n)
    {
        _counts[(kind, severity)] = _counts.GetValueOrDefault((kind, severity)) + n;
        if (severity == Severity.Error) _errors += n;
    }

    void Stop(Problem? at, bool more)
    {
        Stopped = true;
        if (more) _stoppedAt = at == null ? "" : at.Line > 0 ? $"{at.File}:{at.Line}" : at.File;
    }

    public ValidateReport Report(long totalFiles) =>
        new(_files, totalFiles, _records, _bytes, _counts, _stoppedAt != null, _stoppedAt);
}
