using System.Diagnostics;
using Spar.Util;

namespace Spar.Bench.Run;

/// <param name="Concurrency">Items in flight at once.</param>
/// <param name="Limit">Only the first N items in bench order (as lmms-eval's <c>--limit</c>).</param>
/// <param name="RetryFailedOnly">Ask only the items whose lines in the file are all failed (<c>--retry-failed</c>); items
/// never attempted are left for a plain rerun.</param>
public sealed record BenchRunOptions(int Concurrency = 8, int? Limit = null, bool RetryFailedOnly = false);

/// <param name="Done">Items finished in this run (ok or failed).</param>
/// <param name="Pending">Items this run set out to answer (the selection minus those already ok).</param>
/// <param name="AlreadyDone">Items skipped because the file already had them ok.</param>
public sealed record BenchRunProgress(int Done, int Pending, int Failed, int AlreadyDone, TimeSpan Elapsed)
{
    public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}

/// <param name="Selected">Items in the selection (the bench, or its first <c>--limit</c> rows).</param>
/// <param name="Cancelled">The run was stopped; in-flight items were not recorded and a rerun resumes.</param>
/// <param name="Failures">Every item that failed in this run, with the error its line keeps, in id order.</param>
/// <param name="NotAsked">Items of the selection neither ok nor asked (never attempted, left out by <c>--retry-failed</c>).</param>
public sealed record BenchRunSummary(int Selected, int AlreadyDone, int Ok, int Failed, int TornBytesRemoved, bool Cancelled, TimeSpan Elapsed,
    IReadOnlyList<RunFailure>? Failures = null, int NotAsked = 0);

/// <summary>
/// Answers every item of a bench with a model, N at a time, appending one prediction line per finished item. Items
/// already answered ok in the file are skipped, so rerunning the same command resumes, and retries the failed ones.
/// </summary>
public static class BenchRunner
{
    public static async Task<BenchRunSummary> RunAsync(IBenchSource bench, IBenchModel model, string predictionsPath,
        BenchRunOptions options, Action<BenchRunProgress>? progress = null, CancellationToken cancel = default)
    {
        if (options.Concurrency < 1) throw new SparException("--concurrency must be at least 1");
        if (options.Limit is < 0) throw new SparException("--limit must not be negative");

        // Pass 1 reads only ids (readers load images lazily), so the total is known and duplicates are caught
        // before any request is spent, and before the predictions file is created: a benchmark that cannot be read
        // leaves no empty file behind.
        var selectedIds = SelectedIds(bench, options.Limit);
        using var log = PredictionLog.Open(predictionsPath, model.Name);
        var alreadyDone = new HashSet<long>(log.FinishedOk);
        var failedEarlier = new HashSet<long>(log.FailedEarlier);
        bool Ask(long id) => !alreadyDone.Contains(id) && (!options.RetryFailedOnly || failedEarlier.Contains(id));
        int selected = selectedIds.Count;
        int alreadyDoneInSelection = selectedIds.Count(alreadyDone.Contains);
        int pending = selectedIds.Count(Ask);
        var failures = new List<RunFailure>();

        var clock = Stopwatch.StartNew();
        int done = 0, failed = 0, ok = 0;
        var progressLock = new Lock();
        void Report()
        {
            if (progress is null) return;
            lock (progressLock) progress(new BenchRunProgress(Volatile.Read(ref done), pending, Volatile.Read(ref failed), alreadyDoneInSelection, clock.Elapsed));
        }
        Report();

        using var items = Selection(bench, options.Limit).Where(i => Ask(i.Id)).GetEnumerator();
        var itemsLock = new Lock();
        bool TryNext(out BenchItem item)
        {
            lock (itemsLock)
            {
                bool has = !cancel.IsCancellationRequested && items.MoveNext();
                item = has ? items.Current : null!;
                return has;
            }
        }

        async Task Worker()
        {
            while (TryNext(out var item))
            {
                ModelAnswer answer;
                try
                {
                    answer = await model.AnswerAsync(item, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    return; // in flight when stopped: not recorded, a rerun asks again
                }
                catch (Exception e)
                {
                    answer = new ModelAnswer(null, e.Message, null, 1, 0);
                }
                // The line as written: an answer too long for a line is recorded (and counted) as failed.
                var line = log.Append(answer.ToPrediction(item, model.Name));
                if (!line.IsOk)
                    lock (failures) failures.Add(new RunFailure(item.Id, item.Task, model.ImagesSent(item), line.Error ?? "failed"));
                Interlocked.Increment(ref line.IsOk ? ref ok : ref failed);
                Interlocked.Increment(ref done);
                Report();
            }
        }

        var workers = new Task[Math.Min(options.Concurrency, Math.Max(pending, 1))];
        for (int w = 0; w < workers.Length; w++) workers[w] = Task.Run(Worker, CancellationToken.None);
        await Task.WhenAll(workers).ConfigureAwait(false);
        Report();
        bool stopped = cancel.IsCancellationRequested && done < pending;
        return new BenchRunSummary(selected, alreadyDoneInSelection, ok, failed, log.TornBytesRemoved, stopped, clock.Elapsed,
            [.. failures.OrderBy(f => f.Id)], selected - alreadyDoneInSelection - pending);
    }

    static IEnumerable<BenchItem> Selection(IBenchSource bench, int? limit) =>
        limit is { } n ? bench.Items().Take(n) : bench.Items();

    static HashSet<long> SelectedIds(IBenchSource bench, int? limit)
    {
        var seen = new HashSet<long>();
        foreach (var item in Selection(bench, limit))
            if (!seen.Add(item.Id)) throw new SparException($"{bench.Location}: id {item.Id} occurs more than once");
        return seen;
    }
}
