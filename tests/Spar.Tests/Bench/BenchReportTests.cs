using System.Text.Json;
using SkiaSharp;
using Spar.Bench.Report;
using Spar.Cli;

namespace Spar.Tests.Bench;

public class BenchReportTests
{
    static string ScoreJson(string path, params (string Key, double Value)[] tasks)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(tasks.ToDictionary(t => t.Key, t => t.Value)));
        return path;
    }

    [Fact]
    public void Report_levels_use_the_readme_convention_with_view_change_in_medium()
    {
        using var dir = new TestPaths.TempDir();
        var run = ReportRun.Load("m=" + ScoreJson(dir["a.json"], ("position_matching_accuracy", 0.5), ("camera_motion_infer_accuracy", 0.25),
            ("view_change_infer_vci_metric", 0.0), ("depth_prediction_oc_MRA:.5:.95:.05", 0.4), ("Middle", 0.375), ("overall", 0.2875)));
        Assert.Equal("m", run.Label);
        Assert.Equal(25.0, run.Medium, 12);
        Assert.Equal(37.5, run.ScoredMiddle!.Value, 12);
        Assert.Equal(40.0, run.Low, 12);
        Assert.True(double.IsNaN(run.High));
        Assert.Equal((50 + 25 + 0 + 40) / 4.0, run.Average, 12);
    }

    [Fact]
    public void Reference_rows_reproduce_the_spec_consistency_check()
    {
        // bench.md §7.3: SpaceR's 20-task mean is 37.554; Low 30.91; Medium with VCI 31.97.
        var spaceR = PublishedResults.ReferenceRuns().Single(r => r.Label.StartsWith("SpaceR (SpaceR"));
        Assert.Equal(37.55, spaceR.Average, 2);
        Assert.Equal(30.91, spaceR.Low, 2);
        Assert.Equal(31.97, spaceR.Medium, 2);
    }

    [Fact]
    public void Report_writes_every_form_and_the_charts_contain_rendered_text()
    {
        using var dir = new TestPaths.TempDir();
        var a = ScoreJson(dir["a.json"], ("position_matching_accuracy", 0.5), ("view_change_infer_vci_metric", 0.3), ("depth_prediction_oc_MRA:.5:.95:.05", 0.4));
        var b = ScoreJson(dir["b.json"], ("position_matching_accuracy", 0.7), ("depth_prediction_oc_MRA:.5:.95:.05", 0.2));
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.True(SparCli.Run(["bench", "report", "first=" + a, b, "--reference", "--out", dir["rep"]], o, e) == 0, e.ToString());
        foreach (var f in new[] { "report.md", "report.csv", "report.json", "report.html", "tasks.png", "tasks.svg", "levels.png", "levels.svg", "radar.png", "radar.svg" })
            Assert.True(File.Exists(dir["rep/" + f]), f);

        var md = File.ReadAllText(dir["rep/report.md"]);
        Assert.Contains("| first | 40.00 | 40.00 | 40.00 | – |", md);
        Assert.Contains("| position_matching | Medium | 50.00 | 70.00 |", md);
        Assert.Contains("SpaceR (paper) *(reference)* | 37.55 | 30.90 | 31.93 | 45.61 |", md);
        var csv = File.ReadAllLines(dir["rep/report.csv"]);
        Assert.StartsWith("row,level,first,b,", csv[0]);
        var json = JsonDocument.Parse(File.ReadAllText(dir["rep/report.json"])).RootElement;
        Assert.Equal(70.0, json.GetProperty("runs")[1].GetProperty("tasks").GetProperty("position_matching").GetDouble(), 12);
        Assert.Contains("<svg", File.ReadAllText(dir["rep/report.html"]));

        // The title is drawn in the top band: with a working font it has many dark pixels there.
        using var bitmap = SKBitmap.Decode(dir["rep/levels.png"]);
        Assert.Equal(1000, bitmap.Width);
        int dark = 0;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y).Red < 100) dark++;
        Assert.True(dark > 200, $"only {dark} dark pixels in the title band: text did not render");
    }

    [Fact]
    public void Missing_run_file_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var e = new StringWriter();
        Assert.Equal(2, SparCli.Run(["bench", "report", dir["nope.json"], "--out", dir["rep"]], new StringWriter(), e));
        Assert.Contains("nope.json: no such run file", e.ToString());
    }

    [Fact]
    public void Rerun_removes_temps_of_its_files_a_killed_run_left_and_keeps_others()
    {
        using var dir = new TestPaths.TempDir();
        int dead = Spar.Tests.Util.StaleTempsTests.DeadPid();
        Directory.CreateDirectory(dir["rep"]);
        var mine = dir[$"rep/.report.html.{dead}.{Guid.NewGuid():N}.tmp"];
        var other = dir[$"rep/.notes.txt.{dead}.{Guid.NewGuid():N}.tmp"];
        File.WriteAllText(mine, "<html");
        File.WriteAllText(other, "not the report's");
        ReportWriter.Write(dir["rep"], [.. PublishedResults.ReferenceRuns()]);
        Assert.False(File.Exists(mine));
        Assert.True(File.Exists(other));
        Assert.True(File.Exists(dir["rep/report.html"]));
    }
}
