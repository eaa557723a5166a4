using Spar.Drawing;
using Spar.Tests.Cli;
using Spar.Tests.Dataset;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>draw, show and export through the CLI: exit codes and what they print.</summary>
public sealed class DrawingCommandTests
{
    static void Tree(TestPaths.TempDir dir)
    {
        var t = new TreeBuilder(dir["spar"]);
        ImageCodec.WritePng(RgbaImage.Solid(80, 60, new Rgb(9, 9, 9)), dir["spar/scannet/images/s/0.png"]);
        t.Lines("scannet", "train", "distance_prediction_oc", "fill",
            TreeBuilder.Record("a", "distance_prediction_oc", "How far?", "2", ["s/0.png"], "\"red_point\": [[500, 500]]"),
            TreeBuilder.Record("b", "distance_prediction_oc", "How far?", "2", ["s/missing.png"], "\"red_point\": [[500, 500]]"));
    }

    [Fact]
    public void Draw_exits_1_and_names_the_missing_image_but_writes_the_rest()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        var records = Directory.GetFiles(dir["spar/scannet/qa_jsonl"], "*.jsonl", SearchOption.AllDirectories).Single();
        var (exit, output, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"]);
        Assert.Equal(1, exit);
        Assert.Contains("missing.png", err);
        Assert.Contains(":2: error:", err);
        Assert.Contains("1/2 records drawn", output);
        Assert.Equal(new Rgb(255, 0, 0), ImageCodec.Decode(dir["d/a/0.png"])[40, 30]);
    }

    [Fact]
    public void Export_and_show_run_end_to_end()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        var (exit, output, err) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["x"], "--burn-markers");
        Assert.Equal(1, exit);   // record b's image is missing: reported, the rest exported
        Assert.Contains("1 samples exported, 1 skipped, 1 marked images drawn", output);
        Assert.Contains("missing.png", err);
        (exit, output, var showErr) = CliRunner.Run("show", dir["spar"], "--out", dir["g"], "--ids", "a");   // b, whose image is missing, is shown failing below
        Assert.Equal(0, exit);
        Assert.Contains("1 samples in 1 types", output);
        Assert.Contains("show: 1/1 samples", showErr);   // progress, as a plain line when stderr is not a terminal
        Assert.True(File.Exists(dir["g/index.html"]));
    }

    [Fact]
    public void Export_takes_train_by_default_and_warns_about_unburned_markers()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "val", "distance_prediction_oc", "fill",
            TreeBuilder.Record("v", "distance_prediction_oc", "How far?", "2", ["s/0.png"], "\"red_point\": [[500, 500]]"));
        var (exit, output, err) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["x"]);
        Assert.Equal(1, exit);   // b's image is missing
        Assert.Contains("1 samples exported, 1 skipped", output);   // a only: v is in val
        Assert.Contains("warning: 1 samples ask about marked objects", err);
        (exit, output, _) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["y"], "--split", "all", "--burn-markers");
        Assert.Contains("2 samples exported, 1 skipped", output);
        (_, output, _) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["z"], "--split", "val");
        Assert.Contains("1 samples exported, 0 skipped", output);
    }

    [Fact]
    public void Show_fails_for_missing_ids_unshowable_samples_and_bad_counts()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        var (exit, output, err) = CliRunner.Run("show", dir["spar"], "--out", dir["g1"], "--ids", "a", "nope");
        Assert.Equal(1, exit);
        Assert.Contains("1 samples in 1 types", output);
        Assert.Contains("error: id nope not found", err);
        (exit, _, err) = CliRunner.Run("show", dir["spar"], "--out", dir["g2"], "--ids", "b");
        Assert.Equal(1, exit);   // b's image is missing
        Assert.Contains(":2: error:", err);
        Assert.Contains("missing.png", err);
        (exit, _, err) = CliRunner.Run("show", dir["spar"], "--out", dir["g3"], "--n", "0");
        Assert.Equal(2, exit);   // usage error
        Assert.Contains("--n must be between 1 and", err);
        (exit, _, err) = CliRunner.Run("draw", "x.jsonl", "--images-root", dir.Path, "--out", dir["d"], "--png-level", "10");
        Assert.Equal(2, exit);   // usage error
        Assert.Contains("--png-level must be between 0 and 9, not 10", err);
        (exit, _, err) = CliRunner.Run("validate", dir["spar"], "-j", "0");
        Assert.Equal(2, exit);   // usage error
        Assert.Contains("--threads must be between 1 and 1024, not 0", err);
        (exit, _, _) = CliRunner.Run("validate", dir["spar"], "--no-such-option");
        Assert.Equal(2, exit);
        (exit, _, _) = CliRunner.Run("no-such-command");
        Assert.Equal(2, exit);
        (exit, _, _) = CliRunner.Run("validate", "--help");
        Assert.Equal(0, exit);
    }
}
