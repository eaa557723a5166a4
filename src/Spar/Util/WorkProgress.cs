using System.Diagnostics;

namespace Spar.Util;

/// <summary>
/// A snapshot of long-running work, reported by the library and rendered by the CLI.
/// <paramref name="Unit"/> names one item in the singular ("scene", "file"), so the view can say "4.1 s/scene".
/// </summary>
public readonly record struct WorkProgress(string Stage, string Unit, long Done, long Total, long Bytes, TimeSpan Elapsed, bool Finished = false);

/// <summary>Thread-safe counter that reports at most every 100 ms (and once at the end).</summary>
public sealed class ProgressTracker(string stage, string unit, long total, IProgress<WorkProgress>? sink)
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    long _done, _bytes, _lastReportTicks = -1;

    public void Advance(long items, long bytes = 0)
    {
        long done = Interlocked.Add(ref _done, items);
        Interlocked.Add(ref _bytes, bytes);
        if (sink == null) return;
        long now = _clock.ElapsedTicks, last = Interlocked.Read(ref _lastReportTicks);
        if (now - last < Stopwatch.Frequency / 10) return;
        if (Interlocked.CompareExchange(ref _lastReportTicks, now, last) != last) return;
        sink.Report(new WorkProgress(stage, unit, done, total, Interlocked.Read(ref _bytes), _clock.Elapsed));
    }

    public void Done() => sink?.Report(new WorkProgress(stage, unit, Interlocked.Read(ref _done), total, Interlocked.Read(ref _bytes), _clock.Elapsed, true));
}
