using Spar.Generation;
using Spar.Scenes.Importers.ScanNet;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetShardTests
{
    static readonly string[] Scenes = ["scene0001_00", "scene0002_00", "scene0003_01", "scene0004_00", "scene0005_02", "scene0006_00"];

    static List<(string, string)> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f), Convert.ToHexString(File.ReadAllBytes(f))))
            .OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();

    [Fact]
    public void Shards_are_disjoint_and_together_equal_the_unsharded_import()
    {
        using var dir = new TestPaths.TempDir();
        foreach (var id in Scenes) Write(dir["scans"], sceneId: id);
        ScanNetImportOptions Options(string outDir, ShardSpec shard) =>
            new() { Input = dir["scans"], OutDir = outDir, FrameStep = 3, VideoFrames = 2, Shard = shard };
        var whole = ScanNetImporter.Run(Options(dir["whole"], ShardSpec.Whole));
        Assert.Equal(Scenes, whole.Scenes.Select(s => s.SceneId));

        var seen = new List<string>();
        for (int k = 1; k <= 3; k++)
        {
            // Each shard into its own output and, as a job array would, all into one shared output.
            var shard = new ShardSpec(k, 3);
            var part = ScanNetImporter.Run(Options(dir[$"shard{k}"], shard));
            ScanNetImporter.Run(Options(dir["shared"], shard));
            Assert.Empty(part.Failures);
            // Membership is generate's own assignment, computed here through ShardSpec, not the importer; 6 scenes in 3 shards: 2 each.
            Assert.Equal(shard.Select(Scenes, id => id), part.Scenes.Select(s => s.SceneId));
            Assert.Equal(2, part.Scenes.Count);
            seen.AddRange(part.Scenes.Select(s => s.SceneId));
        }
        Assert.Equal(Scenes, seen.Order(StringComparer.Ordinal)); // disjoint and complete
        Assert.True(Enumerable.Range(1, 3).Count(k => Directory.Exists(dir[$"shard{k}"])) >= 2, "the hash put every scene in one shard: the test would prove nothing");
        var union = Enumerable.Range(1, 3).SelectMany(k => Directory.Exists(dir[$"shard{k}"]) ? Tree(dir[$"shard{k}"]) : [])
            .OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(Tree(dir["whole"]), union);
        Assert.Equal(Tree(dir["whole"]), Tree(dir["shared"]));
    }

    [Fact]
    public void A_shard_with_no_scene_imports_nothing_and_succeeds()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        var mine = new ShardSpec(1, 2).Select(["scene0001_00"], id => id).Count == 1 ? new ShardSpec(2, 2) : new ShardSpec(1, 2);
        var report = ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], Shard = mine });
        Assert.Empty(report.Scenes);
        Assert.Empty(report.Failures);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("two")]
    public void Cli_refuses_a_bad_shard_with_exit_2_before_writing(string shard)
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Spar.Cli.SparCli.Run(["import", "scannet", dir["scans"], "--out", dir["out"], "--shard", shard], stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains($"--shard '{shard}': expected K/N", stderr.ToString());
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public void Cli_reports_the_shard_and_masks_choice()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        var stdout = new StringWriter();
        int code = Spar.Cli.SparCli.Run(["import", "scannet", dir["scans"], "--out", dir["out"], "--shard", "1/1", "--masks", "none"], stdout, new StringWriter());
        Assert.Equal(0, code);
        Assert.False(Directory.Exists(Path.Combine(dir["out"], "scannet", "images", "scene0001_00", "image_instance")));
        Assert.Equal(2, Spar.Cli.SparCli.Run(["import", "scannet", dir["scans"], "--out", dir["out2"], "--masks", "gpu"], new StringWriter(), new StringWriter()));
    }
}
