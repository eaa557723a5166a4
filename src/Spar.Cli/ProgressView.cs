using System.Globalization;
using Spar.Util;

namespace Spar.Cli;

/// <summary>
/// The one progress line every long command shows on stderr: <c>generate: 3/6 scenes · 4.1 s/scene · 00:24 &lt; 00:30</c>
/// (done/total, rate, elapsed &lt; remaining, as tqdm users read it). On a terminal it updates in place; piped (a log
/// file, a batch job) it is a plain line every few seconds plus the last one, so logs stay short and grep-able.
/// </summary>
public sealed class ProgressLine(string label, TextWriter err, bool live)
{
    /// <summary>How often a piped run writes a line.</summary>
    public static readonly TimeSpan PipedEvery = TimeSpan.FromSeconds(5);
    static readonly TimeSpan LiveEvery = TimeSpan.FromMilliseconds(100);

    readonly object _lock = new();
    TimeSpan? _lastWritten;
    long? _finishedAt;
    bool _lineOpen;
    string? _lastText;

    /// <summary>Live when <paramref name="err"/> is the process's stderr and that is a terminal.</summary>
    public static ProgressLine For(string label, TextWriter err) =>
        new(label, err, ReferenceEquals(err, Console.Error) && !Console.IsErrorRedirected);

    /// <param name="detail">extra counts for this command ("12 images, 0 failed"), appended after a "·".</param>
    public void Report(long done, long total, string unit, TimeSpan elapsed, string? detail = null, bool finished = false)
    {
        lock (_lock)
        {
            // Some work reports its end twice (the last item, then "done"): the final line is written once.
            if (finished && _finishedAt == done) return;
            if (finished) _finishedAt = done;
            if (!finished && _lastWritten is { } last)
            {
                bool due = live ? elapsed - last >= LiveEvery : (long)(elapsed / PipedEvery) != (long)(last / PipedEvery);
                if (!due) return;
            }
            var text = $"{label}: {Format(done, total, unit, elapsed)}{(detail is null ? "" : " · " + detail)}";
            // A fast run's first report can already read done/total: its final report must not print that line again.
            if (finished && !live && text == _lastText) return;
            _lastWritten = elapsed;
            _lastText = text;
            if (live)
            {
                // \r then erase to the end of the line: a shorter update must not leave the tail of a longer one.
                err.Write("\r" + text + "\u001b[K");
                _lineOpen = true;
                if (finished) EndLine();
            }
            else err.WriteLine(text);
        }
    }

    /// <summary>A diagnostic printed while the line is live: on its own line, the progress line redrawn at the next report.</summary>
    public void Message(string message)
    {
        lock (_lock)
        {
            if (live && _lineOpen) err.Write("\r\u001b[K");
            _lineOpen = false;
            err.WriteLine(message);
            _lastWritten = null;
        }
    }

    /// <summary>Ends a live line that the work left open (stopped, failed); a no-op when piped.</summary>
    public void Finish()
    {
        lock (_lock) EndLine();
    }

    void EndLine()
    {
        if (!_lineOpen) return;
        err.WriteLine();
        _lineOpen = false;
    }

    /// <summary>
    /// <c>3/6 scenes · 4.1 s/scene · 00:24 &lt; 00:30</c>; a rate of at least one per second reads <c>12.5 files/s</c>;
    /// with no total known (≤ 0) only the count, rate and elapsed time; before the first item no rate or remaining time.
    /// </summary>
    public static string Format(long done, long total, string unit, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        string plural = unit.EndsWith('s') ? unit : unit + "s";
        var parts = new List<string> { total > 0 ? $"{done.ToString(c)}/{total.ToString(c)} {plural}" : $"{done.ToString(c)} {(done == 1 ? unit : plural)}" };
        double seconds = elapsed.TotalSeconds;
        if (done > 0 && seconds > 0)
        {
            double perSecond = done / seconds;
            parts.Add(perSecond >= 1 ? $"{perSecond.ToString("0.0", c)} {plural}/s" : $"{(seconds / done).ToString("0.0", c)} s/{unit}");
        }
        string clock = Clock(elapsed);
        if (total > 0 && done > 0 && seconds > 0) clock += " < " + Clock(TimeSpan.FromSeconds(Math.Max(0, total - done) * seconds / done));
        parts.Add(clock);
        return string.Join(" · ", parts);
    }

    /// <summary>mm:ss, or h:mm:ss from an hour on.</summary>
    static string Clock(TimeSpan t)
    {
        long s = (long)Math.Round(t.TotalSeconds);
        return s >= 3600 ? $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}" : $"{s / 60:00}:{s % 60:00}";
    }
}

/// <summary>Renders library <see cref="WorkProgress"/> through a <see cref="ProgressLine"/> on the command's stderr.</summary>
public static class ProgressView
{
    public static T Run<T>(TextWriter err, string label, Func<IProgress<WorkProgress>, T> work)
    {
        var line = ProgressLine.For(label, err);
        try
        {
            return work(new SynchronousProgress<WorkProgress>(p => line.Report(p.Done, p.Total, p.Unit, p.Elapsed,
                p.Bytes > 0 ? (p.Bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : null, p.Finished)));
        }
        finally { line.Finish(); }
    }
}

/// <summary>Reports on the calling thread (System.Progress posts to the thread pool and could print after the work ends).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
