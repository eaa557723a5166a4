using System.Text.RegularExpressions;
using Spar.Catalog;
using Spar.Generation;
using Spar.Scenes.Synthetic;
using Spar.Tests.Tasks;

namespace Spar.Tests.Generation;

/// <summary>
/// Streams with one question per scene (room_size) take their select letter from the scene's rank in the run
/// (SceneLetterRanks, issue 16): with a per-stream random offset the demo's 8 scenes put C on 4 of 8 room_size answers.
/// The letters are read back from the written records and counted here; the bound is what cycling guarantees.
/// </summary>
public sealed partial class OnePerSceneLetterTests
{
    const int Scenes = 8;

    static string World(TestPaths.TempDir tmp)
    {
        SyntheticDataset.Write(tmp["world"], seed: 1, count: Scenes, new SynthOptions(Frames: 30, VideoFrames: 16, ExtraViews: 2, Width: 96, Height: 72), threads: 2);
        return Path.Combine(tmp["world"], "synthetic", "images");
    }

    static GenerateOptions Options(IReadOnlyList<string> scenes, string output, int threads = 1) => new()
    {
        Scenes = scenes, Out = output, Threads = threads, Seed = 1, ValFraction = 0.34, Images = ImageMode.None,
        Tasks = ["room_size"], Formats = [QaFormat.Select, QaFormat.Fill],
    };

    [GeneratedRegex(@"^([A-Z])\. ", RegexOptions.Multiline)]
    private static partial Regex OptionLine();

    [Fact]
    public void Room_size_select_letters_cycle_over_the_scenes_of_the_run_and_of_each_split()
    {
        using var tmp = new TestPaths.TempDir();
        var world = World(tmp);
        Generator.Run(Options([world], tmp["out"]));
        var select = GeneratedTree.Read(tmp["out"]).Where(x => x.Task == "room_size" && x.Format == "select").ToList();
        Assert.Equal(Scenes, select.Count); // one per scene: every synthetic scene has a floor polygon and a video

        var optionCounts = select.Select(x => OptionLine().Matches(x.Record.Question).Count).Distinct().ToList();
        int options = Assert.Single(optionCounts);
        Assert.Equal(4, options);
        foreach (var (_, _, _, r) in select)
            Assert.Contains(r.Answer, OptionLine().Matches(r.Question).Select(m => m.Groups[1].Value));

        void Spread(IReadOnlyList<string> letters, string what)
        {
            int bound = (letters.Count + options - 1) / options; // consecutive ranks: each letter ⌈n / options⌉ times at most
            var counts = letters.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            Assert.True(counts.Values.Max() <= bound, $"{what}: {string.Join(" ", counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))} (n={letters.Count}, bound {bound})");
        }
        Spread(select.Select(x => x.Record.Answer).ToList(), "run");
        var splits = select.GroupBy(x => x.Split).ToList();
        Assert.Equal(2, splits.Count); // 0.34 of 8 scenes: both splits hold some, so the per-split bound is exercised
        foreach (var split in splits) Spread(split.Select(x => x.Record.Answer).ToList(), split.Key);
    }

    [Fact]
    public void Letters_do_not_depend_on_threads_shards_or_a_resumed_smaller_scene_list()
    {
        using var tmp = new TestPaths.TempDir();
        var world = World(tmp);
        Generator.Run(Options([world], tmp["one"], threads: 1));
        var expected = GeneratedTree.Snapshot(tmp["one"]);
        Assert.Contains(expected.Keys, k => k.Contains(Path.Combine("room_size", "select"), StringComparison.Ordinal));
        Generator.Run(Options([world], tmp["two"], threads: 2));
        GeneratedTree.AssertSame(expected, GeneratedTree.Snapshot(tmp["two"]));

        for (int k = 1; k <= 2; k++)
            Assert.Null(Generator.Run(Options([world], tmp[$"shard{k}"], threads: 2) with { Shard = new ShardSpec(k, 2) }).Assembly);
        Generator.Merge([tmp["shard1"], tmp["shard2"]], tmp["merged"], ImageMode.None);
        GeneratedTree.AssertSame(expected, GeneratedTree.Snapshot(tmp["merged"]));

        // Parts made for a smaller scene list carry other ranks: a rerun on the whole list must redo them, not resume.
        var folders = Directory.GetDirectories(world).Order(StringComparer.Ordinal).ToList();
        Generator.Run(Options(folders.Take(Scenes - 2).ToList(), tmp["grown"]));
        var report = Generator.Run(Options(folders, tmp["grown"]));
        Assert.True(report.ScenesChanged > 0, "no part was redone although the scene list changed");
        GeneratedTree.AssertSame(expected, GeneratedTree.Snapshot(tmp["grown"]));
    }
}
