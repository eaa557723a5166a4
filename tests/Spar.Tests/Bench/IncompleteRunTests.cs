using System.Text.Json;
using Spar.Bench.Data;
using Spar.Cli;
using Spar.Tests.Bench.Run;

namespace Spar.Tests.Bench;

/// <summary>
/// The issue's scenario end to end: a server refusing multi-image requests as a default vLLM does fails a third of a
/// run; the score file records rows scored / failed / missing against the benchmark's size, <c>bench score</c>
/// refuses a headline without <c>--partial</c>, the report shows the coverage and marks the run in red, and
/// <c>--retry-failed</c> completes it.
/// </summary>
public sealed class IncompleteRunTests
{
    static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Failed_rows_are_counted_in_score_and_report_until_retried()
    {
        bool limited = true;
        await using var server = FailureReasonTests.DefaultVllm(() => limited);
        using var dir = new TestPaths.TempDir();
        FolderBenchWriter.Write(dir["bench"], RunFixtures.Mixed(9)); // 3 rows with two images
        string[] run = ["bench", "run", dir["bench"], "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--out", dir["p.jsonl"]];

        var first = await Task.Run(() => Cli(run), TestContext.Current.CancellationToken);
        Assert.Equal(1, first.Exit);
        Assert.Contains("too many images per request", first.Err);

        var refused = Cli("bench", "score", dir["bench"], dir["p.jsonl"]);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("3 of 9 benchmark rows are failed requests (first ids: 2, 5, 8)", refused.Err);
        Assert.Contains("--retry-failed", refused.Err);
        Assert.Contains("--partial", refused.Err);
        Assert.DoesNotContain("score =", refused.Out);

        var text = Cli("bench", "score", dir["bench"], dir["p.jsonl"], "--partial");
        Assert.Equal(0, text.Exit);
        Assert.Contains("incomplete run: 6 of 9 rows answered (3 failed)", text.Out);

        var partial = Cli("bench", "score", dir["bench"], dir["p.jsonl"], "--partial", "--json");
        Assert.True(partial.Exit == 0, partial.Err);
        var root = JsonDocument.Parse(partial.Out).RootElement;
        Assert.Equal((6, 3, 0, 9), (root.GetProperty("rows_scored").GetInt32(), root.GetProperty("rows_failed").GetInt32(),
            root.GetProperty("rows_missing").GetInt32(), root.GetProperty("rows_in_benchmark").GetInt32()));
        File.WriteAllText(dir["partial.json"], partial.Out);

        limited = false;
        var retry = await Task.Run(() => Cli([.. run, "--retry-failed"]), TestContext.Current.CancellationToken);
        Assert.True(retry.Exit == 0, retry.Err);
        var full = Cli("bench", "score", dir["bench"], dir["p.jsonl"], "--json");
        Assert.True(full.Exit == 0, full.Err);
        root = JsonDocument.Parse(full.Out).RootElement;
        Assert.Equal((9, 0, 0, 9), (root.GetProperty("rows_scored").GetInt32(), root.GetProperty("rows_failed").GetInt32(),
            root.GetProperty("rows_missing").GetInt32(), root.GetProperty("rows_in_benchmark").GetInt32()));
        File.WriteAllText(dir["full.json"], full.Out);

        var report = Cli("bench", "report", "before=" + dir["partial.json"], "after=" + dir["full.json"], "--out", dir["rep"]);
        Assert.True(report.Exit == 0, report.Err);
        var md = File.ReadAllText(dir["rep/report.md"]);
        Assert.Matches(@"\| before \|[^\n]*\| \*\*6 / 9 \(partial\)\*\* \| \*\*3 failed\*\* \|", md);
        Assert.Matches(@"\| after \|[^\n]*\| 9 / 9 \|", md);
        var html = File.ReadAllText(dir["rep/report.html"]);
        Assert.Contains("<tr class=\"incomplete\"><td>before</td>", html);
        Assert.DoesNotContain("<tr class=\"incomplete\"><td>after</td>", html);
        Assert.Matches(@"tr\.incomplete td[^{]*\{color:#c00\}", html);
        var csv = File.ReadAllLines(dir["rep/report.csv"]);
        Assert.Contains("rows_failed,,3,0", csv);
        var runs = JsonDocument.Parse(File.ReadAllText(dir["rep/report.json"])).RootElement.GetProperty("runs");
        Assert.Equal((3, true), (runs[0].GetProperty("rows_failed").GetInt32(), runs[0].GetProperty("partial").GetBoolean()));
    }

    [Fact]
    public void A_run_file_whose_rows_add_up_to_more_than_the_benchmark_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["r.json"], """{"position_matching_accuracy":0.5,"rows_scored":8,"rows_in_benchmark":9,"rows_failed":3,"rows_missing":0}""");
        var (exit, _, err) = Cli("bench", "report", dir["r.json"], "--out", dir["rep"]);
        Assert.Equal(2, exit);
        Assert.Contains("exceed rows_in_benchmark (9)", err);
    }
}
