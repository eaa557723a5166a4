using Spar.Generation;
using Spar.Tests.Util;

namespace Spar.Tests.Tasks;

/// <summary>What generate does after a kill and with bad scene files.</summary>
public sealed class GenerateFaultTests
{
    [Fact]
    public void Image_temps_a_killed_copy_left_are_removed_by_the_rerun_and_a_live_runs_are_spared()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"], count: 2);
        var options = GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 2) with { Tasks = ["depth_prediction_oc"], Images = ImageMode.Copy };
        Generator.Run(options);
        var images = Path.Combine(tmp["out"], "synthetic", "images");
        var folder = Directory.GetDirectories(images, "image_color", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        // What a run killed between its copy and its rename leaves (its pid is gone), and a temp of a live run (this one).
        var dead = Path.Combine(folder, $".0.jpg.{StaleTempsTests.DeadPid()}.{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(folder, $".1.jpg.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(dead, [0xFF, 0xD8]);
        File.WriteAllBytes(live, [0xFF, 0xD8]);

        var report = Generator.Run(options); // every scene resumed: nothing is placed, the temps are still cleaned
        Assert.Equal(2, report.ScenesResumed);
        Assert.Equal([dead], report.TempsRemoved);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        var (exit, output, err) = Spar.Tests.Cli.CliRunner.Run("generate", "--scenes", tmp["scenes"], "--out", tmp["out"], "--per-scene", "2",
            "--tasks", "depth_prediction_oc", "--images", "copy", "--seed", "7", "--val-fraction", "0.34", "--threads", "1");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("temp file", err + output); // nothing more to remove
        Assert.True(File.Exists(live));
    }
}
