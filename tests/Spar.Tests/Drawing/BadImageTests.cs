using Spar.Drawing;
using Spar.Imaging;
using Spar.Tests.Cli;
using Spar.Tests.Dataset;

namespace Spar.Tests.Drawing;

/// <summary>
/// One bad image fails its record, not the run: draw, export --burn-markers, show and bench build skip the record,
/// name it, count it and exit 1, and produce everything else.
/// </summary>
public sealed class BadImageTests
{
    const string Task = "distance_prediction_oc";

    /// <summary>Record "good" has a real image; the others' images are missing, garbage, empty, a cut JPEG and a folder.</summary>
    static string[] Tree(TestPaths.TempDir dir)
    {
        var images = dir["spar/scannet/images"];
        ImageCodec.WritePng(RgbaImage.Solid(80, 60, new Rgb(9, 9, 9)), Path.Combine(images, "s/good.png"));
        using (var img = RgbaImage.Solid(80, 60, new Rgb(9, 9, 9)))
        using (var ms = new MemoryStream())
        {
            ImageCodec.EncodeJpeg(img, ms, 90);
            File.WriteAllBytes(Path.Combine(images, "s/cut.jpg"), ms.ToArray()[..(int)(ms.Length / 3)]);
        }
        File.WriteAllText(Path.Combine(images, "s/garbage.png"), "not an image");
        File.WriteAllBytes(Path.Combine(images, "s/empty.jpg"), []);
        Directory.CreateDirectory(Path.Combine(images, "s/folder.jpg"));
        string[] names = ["good.png", "missing.png", "garbage.png", "empty.jpg", "cut.jpg", "folder.jpg"];
        var t = new TreeBuilder(dir["spar"]);
        var records = names.Select(n => TreeBuilder.Record(Path.GetFileNameWithoutExtension(n), Task, "How far is the chair (red point)?", "2", [$"s/{n}"],
            "\"red_point\": [[500, 500]]")).ToArray();
        t.Lines("scannet", "train", Task, "fill", records);
        return names[1..].Select(Path.GetFileNameWithoutExtension).ToArray()!;
    }

    static void AssertNamed(string err, string[] bad)
    {
        foreach (var name in bad) Assert.Contains($"s/{name}", err);
    }

    [Fact]
    public void Draw_skips_each_record_with_a_bad_image()
    {
        using var dir = new TestPaths.TempDir();
        var bad = Tree(dir);
        var records = Directory.GetFiles(dir["spar/scannet/qa_jsonl"], "*.jsonl", SearchOption.AllDirectories).Single();
        var (exit, output, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"]);
        Assert.True(exit == 1, err);
        Assert.Contains("1/6 records drawn, 1 images written, 5 errors", output);
        AssertNamed(err, bad);
        Assert.True(File.Exists(dir["d/good/0.png"]));
    }

    [Fact]
    public void Export_with_burned_markers_skips_each_record_with_a_bad_image()
    {
        using var dir = new TestPaths.TempDir();
        var bad = Tree(dir);
        var (exit, output, err) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["x"], "--burn-markers");
        Assert.True(exit == 1, err);
        Assert.Contains("1 samples exported, 5 skipped, 1 marked images drawn", output);
        AssertNamed(err, bad);
    }

    [Fact]
    public void Show_skips_each_sample_with_a_bad_image()
    {
        using var dir = new TestPaths.TempDir();
        var bad = Tree(dir);
        var (exit, output, err) = CliRunner.Run("show", dir["spar"], "--out", dir["g"], "--n", "6");
        Assert.True(exit == 1, err);
        Assert.Contains("1 samples in 1 types", output);
        AssertNamed(err, bad);
        Assert.True(File.Exists(dir["g/index.html"]));
    }

    [Fact]
    public void Bench_build_leaves_out_each_record_with_a_bad_image()
    {
        using var dir = new TestPaths.TempDir();
        var bad = Tree(dir);
        var (exit, output, err) = CliRunner.Run("bench", "build", dir["spar"], "--out", dir["b"], "--split", "train", "--tiny", "0");
        Assert.True(exit == 1, err);
        Assert.Contains("1 rows (tiny: 0)", output);
        AssertNamed(err, bad);
        Assert.Contains("skipped 5 record(s): image missing or unreadable (first at ", err);
        var rows = Spar.Bench.Data.BenchSource.Open(dir["b"]).Items().ToList();
        Assert.Equal((0L, "2"), (Assert.Single(rows).Id, rows[0].Answer));
        Assert.Contains("\"image missing or unreadable\"", File.ReadAllText(dir["b/build.json"]));
    }
}
