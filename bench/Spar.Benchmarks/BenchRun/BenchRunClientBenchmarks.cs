using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Spar.Bench;
using Spar.Bench.Run;

namespace Spar.Benchmarks.BenchRun;

/// <summary>
/// Client overhead of <c>spar bench run</c> per request at concurrency 16 against a zero-latency local server.
/// <c>RawHttpClient</c> posts a prebuilt body of the same size with a bare HttpClient (the floor: HTTP stack + server);
/// <c>BenchRunner</c> does everything a real run does (prompt, base64 body, endpoint pool, retries wrapper, response
/// parsing, one flushed line per item). Overhead per request = (BenchRunner − RawHttpClient) / Requests.
/// </summary>
[MemoryDiagnoser]
public class BenchRunClientBenchmarks
{
    public const int Requests = 512;
    const int Concurrency = 16;

    ZeroLatencyChatServer _server = null!;
    HttpClient _http = null!;
    ChatCompletionsModel _model = null!;
    InMemoryBench _bench = null!;
    byte[] _rawBody = null!;
    string _dir = null!;
    int _run;

    /// <summary>Image size in bytes (SPAR-Bench averages ~250 KB per row; small images isolate per-request cost).</summary>
    [Params(4 * 1024, 256 * 1024)]
    public int ImageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = new ZeroLatencyChatServer();
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue });
        _model = new ChatCompletionsModel(new ChatModelOptions("bench-model", [_server.Url], null, new GenerationSettings(),
            TimeSpan.FromSeconds(30), RetryPolicy.Default()), Spar.Bench.SparBench.BenchPrompt.Build);
        var image = new byte[ImageBytes];
        new Random(1).NextBytes(image);
        image[0] = 0xFF; image[1] = 0xD8; image[2] = 0xFF;
        var question = "Where is the chair (red bbox) relative to the table (blue bbox)?\nA. left, above, closer\nB. right, below, farther\nC. left, below, closer\nD. right, above, farther\nYour answer can only include one of options A, B, C or D.";
        _bench = new InMemoryBench([.. Enumerable.Range(0, Requests).Select(i =>
            new BenchItem(i, "obj_spatial_relation_oo", "select", "single_view", "scannet", [new BenchImage(() => image, null)], question, "A"))]);
        _rawBody = ChatRequestBody.Build("bench-model", Spar.Bench.SparBench.BenchPrompt.Build(_bench.Items().First()), _bench.Items().First(), new GenerationSettings()).ToArray();
        _dir = Path.Combine(Path.GetTempPath(), "spar-bench-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _http.Dispose();
        _server.Dispose();
        Directory.Delete(_dir, true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public async Task RawHttpClient()
    {
        int next = -1;
        async Task Worker()
        {
            while (Interlocked.Increment(ref next) < Requests)
            {
                using var content = new ByteArrayContent(_rawBody);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _http.PostAsync(_server.Url, content);
                await response.Content.ReadAsByteArrayAsync();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(Worker)));
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public async Task BenchRunner()
    {
        var path = Path.Combine(_dir, $"p{_run++}.jsonl");
        var summary = await Spar.Bench.Run.BenchRunner.RunAsync(_bench, _model, path, new BenchRunOptions(Concurrency));
        if (summary.Ok != Requests) throw new InvalidOperationException($"{summary.Failed} requests failed");
        File.Delete(path);
    }

    sealed class InMemoryBench(IReadOnlyList<BenchItem> items) : IBenchSource
    {
        public string Location => "memory";
        public IEnumerable<BenchItem> Items() => items;
    }
}
