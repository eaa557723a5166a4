using Spar.Scenes;

namespace Spar.Tests.Cli;

public class ScenesCommandTests
{
    [Fact]
    public void Synth_writes_scenes_and_reports_what_it_made()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, output, err) = CliRunner.Run("scenes", "synth", "--count", "1", "--seed", "9", "--out", dir.Path,
            "--frames", "3", "--video-frames", "2", "--extra-views", "1", "--width", "64", "--height", "48", "--threads", "1");
        Assert.True(exit == 0, err);
        Assert.Contains("1 scenes, 4 frames", output);
        var scene = SceneJson.Read(Path.Combine(dir.Path, "synthetic", "images", "synth_9_0000", "scene.json")).Scene;
        Assert.Equal(4, scene.Frames.Count);
        Assert.All(scene.Frames, f => Assert.True(File.Exists(Path.Combine(dir.Path, "synthetic", "images", f.ImagePath))));
        Assert.Equal(["0", "2"], File.ReadAllLines(Path.Combine(dir.Path, "synthetic", "images", "synth_9_0000", "video_idx.txt")));
    }

    [Fact]
    public void Bad_arguments_exit_2_with_a_message()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, _, err) = CliRunner.Run("scenes", "synth", "--count", "1", "--out", dir.Path, "--frames", "4", "--video-frames", "9");
        Assert.Equal(2, exit);
        Assert.Contains("--video-frames must be in 1..4, got 9", err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
