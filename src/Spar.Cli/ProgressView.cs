using System.Diagnostics;
using Spar.Util;
using Spectre.Console;

namespace Spar.Cli;

/// <summary>Renders library progress: a live bar on a terminal, a plain line every few seconds when piped.</summary>
public static class ProgressView
{
    public static T Run<T>(string label, Func<IProgress<WorkProgress>, T> work)
    {
        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: 1);
                    result = work(new Progress<WorkProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                    }));
                    task.Value = task.MaxValue;
                });
            return result;
        }
        var clock = Stopwatch.StartNew();
        long lastSecond = -1;
        var lockObj = new object();
        return work(new SynchronousProgress(p =>
        {
            lock (lockObj)
            {
                long s = (long)clock.Elapsed.TotalSeconds;
                if (!p.Finished && s / 5 == lastSecond / 5) return;
                lastSecond = s;
                var mb = p.Bytes / 1e6;
                Console.Error.WriteLine($"{label}: {p.Done}/{p.Total}{(p.Bytes > 0 ? $", {mb:F1} MB" : "")}, {p.Elapsed.TotalSeconds:F1} s{(p.Finished ? " (done)" : "")}");
            }
        }));
    }

    /// <summary>Reports on the calling thread (System.Progress posts to the thread pool and could print after the work ends).</summary>
    sealed class SynchronousProgress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => report(value);
    }
}
