using Spar.Bench.Build;
using Spar.Dataset;
using Spar.Drawing;
using Spar.Tests.Dataset;
using Spar.Imaging;

namespace Spar.Tests.Cli;

/// <summary>
/// Issue 13, defect 4: no reader follows a record's path out of its root. Every case has a real file outside a temporary
/// root (a valid image, so a reader that followed the path would succeed and the test would see it) and real symlinks.
/// </summary>
public sealed class PathContainmentTests
{
    const string Task = "distance_prediction_oc";
    static readonly Rgb Secret = new(1, 2, 3);

    /// <summary>spar/scannet with one good record (s/0.png) and one whose image is <paramref name="badImage"/>; a valid PNG lies
    /// outside the tree at outside/secret.png and outside.png.</summary>
    static string Tree(TestPaths.TempDir dir, string badImage, string split = "train")
    {
        var t = new TreeBuilder(dir["spar"]);
        ImageCodec.WritePng(RgbaImage.Solid(40, 30, new Rgb(9, 9, 9)), dir["spar/scannet/images/s/0.png"]);
        ImageCodec.WritePng(RgbaImage.Solid(40, 30, Secret), dir["outside/secret.png"]);
        ImageCodec.WritePng(RgbaImage.Solid(40, 30, Secret), dir["outside.png"]);
        return t.Lines("scannet", split, Task, "fill",
            TreeBuilder.Record("good", Task, "How far?", "2", ["s/0.png"], "\"red_point\": [[500, 500]]"),
            TreeBuilder.Record("bad", Task, "How far?", "2", [badImage], "\"red_point\": [[500, 500]]"));
    }

