using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Runs per-frame work on <c>workers</c> threads while one thread keeps reading the stream: a bounded queue
/// (2 jobs per worker) keeps memory constant, results come back in submission order, and each job's output depends
/// only on the job, so files are byte-identical for any worker count. With one worker the work runs inline.
/// The first failure stops the pipeline and is rethrown, unchanged, to the submitting thread.
/// </summary>
sealed class FramePipeline<TJob, TScratch, TResult> : IDisposable where TResult : class
{
    readonly Func<TJob, TScratch, TResult> _work;
    readonly TScratch? _inlineScratch;
    readonly BlockingCollection<(int Seq, TJob Job)>? _queue;
    readonly Task[] _workers = [];
    readonly CancellationTokenSource _stop = new();
    readonly List<TResult?> _results = [];
    readonly Lock _lock = new();
    ExceptionDispatchInfo? _failure;

    public FramePipeline(int workers, Func<TScratch> newScratch, Func<TJob, TScratch, TResult> work)
    {
        _work = work;
        if (workers <= 1) { _inlineScratch = newScratch(); return; }
        _queue = new BlockingCollection<(int, TJob)>(2 * workers);
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() => Drain(newScratch()),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
    }

    public void Submit(TJob job)
    {
        int seq;
        lock (_lock) { seq = _results.Count; _results.Add(null); }
        if (_queue == null) { _results[seq] = _work(job, _inlineScratch!); return; }
        _failure?.Throw();
        try { _queue.Add((seq, job), _stop.Token); }
        catch (OperationCanceledException) { _failure!.Throw(); }
    }

    /// <summary>Waits for every submitted job and returns the results in submission order.</summary>
    public List<TResult> Complete()
    {
        if (_queue != null)
        {
            _queue.CompleteAdding();
            Task.WaitAll(_workers);
            _failure?.Throw();
        }
        return _results.Select(r => r!).ToList();
    }

    void Drain(TScratch scratch)
    {
        try
        {
            foreach (var (seq, job) in _queue!.GetConsumingEnumerable(_stop.Token))
            {
                var result = _work(job, scratch);
                lock (_lock) _results[seq] = result;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            lock (_lock) _failure ??= ExceptionDispatchInfo.Capture(e);
            _stop.Cancel();
        }
    }

    public void Dispose()
    {
        if (_queue != null && !_queue.IsAddingCompleted)
        {
            _stop.Cancel();
            _queue.CompleteAdding();
            try { Task.WaitAll(_workers); } catch (AggregateException) { }
        }
        _queue?.Dispose();
        _stop.Dispose();
    }
}
