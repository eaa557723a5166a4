using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// <c>spar import scannetpp</c> on a scene written in ScanNet++'s own formats from a rendered synthetic scene
/// (<see cref="ScanNetppFixture"/>); every expectation is computed here from the fixture's truth.
/// </summary>
public class ScanNetppImporterTests
{
    sealed record Imported(ScanNetppFixture Fixture, ScanNetppSceneReport Report, Scene Scene, string ImagesRoot);

    static Imported Import(TestPaths.TempDir dir, int videoFrames = 3)
    {
        var fx = ScanNetppFixture.Write(dir["release"]);
        var report = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = dir["release"], OutDir = dir["out"], FrameStep = 10, VideoFrames = videoFrames });
        Assert.Empty(report.Failures);
        var images = Path.Combine(dir["out"], "scannetpp", "images");
        var scene = SceneJson.Read(Path.Combine(images, ScanNetppFixture.SceneId, "scene.json")).Scene;
        return new Imported(fx, report.Scenes.Single(), scene, images);
    }

    /// <summary>The iPhone frame numbers in rgb/, sorted: SPAR-7M's rank of a frame is its position here.</summary>
    static List<long> RgbNumbers(ScanNetppFixture fx) => [.. fx.FramesByNumber.Keys.Append(ScanNetppFixture.NotInColmap).Order()];

    [Fact]
    public void Poses_are_camera_to_world_and_frames_are_named_by_rank_skipping_the_frame_COLMAP_lacks()
    {
        using var dir = new TestPaths.TempDir();
        var (fx, report, scene, images) = Import(dir);
        var numbers = RgbNumbers(fx);
        Assert.Equal(1, report.NotInColmap);
        Assert.Equal(numbers.Count, report.RgbFrames);
        Assert.Contains(report.Warnings, w => w.Contains("images.txt") && w.Contains("1 of 7 frame(s)"));

        var expectedRanks = numbers.Select((n, rank) => (n, rank)).Where(p => p.n != ScanNetppFixture.NotInColmap).ToList();
        Assert.Equal(expectedRanks.Select(p => p.rank), scene.Frames.Select(f => f.Index));
        Assert.DoesNotContain(scene.Frames, f => f.Index == numbers.IndexOf(ScanNetppFixture.NotInColmap));
        foreach (var (number, rank) in expectedRanks)
        {
            var truth = fx.FramesByNumber[number];
            var back = scene.Frames.Single(f => f.Index == rank);
            Assert.Equal($"{ScanNetppFixture.SceneId}/image_color/{rank}.jpg", back.ImagePath);
            Assert.True(truth.Pose.MaxAbsDifference(back.Pose) < 1e-9, $"frame {number}: pose differs by {truth.Pose.MaxAbsDifference(back.Pose)}");
            Assert.Equal((truth.Intrinsics.Fx, truth.Intrinsics.Fy, truth.Intrinsics.Cx, truth.Intrinsics.Cy),
                (back.Intrinsics.Fx, back.Intrinsics.Fy, back.Intrinsics.Cx, back.Intrinsics.Cy));
            Assert.Equal((ScanNetppFixture.W, ScanNetppFixture.H), (back.Width, back.Height));
            Assert.Equal(File.ReadAllBytes(Path.Combine(fx.SceneFolder, "iphone", "rgb", ScanNetppFixture.Name(number, "jpg"))),
                File.ReadAllBytes(Path.Combine(images, back.ImagePath)));
        }

        // Video: 3 of the 6 registered frames, ranks ⌊i·6/3⌋ = 0, 2, 4 among them, named frame{i}_{iPhone frame number}.
        long[] registered = [.. numbers.Where(n => n != ScanNetppFixture.NotInColmap)];
        long[] video = [registered[0], registered[2], registered[4]];
        Assert.Equal(string.Concat(video.Select(n => n + "\n")), File.ReadAllText(Path.Combine(images, ScanNetppFixture.SceneId, "video_idx.txt")));
        for (int i = 0; i < video.Length; i++)
        {
            Assert.True(File.Exists(Path.Combine(images, ScanNetppFixture.SceneId, "video_color", $"frame{i}_{video[i]}.jpg")));
            Assert.True(File.Exists(Path.Combine(images, ScanNetppFixture.SceneId, "video_depth", $"frame{i}_{video[i]}.png")));
        }
        Assert.Equal(video.Length, report.VideoFrames);
    }

    [Fact]
    public void Objects_keep_their_obb_including_a_rotated_one_written_with_permuted_axes()
    {
        using var dir = new TestPaths.TempDir();
        var (fx, report, scene, _) = Import(dir);
        var withParts = fx.Parts.Select(p => (int)p.InstanceId).Append(fx.TrueObjects[^1].InstanceId).ToHashSet();
        var expected = fx.TrueObjects.Where(o => withParts.Contains(o.InstanceId)).OrderBy(o => o.InstanceId).ToList();
        Assert.True(expected.Count >= 3, "fixture should have several objects");
        Assert.Equal(expected.Select(o => (o.InstanceId, o.Category)), scene.Objects.Select(o => (o.InstanceId, o.Category)));
        Assert.Equal(expected.Count, report.Objects);
        foreach (var (truth, back) in expected.Zip(scene.Objects))
        {
            // Same box whatever axis order and yaw represent it: every true corner has an imported corner on it.
            var corners = back.Box.Corners();
            foreach (var c in truth.Box.Corners())
                Assert.True(corners.Min(b => b.DistanceTo(c)) < 1e-6, $"{truth.Category} ({truth.InstanceId}): corner {c} not in imported box {back.Box}");
            Assert.Equal(truth.Category is "wall" or "floor" or "ceiling", back.Structural);
            if (back.Structural) Assert.False(back.Referable);
            Assert.NotNull(back.SurfacePoints);
            Assert.All(back.SurfacePoints!, p => Assert.True(truth.Box.Contains(p, 1e-5), $"{truth.Category}: surface point {p} outside its box"));
        }
        var crate = scene.Objects.Single(o => o.Category == "crate");
        // Permuted axes (z, y, x): the first horizontal axis is the box's y, so the yaw is a quarter turn on from the truth's.
        Assert.Equal(new Vec3(0.5, 0.8, 0.4), crate.Box.Size);
        Assert.True(Math.Abs(Math.IEEERemainder(crate.Box.Yaw - (ScanNetppFixture.CrateYaw + Math.PI / 2), 2 * Math.PI)) < 1e-9, $"crate yaw {crate.Box.Yaw}");
    }

    [Fact]
    public void Registered_depth_back_projects_onto_the_rendered_surfaces()
    {
        using var dir = new TestPaths.TempDir();
        var (fx, _, scene, images) = Import(dir, videoFrames: 0);
        var frame = scene.Frames[1];
        var depth = Png16.ReadDepth(Path.Combine(images, frame.DepthPath!), out int w, out int h);
        Assert.Equal((ScanNetppFixture.W, ScanNetppFixture.H), (w, h)); // registered to colour, not the iPhone's 256×192
        var k = frame.Intrinsics;
        int tested = 0, onSurface = 0;
        for (int v = 3; v < h; v += 17)
            for (int u = 5; u < w; u += 19)
            {
                ushort mm = depth[v * w + u];
                if (mm == 0) continue;
                double z = mm / 1000.0;
                var p = frame.Pose.TransformPoint(new Vec3((u - k.Cx) / k.Fx * z, (v - k.Cy) / k.Fy * z, z));
                tested++;
                if (fx.Parts.Min(part => SurfaceDistance(part.Box, p)) < 0.02) onSurface++;
            }
        Assert.True(tested > 300, $"only {tested} pixels with depth");
        // Nearest-neighbour registration from a 2× coarser map moves a few pixels at occlusion edges onto the other surface.
        Assert.True(onSurface >= 0.95 * tested, $"{onSurface} of {tested} back-projected pixels lie on a surface");
    }

    [Fact]
    public void Rendered_masks_name_the_object_the_synthetic_renderer_drew()
    {
        using var dir = new TestPaths.TempDir();
        var (fx, _, scene, images) = Import(dir, videoFrames: 0);
        var numbers = RgbNumbers(fx);
        long both = 0, agree = 0;
        foreach (var f in scene.Frames)
        {
            var mask = Png16.ReadDepth(Path.Combine(images, f.InstanceMaskPath!), out _, out _);
            var truth = fx.TrueInstances[numbers[f.Index]];
            for (int i = 0; i < mask.Length; i++)
                if (mask[i] != 0 && truth[i] != 0) { both++; if (mask[i] == truth[i]) agree++; }
        }
        Assert.True(both > 10_000, $"only {both} pixels masked in both");
        Assert.True(agree >= 0.97 * both, $"{agree} of {both} mask pixels agree with the renderer");
    }

    [Fact]
    public void An_instance_overlapping_another_keeps_both_objects_and_takes_its_pixels_in_the_masks()
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], overlap: true);
        var run = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = dir["release"], OutDir = dir["out"], FrameStep = 10, VideoFrames = 0 });
        Assert.Empty(run.Failures);
        var images = Path.Combine(dir["out"], "scannetpp", "images");
        var scene = SceneJson.Read(Path.Combine(images, ScanNetppFixture.SceneId, "scene.json")).Scene;
        Assert.Contains(run.Scenes[0].Warnings, w => w.Contains("segments_anno.json: 8 vertex membership(s) overlap another instance"));

        var part = fx.TrueObjects.Single(o => o.InstanceId == fx.OverlapId);
        var small = scene.Objects.Single(o => o.InstanceId == fx.OverlapId);
        var host = scene.Objects.Single(o => o.InstanceId == fx.OverlapHost);
        foreach (var c in part.Box.Corners()) Assert.True(small.Box.Corners().Min(b => b.DistanceTo(c)) < 1e-6);
        // The host keeps the shared vertices: its surface points include the shared part's corners.
        Assert.Contains(host.SurfacePoints!, p => part.Box.Corners().Any(c => c.DistanceTo(p) < 1e-5));

        var numbers = RgbNumbers(fx);
        long smallPixels = 0, smallOnHost = 0, hostPixels = 0;
        foreach (var f in scene.Frames)
        {
            var mask = Png16.ReadDepth(Path.Combine(images, f.InstanceMaskPath!), out _, out _);
            var truth = fx.TrueInstances[numbers[f.Index]];
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] == fx.OverlapId) { smallPixels++; if (truth[i] == fx.OverlapHost) smallOnHost++; }
                if (mask[i] == fx.OverlapHost) hostPixels++;
            }
        }
        Assert.True(smallPixels > 100, $"the smaller overlapping instance has {smallPixels} mask pixels");
        Assert.True(hostPixels > 100, $"the host's other parts have {hostPixels} mask pixels");
        Assert.True(smallOnHost >= 0.97 * smallPixels, $"{smallOnHost} of {smallPixels} pixels of the overlapping instance are on its host");
    }

    /// <summary>Distance from <paramref name="p"/> to the surface of <paramref name="box"/> (inside or out).</summary>
    static double SurfaceDistance(OrientedBox box, Vec3 p)
    {
        var l = box.ToLocal(p);
        var h = box.HalfSize;
        double dx = Math.Abs(l.X) - h.X, dy = Math.Abs(l.Y) - h.Y, dz = Math.Abs(l.Z) - h.Z;
        if (dx <= 0 && dy <= 0 && dz <= 0) return -Math.Max(dx, Math.Max(dy, dz));
        return Math.Sqrt(Math.Pow(Math.Max(dx, 0), 2) + Math.Pow(Math.Max(dy, 0), 2) + Math.Pow(Math.Max(dz, 0), 2));
    }
}
