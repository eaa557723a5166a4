using System.Text.Json;
using Spar.Bench.Report;
using Spar.Cli;

namespace Spar.Tests.Bench;

/// <summary>Report honesty: published rows say where they were scored, every output rounds as the tables do, the Avg is
/// the score bench score printed, and the summary chart stays readable with many runs.</summary>
public sealed class ReportHonestyTests
{
    static int Report(params string[] args) => SparCli.Run(["bench", "report", .. args], new StringWriter(), new StringWriter());

    [Fact]
    public void Csv_and_json_carry_the_tables_rounding_not_a_binary_tail()
    {
        using var dir = new TestPaths.TempDir();
        // 0.28 * 100 = 28.000000000000004 in binary floating point.
        File.WriteAllText(dir["a.json"], """{"position_matching_accuracy":0.28,"camera_motion_infer_accuracy":0.07}""");
        Assert.Equal(28.000000000000004, 0.28 * 100);
        Assert.Equal(0, Report("m=" + dir["a.json"], "--out", dir["rep"]));

        var csv = File.ReadAllText(dir["rep/report.csv"]);
        Assert.Contains("position_matching,Medium,28.00\n", csv);
        Assert.Contains("camera_motion_infer,Medium,7.00\n", csv);
        Assert.Contains("Avg,,17.50\n", csv);
        var json = File.ReadAllText(dir["rep/report.json"]);
        Assert.DoesNotContain("0000000", json);
        var run = JsonDocument.Parse(json).RootElement.GetProperty("runs")[0];
        Assert.Equal("28", run.GetProperty("tasks").GetProperty("position_matching").GetRawText());
        Assert.Equal("17.5", run.GetProperty("avg").GetRawText());
        Assert.Contains("| position_matching | Medium | 28.00 |", File.ReadAllText(dir["rep/report.md"]));
    }

    [Theory]
    [InlineData(28.000000000000004, "28.00")]
    [InlineData(33.125, "33.13")]              // a half, away from zero
    [InlineData(33.124999999999993, "33.13")]  // the same value printed, a bit below in binary: read as 33.125
    [InlineData(33.12499, "33.12")]
    [InlineData(-0.005, "-0.01")]
    [InlineData(double.NaN, "–")]
    public void One_rounding_rule(double value, string text) => Assert.Equal(text, ReportNumbers.Format(value));

    [Fact]
    public void The_avg_is_the_score_bench_score_printed()
    {
        using var dir = new TestPaths.TempDir();
        // score is what bench score printed (overall × 100); the report shows it rather than a mean recomputed from the
        // ×100 task values, which can differ in the last bit and so, at a half, in the second decimal.
        File.WriteAllText(dir["a.json"], """{"position_matching_accuracy":0.1,"camera_motion_infer_accuracy":0.2,"score":15.000000000000002}""");
        var run = ReportRun.Load(dir["a.json"]);
        Assert.Equal(15.000000000000002, run.Average);
        Assert.Equal(0, Report(dir["a.json"], "--out", dir["rep"]));
        Assert.Contains("| a | 15.00 |", File.ReadAllText(dir["rep/report.md"]));
    }

    [Fact]
    public void Published_rows_say_they_were_scored_on_the_official_benchmark()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["a.json"], """{"position_matching_accuracy":0.5,"rows_scored":4,"rows_in_benchmark":4,"benchmark":"my-build"}""");
        Assert.Equal(0, Report("mine=" + dir["a.json"], "--reference", "--out", dir["rep"]));

        var md = File.ReadAllText(dir["rep/report.md"]);
        Assert.Contains("| SpaceR (paper) *(reference)* | 37.55 | 30.90 | 31.93 | 45.61 |  | published (official SPAR-Bench) |", md);
        Assert.Contains("| Human (tiny) (paper) *(reference)* | 67.27 | 55.31 | 72.32 | 76.22 |  | published (official SPAR-Bench-Tiny) |", md);
        Assert.Contains("not on the benchmark of the runs above", md);
        Assert.Contains("not on the benchmark of the runs above", File.ReadAllText(dir["rep/report.html"]));
        var runs = JsonDocument.Parse(File.ReadAllText(dir["rep/report.json"])).RootElement.GetProperty("runs");
        Assert.Equal("my-build", runs[0].GetProperty("scored_on").GetString());
        Assert.Equal("official SPAR-Bench", runs[1].GetProperty("scored_on").GetString());
        Assert.Contains("scored_on,,my-build,official SPAR-Bench,official SPAR-Bench,official SPAR-Bench-Tiny", File.ReadAllText(dir["rep/report.csv"]));
        // The charts carry it in the label, having no table.
        Assert.Contains("SpaceR (paper) · published, official SPAR-Bench", File.ReadAllText(dir["rep/levels.svg"]));
    }

    [Fact]
    public void The_summary_chart_has_a_row_per_run_and_a_legend_of_the_four_levels()
    {
        using var dir = new TestPaths.TempDir();
        var args = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            File.WriteAllText(dir[$"r{i}.json"], $$"""{"position_matching_accuracy":{{0.03 * i}},"depth_prediction_oc_MRA:.5:.95:.05":0.4}""");
            args.Add($"checkpoint-{i:00}={dir[$"r{i}.json"]}");
        }
        Assert.Equal(0, Report([.. args, "--reference", "--out", dir["rep"]]));

        var svg = File.ReadAllText(dir["rep/levels.svg"]);
        var height = double.Parse(System.Text.RegularExpressions.Regex.Match(svg, "<svg[^>]*height=\"([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(height >= 37 * 34, $"35 rows need room: {height}");
        // Each run is a tick label of its own (ScottPlot writes a text's characters on an indented line of their own).
        var texts = System.Text.RegularExpressions.Regex.Matches(svg, @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => m.Groups[1].Value).ToHashSet();
        for (int i = 0; i < 20; i++) Assert.Contains($"checkpoint-{i:00}", texts);
        Assert.Contains("SpaceR (paper) · published, official SPAR-Bench", texts);
        // The legend names the four levels, not 37 runs.
        foreach (var level in new[] { "Avg", "Low", "Medium", "High" }) Assert.Contains(level, texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("checkpoint-", StringComparison.Ordinal) && t.Length > "checkpoint-00".Length);
    }
}
