using Spar.Scenes;
using Spar.Tests.Cli;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// <c>--labels map_benchmark.csv</c> (ScanNet++'s benchmark map, columns class, count, semantic_map_to, instance_map_to)
/// and <c>--split-file</c> (one scene id a line) on fixtures written in the release's own formats.
/// </summary>
public class ScanNetppLabelsAndSplitTests
{
    const string Id = ScanNetppFixture.SceneId;

    [Fact]
    public void Benchmark_map_renames_keeps_drops_and_counts_the_labels_it_does_not_map()
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 3);
        var categories = fx.TrueObjects.Select(o => o.Category).Distinct().Where(c => c != "crate").Order(StringComparer.Ordinal).ToList();
        Assert.True(categories.Count >= 4, $"fixture should have several categories, has {string.Join(", ", categories)}");
        // renamed (quoted, with a comma: pandas' CSV quoting), kept as is (empty target), dropped ("None"), sent to a
        // catch-all class (the raw label stays, docs/generation.md); the crate is not listed at all.
        string renamed = categories[0], kept = categories[1], dropped = categories[2], catchAll = categories[3];
        var csv = Path.Combine(dir.Path, "map_benchmark.csv");
        File.WriteAllText(csv, "class,count,semantic_map_to,instance_map_to\n"
            + $"{renamed},12,\"seat, big\",\n{kept},3,,\n\n{dropped},1,None,None\n{catchAll},5,otherprop,\n{renamed},12,\"seat, big\",\n");
        var (exit, stdout, stderr) = CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out"], "--labels", csv, "--video-frames", "1");
        Assert.True(exit == 0, stderr);
        var scene = SceneJson.Read(Path.Combine(dir["out"], "scannetpp", "images", Id, "scene.json")).Scene;
        var imported = scene.Objects.ToDictionary(o => o.InstanceId);
        int expectedUnmapped = 0;
        var unmappedLabels = new List<string>();
        foreach (var truth in fx.TrueObjects.Where(o => imported.ContainsKey(o.InstanceId)))
        {
            string expected = truth.Category == renamed ? "seat, big" : truth.Category;
            Assert.Equal(expected, imported[truth.InstanceId].Category);
            // Unmapped: dropped by "None", or not listed (the crate, and every category the CSV leaves out).
            if (truth.Category != renamed && truth.Category != kept && truth.Category != catchAll) { expectedUnmapped++; unmappedLabels.Add(truth.Category); }
        }
        Assert.True(expectedUnmapped >= 2);
        Assert.Contains(scene.Objects, o => o.Category == dropped);
        Assert.Contains(scene.Objects, o => o.Category == catchAll);
        Assert.Contains($"objects ({scene.Objects.Count(o => o.Referable)} referable, {expectedUnmapped} unmapped)", stdout);
        Assert.Contains($"{csv}: {expectedUnmapped} object(s) have a label the benchmark map drops or does not list", stderr);
        var top = unmappedLabels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        Assert.Contains($"kept under the raw label: '{top.Key}' ×{top.Count()}", stderr);

        // Without --labels no unmapped count is claimed.
        var (exit2, stdout2, _) = CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out2"], "--video-frames", "1");
        Assert.Equal(0, exit2);
        Assert.DoesNotContain("unmapped", stdout2);
    }

    [Theory]
    [InlineData("class,count,instance_map_to\nchair,1,\n", "map_benchmark.csv:1: label map has no 'semantic_map_to' column")]
    [InlineData("class,count,semantic_map_to\nchair,1,seat\nchair,1,stool\n", "map_benchmark.csv:3: class 'chair' is mapped again, differently from line 2")]
    [InlineData("class,count,semantic_map_to\n\"chair,1,seat\n", "map_benchmark.csv:2: unterminated quoted field")]
    public void A_bad_benchmark_map_stops_the_run_with_exit_2_naming_file_and_line(string text, string message)
    {
        using var dir = new TestPaths.TempDir();
        ScanNetppFixture.Write(dir["release"], frames: 2);
        var csv = Path.Combine(dir.Path, "map_benchmark.csv");
        File.WriteAllText(csv, text);
        var (exit, _, stderr) = CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out"], "--labels", csv);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.False(Directory.Exists(Path.Combine(dir["out"], "scannetpp")));
    }

    [Fact]
    public void A_split_file_names_the_scenes_and_a_scene_it_lists_that_the_release_lacks_fails_and_is_counted()
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 2);
        // A second scene in the release that the split does not list: not imported.
        const string other = "0a7cc12c0e";
        CopyTree(fx.SceneFolder, Path.Combine(dir["release"], "data", other));
        Directory.CreateDirectory(dir["release/splits"]);
        File.WriteAllText(dir["release/splits/nvs_sem_train.txt"], $"{Id}\n\nffffffffff\n{Id}\n");
        // Relative to the release root (not the working directory), as the release ships it.
        var (exit, stdout, stderr) = CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out"], "--split-file", "splits/nvs_sem_train.txt", "--video-frames", "1");
        Assert.Equal(1, exit);
        Assert.Contains($"{Id}: 2 frames", stdout);
        Assert.Contains($"error: ffffffffff: {Path.Combine(dir["release"], "data", "ffffffffff")}: scene folder not found (listed in {dir["release/splits/nvs_sem_train.txt"]}:3)", stderr);
        Assert.Contains("imported 1 scene(s), 1 failed", stdout + stderr);
        var images = Path.Combine(dir["out"], "scannetpp", "images");
        Assert.True(File.Exists(Path.Combine(images, Id, "scene.json")));
        Assert.False(Directory.Exists(Path.Combine(images, other)));
        Assert.False(Directory.Exists(Path.Combine(images, "ffffffffff")));

        Assert.Equal(2, CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out2"], "--split-file", "splits/nvs_sem_train.txt", "--scenes", Id).Exit);
        File.WriteAllText(dir["release/splits/bad.txt"], $"{Id}\nscene0000_00\n");
        var bad = CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out2"], "--split-file", dir["release/splits/bad.txt"]);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("bad.txt:2: 'scene0000_00' is not a ScanNet++ scene id", bad.Err);
        var missing = CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out2"], "--split-file", "splits/nope.txt");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("splits/nope.txt: split file not found", missing.Err);
        Assert.False(Directory.Exists(Path.Combine(dir["out2"], "scannetpp")));
    }

    static void CopyTree(string from, string to)
    {
        foreach (var d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        Directory.CreateDirectory(to);
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)) File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
