using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// The shared frame writer every RGB-D importer uses. Before it, ScanNet, ScanNet++ and ARKitScenes each had their own
/// writer and a frame name written twice surfaced as a bare IOException ("file already exists") naming only a staging
/// path; only Matterport turned it into an error naming its input.
/// </summary>
public class SceneFrameFilesTests
{
    const string Scene = "scene0000_00";

    static SceneFrameFiles Staged(TestPaths.TempDir dir, string listing)
    {
        var staging = dir["staging"];
        foreach (var folder in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, folder));
        return new SceneFrameFiles(Scene, staging, listing);
    }

    [Fact]
    public void A_frame_written_twice_is_a_clear_error_naming_the_listing_and_the_file_and_keeps_the_first()
    {
        using var dir = new TestPaths.TempDir();
        var listing = dir["colmap/images.txt"];
        var files = Staged(dir, listing);
        byte[] first = [1, 2, 3], second = [9, 9];
        files.WriteFrame(7, first, first, first);

        var e = Assert.Throws<SparException>(() => files.WriteFrame(7, second, second, second));
        Assert.Equal($"{listing}: {Scene}/image_color/7.jpg is written twice (a frame listed twice?)", e.Message);
        // CreateNew: the first frame's colour image is not overwritten by the second.
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(dir["staging"], "image_color", "7.jpg")));
    }

    [Fact]
    public void A_video_copy_written_twice_is_the_same_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var files = Staged(dir, "lowres_wide");
        byte[] bytes = [4, 5];
        var membership = files.WriteVideo(0, 12, bytes, bytes, bytes);
        Assert.Equal(new VideoMembership(0, $"{Scene}/video_color/frame0_12.jpg", $"{Scene}/video_depth/frame0_12.png"), membership);

        var e = Assert.Throws<SparException>(() => files.WriteVideo(0, 12, bytes, bytes, bytes));
        Assert.Equal($"lowres_wide: {Scene}/video_color/frame0_12.jpg is written twice (a frame listed twice?)", e.Message);
    }
}
