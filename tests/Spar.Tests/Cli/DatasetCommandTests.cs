using Spar.Tests.Dataset;

namespace Spar.Tests.Cli;

public class DatasetCommandTests
{
    static TreeBuilder Tree(TestPaths.TempDir dir)
    {
        var t = new TreeBuilder(dir["spar"]);
        t.Image("scannet", "s/image_color/1.jpg");
        t.Lines("scannet", "train", "obj_count", "fill",
            TreeBuilder.Record("a", "obj_count", "How many chairs are in the room?", "3", ["s/image_color/1.jpg"]));
        return t;
    }

    [Fact]
    public void Index_then_mix_write_the_official_file_names()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        var (exit, output, _) = CliRunner.Run("index", dir["spar"], "--out", dir["dj"]);
        Assert.Equal(0, exit);
        Assert.Contains("scannet_0k.json: 1 entries", output);
        (exit, output, var err) = CliRunner.Run("mix", "--index-dir", dir["dj"], "--format-ratio", "fill=0.5");
        Assert.Equal(0, exit);
        Assert.Contains("mixing its index files", err);
        Assert.True(File.Exists(dir["dj/1scannet_0m.json"]), output);
        Assert.Contains("\"repeat_time\": 0.5", File.ReadAllText(dir["dj/1scannet_0m.json"]));
    }

    [Fact]
    public void Validate_exits_1_and_names_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        var t = Tree(dir);
        t.File("scannet", "train", "obj_count", "sentence", "sentence_2.jsonl",
            TreeBuilder.Record("b", "obj_count", "q", "Three.", ["s/image_color/1.jpg"]) + "\n" + "{\"id\": \n");
        var (exit, output, err) = CliRunner.Run("validate", dir["spar"]);
        Assert.Equal(1, exit);
        Assert.Contains("sentence_2.jsonl:2: error: invalid JSON", output);
        Assert.Contains("invalid-json", output);
    }

    [Fact]
    public void Stats_json_counts_records()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        var (exit, output, _) = CliRunner.Run("stats", dir["spar"], "--json");
        Assert.Equal(0, exit);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(1, doc.RootElement.GetProperty("records").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("by_level").GetProperty("High").GetInt64());
    }

    [Fact]
    public void Stats_exits_1_naming_and_counting_the_lines_it_skipped()
    {
        using var dir = new TestPaths.TempDir();
        var t = Tree(dir);
        t.File("scannet", "train", "obj_count", "sentence", "sentence_3.jsonl",
            TreeBuilder.Record("b", "obj_count", "q", "Three.", ["s/image_color/1.jpg"]) + "\n{\"id\": \n[1, 2]\n");
        foreach (var json in new[] { false, true })
        {
            var (exit, output, err) = CliRunner.Run(json ? ["stats", dir["spar"], "--json"] : ["stats", dir["spar"]]);
            Assert.Equal(1, exit);
            Assert.Contains("sentence_3.jsonl:2: ", err);
            Assert.Contains("sentence_3.jsonl:3: ", err);
            Assert.Contains("2 unparseable line(s) skipped", err);
            if (json) Assert.Equal(2, System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("records").GetInt64());
        }
    }

    [Fact]
    public void A_missing_root_is_a_clear_error_with_exit_2()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, _, err) = CliRunner.Run("index", dir["nope"]);
        Assert.Equal(2, exit);
        Assert.Contains("directory not found", err);
    }

    [Fact]
    public void A_bad_mix_config_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["mix.json"], "{\"mix_ratio\": {}}");
        Directory.CreateDirectory(dir["dj"]);
        var (exit, _, err) = CliRunner.Run("mix", "--index-dir", dir["dj"], "--config", dir["mix.json"]);
        Assert.Equal(2, exit);
        Assert.Contains("unknown key 'mix_ratio'", err);
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        Tree(dir);
        File.WriteAllText(dir["dj"], "not a folder");
        var (exit, _, err) = CliRunner.Run("index", dir["spar"], "--out", dir["dj"]);
        Assert.Equal(2, exit);
        Assert.Contains(dir["dj"], err);
        Assert.Equal("not a folder", File.ReadAllText(dir["dj"]));
    }

    [Fact]
    public void An_unknown_split_is_an_error_listing_the_splits()
    {
        using var dir = new TestPaths.TempDir();
        var t = Tree(dir);
        t.Lines("scannet", "val", "obj_count", "fill", TreeBuilder.Record("v", "obj_count", "How many?", "3", ["s/image_color/1.jpg"]));
        foreach (var args in new[] { new[] { "validate", dir["spar"], "--split", "nope" }, ["stats", dir["spar"], "--split", "nope"], ["index", dir["spar"], "--split", "nope", "--out", dir["dj"]] })
        {
            var (exit, _, err) = CliRunner.Run(args);
            Assert.Equal(2, exit);
            Assert.Contains("no split 'nope'", err);
            Assert.Contains("splits here: train, val", err);
        }
        Assert.False(Directory.Exists(dir["dj"]));
    }
}
