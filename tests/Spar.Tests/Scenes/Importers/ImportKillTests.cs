using System.Diagnostics;
using System.Security.Cryptography;
using Spar.Scenes.Importers.ScanNet;
using Spar.Tests.Cli;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// <c>kill -9</c> of a real <c>spar import scannet</c> process while a scene is staged, and the rerun. To kill it at a
/// known point rather than at a lucky moment, one pose file of the scan is a named pipe: the import stages the scene,
/// then blocks opening that file for its frames until the test has killed it.
/// </summary>
public class ImportKillTests
{
    static ScanNetImportOptions Options(TestPaths.TempDir dir) => new()
    {
        Input = dir["scans"], OutDir = dir["out"], FrameStep = 2, VideoFrames = 3, Threads = 1,
    };

    /// <summary>Relative path → SHA-256 of every file below <paramref name="dir"/>.</summary>
    static SortedDictionary<string, string> Snapshot(string dir) => new(
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    static string[] Hidden(string images) =>
        [.. Directory.GetDirectories(images, ".*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void A_killed_import_keeps_the_previous_scene_and_its_rerun_cleans_up_and_writes_the_same_bytes()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("named pipes (mkfifo) are how the test stops the import at a known point");
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"], asExport: true);
        var images = Path.Combine(dir["out"], "scannet", "images");
        var scene = Path.Combine(images, SceneId);
        Assert.Empty(ScanNetImporter.Run(Options(dir)).Failures);
        var previous = Snapshot(scene);

        var pose = Directory.GetFiles(Path.Combine(folder, "pose")).Order(StringComparer.Ordinal).First();
        var poseText = File.ReadAllText(pose);
        File.Delete(pose);
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { pose } })!) mkfifo.WaitForExit();
        Assert.True(File.Exists(pose), "mkfifo failed");

        using (var child = SparProcess.Start("import", "scannet", dir["scans"], "--out", dir["out"], "--frame-step", "2", "--video-frames", "3", "--threads", "1"))
        {
            var clock = Stopwatch.StartNew();
            while (!Hidden(images).Any(n => n.StartsWith($".{SceneId}.partial-", StringComparison.Ordinal)))
            {
                if (child.HasExited) Assert.Fail($"the import ended (exit {child.ExitCode}) before staging: {child.StandardError.ReadToEnd()}");
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) { child.Kill(); Assert.Fail("no staging folder after 60 s"); }
                Thread.Sleep(20);
            }
            child.Kill(); // SIGKILL: no clean-up code runs
            child.WaitForExit();
        }

        // What the killed run leaves: its staging folder beside the previous import, which is exactly as it was.
        Assert.Single(Hidden(images), n => n.StartsWith($".{SceneId}.partial-", StringComparison.Ordinal));
        Assert.Equal(previous, Snapshot(scene));

        // The rerun (pose file restored) removes the staging and writes the scene anew, byte for byte the same.
        File.Delete(pose);
        File.WriteAllText(pose, poseText);
        var rerun = ScanNetImporter.Run(Options(dir));
        Assert.Empty(rerun.Failures);
        Assert.Empty(Hidden(images));
        Assert.Equal(previous, Snapshot(scene));
    }
}
