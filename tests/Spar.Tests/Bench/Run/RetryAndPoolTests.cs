using Spar.Bench.Run;

namespace Spar.Tests.Bench.Run;

public sealed class RetryAndPoolTests
{
    static readonly RetryPolicy Policy = new(6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5));

    [Fact]
    public void Backoff_doubles_with_equal_jitter_up_to_the_cap()
    {
        for (long id = 0; id < 200; id++)
            for (int retry = 1; retry <= 10; retry++)
            {
                double capS = Math.Min(60, Math.Pow(2, retry - 1));
                var wait = Policy.DelayBefore(retry, null, id);
                Assert.InRange(wait.TotalSeconds, capS / 2, capS);
            }
    }

    [Fact]
    public void Jitter_is_reproducible_and_differs_between_items()
    {
        Assert.Equal(Policy.DelayBefore(3, null, 17), Policy.DelayBefore(3, null, 17));
        var waits = Enumerable.Range(0, 100).Select(id => Policy.DelayBefore(3, null, id)).Distinct().Count();
        Assert.True(waits > 90, $"only {waits} distinct waits for 100 items");
    }

    [Fact]
    public void Retry_after_is_a_floor_and_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Policy.DelayBefore(1, TimeSpan.FromSeconds(30), 0));
        Assert.Equal(TimeSpan.FromMinutes(5), Policy.DelayBefore(1, TimeSpan.FromHours(2), 0));
        // A Retry-After shorter than the backoff does not shorten it.
        var backoff = Policy.DelayBefore(6, null, 9);
        Assert.Equal(backoff, Policy.DelayBefore(6, TimeSpan.FromSeconds(1), 9));
    }

    [Fact]
    public void Pool_picks_the_endpoint_with_fewest_in_flight_then_rotates()
    {
        var pool = new EndpointPool([new Uri("http://a/"), new Uri("http://b/"), new Uri("http://c/")]);

        int first = pool.Acquire(), second = pool.Acquire(), third = pool.Acquire();
        Assert.Equal([0, 1, 2], new[] { first, second, third });

        pool.Release(1); // b is now the least busy
        Assert.Equal(1, pool.Acquire());

        pool.Release(0);
        pool.Release(1);
        pool.Release(2); // all idle: round-robin continues after the last pick (b)
        Assert.Equal([2, 0, 1], new[] { pool.Acquire(), pool.Acquire(), pool.Acquire() });
    }

    [Fact]
    public void Completion_parsing_classifies_responses()
    {
        Assert.Equal("B", ChatAttempt.ParseCompletion("""{"choices":[{"message":{"role":"assistant","content":"B"}}]}"""u8).Content);
        Assert.Equal("1.5 m", ChatAttempt.ParseCompletion("""{"choices":[{"message":{"content":[{"type":"text","text":"1.5"},{"type":"text","text":" m"}]}}]}"""u8).Content);

        var filtered = ChatAttempt.ParseCompletion("""{"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]}"""u8);
        Assert.False(filtered.Retryable);
        Assert.Contains("content_filter", filtered.Error);

        var malformed = ChatAttempt.ParseCompletion("""{"choices":[{"mess"""u8);
        Assert.True(malformed.Retryable);
        Assert.StartsWith("malformed JSON", malformed.Error);

        var wrongShape = ChatAttempt.ParseCompletion("""{"error":{"message":"overloaded"}}"""u8);
        Assert.True(wrongShape.Retryable);
        Assert.Contains("overloaded", wrongShape.Error);
    }
}
