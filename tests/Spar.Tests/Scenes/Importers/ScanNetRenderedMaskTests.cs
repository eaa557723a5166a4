using Spar.Analysis;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// Mesh-rendered masks on a ScanNet-format scan written from a rendered synthetic scene: the mesh is the renderer's
/// own parts (legs, backs, shelves…), the .sens holds its colour and depth, no 2D masks are written. The synthetic
/// renderer's instance buffer — a different rasteriser, of quads, with back-face culling — is kept aside as the truth.
/// </summary>
public class ScanNetRenderedMaskTests
{
    const int W = 160, H = 120;

    sealed record Fixture(Scene Scene, Dictionary<int, ushort[]> TrueMasks, Dictionary<int, ushort[]> Depths, string Scans);

    static Fixture Write(string scans, long seed, Func<SyntheticScene, List<RenderPart>, List<RenderPart>>? meshOf = null)
    {
        var synth = SyntheticWorld.Generate(seed, index: 0, new SynthOptions(Frames: 6, VideoFrames: 1, ExtraViews: 0, Width: W, Height: H));
        var rasterizer = SyntheticDataset.CreateRasterizer(synth);
        var truth = new Dictionary<int, ushort[]>();
        var depths = new Dictionary<int, ushort[]>();
        var images = new Dictionary<int, ScanNetFrameImages>();
        foreach (var f in synth.Scene.Frames)
        {
            var fb = new FrameBuffers(f.Width, f.Height);
            rasterizer.Render(f.Camera!, fb);
            truth[f.Index] = (ushort[])fb.Instance.Clone();
            depths[f.Index] = (ushort[])fb.DepthMillimeters.Clone();
            images[f.Index] = new ScanNetFrameImages(ImageCodec.EncodeRenderedJpeg(fb.Rgba, f.Width, f.Height), depths[f.Index]);
        }
        var parts = ShapeParts.ForScene(synth);
        var alignment = Mat4.RotationZ(0.6) * Mat4.Translation(new Vec3(-1.5, 2, 0.1));
        ScanNetScanWriter.Write(scans, synth.Scene, alignment, f => images[f.Index], meshOf?.Invoke(synth, parts) ?? parts);
        return new Fixture(synth.Scene, truth, depths, scans);
    }

