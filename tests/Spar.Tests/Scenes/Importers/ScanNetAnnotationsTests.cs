using Spar.Scenes.Importers.ScanNet;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetAnnotationsTests
{
    [Fact]
    public void Reads_segments_aggregation_and_axis_alignment()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["s.segs.json"], """{"params": {"kThresh": "0.0001"}, "sceneId": "scene0000_00", "segIndices": [4, 4, 7, 9]}""");
        File.WriteAllText(dir["s.aggregation.json"], """
            {"sceneId": "scene0000_00", "appId": "Aggregator.v2", "segGroups": [
              {"id": 0, "objectId": 0, "segments": [4, 7], "label": "office chair"},
              {"id": 1, "objectId": 1, "segments": [9], "label": "wall"}],
             "segmentsFile": "scene0000_00_vh_clean_2.0.010000.segs.json"}
            """);
        File.WriteAllText(dir["s.txt"], "axisAlignment = 0 -1 0 2 1 0 0 -3 0 0 1 0.5 0 0 0 1\nsceneType = Bedroom / Hotel\n");
        Assert.Equal([4, 4, 7, 9], ScanNetAnnotations.ReadSegIndices(dir["s.segs.json"]));
        var groups = ScanNetAnnotations.ReadAggregation(dir["s.aggregation.json"]);
        Assert.Equal(2, groups.Count);
        Assert.Equal((0, "office chair", "4,7"), (groups[0].ObjectId, groups[0].Label, string.Join(',', groups[0].Segments)));
        Assert.Equal((1, "wall", "9"), (groups[1].ObjectId, groups[1].Label, string.Join(',', groups[1].Segments)));
        var info = ScanNetAnnotations.ReadSceneInfo(dir["s.txt"]);
        Assert.Equal("Bedroom / Hotel", info["sceneType"]);
        Assert.Equal([0, -1, 0, 2, 1, 0, 0, -3, 0, 0, 1, 0.5, 0, 0, 0, 1], ScanNetAnnotations.ParseAxisAlignment(info, "s.txt")!);
    }

    [Fact]
    public void Missing_axis_alignment_is_null_and_a_bad_one_is_an_error()
    {
        Assert.Null(ScanNetAnnotations.ParseAxisAlignment(new Dictionary<string, string>(), "s.txt"));
        var e = Assert.Throws<SparException>(() =>
            ScanNetAnnotations.ParseAxisAlignment(new Dictionary<string, string> { ["axisAlignment"] = "1 0 0" }, "s.txt"));
        Assert.Equal("s.txt: axisAlignment has 3 values, expected 16", e.Message);
    }

    [Fact]
    public void Invalid_json_names_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["s.segs.json"], "{\n\"segIndices\": [1, 2,\n oops]}");
        var e = Assert.Throws<SparException>(() => ScanNetAnnotations.ReadSegIndices(dir["s.segs.json"]));
        Assert.StartsWith(dir["s.segs.json"] + ":3:2: ", e.Message); // 1-based line and column of "oops"
        Assert.EndsWith("(invalid JSON)", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
    }

    [Fact]
    public void Group_without_segments_is_an_error_naming_it()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["a.json"], """{"segGroups": [{"objectId": 5, "label": "bed"}]}""");
        var e = Assert.Throws<SparException>(() => ScanNetAnnotations.ReadAggregation(dir["a.json"]));
        Assert.EndsWith("segGroups[0] (objectId 5) has no 'segments' array", e.Message);
    }

    [Fact]
    public void Label_map_cleans_names_and_flags_structure()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["labels.tsv"],
            "id\traw_category\tcategory\tcount\tnyu40id\teigen13id\tnyuClass\tnyu40class\teigen13class\n" +
            "1\twall\twall\t8277\t1\t12\twall\twall\twall\n" +
            "5\tkitchen cabinets\tkitchen cabinet\t310\t3\t6\tcabinet\tcabinet\tfurniture\n" +
            "21\tshower walls\tshower wall\t3\t1\t12\twall\twall\twall\n");
        var map = ScanNetLabelMap.Read(dir["labels.tsv"]);
        Assert.Equal(3, map.Count);
        Assert.Equal("kitchen cabinet", map.CategoryOf("Kitchen  Cabinets"));
        Assert.Equal("towel", map.CategoryOf("towel")); // not listed: passes through
        Assert.True(map.IsReferable("kitchen cabinets"));
        Assert.False(map.IsReferable("wall"));
        Assert.False(map.IsReferable("shower walls")); // structural by NYU40 class
        Assert.False(map.IsReferable(""));
        Assert.True(ScanNetLabelMap.Identity.IsReferable("towel"));
        Assert.False(ScanNetLabelMap.Identity.IsReferable("floor"));
    }

    [Fact]
    public void Label_map_without_required_column_is_an_error()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["labels.tsv"], "id\tname\n1\twall\n");
        var e = Assert.Throws<SparException>(() => ScanNetLabelMap.Read(dir["labels.tsv"]));
        Assert.Contains("labels.tsv:1: label map has no 'category' column (expected scannetv2-labels.combined.tsv with raw_category", e.Message);
    }
}
