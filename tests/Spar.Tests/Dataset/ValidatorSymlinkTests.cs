using Spar.Tests.Cli;

namespace Spar.Tests.Dataset;

/// <summary>
/// Symlink farms, the shape of every real SPAR-7M images tree (the layout scripts link into the user's downloads):
/// validate follows folder links, tells a dangling link from a missing file (naming the link and its target, by file,
/// line and record id), reports a link loop without stopping, and applies the <c>--allow-outside</c> rule to links.
/// </summary>
public class ValidatorSymlinkTests
{
    const string Task = "depth_prediction_oc";
    const string Question = "With the chair (red point) having a depth of 1.2 meters, how deep is the table (blue point)?";
    const string Markers = "\"red_point\": [[10, 20]], \"blue_point\": [[30, 40]]";

    static string Rec(string id, string image) => TreeBuilder.Record(id, Task, Question, "1.5", [image], Markers);

    static void Jpeg(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF]);
    }

    static void Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    [Fact]
    public void A_tree_of_folder_links_into_a_download_validates_once_the_download_is_allowed()
    {
        using var dir = new TestPaths.TempDir();
        Jpeg(dir["download/scans/scene0000_00/image/color/5.jpg"]);
        Jpeg(dir["store/scene0001_00/image_color/7.jpg"]);
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", Task, "fill", Rec("scene0000_00_1", "scene0000_00/image_color/5.jpg"), Rec("scene0001_00_2", "scene0001_00/image_color/7.jpg"));
        // A folder link per scene folder (prepare_scannet_layout.py), and a whole scene folder linked from elsewhere.
        Link(dir["spar/scannet/images/scene0000_00/image_color"], dir["download/scans/scene0000_00/image/color"]);
        Link(dir["spar/scannet/images/scene0001_00"], dir["store/scene0001_00"]);

        var (exit, output, err) = CliRunner.Run("validate", dir["spar"], "--allow-outside", dir["download"], "--allow-outside", dir["store"]);
        Assert.True(exit == 0, output + err);
        Assert.Contains("2 records", output);
        (exit, output, _) = CliRunner.Run("validate", dir["spar"], "--allow-outside", dir["download"]);
        Assert.Equal(1, exit);
        Assert.Contains("[scene0001_00_2] \"image[0]\" = 'scene0001_00/image_color/7.jpg' resolves to", output);
        Assert.DoesNotContain("scene0000_00_1", output);
    }

    [Fact]
    public void Dangling_links_are_reported_as_broken_symlinks_with_their_target_by_file_line_and_id()
    {
        using var dir = new TestPaths.TempDir();
        Jpeg(dir["spar/scannet/images/scene0000_00/image_color/1.jpg"]);
        var t = new TreeBuilder(dir["spar"]);
        var file = t.Lines("scannet", "train", Task, "fill",
            Rec("ok_1", "scene0000_00/image_color/1.jpg"),
            Rec("file_link_2", "scene0000_00/image_color/2.jpg"),
            Rec("folder_link_3", "scene0002_00/image_color/1.jpg"),
            Rec("missing_4", "scene0000_00/image_color/9.jpg"),
            Rec("loop_5", "scene0003_00/image_color/1.jpg"));
        // A file link whose target (inside the root) was removed; a folder link into a download that is gone.
        Link(dir["spar/scannet/images/scene0000_00/image_color/2.jpg"], "gone.jpg");
        Link(dir["spar/scannet/images/scene0002_00/image_color"], dir["download/scans/scene0002_00/image/color"]);
        Directory.CreateDirectory(dir["download"]);
        // Two links pointing at each other.
        Link(dir["spar/scannet/images/scene0003_00/a"], dir["spar/scannet/images/scene0003_00/image_color"]);
        Link(dir["spar/scannet/images/scene0003_00/image_color"], dir["spar/scannet/images/scene0003_00/a"]);

        var (exit, output, err) = CliRunner.Run("validate", dir["spar"], "--allow-outside", dir["download"]);
        Assert.True(exit == 1, output + err);
        Assert.Contains($"{file}:2: error: [file_link_2] \"image[0]\" = \"scene0000_00/image_color/2.jpg\": broken symlink scene0000_00/image_color/2.jpg → gone.jpg (the link's target does not exist)", output);
        Assert.Contains($"{file}:3: error: [folder_link_3] \"image[0]\" = \"scene0002_00/image_color/1.jpg\": broken symlink scene0002_00/image_color → {dir["download/scans/scene0002_00/image/color"]}", output);
        Assert.Contains($"{file}:4: error: [missing_4] \"image[0]\" = \"scene0000_00/image_color/9.jpg\" not found under", output);
        Assert.Contains($"{file}:5: error: [loop_5] \"image[0]\" = \"scene0003_00/image_color/1.jpg\": ", output);
        Assert.Contains("too many levels of symbolic links", output);
        Assert.DoesNotContain(":1: error", output);
        Assert.Matches(@"broken-symlink\s*│\s*error\s*│\s*2", output);
        Assert.Matches(@"symlink-loop\s*│\s*error\s*│\s*1", output);
        Assert.Matches(@"missing-file\s*│\s*error\s*│\s*1", output);

        // Without --allow-outside the folder link into the download is refused by the path rule first (it leads out).
        (exit, output, _) = CliRunner.Run("validate", dir["spar"]);
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:3: error: [folder_link_3] \"image[0]\" = 'scene0002_00/image_color/1.jpg' resolves to", output);
    }

    [Fact]
    public void A_dangling_images_folder_link_is_named_as_such()
    {
        using var dir = new TestPaths.TempDir();
        new TreeBuilder(dir["spar"]).Lines("scannet", "train", Task, "fill", Rec("a_1", "scene0000_00/image_color/1.jpg"));
        Link(dir["spar/scannet/images"], dir["unmounted/scannet/images"]);
        var (exit, output, _) = CliRunner.Run("validate", dir["spar"]);
        Assert.Equal(1, exit);
        Assert.Contains($"images folder is a broken symlink → {dir["unmounted/scannet/images"]}", output);
    }
}