    static void Link(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);
    }

    /// <summary>No file under <paramref name="folder"/> decodes to the secret colour (or holds the secret file's bytes).</summary>
    static void AssertNothingReadFromOutside(TestPaths.TempDir dir, string folder)
    {
        if (!Directory.Exists(folder)) return;
        var secret = File.ReadAllBytes(dir["outside/secret.png"]);
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(f);
            Assert.False(bytes.AsSpan().IndexOf(secret) >= 0, $"{f} embeds the outside file");
            if (f.EndsWith(".png", StringComparison.Ordinal)) Assert.NotEqual(Secret, ImageCodec.Decode(f)[20, 15]);
        }
    }

    [Fact]
    public void Draw_refuses_a_dot_dot_path_out_of_the_images_root()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "../../../outside.png");   // spar/scannet/images/../../../ = the temp dir
        var (exit, output, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"]);
        Assert.Equal(1, exit);
        Assert.Contains($"{records}:2: error: record bad: image 0 '../../../outside.png'", err);
        Assert.Contains("is outside", err);
        Assert.Contains("1/2 records drawn", output);
        Assert.False(Directory.Exists(dir["d/bad"]));
        AssertNothingReadFromOutside(dir, dir["d"]);
    }

    [Fact]
    public void Draw_and_validate_refuse_a_symlink_inside_the_root_that_leads_out()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "s/link.png");
        Link(dir["spar/scannet/images/s/link.png"], dir["outside/secret.png"]);
        var (exit, _, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"]);
        Assert.Equal(1, exit);
        Assert.Contains($"{records}:2: error: record bad: image 0 's/link.png' resolves to {dir["outside/secret.png"]}, which is outside", err);
        AssertNothingReadFromOutside(dir, dir["d"]);

        (exit, var output, err) = CliRunner.Run("validate", dir["spar"]);
        Assert.Equal(1, exit);
        Assert.Contains($"{records}:2: error: [bad] \"image[0]\" = 's/link.png' resolves to {dir["outside/secret.png"]}", output);
        Assert.Contains("path-outside", output);
        Assert.DoesNotContain(":1: error", output);
    }

    [Fact]
    public void A_link_in_a_parent_folder_is_followed_too_and_etc_passwd_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "farm/secret.png");
        Link(dir["spar/scannet/images/farm"], dir["outside"]);          // a folder link: the file itself is no link
        var (exit, _, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"]);
        Assert.Equal(1, exit);
        Assert.Contains($"resolves to {dir["outside/secret.png"]}, which is outside", err);
        AssertNothingReadFromOutside(dir, dir["d"]);

        using var dir2 = new TestPaths.TempDir();
        records = Tree(dir2, "s/passwd");
        Link(dir2["spar/scannet/images/s/passwd"], "/etc/passwd");
        var (vexit, voutput, _) = CliRunner.Run("validate", dir2["spar"]);
        Assert.Equal(1, vexit);
        Assert.Contains("resolves to /etc/passwd, which is outside", voutput);
    }

    [Fact]
    public void A_symlink_farm_is_read_once_its_target_is_allowed_and_links_that_stay_inside_are_fine()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "farm/secret.png");
        Link(dir["spar/scannet/images/farm"], dir["outside"]);
        Link(dir["spar/scannet/images/s/again.png"], "0.png");          // relative link, stays inside
        File.AppendAllText(records, TreeBuilder.Record("inside", Task, "How far?", "2", ["s/again.png"], "\"red_point\": [[500, 500]]") + "\n");
        var (exit, output, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"],
            "--allow-outside", dir["outside"]);
        Assert.True(exit == 0, err);
        Assert.Contains("3/3 records drawn", output);
        Assert.Equal(new Rgb(255, 0, 0), ImageCodec.Decode(dir["d/bad/0.png"])[20, 15]);   // the marker, drawn on the allowed image
        Assert.Equal(Secret, ImageCodec.Decode(dir["d/bad/0.png"])[2, 2]);

        File.Move(records, records.Replace("fill_2", "fill_3"));
        (exit, output, err) = CliRunner.Run("validate", dir["spar"], "--allow-outside", dir["outside"]);
        Assert.True(exit == 0, output + err);
        (exit, output, _) = CliRunner.Run("validate", dir["spar"]);
        Assert.Equal(1, exit);
        Assert.Contains("pass --allow-outside DIR", output);
    }

    [Fact]
    public void Allow_outside_must_name_an_existing_folder()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "s/0.png");
        var (exit, _, err) = CliRunner.Run("draw", records, "--images-root", dir["spar/scannet/images"], "--out", dir["d"], "--allow-outside", dir["nope"]);
        Assert.Equal(2, exit);
        Assert.Contains($"--allow-outside {dir["nope"]}: no such folder", err);
    }

    [Fact]
    public void Export_with_burned_markers_and_show_refuse_a_path_out_of_the_root()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "../../../outside.png");
        var (exit, output, err) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["x"], "--burn-markers");
        Assert.Equal(1, exit);
        Assert.Contains($"{records}:2: error: record bad: image 0 '../../../outside.png'", err);
        Assert.Contains("1 samples exported, 1 skipped", output);
        AssertNothingReadFromOutside(dir, dir["x"]);
        Assert.DoesNotContain("outside.png", File.ReadAllText(dir["x/llava.json"]));

        (exit, output, err) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["y"]);
        Assert.Equal(1, exit);
        Assert.DoesNotContain("outside.png", File.ReadAllText(dir["y/llava.json"]));

        (exit, _, err) = CliRunner.Run("show", dir["spar"], "--out", dir["g"], "--ids", "bad");
        Assert.Equal(1, exit);
        Assert.Contains($"{records}:2: error: record bad: image 0", err);
        AssertNothingReadFromOutside(dir, dir["g"]);
    }

    [Fact]
    public void Export_index_refuses_an_entry_whose_annotation_leads_out_of_the_tree()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir, "s/0.png");
        // A readable record file outside the tree: a reader that followed the entry would export its record.
        var outsideJsonl = dir["outside/records.jsonl"];
        File.WriteAllText(outsideJsonl, TreeBuilder.Record("stolen", Task, "How far?", "2", ["s/0.png"]) + "\n");
        File.WriteAllText(dir["index.json"], $$$"""
            {"a": {"root": "spar/scannet/images", "annotation": "{{{outsideJsonl}}}", "repeat_time": 1},
             "b": {"root": "spar/scannet/images", "annotation": "/etc/passwd", "repeat_time": 1},
             "c": {"root": "spar/scannet/images", "annotation": "spar/../outside/records.jsonl", "repeat_time": 1},
             "d": {"root": "/etc", "annotation": "spar/scannet/qa_jsonl/train/{{{Task}}}/fill/fill_2.jsonl", "repeat_time": 1}}
            """);
        var (exit, output, err) = CliRunner.Run("export", dir["spar"], "--to", "llava", "--out", dir["x"], "--index", dir["index.json"]);
        Assert.Equal(1, exit);
        Assert.Contains($"{dir["index.json"]}:0: error: a: annotation '{outsideJsonl}' is outside {dir["spar"]}", err);
        Assert.Contains("b: annotation '/etc/passwd' is outside", err);
        Assert.Contains("c: annotation 'spar/../outside/records.jsonl'", err);
        Assert.Contains("d: root '/etc' is outside", err);
        Assert.DoesNotContain("root:", err);           // no line of /etc/passwd is echoed
        Assert.Contains("0 samples exported", output);
        Assert.DoesNotContain("stolen", File.ReadAllText(dir["x/llava.json"]));
    }

    [Fact]
    public void Bench_build_skips_a_record_whose_image_leads_out_and_embeds_nothing_from_outside()
    {
        using var dir = new TestPaths.TempDir();
        var records = Tree(dir, "../../../outside.png", split: "val");
        var result = BenchBuilder.Build(dir["spar"], dir["out"], new BenchBuildOptions(PerTask: 5, Tiny: null));
        Assert.Equal(1, result.Rows);
        var (reason, (count, first)) = Assert.Single(result.Rejected);
        Assert.Contains("outside the source's images/", reason);
        Assert.Equal(1, count);
        Assert.StartsWith($"{records}:2: image '../../../outside.png' is outside", first);
        AssertNothingReadFromOutside(dir, dir["out"]);
    }
}
