using Spar.Bench.SparBench;
using System.CommandLine;
using System.Text;
using Spar.Bench;
using Spar.Bench.Run;
using Spar.Cli.Commands;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>
/// Failures are never silent: a server that refuses multi-image requests the way a default vLLM does, the reasons in
/// the predictions file and in the table on stderr, the exit code, and <c>--retry-failed</c>.
/// </summary>
public sealed class FailureReasonTests
{
    /// <summary>vLLM's error body for a second image with the default <c>--limit-mm-per-prompt</c> (vllm-project/vllm#13513).</summary>
    public const string VllmTooManyImages =
        """{"object":"error","message":"At most 1 image(s) may be provided in one request.","type":"BadRequestError","param":null,"code":400}""";

    /// <summary>A fake vLLM with the default image limit: one image per prompt, a 400 for more, as long as <paramref name="limited"/> says.</summary>
    public static FakeChatServer DefaultVllm(Func<bool> limited) => new((request, _) =>
        limited() && request.ImageCount > 1 ? new Reply.Error(400, "Bad Request", VllmTooManyImages) : new Reply.Answer("A"));

    static (int Code, string Out, string Err) Run(IBenchSource bench, params string[] args)
    {
        var root = new RootCommand { BenchRunCommand.Create(_ => bench, Spar.Bench.SparBench.BenchPrompt.Build) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = root.Parse(["run", .. args]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return (code, stdout.ToString(), stderr.ToString());
    }

    static List<Spar.Bench.Predictions.BenchPrediction> Lines(string path) =>
        [.. File.ReadAllLines(path).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l)))];

    [Fact]
    public async Task A_server_refusing_several_images_fails_those_items_with_its_message_a_table_and_exit_1()
    {
        bool limited = true;
        await using var server = DefaultVllm(() => limited);
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench(Mixed(9)); // ids 2, 5, 8 are view_change_infer with two images
        string[] args = ["bench", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--concurrency", "2", "--out", dir["p.jsonl"]];

        var first = await Task.Run(() => Run(bench, args), TestContext.Current.CancellationToken);

        Assert.Equal(1, first.Code);
        Assert.Contains("9 items: 0 already done, 6 ok, 3 failed", first.Out);
        var failed = Lines(dir["p.jsonl"]).Where(l => !l.IsOk).OrderBy(l => l.Id).ToList();
        Assert.Equal([2L, 5, 8], failed.Select(l => l.Id));
        Assert.All(failed, l => Assert.Equal("HTTP 400 Bad Request: At most 1 image(s) may be provided in one request.", l.Error));
        Assert.All(failed, l => Assert.Equal(1, l.Attempts)); // a 400 is not retried
        Assert.Contains("3 item(s) failed; reasons", first.Err);
        Assert.Matches(@"\n\s+3  too many images per request\s+2  HTTP 400 Bad Request: At most 1 image\(s\)", first.Err);
        Assert.Contains("fix (too many images per request):", first.Err);
        Assert.Contains("--limit-mm-per-prompt '{\"image\":3}'", first.Err);

        // The operator raises the limit; --retry-failed asks exactly the three failed items again.
        limited = false;
        int before = server.Requests.Count;
        var retry = await Task.Run(() => Run(bench, [.. args, "--retry-failed"]), TestContext.Current.CancellationToken);

        Assert.Equal(0, retry.Code);
        Assert.Contains("9 items: 6 already done, 3 ok, 0 failed", retry.Out);
        var asked = server.Requests.Skip(before).Select(r => IdOf(r.Prompt)).Order();
        Assert.Equal([2, 5, 8], asked);
        Assert.DoesNotContain("failed; reasons", retry.Err);
    }

    [Fact]
    public async Task Retry_failed_leaves_items_never_attempted_and_says_so()
    {
        await using var server = DefaultVllm(() => true);
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench(Mixed(9));
        string[] args = ["bench", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--out", dir["p.jsonl"]];

        var first = await Task.Run(() => Run(bench, [.. args, "--limit", "3"]), TestContext.Current.CancellationToken);
        int before = server.Requests.Count;
        var retry = await Task.Run(() => Run(bench, [.. args, "--retry-failed"]), TestContext.Current.CancellationToken);

        Assert.Equal(1, first.Code);
        Assert.Equal(1, retry.Code); // still refused
        Assert.Equal([2], server.Requests.Skip(before).Select(r => IdOf(r.Prompt)));
        Assert.Contains("9 items: 2 already done, 0 ok, 1 failed, 6 not asked (never attempted; rerun without --retry-failed)", retry.Out);
    }

    [Fact]
    public async Task A_line_recorded_as_failed_because_it_is_too_long_is_counted_as_failed()
    {
        var huge = new string('9', PredictionLog.MaxLineBytes);
        await using var server = new FakeChatServer((_, _) => new Reply.Answer(huge));
        using var dir = new TestPaths.TempDir();

        var result = await Task.Run(() => Run(new InMemoryBench(Mixed(1)), "bench", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--out", dir["p.jsonl"]),
            TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Code);
        Assert.Contains("1 items: 0 already done, 0 ok, 1 failed", result.Out);
        Assert.Contains("answer too long for a prediction line", result.Err);
    }

    [Theory]
    // vLLM 0.6–0.7 (vllm-project/vllm#9739, #13513) and later (xorbitsai/inference#3054 quoting vLLM).
    [InlineData("HTTP 400 Bad Request: At most 1 image(s) may be provided in one request.", FailureReasons.TooManyImages)]
    [InlineData("HTTP 400 Bad Request: You set image=2 (or defaulted to 1) in `--limit-mm-per-prompt`, but passed 3 image items in the same prompt.", FailureReasons.TooManyImages)]
    // Ollama (ollama/ollama-js#213).
    [InlineData("HTTP 500 Internal Server Error: vision model only supports a single image per message", FailureReasons.TooManyImages)]
    // vLLM, SGLang, TGI, LMDeploy context limits.
    [InlineData("HTTP 400 Bad Request: This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4900 in the messages, 100 in the completion).", FailureReasons.ContextLength)]
    [InlineData("HTTP 400 Bad Request: The decoder prompt (length 10127) is longer than the maximum model length of 8192.", FailureReasons.ContextLength)]
    [InlineData("HTTP 400 Bad Request: The input (61709 tokens) is longer than the model's context length (40960 tokens).", FailureReasons.ContextLength)]
    [InlineData("HTTP 422 Unprocessable Entity: Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4090 `inputs` tokens and 100 `max_new_tokens`", FailureReasons.ContextLength)]
    [InlineData("HTTP 502 Bad Gateway: upstream", "HTTP 502")]
    [InlineData("timeout after 120 s", "timeout")]
    [InlineData("connection error: Connection refused (127.0.0.1:9)", "connection error")]
    [InlineData("malformed JSON in response: {\"choices\":", "response that is not a chat completion")]
    [InlineData("completion has no text content (finish_reason content_filter)", "completion without text")]
    [InlineData("item 3: image 0 is neither JPEG nor PNG (first bytes 00)", "image that is neither JPEG nor PNG")]
    [InlineData("something new", "other")]
    public void Reasons_are_recognised_from_the_servers_own_messages(string error, string reason)
    {
        var (actual, fix) = FailureReasons.Classify(error);
        Assert.Equal(reason, actual);
        Assert.Equal(reason is FailureReasons.TooManyImages or FailureReasons.ContextLength, fix is not null);
    }

    [Fact]
    public void The_context_fix_names_each_servers_flag()
    {
        var fix = FailureReasons.Classify("This model's maximum context length is 4096 tokens.").Fix!;
        foreach (var flag in new[] { "--max-model-len", "--context-length", "--session-len", "--max-total-tokens", "num_ctx" })
            Assert.Contains(flag, fix);
    }

    [Theory]
    [InlineData(VllmTooManyImages, "At most 1 image(s) may be provided in one request.")]
    [InlineData("""{"error":{"message":"Invalid API key","type":"invalid_request_error"}}""", "Invalid API key")]
    [InlineData("""{"error":"Input validation error: `inputs` must have less than 1024 tokens.","error_type":"validation"}""", "Input validation error: `inputs` must have less than 1024 tokens.")]
    [InlineData("""{"detail":"Not Found"}""", "Not Found")]
    [InlineData("<html>502</html>", null)]
    [InlineData("""{"error":{"code":1}}""", null)]
    public void The_server_message_is_taken_from_the_usual_error_bodies(string body, string? message) =>
        Assert.Equal(message, ChatAttempt.ServerMessage(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Groups_are_by_reason_most_frequent_first_with_the_first_id()
    {
        var groups = FailureReasons.Group([
            new RunFailure(7, "t", 1, "timeout after 1 s"),
            new RunFailure(4, "t", 2, "HTTP 400 Bad Request: At most 1 image(s) may be provided in one request."),
            new RunFailure(9, "t", 3, "HTTP 400 Bad Request: At most 1 image(s) may be provided in one request."),
        ]);
        Assert.Equal([(FailureReasons.TooManyImages, 2, 4L), ("timeout", 1, 7L)], groups.Select(g => (g.Reason, g.Count, g.FirstId)));
    }
}
