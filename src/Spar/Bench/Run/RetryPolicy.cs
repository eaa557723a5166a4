using Spar.Determinism;

namespace Spar.Bench.Run;

/// <summary>
/// When to retry a failed request and how long to wait. Exponential backoff with "equal jitter" (half fixed, half
/// random), the random half drawn from (item id, retry number) so a run's waits are reproducible and items that failed
/// together do not retry in lockstep. A server's Retry-After is a floor, capped so a bogus header cannot stall a run.
/// </summary>
/// <param name="MaxRetries">Retries after the first attempt (attempts = MaxRetries + 1).</param>
public sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter)
{
    public static RetryPolicy Default(int maxRetries = 6) =>
        new(maxRetries, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5));

    /// <param name="retry">1 for the first retry.</param>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter, long itemId)
    {
        double capMs = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        double jittered = capMs * (0.5 + 0.5 * StableHash.UnitOf((ulong)itemId, (ulong)retry, 0x5245545259UL));
        var backoff = TimeSpan.FromMilliseconds(jittered);
        if (retryAfter is not { } floor) return backoff;
        if (floor > MaxRetryAfter) floor = MaxRetryAfter;
        return floor > backoff ? floor : backoff;
    }
}
