using Spar.Cli;

namespace Spar.Tests.Tasks;

public sealed class GenerateCliTests
{
    [Fact]
    public void Generate_shards_and_merge_from_the_command_line()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"], count: 3);
        var e = new StringWriter();
        Assert.True(SparCli.Run(["generate", "--scenes", tmp["scenes"], "--out", tmp["full"], "--per-scene", "3", "--tasks", "depth_prediction_oc",
            "distance_prediction_oo", "--formats", "fill", "select", "--threads", "1"], new StringWriter(), e) == 0, e.ToString());
        for (int k = 1; k <= 2; k++)
            Assert.Equal(0, SparCli.Run(["generate", "--scenes", tmp["scenes"], "--out", tmp["shards"], "--per-scene", "3", "--tasks", "depth_prediction_oc",
                "distance_prediction_oo", "--formats", "fill", "select", "--shard", $"{k}/2"], new StringWriter(), new StringWriter()));
        Assert.Equal(0, SparCli.Run(["merge", tmp["shards"], "--out", tmp["merged"]], new StringWriter(), new StringWriter()));
        var full = GeneratedTree.Snapshot(tmp["full"]);
        Assert.Equal(4, full.Keys.Select(k => string.Join("/", k.Split('/')[^3..^1])).Distinct().Count());
        Assert.All(full.Keys, k => Assert.Matches(@"(depth_prediction_oc|distance_prediction_oo)/(fill|select)/(fill|select)_\d+\.jsonl$", k));
        GeneratedTree.AssertSame(full, GeneratedTree.Snapshot(tmp["merged"]));

        var err = new StringWriter();
        Assert.Equal(2, SparCli.Run(["generate", "--scenes", tmp["scenes"], "--out", tmp["x"], "--formats", "essay"], new StringWriter(), err));
        Assert.Contains("essay", err.ToString());
    }
}
