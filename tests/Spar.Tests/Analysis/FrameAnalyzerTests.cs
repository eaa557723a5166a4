using Spar.Analysis;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Imaging;

namespace Spar.Tests.Analysis;

public sealed class FrameAnalyzerTests
{
    static (Scene Scene, string ImagesRoot) Load(string sceneDir)
    {
        var scene = SceneJson.Read(Path.Combine(sceneDir, SceneJson.FileName)).Scene;
        return (scene, Path.GetDirectoryName(sceneDir)!);
    }

    [Fact]
    public void Marker_points_fall_on_the_instance_and_boxes_bound_its_visible_pixels()
    {
        using var tmp = new TestPaths.TempDir();
        var fx = SceneFixture.LivingRoom("room_a");
        var (scene, root) = Load(fx.Write(tmp.Path));
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        int checkedObjects = 0;
        for (int i = 0; i < scene.Frames.Count; i++)
        {
            var fa = analyzer.Analyze(scene, scene.Frames[i], root);
            var mask = Png16.Read(Path.Combine(root, fx.MaskPath(i)), 1 << 24);
            foreach (var o in fa.Visible)
            {
                // The reference drawer's grid → pixel mapping lands on a pixel of this instance.
                int px = (int)(o.GridPoint.X / 1000.0 * fx.Width), py = (int)(o.GridPoint.Y / 1000.0 * fx.Height);
                Assert.Equal(o.InstanceId, mask.At(px, py));
                // The box, mapped back, is exactly the bounds of the instance's pixels.
                int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1; long n = 0;
                for (int y = 0; y < fx.Height; y++)
                for (int x = 0; x < fx.Width; x++)
                    if (mask.At(x, y) == o.InstanceId) { n++; x1 = Math.Min(x1, x); x2 = Math.Max(x2, x); y1 = Math.Min(y1, y); y2 = Math.Max(y2, y); }
                Assert.Equal(n, o.VisiblePixels);
                Assert.Equal((x1, y1, x2, y2), ((int)(o.GridBox.X1 / 1000.0 * fx.Width), (int)(o.GridBox.Y1 / 1000.0 * fx.Height),
                    (int)(o.GridBox.X2 / 1000.0 * fx.Width), (int)(o.GridBox.Y2 / 1000.0 * fx.Height)));
                // Depth and distance from the fixture's own camera axes.
                var c = fx.Cams[i].ToCamera(fx.Boxes.Single(b => b.Id == o.InstanceId).Center);
                Assert.Equal(c.Z, o.DepthMeters, 9);
                Assert.Equal(Math.Sqrt(c.X * c.X + c.Y * c.Y + c.Z * c.Z), o.DistanceMeters, 9);
                checkedObjects++;
            }
        }
        Assert.True(checkedObjects >= 8, $"only {checkedObjects} visible objects checked");
    }

    [Fact]
    public void Hidden_outside_and_too_small_objects_are_not_visible()
    {
        using var tmp = new TestPaths.TempDir();
        var fx = new SceneFixture("room_b");
        fx.Add(1, "cabinet", new Vec3(0, 3, 0.5), new Vec3(1.6, 0.6, 1.0))   // in front
          .Add(2, "box", new Vec3(0, 4, 0.3), new Vec3(0.4, 0.4, 0.6))       // fully behind the cabinet
          .Add(3, "vase", new Vec3(0.6, 4, 1.4), new Vec3(0.3, 0.3, 0.3))    // above the cabinet
          .Add(4, "stool", new Vec3(0, -2, 0.3), new Vec3(0.4, 0.4, 0.6))    // behind the camera
          .Add(5, "cup", new Vec3(-0.4, 2.0, 0.5), new Vec3(0.02, 0.02, 0.02)) // a few pixels at most
          .Camera(new Vec3(0, 0, 0.8), new Vec3(0, 3, 0.5));
        var (scene, root) = Load(fx.Write(tmp.Path));
        var fa = new FrameAnalyzer(AnalysisSettings.Default).Analyze(scene, scene.Frames[0], root);
        var ids = fa.Visible.Select(v => v.InstanceId).ToList();
        Assert.Contains(1, ids);
        Assert.Contains(3, ids);
        Assert.DoesNotContain(2, ids);
        Assert.DoesNotContain(4, ids);
        Assert.DoesNotContain(5, ids);
    }

