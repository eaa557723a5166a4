using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetRoundTripTests
{
    const int W = 16, H = 12;
    static readonly CameraIntrinsics K = new(14, 14, 7.5, 5.5);

    static Scene HandBuiltScene()
    {
        SceneObject Box(int id, string category, Vec3 centre, Vec3 size, bool referable = true, bool structural = false) =>
            new(id, category, new OrientedBox(centre, size, 0), referable, structural);
        // Camera at (x, -3, 1.2) looking along +y (OpenCV axes: x right = world x, y down = world -z, z forward = world y).
        SceneFrame Frame(int index, double x) => new(index, $"scene0100_00/image_color/{index}.jpg", W, H, K,
            Mat4.FromAxes(Vec3.UnitX, -Vec3.UnitZ, Vec3.UnitY, new Vec3(x, -3, 1.2)), $"scene0100_00/image_depth/{index}.png");
        return new Scene("scene0100_00", "synthetic", null,
            [
                Box(1, "floor", new Vec3(0, 0, -0.005), new Vec3(6, 5, 0.01), referable: false, structural: true),
                Box(2, "office chair", new Vec3(1, 0.5, 0.45), new Vec3(0.6, 0.6, 0.9)),
                Box(3, "table", new Vec3(-1.25, 1, 0.375), new Vec3(1.5, 0.8, 0.75)),
            ],
            [Frame(0, 0), Frame(1, 0.25), Frame(3, 0.75), Frame(4, 1)]);
    }

    static ScanNetFrameImages Images(SceneFrame f)
    {
        var depth = new ushort[W * H];
        for (int i = 0; i < depth.Length; i++) depth[i] = (ushort)(2000 + 10 * f.Index + i);
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(W, H);
        var ms = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(image, ms);
        var jpeg = ms.ToArray();
        jpeg[^3] = (byte)f.Index; // frame-specific byte inside the entropy-coded data: passthrough must keep it
        return new ScanNetFrameImages(jpeg, depth);
    }

    [Fact]
    public void Scene_written_as_a_ScanNet_scan_imports_back_to_the_same_objects_and_frames()
    {
        using var dir = new TestPaths.TempDir();
        var scene = HandBuiltScene();
        var alignment = Mat4.Translation(new Vec3(4, -2, 0.5)) * Mat4.RotationZ(0.3); // ScanNet raw frames are rotated and offset
        ScanNetScanWriter.Write(dir["scans"], scene, alignment, Images);

        var report = ScanNetImporter.Run(new ScanNetImportOptions
        {
            Input = dir["scans"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 2,
        });
        Assert.Empty(report.Failures);
        Assert.Equal(1, report.Scenes[0].InvalidPoseFrames); // frame 2 is missing from the scene: written as -inf
        var sceneDir = Path.Combine(dir["out"], "scannet", "images", scene.Id);
        var back = SceneJson.Read(Path.Combine(sceneDir, "scene.json")).Scene;

        Assert.Equal(scene.Objects.Select(o => (o.InstanceId, o.Category, o.Referable, o.Structural)),
            back.Objects.Select(o => (o.InstanceId, o.Category, o.Referable, o.Structural)));
        foreach (var (a, b) in scene.Objects.Zip(back.Objects))
        {
            Assert.True(a.Box.Center.DistanceTo(b.Box.Center) < 1e-5, $"{a.Category}: centre {a.Box.Center} vs {b.Box.Center}");
            Assert.True(a.Box.Size.DistanceTo(b.Box.Size) < 1e-5, $"{a.Category}: size {a.Box.Size} vs {b.Box.Size}");
            Assert.Equal(0, b.Box.Yaw);
        }

        Assert.Equal([0, 1, 3, 4], back.Frames.Select(f => f.Index));
        Assert.Equal([0, 3], back.VideoFrames.Select(f => f.Index)); // 2 of 4 posed frames: ranks 0 and 2
        foreach (var (a, b) in scene.Frames.Zip(back.Frames))
        {
            Assert.Equal((a.ImagePath, a.DepthPath, a.Width, a.Height), (b.ImagePath, b.DepthPath, b.Width, b.Height));
            Assert.True(Math.Abs(a.Intrinsics.Fx - b.Intrinsics.Fx) + Math.Abs(a.Intrinsics.Cy - b.Intrinsics.Cy) < 1e-6);
            Assert.True(a.Pose.MaxAbsDifference(b.Pose) < 1e-5, $"frame {a.Index}: pose differs by {a.Pose.MaxAbsDifference(b.Pose)}");
            var expected = Images(a);
            Assert.Equal(expected.Jpeg, File.ReadAllBytes(Path.Combine(dir["out"], "scannet", "images", b.ImagePath)));
            var depth = Png16.ReadDepth(Path.Combine(dir["out"], "scannet", "images", b.DepthPath!), out _, out _);
            Assert.Equal(expected.DepthMillimetres, depth);
        }
    }

    [Fact]
    public void Rendered_synthetic_scene_survives_the_trip_through_ScanNet_formats()
    {
        using var dir = new TestPaths.TempDir();
        var synth = SyntheticWorld.Generate(seed: 7, index: 0, new SynthOptions(Frames: 5, VideoFrames: 2, ExtraViews: 1, Width: 48, Height: 36));
        var scene = synth.Scene;
        var rasterizer = SyntheticDataset.CreateRasterizer(synth);
        var rendered = new Dictionary<int, ScanNetFrameImages>();
        foreach (var f in scene.Frames)
        {
            var fb = new FrameBuffers(f.Width, f.Height);
            rasterizer.Render(f.Camera!, fb);
            rendered[f.Index] = new ScanNetFrameImages(ImageCodec.EncodeRenderedJpeg(fb.Rgba, f.Width, f.Height),
                (ushort[])fb.DepthMillimeters.Clone(), (ushort[])fb.Instance.Clone());
        }
        var alignment = Mat4.RotationZ(-1.1) * Mat4.Translation(new Vec3(-2, 3, 0.25));
        ScanNetScanWriter.Write(dir["scans"], scene, alignment, f => rendered[f.Index]);

        var report = ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0, Scenes = [scene.Id] });
        Assert.Empty(report.Failures);
        Assert.Empty(report.Scenes[0].Warnings);
        var back = SceneJson.Read(Path.Combine(dir["out"], "scannet", "images", scene.Id, "scene.json")).Scene;

        // Objects: same ids, names and flags; the box becomes the axis-aligned bounds of the original's corners
        // (computed here from the corners, not by the importer's code), since ScanNet annotates meshes, not boxes.
        Assert.Equal(scene.Objects.Select(o => (o.InstanceId, o.Category, o.Referable, o.Structural)),
            back.Objects.Select(o => (o.InstanceId, o.Category, o.Referable, o.Structural)));
        foreach (var (a, b) in scene.Objects.Zip(back.Objects))
        {
            var corners = a.Box.Corners();
            var min = new Vec3(corners.Min(c => c.X), corners.Min(c => c.Y), corners.Min(c => c.Z));
            var max = new Vec3(corners.Max(c => c.X), corners.Max(c => c.Y), corners.Max(c => c.Z));
            Assert.True(((min + max) * 0.5).DistanceTo(b.Box.Center) < 1e-4, $"{a.Category} {a.InstanceId}: centre {b.Box.Center}, expected {(min + max) * 0.5}");
            var size = max - min;
            var expectedSize = new Vec3(Math.Max(size.X, 0.01), Math.Max(size.Y, 0.01), Math.Max(size.Z, 0.01));
            Assert.True(expectedSize.DistanceTo(b.Box.Size) < 1e-4, $"{a.Category} {a.InstanceId}: size {b.Box.Size}, expected {expectedSize}");
        }

        // Frames: every frame, same camera and pose (float32 in the .sens), identical colour, depth and instance ids.
        Assert.Equal(scene.Frames.Select(f => f.Index), back.Frames.Select(f => f.Index));
        foreach (var (a, b) in scene.Frames.Zip(back.Frames))
        {
            Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
            Assert.True(Math.Abs(a.Intrinsics.Fx - b.Intrinsics.Fx) < 1e-4 && Math.Abs(a.Intrinsics.Cx - b.Intrinsics.Cx) < 1e-4);
            Assert.True(a.Pose.MaxAbsDifference(b.Pose) < 1e-5, $"frame {a.Index}: pose differs by {a.Pose.MaxAbsDifference(b.Pose)}");
            var images = Path.Combine(dir["out"], "scannet", "images");
            Assert.Equal(rendered[a.Index].Jpeg, File.ReadAllBytes(Path.Combine(images, b.ImagePath)));
            Assert.Equal(rendered[a.Index].DepthMillimetres, Png16.ReadDepth(Path.Combine(images, b.DepthPath!), out _, out _));
            Assert.Equal(rendered[a.Index].InstanceIds, Png16.ReadDepth(Path.Combine(images, b.InstanceMaskPath!), out _, out _));
        }
    }
}
