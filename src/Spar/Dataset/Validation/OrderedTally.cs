namespace Spar.Dataset;

/// <summary>
/// Sums validate's per-file outcomes in input order and decides the <c>--max-errors</c> stop there, so the printed problems,
/// the counts and the stopping point are the same whatever the thread count.
/// </summary>
sealed class OrderedTally(long maxErrors, Action<Problem> onProblem)
{
    readonly Dictionary<(string, Severity), long> _counts = [];
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
        if (maxErrors > 0 && _errors >= maxErrors) Stop(outcome.LastError, outcome.Cut || moreFiles);
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
