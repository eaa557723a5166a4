using Spar.Bench.SparBench;
using System.Collections.Concurrent;
using System.Text;
using Spar.Bench.Predictions;
using Spar.Bench.Run;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>Runs against a real local server that misbehaves the way production servers do.</summary>
public sealed class FaultInjectionTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static List<BenchPrediction> ReadLines(string path) =>
        [.. File.ReadAllLines(path).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l)))];

    [Fact]
    public async Task Transient_faults_are_retried_and_permanent_ones_are_recorded_as_failed()
    {
        // First-seen behaviour per item id; after the scripted faults every item is answered.
        var script = new Dictionary<int, Reply[]>
        {
            [0] = [new Reply.Status(429, RetryAfter: "1")],
            [1] = [new Reply.Status(500), new Reply.Status(503)],
            [2] = [new Reply.Slow(5000, "too late")],
            [3] = [new Reply.Malformed()],
            [4] = [new Reply.Drop()],
            [5] = [.. Enumerable.Repeat<Reply>(new Reply.Status(502), 10)],
            [6] = [new Reply.Status(400)],
        };
        await using var server = new FakeChatServer((request, seen) =>
        {
            int id = IdOf(request.Prompt);
            return script.TryGetValue(id, out var faults) && seen < faults.Length ? faults[seen] : new Reply.Answer($"answer {id}");
        });
        var waits = new ConcurrentBag<TimeSpan>();
        var options = ChatRequestBodyTests.Options(server) with
        {
            Timeout = TimeSpan.FromSeconds(2), // generous: a loaded CI machine must not time out the ordinary replies (item 2 sleeps 5 s)
            Delay = (wait, _) => { waits.Add(wait); return Task.CompletedTask; },
        };
        using var model = new ChatCompletionsModel(options, Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();
        var items = Mixed(9);

        var summary = await BenchRunner.RunAsync(new InMemoryBench(items), model, dir["pred.jsonl"], new BenchRunOptions(Concurrency: 4), cancel: Cancel);

        Assert.Equal((9, 7, 2, false), (summary.Selected, summary.Ok, summary.Failed, summary.Cancelled));
        var lines = ReadLines(dir["pred.jsonl"]).ToDictionary(l => l.Id);
        Assert.Equal(9, lines.Count);
        Assert.Equal(2, lines[0].Attempts);
        Assert.Equal(3, lines[1].Attempts);
        Assert.Equal(2, lines[2].Attempts);
        Assert.Equal(2, lines[3].Attempts);
        Assert.Equal(2, lines[4].Attempts);
        foreach (var id in new[] { 0, 1, 2, 3, 4, 7, 8 })
        {
            Assert.True(lines[id].IsOk);
            Assert.Equal($"answer {id}", lines[id].Prediction);
            Assert.Null(lines[id].Error);
        }
        Assert.Equal(1, lines[7].Attempts);

        // 502 forever: 1 attempt + 3 retries, then failed with the server's error.
        Assert.False(lines[5].IsOk);
        Assert.Equal(4, lines[5].Attempts);
        Assert.Null(lines[5].Prediction);
        Assert.StartsWith("HTTP 502", lines[5].Error);
        // 400 is not retried.
        Assert.False(lines[6].IsOk);
        Assert.Equal(1, lines[6].Attempts);
        Assert.Contains("injected 400", lines[6].Error);

        Assert.Equal(2, server.TimesSeen("Q2:"));
        Assert.Equal(4, server.TimesSeen("Q5:"));
        // Retries 1+2+1+1+1+3 = 9 waits; Retry-After: 1 is honoured as a floor, the backoff alone stays under 4 ms.
        Assert.Equal(9, waits.Count);
        Assert.Equal(1, waits.Count(w => w == TimeSpan.FromSeconds(1)));
        Assert.All(waits.Where(w => w != TimeSpan.FromSeconds(1)), w => Assert.InRange(w.TotalMilliseconds, 0.5, 4));
    }

    [Fact]
    public async Task Undecodable_answers_are_retried_like_transport_faults_and_record_their_endpoint()
    {
        // A body that is not the gzip it claims, a completion whose text is a lone surrogate (valid JSON, no valid
        // string), and one with a byte that is not UTF-8: each once, then answered; item 3 gets bad gzip forever.
        var loneSurrogate = Encoding.ASCII.GetBytes("{\"choices\":[{\"message\":{\"content\":\"A\\ud800\"},\"finish_reason\":\"stop\"}]}");
        var notUtf8 = Encoding.ASCII.GetBytes("{\"choices\":[{\"message\":{\"content\":\"A?\"},\"finish_reason\":\"stop\"}]}");
        notUtf8[Array.IndexOf(notUtf8, (byte)'?')] = 0xFF;
        var script = new Dictionary<int, Reply[]>
        {
            [0] = [new Reply.BadGzip()],
            [1] = [new Reply.Body(loneSurrogate)],
            [2] = [new Reply.Body(notUtf8)],
            [3] = [.. Enumerable.Repeat<Reply>(new Reply.BadGzip(), 10)],
        };
        await using var server = new FakeChatServer((request, seen) =>
        {
            int id = IdOf(request.Prompt);
            return script.TryGetValue(id, out var faults) && seen < faults.Length ? faults[seen] : new Reply.Answer($"answer {id}");
        });
        using var model = new ChatCompletionsModel(ChatRequestBodyTests.Options(server) with { Delay = (_, _) => Task.CompletedTask }, Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();

        var summary = await BenchRunner.RunAsync(new InMemoryBench(Mixed(4)), model, dir["pred.jsonl"], new BenchRunOptions(Concurrency: 2), cancel: Cancel);

        Assert.Equal((3, 1), (summary.Ok, summary.Failed));
        var lines = ReadLines(dir["pred.jsonl"]).ToDictionary(l => l.Id);
        var url = server.BaseUrl + "/chat/completions";
        foreach (var id in new[] { 0, 1, 2 })
        {
            Assert.True(lines[id].IsOk, lines[id].Error);
            Assert.Equal((2, $"answer {id}", url), (lines[id].Attempts, lines[id].Prediction, lines[id].Endpoint));
        }
        Assert.False(lines[3].IsOk);
        Assert.Equal((4, url), (lines[3].Attempts, lines[3].Endpoint)); // 1 attempt + 3 retries, where they went
        Assert.Contains("gzip", lines[3].Error);
        Assert.Equal(4, server.TimesSeen("Q3:"));
    }

    [Fact]
    public async Task Rerun_retries_only_the_failed_items_and_appends()
    {
        bool healthy = false;
        await using var server = new FakeChatServer((request, _) =>
            !healthy && IdOf(request.Prompt) % 2 == 0 ? new Reply.Status(500) : new Reply.Answer("A"));
        using var model = new ChatCompletionsModel(ChatRequestBodyTests.Options(server) with { Delay = (_, _) => Task.CompletedTask }, Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench(Mixed(6));

        var first = await BenchRunner.RunAsync(bench, model, dir["p.jsonl"], new BenchRunOptions(3), cancel: Cancel);
        var afterFirst = File.ReadAllBytes(dir["p.jsonl"]);
        healthy = true;
        int requestsBefore = server.Requests.Count;
        var second = await BenchRunner.RunAsync(bench, model, dir["p.jsonl"], new BenchRunOptions(3), cancel: Cancel);

        Assert.Equal((3, 3), (first.Ok, first.Failed));
        Assert.Equal((3, 3, 0), (second.AlreadyDone, second.Ok, second.Failed));
        Assert.Equal(3, server.Requests.Count - requestsBefore);
        var all = File.ReadAllBytes(dir["p.jsonl"]);
        Assert.Equal(afterFirst, all.AsSpan(0, afterFirst.Length).ToArray()); // earlier lines untouched
        var lines = ReadLines(dir["p.jsonl"]);
        Assert.Equal(9, lines.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], lines.Where(l => l.IsOk).Select(l => l.Id).Order());
    }

    [Fact]
    public async Task In_flight_requests_never_exceed_the_concurrency()
    {
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("B", DelayMs: 15));
        using var model = new ChatCompletionsModel(ChatRequestBodyTests.Options(server), Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();

        var summary = await BenchRunner.RunAsync(new InMemoryBench(Mixed(40)), model, dir["p.jsonl"], new BenchRunOptions(Concurrency: 5), cancel: Cancel);

        Assert.Equal(40, summary.Ok);
        Assert.Equal(40, server.Requests.Count);
        Assert.Equal(5, server.MaxInFlight); // reached, never exceeded
    }

    [Fact]
    public async Task Several_endpoints_share_the_load()
    {
        await using var a = new FakeChatServer((_, _) => new Reply.Answer("A", DelayMs: 5));
        await using var b = new FakeChatServer((_, _) => new Reply.Answer("A", DelayMs: 5));
        using var model = new ChatCompletionsModel(ChatRequestBodyTests.Options(a, b), Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();

        var summary = await BenchRunner.RunAsync(new InMemoryBench(Mixed(30)), model, dir["p.jsonl"], new BenchRunOptions(Concurrency: 4), cancel: Cancel);

        Assert.Equal(30, summary.Ok);
        Assert.Equal(30, a.Requests.Count + b.Requests.Count);
        Assert.InRange(a.Requests.Count, 10, 20);
        var endpoints = ReadLines(dir["p.jsonl"]).Select(l => l.Endpoint).Distinct().Order().ToList();
        Assert.Equal([.. new[] { a, b }.Select(s => s.BaseUrl + "/chat/completions").Order()], endpoints);
    }

    [Fact]
    public async Task Api_key_is_sent_as_a_bearer_token()
    {
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("A"));
        using var model = new ChatCompletionsModel(ChatRequestBodyTests.Options(server) with { ApiKey = "sk-test" }, Spar.Bench.SparBench.BenchPrompt.Build);

        await model.AnswerAsync(Mixed(1)[0], Cancel);

        Assert.Equal("Bearer sk-test", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Unreachable_server_fails_the_items_without_crashing_the_run()
    {
        var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        port.Start();
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)port.LocalEndpoint).Port}/v1/chat/completions");
        port.Stop(); // nothing listens there now: connection refused
        var options = new ChatModelOptions("m", [url], null, new GenerationSettings(), TimeSpan.FromSeconds(5),
            new RetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromSeconds(1)));
        using var model = new ChatCompletionsModel(options, Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();

        var summary = await BenchRunner.RunAsync(new InMemoryBench(Mixed(3)), model, dir["p.jsonl"], new BenchRunOptions(2), cancel: Cancel);

        Assert.Equal((0, 3), (summary.Ok, summary.Failed));
        Assert.All(ReadLines(dir["p.jsonl"]), l =>
        {
            Assert.Equal(3, l.Attempts);
            Assert.StartsWith("connection error", l.Error);
        });
    }
}
