using System.Diagnostics;
using System.Net;

namespace Spar.Bench.Run;

/// <param name="Endpoints">Chat-completions URLs of servers that serve the same model.</param>
/// <param name="Delay">How to wait between attempts; tests substitute one that records the requested waits.</param>
public sealed record ChatModelOptions(
    string Model,
    IReadOnlyList<Uri> Endpoints,
    string? ApiKey,
    GenerationSettings Generation,
    TimeSpan Timeout,
    RetryPolicy Retry,
    Func<TimeSpan, CancellationToken, Task>? Delay = null)
{
    /// <summary><c>--send-depth</c>: add each image's depth map as an extra image part (docs/bench-run.md).</summary>
    public bool SendDepth { get; init; }
}

/// <summary>
/// A model behind OpenAI-compatible chat-completions servers (vLLM, SGLang, LMDeploy, OpenAI…). Plain
/// <see cref="HttpClient"/> rather than the OpenAI SDK: the request body must be exactly the official prompt with
/// greedy settings and nothing else, and the SDK's own retry pipeline would hide attempts from the prediction log.
/// </summary>
public sealed class ChatCompletionsModel : IBenchModel, IDisposable
{
    readonly ChatModelOptions _options;
    readonly Func<BenchItem, string> _prompt;
    readonly EndpointPool _pool;
    readonly HttpClient _http;
    readonly Func<TimeSpan, CancellationToken, Task> _delay;

    /// <param name="prompt">The official prompt of an item (bench.md §3).</param>
    public ChatCompletionsModel(ChatModelOptions options, Func<BenchItem, string> prompt, HttpMessageHandler? handler = null)
    {
        _options = options;
        _prompt = prompt;
        _pool = new EndpointPool(options.Endpoints);
        _delay = options.Delay ?? Task.Delay;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        { Timeout = System.Threading.Timeout.InfiniteTimeSpan }; // each attempt has its own timeout
    }

    public string Name => _options.Model;

    public async Task<ModelAnswer> AnswerAsync(BenchItem item, CancellationToken cancel)
    {
        var body = ChatRequestBody.Build(_options.Model, _prompt(item), item, _options.Generation, _options.SendDepth);
        for (int attempt = 1; ; attempt++)
        {
            int endpoint = _pool.Acquire();
            var clock = Stopwatch.StartNew();
            AttemptOutcome outcome;
            try
            {
                outcome = await ChatAttempt.SendAsync(_http, _pool[endpoint], body, _options.ApiKey, _options.Timeout, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested)
            {
                // A fault SendAsync does not classify (a new kind of broken response): still one attempt at this
                // endpoint, retried and recorded with it, rather than an item failed for good with no endpoint.
                outcome = AttemptOutcome.Transient($"unexpected {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                _pool.Release(endpoint);
            }
            long latencyMs = clock.ElapsedMilliseconds;
            var url = _pool[endpoint].ToString();
            if (outcome.Ok) return new ModelAnswer(outcome.Content, null, url, attempt, latencyMs);
            if (!outcome.Retryable || attempt > _options.Retry.MaxRetries)
                return new ModelAnswer(null, outcome.Error, url, attempt, latencyMs);
            await _delay(_options.Retry.DelayBefore(attempt, outcome.RetryAfter, item.Id), cancel).ConfigureAwait(false);
        }
    }

    /// <summary>With <see cref="ChatModelOptions.SendDepth"/> each image's depth map is one more image part.</summary>
    public int ImagesSent(BenchItem item) => item.Images.Count * (_options.SendDepth ? 2 : 1);

    public void Dispose() => _http.Dispose();
}