    [Fact]
    public void A_table_seen_through_its_legs_is_visible_but_hidden_behind_a_cabinet_it_is_not()
    {
        using var tmp = new TestPaths.TempDir();
        var fx = new SceneFixture("tables", 128, 96);
        fx.Add(1, "floor", new Vec3(0, 3, -0.05), new Vec3(12, 12, 0.1), structural: true)
          .AddTable(2, "table", new Vec3(-0.9, 3, 0.375), new Vec3(1.2, 0.8, 0.75))
          .AddTable(3, "desk", new Vec3(1.0, 4.5, 0.375), new Vec3(1.2, 0.8, 0.75))
          .Add(4, "cabinet", new Vec3(1.0, 3.2, 0.6), new Vec3(1.6, 0.5, 1.2))   // in front of the desk, taller than it
          .Camera(new Vec3(0, -0.5, 0.55), new Vec3(0, 4, 0.45));
        var (scene, root) = Load(fx.Write(tmp.Path));
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        var fa = analyzer.Analyze(scene, scene.Frames[0], root);
        var table = Assert.Single(fa.Visible, v => v.InstanceId == 2);
        Assert.True(table.VisibleShare > 0.9, $"table share {table.VisibleShare:F2}");
        // Its pixels cover well under half of its box's silhouette: the hull share alone would have hidden it.
        Assert.True(table.VisiblePixels < 0.3 * ProjectedArea.OfBox(scene.Objects[1].Box, fa.Camera!)!.Value);
        Assert.DoesNotContain(fa.Visible, v => v.InstanceId == 3);
        Assert.Contains(fa.Visible, v => v.InstanceId == 4);
    }

    [Fact]
    public void Surface_points_with_depth_give_the_same_visible_set_and_markers_on_the_object()
    {
        using var tmp = new TestPaths.TempDir();
        var withMask = SceneFixture.LivingRoom("room_m");
        var (sceneM, rootM) = Load(withMask.Write(tmp.Path));
        var noMask = SceneFixture.LivingRoom("room_p");
        var (sceneP, rootP) = Load(noMask.Write(tmp.Path, masks: false, depth: true, surfacePoints: true));
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        var analyzerDebug = new FrameAnalyzer(AnalysisSettings.Default with { MinVisibleShare = 0 });
        for (int i = 0; i < sceneM.Frames.Count; i++)
        {
            var m = analyzer.Analyze(sceneM, sceneM.Frames[i], rootM);
            var p = analyzer.Analyze(sceneP, sceneP.Frames[i], rootP);
            Assert.Null(p.UnusableReason);
            // The point estimate of the visible share differs from the mask's near the threshold: compare away from it.
            var loose = analyzerDebug.Analyze(sceneM, sceneM.Frames[i], rootM).Referable;
            foreach (var o in p.Referable) Assert.Contains(loose, v => v.InstanceId == o.InstanceId && v.VisibleShare >= 0.2);
            foreach (var o in m.Referable.Where(v => v.VisibleShare >= 0.5)) Assert.Contains(p.Referable, v => v.InstanceId == o.InstanceId);
            Assert.NotEmpty(p.Referable);
            foreach (var o in p.Referable)
            {
                int px = (int)(o.GridPoint.X / 1000.0 * noMask.Width), py = (int)(o.GridPoint.Y / 1000.0 * noMask.Height);
                Assert.Equal(o.InstanceId, noMask.Trace(noMask.Cams[i], px, py).Id);
            }
        }
    }

    [Fact]
    public void Frame_without_mask_or_depth_is_reported_not_crashing()
    {
        using var tmp = new TestPaths.TempDir();
        var fx = SceneFixture.LivingRoom("room_n");
        var (scene, root) = Load(fx.Write(tmp.Path, masks: false, depth: false));
        var fa = new FrameAnalyzer(AnalysisSettings.Default).Analyze(scene, scene.Frames[0], root);
        Assert.Empty(fa.Visible);
        Assert.NotNull(fa.UnusableReason);
    }

    [Fact]
    public void Damaged_or_oversized_masks_are_clear_errors_naming_the_file()
    {
        using var tmp = new TestPaths.TempDir();
        var fx = SceneFixture.LivingRoom("room_e");
        var (scene, root) = Load(fx.Write(tmp.Path));
        var mask = Path.Combine(root, fx.MaskPath(0));
        var big = Assert.Throws<Spar.Util.SparException>(() => Png16.Read(mask, 100));
        Assert.Contains(mask, big.Message);
        File.WriteAllText(mask, "not a png");
        var bad = Assert.Throws<Spar.Util.SparException>(() => new FrameAnalyzer(AnalysisSettings.Default).Analyze(scene, scene.Frames[0], root));
        Assert.Contains(mask, bad.Message);
        File.Delete(mask);
        var missing = Assert.Throws<Spar.Util.SparException>(() => new FrameAnalyzer(AnalysisSettings.Default).Analyze(scene, scene.Frames[0], root));
        Assert.Contains(mask, missing.Message);
    }

    [Fact]
    public void Grid_conversion_round_trips_through_the_reference_drawer_for_images_up_to_1000_px()
    {
        foreach (var size in new[] { 1, 7, 96, 480, 640, 968, 1000 })
            for (int i = 0; i < size; i++)
                Assert.Equal(i, Grid.ToPixelIndex(Grid.FromPixelIndex(i, size), size));
        Assert.Equal(0, Grid.FromCoordinate(-5, 100));
        Assert.Equal(1000, Grid.FromCoordinate(150, 100));
    }
}
