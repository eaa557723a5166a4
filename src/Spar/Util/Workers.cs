using System.Runtime.ExceptionServices;

namespace Spar.Util;

/// <summary>
/// The parallel loops of the library. Two things the bare <see cref="Parallel"/> calls get wrong for a tool:
/// <list type="bullet">
/// <item>a worker's exception (a full disk, a bad input file) comes out wrapped in an <see cref="AggregateException"/>
/// together with the same failure of the other workers; here it comes out as the worker threw it, so callers and the
/// CLI see <see cref="IOException"/> or <see cref="SparException"/>, not a wrapper;</item>
/// <item>a stop (<paramref name="cancel"/> of each loop: Ctrl-C, SIGTERM) starts no new item; items already running
/// finish, so nothing is left half-written, and the loop then throws <see cref="OperationCanceledException"/>.</item>
/// </list>
/// </summary>
public static class Workers
{
    /// <summary>At most <paramref name="threads"/> workers (0 or less: one per core), stopping on <paramref name="cancel"/>.</summary>
    public static ParallelOptions Options(int threads, CancellationToken cancel) => new()
    {
        MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount,
        CancellationToken = cancel,
    };

    public static void For(int count, int threads, CancellationToken cancel, Action<int> body) =>
        Run(() => Parallel.For(0, count, Options(threads, cancel), body));

    public static void ForEach<T>(IEnumerable<T> items, int threads, CancellationToken cancel, Action<T> body) =>
        Run(() => Parallel.ForEach(items, Options(threads, cancel), body));

    /// <summary>Runs any parallel loop (e.g. one with thread-local state), unwrapping what it throws.</summary>
    public static void Run(Action loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(Unwrap(e)).Throw();
        }
    }

    /// <summary>
    /// The one exception to report for what workers threw: the first that is not a cancellation (the others are
    /// usually the same failure met by the other workers), else a cancellation. Nested wrappers are flattened.
    /// </summary>
    public static Exception Unwrap(AggregateException e)
    {
        var inner = e.Flatten().InnerExceptions;
        return inner.FirstOrDefault(x => x is not OperationCanceledException) ?? inner.FirstOrDefault() ?? e;
    }
}