    static ushort[] Mask(string outDir, SceneFrame frame) =>
        Png16.ReadDepth(Path.Combine(outDir, "scannet", "images", frame.InstanceMaskPath!), out _, out _);

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void Rendered_masks_agree_with_the_synthetic_renderers_own_masks(long seed)
    {
        using var dir = new TestPaths.TempDir();
        var fx = Write(dir["scans"], seed);
        var report = ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0, Scenes = [fx.Scene.Id] });
        Assert.Empty(report.Failures);
        var back = SceneJson.Read(Path.Combine(dir["out"], "scannet", "images", fx.Scene.Id, "scene.json")).Scene;
        Assert.Equal(fx.Scene.Frames.Count, back.Frames.Count);

        long pixels = 0, agree = 0;
        int objectViews = 0, objectViewsAgreeing = 0;
        foreach (var f in back.Frames)
        {
            Assert.NotNull(f.InstanceMaskPath); // auto: no 2D masks in the scan, so they are rendered from the mesh
            var mask = Mask(dir["out"], f);
            var truth = fx.TrueMasks[f.Index];
            for (int i = 0; i < mask.Length; i++) { pixels++; if (mask[i] == truth[i]) agree++; }
            // Object-views: an object is in view when it has at least 10 true pixels; it must then own ≥ 95 % of them in the mask.
            foreach (var g in truth.Where(id => id != 0).GroupBy(id => id).Where(g => g.Count() >= 10))
            {
                objectViews++;
                int own = Enumerable.Range(0, mask.Length).Count(i => truth[i] == g.Key && mask[i] == g.Key);
                if (own >= 0.95 * g.Count()) objectViewsAgreeing++;
            }
        }
        double pixelAgreement = (double)agree / pixels;
        TestContext.Current.SendDiagnosticMessage($"seed {seed}: pixel agreement {agree}/{pixels} ({pixelAgreement:P4}); object-views {objectViewsAgreeing}/{objectViews}");
        // Both rasterisers sample pixel centres with the same half-open rule on the same planes; they differ only where
        // a pixel centre lies within float rounding of an edge (a quad's edge vs the same edge of two triangles) or two
        // surfaces are at equal depth (coplanar contact faces), a few pixels per frame: 99.5 % leaves room for those and
        // for the float32 mesh (ScanNet's PLY precision), and fails on any real error (one wrong object is ≥ 0.5 %).
        // Measured: 100 % on both seeds (115,200 pixels each).
        Assert.True(pixelAgreement >= 0.995, $"pixel agreement {pixelAgreement:P3}");
        Assert.Equal(objectViews, objectViewsAgreeing);
    }

    [Fact]
    public void A_mesh_object_the_sensor_does_not_see_gets_no_pixels()
    {
        // The mesh holds an extra object (a "chair moved away after the scan") floating in front of every camera's
        // view centre; the sensor depth (rendered without it) sees the room behind. The depth test must drop it.
        using var dir = new TestPaths.TempDir();
        const ushort ghost = 60000;
        var fx = Write(dir["scans"], 3, (synth, parts) =>
        {
            var extra = new List<RenderPart>(parts);
            foreach (var f in synth.Scene.Frames)
            {
                var centre = f.Pose.TransformPoint(new Vec3(0, 0, 1.0)); // 1 m in front of the camera
                extra.Add(new RenderPart(new OrientedBox(centre, new Vec3(0.3, 0.3, 0.3), 0), default, ghost));
            }
            return extra;
        });
        // The ghost needs an annotation to be an object: give it one in the aggregation by hand (objectId ghost − 1).
        var agg = Path.Combine(fx.Scans, fx.Scene.Id, fx.Scene.Id + ".aggregation.json");
        var text = File.ReadAllText(agg);
        File.WriteAllText(agg, text.Replace("\"segGroups\": [\n", $"\"segGroups\": [\n    {{\"id\": {ghost - 1}, \"objectId\": {ghost - 1}, \"segments\": [{ghost}], \"label\": \"chair\"}},\n"));

        var report = ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0, Scenes = [fx.Scene.Id], Masks = InstanceMaskSource.Render });
        Assert.Empty(report.Failures);
        var back = SceneJson.Read(Path.Combine(dir["out"], "scannet", "images", fx.Scene.Id, "scene.json")).Scene;
        Assert.Contains(back.Objects, o => o.InstanceId == ghost);
        foreach (var f in back.Frames)
        {
            var mask = Mask(dir["out"], f);
            var depth = fx.Depths[f.Index];
            // Only pixels where the room itself lies within the ghost's depth range (±0.15 m around 1 m) could agree.
            int keptGhost = Enumerable.Range(0, mask.Length).Count(i => mask[i] == ghost && !(depth[i] > 800 && depth[i] < 1250));
            Assert.Equal(0, keptGhost);
        }
        Assert.Contains(report.Scenes[0].Warnings, w => w.Contains("disagree with the sensor depth by more than 3 cm + 1 %"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void With_rendered_masks_every_point_marker_is_on_its_objects_true_pixels_and_visible_sets_match(long seed)
    {
        using var dir = new TestPaths.TempDir();
        var fx = Write(dir["scans"], seed);
        ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0, Scenes = [fx.Scene.Id] });
        var root = Path.Combine(dir["out"], "scannet", "images");
        var imported = SceneJson.Read(Path.Combine(root, fx.Scene.Id, "scene.json")).Scene;
        // The same imported scene, its masks swapped for the synthetic renderer's own (the truth, kept aside until now).
        Directory.CreateDirectory(Path.Combine(root, fx.Scene.Id, "true_instance"));
        var truthScene = imported with
        {
            Frames = [.. imported.Frames.Select(f =>
            {
                var rel = $"{fx.Scene.Id}/true_instance/{f.Index}.png";
                using (var fs = File.Create(Path.Combine(root, rel))) Png16.WriteDepth(fs, fx.TrueMasks[f.Index], f.Width, f.Height);
                return f with { InstanceMaskPath = rel };
            })],
        };
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        int views = 0, viewsAgree = 0, markers = 0, markersOn = 0;
        for (int i = 0; i < imported.Frames.Count; i++)
        {
            var rendered = analyzer.Analyze(imported, imported.Frames[i], root);
            var truth = analyzer.Analyze(truthScene, truthScene.Frames[i], root);
            var a = rendered.Referable.Select(v => v.InstanceId).ToHashSet();
            var b = truth.Referable.Select(v => v.InstanceId).ToHashSet();
            views += a.Union(b).Count();
            viewsAgree += a.Intersect(b).Count();
            var trueMask = fx.TrueMasks[imported.Frames[i].Index];
            int w = imported.Frames[i].Width, h = imported.Frames[i].Height;
            foreach (var v in rendered.Referable)
            {
                markers++;
                // The pixel the official drawer puts the marker on (grid value → pixel), looked up in the true mask.
                if (trueMask[Grid.ToPixelIndex(v.GridPoint.Y, h) * w + Grid.ToPixelIndex(v.GridPoint.X, w)] == v.InstanceId) markersOn++;
            }
        }
        TestContext.Current.SendDiagnosticMessage($"seed {seed}: object-views {viewsAgree}/{views}, point markers on their true pixels {markersOn}/{markers}");
        Assert.True(views >= 15, $"only {views} object-views: the fixture would prove little"); // measured: 17 (seed 3), 32 (seed 8)
        Assert.True(viewsAgree >= 0.99 * views, $"visible sets agree on {viewsAgree} of {views} object-views");
        Assert.Equal(markers, markersOn);
    }
}
