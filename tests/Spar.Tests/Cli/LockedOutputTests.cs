using Spar.Bench.Build;
using Spar.Cli;
using Spar.Dataset;
using Spar.Generation;
using Spar.Scenes.Importers.ScanNet;
using Spar.Tests.Bench;
using Spar.Util;

namespace Spar.Tests.Cli;

/// <summary>
/// Two runs into one output: the second stops at once (exit 2) naming the first. The runs are two in one process,
/// the second started from inside the first; the file lock behaves as between processes (see OutputLockTests).
/// </summary>
public sealed class LockedOutputTests
{
    static string[] GenerateArgs(string scenes, string output, params string[] more) =>
        ["generate", "--scenes", scenes, "--out", output, "--per-scene", "2", "--tasks", "depth_prediction_oc", "--formats", "fill", "--threads", "1", .. more];

    [Fact]
    public void A_second_generate_or_a_merge_into_one_out_is_refused_while_the_first_runs()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"], count: 2);
        var seen = new List<(int Exit, string Err)>();
        var options = GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 2) with { Tasks = ["depth_prediction_oc"] };
        var report = Generator.Run(options, onSceneCommitted: _ =>
        {
            if (seen.Count > 0) return;
            var (exit, _, err) = CliRunner.Run(GenerateArgs(tmp["scenes"], tmp["out"]));
            seen.Add((exit, err));
            var merge = CliRunner.Run("merge", tmp["out"], "--out", tmp["out"]);
            seen.Add((merge.Exit, merge.Err));
        });
        Assert.Empty(report.Failures);
        Assert.Equal(2, seen[0].Exit);
        Assert.Contains($"generate --out {tmp["out"]}: another spar run is writing there (pid {Environment.ProcessId} on host {Environment.MachineName}", seen[0].Err);
        Assert.Equal(2, seen[1].Exit);
        Assert.Contains("another spar run is writing there", seen[1].Err);
        // Released at the end: the same command now runs.
        var again = CliRunner.Run(GenerateArgs(tmp["scenes"], tmp["out"]));
        Assert.True(again.Exit == 0, again.Err);
    }

    [Fact]
    public void A_second_bench_build_into_one_folder_is_refused_while_the_first_runs()
    {
        using var dir = new TestPaths.TempDir();
        string root = BenchBuildTests.Tree(dir);
        var burner = new NestedBuild(() => CliRunner.Run("bench", "build", root, "--out", dir["out"], "--per-task", "2"));
        var result = BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 2, Tiny: null) { Markers = burner });
        Assert.True(result.Rows > 0);
        var (exit, _, err) = burner.Nested!.Value;
        Assert.Equal(2, exit);
        Assert.Contains($"bench build --out {dir["out"]}: another spar run is writing there (pid {Environment.ProcessId}", err);
        Assert.True(BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 2, Tiny: null)).Rows > 0); // released
    }

    sealed class NestedBuild(Func<(int, string, string)> nested) : IMarkerBurner
    {
        public (int Exit, string Out, string Err)? Nested;
        public bool DrawsMarkers => false;

        public byte[] Burn(QaRecord record, int imageIndex, byte[] encodedImage)
        {
            Nested ??= nested();
            return encodedImage;
        }
    }

    [Fact]
    public void An_import_of_a_scene_another_import_is_writing_is_refused_and_other_scenes_are_not()
    {
        using var dir = new TestPaths.TempDir();
        Spar.Tests.Scenes.Importers.ScanNetSceneFixture.Write(dir["scans"], sceneId: "scene0001_00");
        Spar.Tests.Scenes.Importers.ScanNetSceneFixture.Write(dir["scans"], sceneId: "scene0002_00");
        var imagesRoot = Path.Combine(dir["out"], "scannet", "images");
        string[] args = ["import", "scannet", dir["scans"], "--out", dir["out"], "--frame-step", "2", "--video-frames", "3"];
        using (Spar.Scenes.Importers.SceneFolder.Lock(imagesRoot, "scene0002_00"))
        {
            var (exit, _, err) = CliRunner.Run(args);
            Assert.Equal(2, exit);
            Assert.Contains($"import of scene0002_00 into {imagesRoot}: another spar run is writing there (pid {Environment.ProcessId}", err);
            Assert.False(Directory.Exists(Path.Combine(imagesRoot, "scene0001_00"))); // refused before any work
            // Another scene of the same output is free.
            var other = CliRunner.Run([.. args, "--scenes", "scene0001_00"]);
            Assert.True(other.Exit == 0, other.Err);
        }
        var all = CliRunner.Run(args);
        Assert.True(all.Exit == 0, all.Err);
        Assert.True(File.Exists(Path.Combine(imagesRoot, "scene0002_00", "scene.json")));
    }
}
