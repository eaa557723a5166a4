using System.Globalization;
using System.Text;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers.Matterport;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Scenes.Importers.Matterport;

/// <summary>
/// A rendered synthetic room written as a Matterport3D scan in the dataset's own formats — its floor as an R/S/V
/// region, its objects as O lines (a0 along the yaw, radii = half sizes), its frames as OpenGL cameras with bottom-up
/// cy in a .conf, depth in 0.25 mm units, the renderer's parts as region0.ply with face_segment — imports back to the
/// same room, boxes, poses, intrinsics and depth, and masks that agree with the synthetic renderer's own.
/// </summary>
public class MatterportRoundTripTests
{
    const int W = 160, H = 120;
    const string Pano = "5e1f0c3b9a7d4e2f8c6b1a0d9e8f7c6b";

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void A_rendered_room_written_as_a_scan_imports_back_to_its_truth(long seed)
    {
        using var dir = new TestPaths.TempDir();
        var synth = SyntheticWorld.Generate(seed, index: 0, new SynthOptions(Frames: 5, VideoFrames: 1, ExtraViews: 0, Width: W, Height: H));
        // An off-centre principal point (7.25 rows below, 3 columns left of the centre), so the bottom-up cy of the
        // .conf is not the top-down one and a reader that keeps cy as written misplaces every row.
        var truth = synth.Scene with
        {
            Frames = synth.Scene.Frames.Select(f => f with { Intrinsics = f.Intrinsics with { Cx = f.Intrinsics.Cx - 3, Cy = f.Intrinsics.Cy + 7.25 } }).ToList(),
        };
        var scanDir = Path.Combine(dir["mp"], MatterportFixture.Scan);
        foreach (var d in new[] { "house_segmentations", "undistorted_camera_parameters", "undistorted_color_images", "undistorted_depth_images", "region_segmentations" })
            Directory.CreateDirectory(Path.Combine(scanDir, d));

        var room = truth.Room!;
        var categories = truth.Objects.Select(o => o.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        var house = new StringBuilder("ASCII 1.1\nH " + MatterportFixture.Scan + " house 0 1 0 1 0 0 0 1 0 1  0 0 0 0 0  0 0 0 1 1 1  0 0 0 0 0\n");
        house.Append(CultureInfo.InvariantCulture, $"R 0 0 0 0 l  0 0 0  0 0 0 1 1 1  {F(room.CeilingZ - room.FloorZ)}  0 0 0 0\n");
        house.Append(CultureInfo.InvariantCulture, $"P {Pano} 0 0 0  0 0 1.5  0 0 0 0 0\n");
        house.Append("S 0 0 0 f  0 0 0  0 0 1  0 0 0 1 1 1  0 0 0 0 0\n");
        foreach (var v in room.FloorPolygon) house.Append(CultureInfo.InvariantCulture, $"V 0 0 f  {F(v.X)} {F(v.Y)} {F(room.FloorZ)}  0 0 1  0 0 0\n");
        for (int c = 0; c < categories.Count; c++)
            house.Append(CultureInfo.InvariantCulture, $"C {c} {c} {categories[c].Replace(' ', '_')} 3 {categories[c].Replace(' ', '_')} 0 0 0 0 0\n");
        foreach (var o in truth.Objects)
        {
            var b = o.Box;
            var (s, cs) = Math.SinCos(b.Yaw);
            house.Append(CultureInfo.InvariantCulture,
                $"O {o.InstanceId - 1} 0 {categories.IndexOf(o.Category)}  {F(b.Center.X)} {F(b.Center.Y)} {F(b.Center.Z)}  {F(cs)} {F(s)} 0  {F(-s)} {F(cs)} 0  {F(b.Size.X / 2)} {F(b.Size.Y / 2)} {F(b.Size.Z / 2)}  0 0 0 0 0 0 0 0\n");
        }
        File.WriteAllText(Path.Combine(scanDir, "house_segmentations", MatterportFixture.Scan + ".house"), house.ToString());

        // The renderer's own parts as the region mesh, 12 triangles a box, face_segment = the object's O index.
        var parts = ShapeParts.ForScene(synth);
        var ply = new StringBuilder();
        ply.Append(CultureInfo.InvariantCulture, $"ply\nformat ascii 1.0\nelement vertex {8 * parts.Count}\nproperty float x\nproperty float y\nproperty float z\n")
           .Append(CultureInfo.InvariantCulture, $"element face {12 * parts.Count}\nproperty list uchar int vertex_indices\nproperty int face_material\nproperty int face_segment\nproperty int face_category\nend_header\n");
        foreach (var p in parts)
            foreach (var c in p.Box.Corners()) ply.Append(CultureInfo.InvariantCulture, $"{F((float)c.X)} {F((float)c.Y)} {F((float)c.Z)}\n");
        int[] faces = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
        for (int k = 0; k < parts.Count; k++)
            for (int t = 0; t < 12; t++)
                ply.Append(CultureInfo.InvariantCulture, $"3 {8 * k + faces[3 * t]} {8 * k + faces[3 * t + 1]} {8 * k + faces[3 * t + 2]} 0 {parts[k].InstanceId - 1} 0\n");
        File.WriteAllText(Path.Combine(scanDir, "region_segmentations", "region0.ply"), ply.ToString());

        var rasterizer = SyntheticDataset.CreateRasterizer(synth);
        var masks = new Dictionary<string, ushort[]>();
        var depths = new Dictionary<string, ushort[]>();
        var conf = new StringBuilder().Append(CultureInfo.InvariantCulture, $"dataset matterport\nn_images {truth.Frames.Count}\ndepth_directory undistorted_depth_images\ncolor_directory undistorted_color_images\n");
        foreach (var f in truth.Frames)
        {
            Assert.NotEqual(f.Intrinsics.Cy, H - 1 - f.Intrinsics.Cy);
            var fb = new FrameBuffers(f.Width, f.Height);
            rasterizer.Render(f.Camera!, fb);
            var stem = $"{Pano}_i1_{f.Index}";
            masks[stem] = (ushort[])fb.Instance.Clone();
            depths[stem] = (ushort[])fb.DepthMillimeters.Clone();
            File.WriteAllBytes(Path.Combine(scanDir, "undistorted_color_images", stem + ".jpg"), ImageCodec.EncodeRenderedJpeg(fb.Rgba, f.Width, f.Height));
            Png16.Write(Path.Combine(scanDir, "undistorted_depth_images", $"{Pano}_d1_{f.Index}.png"), W, H, depths[stem].Select(mm => (ushort)(4 * mm)).ToArray());
            var k = f.Intrinsics;
            // OpenGL: the y and z camera axes negated; rows counted from the bottom: cy measured from the last row.
            var gl = f.Pose * new Mat4(1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1);
            conf.Append(CultureInfo.InvariantCulture, $"intrinsics_matrix {F(k.Fx)} 0 {F(k.Cx)}  0 {F(k.Fy)} {F(H - 1 - k.Cy)}  0 0 1\n")
                .Append(CultureInfo.InvariantCulture, $"scan {Pano}_d1_{f.Index}.png {stem}.jpg {string.Join(' ', Enumerable.Range(0, 16).Select(i => F(gl[i / 4, i % 4])))}\n");
        }
        File.WriteAllText(Path.Combine(scanDir, "undistorted_camera_parameters", MatterportFixture.Scan + ".conf"), conf.ToString());
        Assert.All(depths.Values, d => Assert.All(d, mm => Assert.True(mm < 16384)));

        var report = MatterportImporter.Run(new MatterportImportOptions { Input = dir["mp"], OutDir = dir["out"] });
        Assert.Empty(report.Failures);
        var images = Path.Combine(dir["out"], "matterport", "images");
        var back = SceneJson.Read(Path.Combine(images, MatterportFixture.Scan + "_region0", "scene.json")).Scene;

        Assert.Equal(room.FloorPolygon, back.Room!.FloorPolygon);
        Assert.Equal(room.FloorZ, back.Room.FloorZ, 12);
        Assert.Equal(room.CeilingZ, back.Room.CeilingZ, 12);
        Assert.Equal(truth.Objects.Select(o => (o.InstanceId, o.Category)), back.Objects.Select(o => (o.InstanceId, o.Category)));
        foreach (var (a, b) in truth.Objects.Zip(back.Objects))
        {
            Assert.True((a.Box.Center - b.Box.Center).Length < 1e-12, $"{a.Category}: centre");
            Assert.True((a.Box.Size - b.Box.Size).Length < 1e-12, $"{a.Category}: size {a.Box.Size} vs {b.Box.Size}");
            double dyaw = Math.IEEERemainder(a.Box.Yaw - b.Box.Yaw, 2 * Math.PI);
            Assert.True(Math.Abs(dyaw) < 1e-12, $"{a.Category}: yaw {a.Box.Yaw} vs {b.Box.Yaw}");
        }
        Assert.Equal(truth.Frames.Count, back.Frames.Count);
        long pixels = 0, agree = 0;
        foreach (var (a, b) in truth.Frames.Zip(back.Frames))
        {
            Assert.True(a.Pose.MaxAbsDifference(b.Pose) < 1e-12, $"frame {a.Index}: pose");
            Assert.Equal(a.Intrinsics.Fx, b.Intrinsics.Fx);
            Assert.Equal(a.Intrinsics.Cx, b.Intrinsics.Cx);
            Assert.Equal(a.Intrinsics.Cy, b.Intrinsics.Cy, 12);
            var stem = $"{Pano}_i1_{a.Index}";
            Assert.Equal(depths[stem], Png16.ReadDepth(Path.Combine(images, b.DepthPath!), out _, out _));
            var mask = Png16.ReadLabels(Path.Combine(images, b.InstanceMaskPath!), out _, out _);
            var want = masks[stem];
            for (int i = 0; i < mask.Length; i++) { pixels++; if (mask[i] == want[i]) agree++; }
        }
        // As for ScanNet's rendered masks (ScanNetRenderedMaskTests): the two rasterisers differ only at float
        // rounding on shared edges and coplanar contacts; one wrong object or a flipped row order is far more than 0.5 %.
        Assert.True((double)agree / pixels >= 0.995, $"mask agreement {agree}/{pixels}");
    }
}
