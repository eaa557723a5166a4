using Spar.Bench.SparBench;
using System.CommandLine;
using System.Text;
using Spar.Bench;
using Spar.Bench.Run;
using Spar.Cli.Commands;
using Spar.Util;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>The CLI wiring: options reach the library and errors come back as user-facing messages.</summary>
public sealed class BenchRunCommandTests
{
    static (int Code, string Out, string Err) Run(IBenchSource bench, params string[] args)
    {
        var root = new RootCommand { BenchRunCommand.Create(_ => bench, Spar.Bench.SparBench.BenchPrompt.Build) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = root.Parse(["run", .. args]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Random_baseline_runs_offline_with_limit_and_resumes()
    {
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench(Mixed(12));

        var first = Run(bench, "bench", "--model", "random", "--seed", "4", "--limit", "5", "--out", dir["p.jsonl"]);
        var second = Run(bench, "bench", "--model", "random", "--seed", "4", "--out", dir["p.jsonl"]);

        Assert.Equal(0, first.Code);
        Assert.Contains("5 items: 0 already done, 5 ok, 0 failed", first.Out);
        Assert.Equal(0, second.Code);
        Assert.Contains("12 items: 5 already done, 7 ok, 0 failed", second.Out);
        var lines = File.ReadAllLines(dir["p.jsonl"]).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l))).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), lines.Select(l => l.Id).Order());
        Assert.All(lines, l => Assert.Equal("random", l.Model));
    }

    [Theory]
    [InlineData(null, "Please answer the question using a single word or phrase.")]
    [InlineData("gpt4v", "Do not response anything other than a single number!")]
    public async Task Prompt_kind_selects_the_lmms_eval_numeric_wording(string? kind, string expected)
    {
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("1.0"));
        using var dir = new TestPaths.TempDir();
        string[] args = ["bench", "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--limit", "1", "--out", dir["p.jsonl"]];
        if (kind != null) args = [.. args, "--prompt-kind", kind];

        var result = await Task.Run(() => Run(new InMemoryBench(Mixed(1)), args), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Code);
        var body = Encoding.UTF8.GetString(Assert.Single(server.Requests).Body);
        // Item 0 is a numeric (depth) task: the post prompt ends the text, JSON-escaped.
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize("\n" + expected)[1..^1], body);
    }

    [Fact]
    public async Task Endpoint_run_sends_the_model_name_and_max_tokens()
    {
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("C"));
        using var dir = new TestPaths.TempDir();

        var result = await Task.Run(() => Run(new InMemoryBench(Mixed(3)), "bench", "--endpoint", server.BaseUrl.ToString(), "--model", "internvl2_5-8b",
            "--max-tokens", "16", "--concurrency", "2", "--out", dir["p.jsonl"]), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Code);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            var body = Encoding.UTF8.GetString(r.Body);
            Assert.StartsWith("{\"model\":\"internvl2_5-8b\",", body);
            Assert.EndsWith("\"max_tokens\":16,\"temperature\":0,\"top_p\":1}", body);
        });
    }

    [Fact]
    public void Unknown_model_without_endpoint_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => Run(new InMemoryBench(Mixed(1)), "bench", "--model", "gpt-4o", "--out", dir["p.jsonl"]));
        Assert.Contains("--endpoint is required for model 'gpt-4o'", e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    public void Timeout_out_of_range_says_the_range_it_checks(string seconds)
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => Run(new InMemoryBench(Mixed(1)), "bench", "--model", "random", "--timeout-s", seconds, "--out", dir["p.jsonl"]));
        Assert.Equal($"--timeout-s must be more than 0 and at most 86400 seconds, not {seconds}", e.Message);
        Assert.False(File.Exists(dir["p.jsonl"]));
    }

    [Fact]
    public void Missing_api_key_variable_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => Run(new InMemoryBench(Mixed(1)), "bench", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m",
            "--api-key-env", "SPAR_TEST_SURELY_UNSET_KEY", "--out", dir["p.jsonl"]));
        Assert.Contains("SPAR_TEST_SURELY_UNSET_KEY", e.Message);
    }

    [Fact]
    public void Blind_prior_learns_from_a_training_tree_and_prints_what_it_learned()
    {
        using var dir = new TestPaths.TempDir();
        var train = Path.Combine(dir.Path, "spar", "scannet", "qa_jsonl", "train");
        BaselineTests.WriteRecords(Path.Combine(train, "obj_spatial_relation_oo", "select", "select_3.jsonl"), "obj_spatial_relation_oo", "D", "D", "A");
        BaselineTests.WriteRecords(Path.Combine(train, "depth_prediction_oc", "fill", "fill_3.jsonl"), "depth_prediction_oc", "0.8", "2.4", "1.9");
        var root = new RootCommand { BenchRunCommand.Create(_ => new InMemoryBench(Mixed(2)), Spar.Bench.SparBench.BenchPrompt.Build) };
        var err = new StringWriter();

        int code = root.Parse(["run", "bench", "--model", "blind-prior", "--prior", Path.Combine(dir.Path, "spar"), "--out", dir["p.jsonl"]])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = err, EnableDefaultExceptionHandler = false });

        Assert.Equal(0, code);
        Assert.Contains("depth_prediction_oc: 1.9", err.ToString());
        Assert.Contains("obj_spatial_relation_oo: D", err.ToString());
        var predictions = File.ReadAllLines(dir["p.jsonl"]).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l))).OrderBy(l => l.Id).Select(l => l.Prediction);
        Assert.Equal(["1.9", "D"], predictions);
    }

    [Fact]
    public void Blind_prior_can_learn_from_another_bench()
    {
        using var dir = new TestPaths.TempDir();
        var prior = new InMemoryBench([Item(0, "obj_spatial_relation_oo", "Q", "C", Jpeg), Item(1, "obj_spatial_relation_oo", "Q", "C", Jpeg), Item(2, "depth_prediction_oc", "Q", "1.7", Jpeg)]);
        var root = new RootCommand { BenchRunCommand.Create(path => path == "prior" ? prior : new InMemoryBench(Mixed(2)), Spar.Bench.SparBench.BenchPrompt.Build) };
        var err = new StringWriter();

        int code = root.Parse(["run", "bench", "--model", "blind-prior", "--prior", "prior", "--out", dir["p.jsonl"]])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = err, EnableDefaultExceptionHandler = false });

        Assert.Equal(0, code);
        Assert.Contains("obj_spatial_relation_oo: C", err.ToString());
        var predictions = File.ReadAllLines(dir["p.jsonl"]).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l))).OrderBy(l => l.Id).Select(l => l.Prediction);
        Assert.Equal(["1.7", "C"], predictions);
    }
}
