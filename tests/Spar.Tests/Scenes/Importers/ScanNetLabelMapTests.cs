using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetLabelMapTests
{
    // The v1 header as ScanNet's scannet-labels.combined.tsv has it (no raw_category; category is the raw label).
    const string V1Header = "id\tcategory\tcount\tnyuId\tnyu40id\teigen13id\tnyuClass\tnyu40class\teigen13class\tModelNet40\tModelNet10\tShapeNetCore55\tsynsetoffset\twnsynsetid\twnsynsetkey\n";

    static string V1Row(int id, string category, int nyu40Id, string nyu40Class) =>
        $"{id}\t{category}\t100\t{nyu40Id}\t{nyu40Id}\t1\t{nyu40Class}\t{nyu40Class}\tx\t\t\t\t\t\t\n";

    [Fact]
    public void V1_map_reads_category_as_the_raw_label_and_takes_its_NYU40_class()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["scannet-labels.combined.tsv"], V1Header
            + V1Row(1, "wall", 1, "wall") + V1Row(5, "kitchen cabinets", 3, "cabinet") + V1Row(21, "shower walls", 1, "wall") + V1Row(40, "trashcan", 39, "otherfurniture"));
        var map = ScanNetLabelMap.Read(dir["scannet-labels.combined.tsv"]);
        Assert.Equal(("v1", 4), (map.Version, map.Count));
        Assert.Equal("kitchen cabinets", map.CategoryOf("Kitchen Cabinets")); // v1 has no cleaned name: the raw label is kept
        Assert.Equal("cabinet", map.Find("kitchen cabinets")!.Nyu40Class);
        Assert.False(map.IsReferable("shower walls")); // structural through its NYU40 class, as with v2
        Assert.True(map.IsReferable("trashcan"));
        Assert.Empty(map.Unmapped(["wall", "Trashcan"]));
        Assert.Equal([("dish rack", 2), ("toaster", 1)], map.Unmapped(["toaster", "dish rack", "wall", "Dish  Rack"]));
    }

    [Fact]
    public void V2_map_still_maps_raw_to_clean_names()
    {
        using var dir = new TestPaths.TempDir();
        var map = ScanNetLabelMap.Read(Labels(dir.Path));
        Assert.Equal("v2", map.Version);
        Assert.Equal("kitchen cabinet", map.CategoryOf("kitchen cabinets"));
        Assert.Empty(ScanNetLabelMap.Identity.Unmapped(["anything"])); // no map: nothing is "missing" from it
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_missing_from_the_map_are_counted_and_named_in_the_import_summary(bool v1)
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"]);
        // The fixture's labels are chair, kitchen cabinets and floor; this map lists only chair and floor.
        var labels = dir["labels.tsv"];
        File.WriteAllText(labels, v1
            ? V1Header + V1Row(2, "chair", 5, "chair") + V1Row(3, "floor", 2, "floor")
            : "id\traw_category\tcategory\tcount\tnyu40id\tnyu40class\n2\tchair\tchair\t1\t5\tchair\n3\tfloor\tfloor\t1\t2\tfloor\n");
        var report = ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], FrameStep = 3, VideoFrames = 0, LabelsPath = labels });
        var scene = Assert.Single(report.Scenes);
        Assert.Contains(scene.Warnings, w => w.EndsWith($"1 object(s) have labels not in {labels} and keep their raw label: 'kitchen cabinets' (1)"));
        var back = SceneJson.Read(Path.Combine(dir["out"], "scannet", "images", SceneId, "scene.json")).Scene;
        Assert.Equal(["chair", "kitchen cabinets", "floor"], back.Objects.Select(o => o.Category));
        Assert.Equal([true, true, false], back.Objects.Select(o => o.Referable));
    }
}
