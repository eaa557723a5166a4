using Spar.Analysis;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Labels;

namespace Spar.Tests.Scenes;

/// <summary>Issue 26.2: catch-all classes never name an object; importers keep the raw label instead.</summary>
public sealed class CatchAllCategoryTests
{
    [Fact]
    public void The_documented_lists_hold_the_catch_all_classes_of_each_label_map()
    {
        foreach (var c in new[] { "otherfurniture", "otherprop", "otherstructure" }) Assert.Contains(c, CatchAllCategories.Nyu40);
        foreach (var c in new[] { "objects", "misc" }) Assert.Contains(c, CatchAllCategories.Mpcat40);
        Assert.True(CatchAllCategories.IsCatchAll("objects"));
        Assert.False(CatchAllCategories.IsCatchAll("chair"));
        Assert.False(CatchAllCategories.IsCatchAll("office chair"));
    }

    [Fact]
    public void ScanNet_labels_mapped_to_a_catch_all_keep_their_raw_name_and_a_raw_catch_all_is_not_referable()
    {
        using var tmp = new TestPaths.TempDir();
        var tsv = tmp["labels.tsv"];
        File.WriteAllLines(tsv,
        [
            "id\traw_category\tcategory\tcount\tnyu40id\tnyu40class",
            "1\tcoffee mug\totherprop\t10\t40\totherprop",
            "2\tchair\tchair\t10\t5\tchair",
            "3\totherprop\totherprop\t3\t40\totherprop",
        ]);
        var map = ScanNetLabelMap.Read(tsv);
        Assert.Equal("coffee mug", map.CategoryOf("coffee mug"));
        Assert.True(map.IsReferable("coffee mug"));
        Assert.Equal("chair", map.CategoryOf("Chair"));
        Assert.False(map.IsReferable("otherprop"));
    }

    [Fact]
    public void An_object_named_only_by_a_catch_all_class_is_visible_but_never_referable()
    {
        using var tmp = new TestPaths.TempDir();
        var fx = new SceneFixture("catchall", 128, 96)
            .Add(2, "objects", new Vec3(-0.6, 3, 0.5), new Vec3(0.8, 0.6, 1.0))
            .Add(3, "cabinet", new Vec3(0.7, 3, 0.5), new Vec3(0.8, 0.6, 1.0))
            .Camera(new Vec3(0, 0, 1.0), new Vec3(0, 3, 0.5));
        var dir = fx.Write(tmp.Path);
        var scene = SceneJson.Read(Path.Combine(dir, SceneJson.FileName)).Scene;
        var fa = new FrameAnalyzer(AnalysisSettings.Default).Analyze(scene, scene.Frames[0], Path.GetDirectoryName(dir)!);
        Assert.Contains(fa.Visible, v => v.InstanceId == 2);
        Assert.DoesNotContain(fa.Referable, v => v.InstanceId == 2);
        Assert.Contains(fa.Referable, v => v.InstanceId == 3);
    }
}
