using System.Text.Json;
using Spar.Bench.Report;
using Spar.Cli;

namespace Spar.Tests.Bench;

/// <summary>bench report keeps runs apart: distinct labels, and each run's row coverage in every output.</summary>
public class BenchReportCoverageTests
{
    static string ScoreJson(string path, double accuracy, int? scored, int? inBenchmark)
    {
        var keys = new Dictionary<string, object> { ["position_matching_accuracy"] = accuracy };
        if (scored is int s) keys["rows_scored"] = s;
        if (inBenchmark is int n) keys["rows_in_benchmark"] = n;
        File.WriteAllText(path, JsonSerializer.Serialize(keys));
        return path;
    }

    static (int Exit, string Err) Report(params string[] args)
    {
        var e = new StringWriter();
        return (SparCli.Run(["bench", "report", .. args], new StringWriter(), e), e.ToString());
    }

    [Fact]
    public void Two_runs_with_one_label_are_refused_and_nothing_is_written()
    {
        using var dir = new TestPaths.TempDir();
        var a = ScoreJson(dir["a.json"], 0.5, 400, 400);
        var b = ScoreJson(dir["b.json"], 0.7, 400, 400);
        var (exit, err) = Report("A=" + a, "A=" + b, "--out", dir["rep"]);
        Assert.Equal(2, exit);
        Assert.Contains("2 runs are labelled 'A'", err);
        Assert.Contains("LABEL=PATH", err);
        (exit, err) = Report(a, a, "--out", dir["rep"]);   // the same file twice: both labelled "a"
        Assert.Equal(2, exit);
        Assert.Contains("2 runs are labelled 'a'", err);
        Assert.False(Directory.Exists(dir["rep"]));
        Assert.Equal(0, Report("A=" + a, "B=" + a, "--out", dir["rep"]).Exit);   // distinct labels: fine
    }

    [Fact]
    public void A_partial_run_shows_rows_scored_of_rows_in_the_benchmark_in_every_output()
    {
        using var dir = new TestPaths.TempDir();
        var full = ScoreJson(dir["full.json"], 0.5, 400, 400);
        var part = ScoreJson(dir["part.json"], 0.9, 50, 400);
        var old = ScoreJson(dir["old.json"], 0.6, null, null);
        var (exit, err) = Report(full, part, old, "--out", dir["rep"]);
        Assert.True(exit == 0, err);

        var md = File.ReadAllText(dir["rep/report.md"]);
        Assert.Contains("| full | 50.00 | – | 50.00 | – |  | 400 / 400 |", md);
        Assert.Contains("| part | 90.00 | – | 90.00 | – |  | **50 / 400 (partial)** |", md);
        Assert.Contains("| old | 60.00 | – | 60.00 | – |  | not recorded |", md);
        Assert.Contains("not comparable with full runs", md);

        var csv = File.ReadAllLines(dir["rep/report.csv"]);
        Assert.Contains("rows_scored,,400,50,", csv);
        Assert.Contains("rows_in_benchmark,,400,400,", csv);

        var runs = JsonDocument.Parse(File.ReadAllText(dir["rep/report.json"])).RootElement.GetProperty("runs");
        Assert.Equal((50, 400, true), (runs[1].GetProperty("rows_scored").GetInt32(), runs[1].GetProperty("rows_in_benchmark").GetInt32(), runs[1].GetProperty("partial").GetBoolean()));
        Assert.False(runs[0].GetProperty("partial").GetBoolean());
        Assert.Equal(JsonValueKind.Null, runs[2].GetProperty("partial").ValueKind);

        var html = File.ReadAllText(dir["rep/report.html"]);
        Assert.Contains("<strong>50 / 400 (partial)</strong>", html);
        Assert.Contains("not comparable with full runs", html);
    }

    [Fact]
    public void Without_partial_runs_there_is_no_partial_note()
    {
        using var dir = new TestPaths.TempDir();
        Assert.Equal(0, Report(ScoreJson(dir["full.json"], 0.5, 400, 400), "--out", dir["rep"]).Exit);
        Assert.DoesNotContain("partial", File.ReadAllText(dir["rep/report.md"]));
    }

    [Theory]
    [InlineData(500, 400)]
    [InlineData(50, null)]
    public void Inconsistent_coverage_in_a_run_file_is_refused(int scored, int? inBenchmark)
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<Spar.Util.SparException>(() => ReportRun.Load(ScoreJson(dir["r.json"], 0.5, scored, inBenchmark)));
        Assert.Contains("rows_scored", e.Message);
    }
}
