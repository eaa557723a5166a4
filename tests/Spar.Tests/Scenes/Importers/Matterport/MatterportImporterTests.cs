using Spar.Cli;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.Matterport;
using Spar.Util;
using static Spar.Tests.Scenes.Importers.Matterport.MatterportFixture;

namespace Spar.Tests.Scenes.Importers.Matterport;

public class MatterportImporterTests
{
    const string Region0 = Scan + "_region0";

    static (SceneImportReport<MatterportRegionReport> Report, Scene Scene, string Images) Import(TestPaths.TempDir dir, MatterportFixture? fixture = null)
    {
        fixture ??= MatterportFixture.Write(dir["mp"]);
        var report = MatterportImporter.Run(new MatterportImportOptions { Input = dir["mp"], OutDir = dir["out"] });
        Assert.Empty(report.Failures);
        var images = Path.Combine(dir["out"], "matterport", "images");
        var read = SceneJson.Read(Path.Combine(images, Region0, "scene.json"));
        Assert.Empty(read.Warnings);
        return (report, read.Scene, images);
    }

    [Fact]
    public void Region_floor_polygon_is_the_V_rectangle_with_the_R_height()
    {
        using var dir = new TestPaths.TempDir();
        var (report, scene, _) = Import(dir);
        Assert.Equal([Region0, Scan + "_region1"], report.Scenes.Select(s => s.SceneId));
        var room = scene.Room!;
        Assert.Equal(new[] { new Vec2(0, 0), new Vec2(4, 0), new Vec2(4, 3), new Vec2(0, 3) }, room.FloorPolygon);
        Assert.Equal(0.1, room.FloorZ, 12);
        Assert.Equal(2.7, room.CeilingZ, 12);
        Assert.Equal(12.0, room.FloorAreaSquareMeters, 9);
        // Region 1 has a panorama but no images and no S surface: an empty scene, both said.
        var second = report.Scenes.Single(s => s.SceneId == Scan + "_region1");
        Assert.Equal(0, second.Images);
        Assert.Contains(second.Warnings, w => w.Contains("no S surface") && w.Contains(".house:5"));
    }

    [Fact]
    public void Objects_keep_their_45_degree_yaw_radii_as_half_sizes_and_raw_name_under_a_catch_all()
    {
        using var dir = new TestPaths.TempDir();
        var (_, scene, _) = Import(dir);
        Assert.Equal([1, 2], scene.Objects.Select(o => o.InstanceId));
        var chair = scene.Objects[0];
        Assert.Equal("chair", chair.Category);
        Assert.True(chair.Referable);
        Assert.Equal(Math.PI / 4, chair.Box.Yaw, 5);
        Assert.Equal(new Vec3(1.5, 1, 0.55), chair.Box.Center);
        Assert.Equal(0.6, chair.Box.Size.X, 9);
        Assert.Equal(0.6, chair.Box.Size.Y, 9);
        Assert.Equal(0.9, chair.Box.Size.Z, 9);
        // mpcat40 "objects" is a catch-all: the raw category_mapping_name is kept. Its first axis is the vertical one.
        var vase = scene.Objects[1];
        Assert.Equal("vase", vase.Category);
        Assert.True(vase.Referable);
        Assert.Equal(0, vase.Box.Yaw, 9);
        Assert.Equal(0.2, vase.Box.Size.X, 9);
        Assert.Equal(0.1, vase.Box.Size.Y, 9);
        Assert.Equal(0.3, vase.Box.Size.Z, 9);
    }

    [Fact]
    public void OpenGL_cameras_come_out_as_OpenCV_with_rows_counted_from_the_top()
    {
        using var dir = new TestPaths.TempDir();
        var (_, scene, images) = Import(dir);
        Assert.Equal(2, scene.Frames.Count);
        // Written out by hand: camera 0 looks along +x (x right = −y world, y down = −z world), camera 1 along +y.
        var cv0 = new Mat4(0, 0, 1, 2, -1, 0, 0, 1.5, 0, -1, 0, 1.5, 0, 0, 0, 1);
        var cv1 = new Mat4(1, 0, 0, 2, 0, 0, 1, 1.5, 0, -1, 0, 1.5, 0, 0, 0, 1);
        var f0 = scene.Frames[0];
        var f1 = scene.Frames[1];
        Assert.True(cv0.MaxAbsDifference(f0.Pose) < 1e-12, f0.Pose.ToString());
        Assert.True(cv1.MaxAbsDifference(f1.Pose) < 1e-12, f1.Pose.ToString());
        Assert.Equal(new CameraIntrinsics(Fx, Fy, Cx0, Height - 1 - CyBottom0), f0.Intrinsics);
        Assert.Equal(new CameraIntrinsics(Fx, Fy, Cx1, Height - 1 - CyBottom1), f1.Intrinsics);
        Assert.Equal($"{Region0}/image_color/{Pano}_i0_0.jpg", f0.ImagePath);
        Assert.Equal((0, 1), (f0.Index, f1.Index));
        // The world point straight ahead of camera 0 at 1 m, 0.2 m up (z), lands above the centre row by fy·0.2.
        var cam = f0.Camera!;
        var p = cam.Intrinsics.Project(cv0.Inverse().TransformPoint(new Vec3(3, 1.5, 1.7)));
        Assert.Equal(Height - 1 - CyBottom0 - Fy * 0.2, p.Y, 9);
        Assert.Equal(File.ReadAllText(Path.Combine(images, Region0, "pose", $"{Pano}_i0_0.txt")), MatrixFile.Format(cv0));
    }

    [Fact]
    public void Depth_is_quarter_millimetres_rounded_to_millimetres()
    {
        using var dir = new TestPaths.TempDir();
        var (_, scene, images) = Import(dir);
        var depth = Png16.ReadDepth(Path.Combine(images, scene.Frames[1].DepthPath!), out int w, out int h);
        Assert.Equal((Width, Height), (w, h));
        for (int x = 0; x < 4; x++)
            Assert.Equal((int)Math.Round(DepthUnits(1, x, 0) / 4.0, MidpointRounding.AwayFromZero), depth[x]);
        var d0 = Png16.ReadDepth(Path.Combine(images, scene.Frames[0].DepthPath!), out _, out _);
        Assert.All(d0, v => Assert.Equal(1000, v));
    }

    [Fact]
    public void Masks_render_the_face_segment_object_where_the_depth_agrees()
    {
        using var dir = new TestPaths.TempDir();
        var (report, scene, images) = Import(dir);
        // Camera 0 sees the wall at x = 3 (face_segment 0 = the chair's O index) at 1 m, as its depth says.
        var m0 = Png16.ReadLabels(Path.Combine(images, scene.Frames[0].InstanceMaskPath!), out _, out _);
        Assert.All(m0, v => Assert.Equal(1, v));
        // Camera 1 sees the wall beyond 1.56 m where its depth reads 1.234 m: all dropped, and said.
        var m1 = Png16.ReadLabels(Path.Combine(images, scene.Frames[1].InstanceMaskPath!), out _, out _);
        Assert.All(m1, v => Assert.Equal(0, v));
        var warnings = report.Scenes.Single(s => s.SceneId == Region0).Warnings;
        Assert.Contains(warnings, w => w.Contains("disagree with the sensor depth"));
        Assert.Contains(warnings, w => w.Contains("region0.ply: 1 face(s) name an object"));
    }

    [Fact]
    public void Cli_imports_the_regions_of_the_scans_asked_for()
    {
        using var dir = new TestPaths.TempDir();
        MatterportFixture.Write(dir["mp"]);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(["import", "matterport", dir["mp"], "--out", dir["out"], "--scans", Scan, "--threads", "2"], o, e);
        Assert.True(code == 0, e.ToString());
        Assert.Contains($"{Region0}: 2 images of 1 panoramas, 2 objects (2 referable), rendered masks -> ", o.ToString());
        Assert.Contains("imported 2 scene(s), 0 failed", o.ToString());
        Assert.Equal(2, SparCli.Run(["import", "matterport", dir["mp"], "--out", dir["out2"], "--scans", "XXXXXXXXXXX"], o, e));
        Assert.Contains("XXXXXXXXXXX.house: not found", e.ToString());
    }

    [Theory]
    [InlineData("house", 15, "O 0 0 0 1.5 1 0.55 0.7 0.7 0", ".house:15: 10 fields, expected at least 16")]
    [InlineData("house", 13, "C 0 3 chair three chair 0 0 0 0 0", ".house:13: mpcat40_index 'three' is not an integer")]
    [InlineData("house", 16, "O 1 0 7  3 2.5 0.9  0 0 1  1 0 0  0.15 0.1 0.05  0 0 0 0 0 0 0 0", ".house:16: object 1 names category 7, which has no C line")]
    [InlineData("house", 9, "V 0 4 f  0 0 0.1  0 0 1  0 0 0", ".house:9: vertex names surface 4, which has no S line")]
    [InlineData("house", 16, "O 1 0 1  3 2.5 0.9  1 0 0  1 0 0  0.15 0.1 0.05  0 0 0 0 0 0 0 0", ".house:16: object 1's box axes a0 and a1 are parallel")]
    [InlineData("conf", 2, "n_images 3", ".conf:2: n_images 3, but the file has 2 scan line(s)")]
    [InlineData("conf", 6, "intrinsics_matrix 50 0 31.5 0 52 20 0 0", ".conf:6: intrinsics_matrix has 8 values, expected 9")]
    [InlineData("conf", 7, "scan a.png b.jpg 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 2", ".conf:7: camera-to-world matrix is not an invertible rigid transform")]
    [InlineData("conf", 9, "scan x_d1_0.png x_i1_0.jpg 1 0 0 2 0 0 -1 1.5 0 1 0 nan 0 0 0 1", ".conf:9: camera-to-world matrix value 12 'nan' is not a finite number")]
    public void Bad_lines_fail_the_scene_naming_file_and_line(string file, int line, string text, string expected)
    {
        using var dir = new TestPaths.TempDir();
        var fixture = MatterportFixture.Write(dir["mp"]);
        ReplaceLine(file == "house" ? fixture.House : fixture.Conf, line, text);
        var report = MatterportImporter.Run(new MatterportImportOptions { Input = dir["mp"], OutDir = dir["out"] });
        var failure = Assert.Single(report.Failures, f => f.SceneId == Region0);
        Assert.Contains(expected, failure.Message);
        Assert.StartsWith(file == "house" ? fixture.House : fixture.Conf, failure.Message);
        Assert.False(Directory.Exists(Path.Combine(dir["out"], "matterport", "images", Region0)));
    }

    /// <summary>The toolkit's reader skips commands it does not know (GAPS RGBDConfiguration::ReadFile); spar too, and says so.</summary>
    [Fact]
    public void Unknown_conf_commands_are_skipped_and_named_and_image_is_scan()
    {
        using var dir = new TestPaths.TempDir();
        var fixture = MatterportFixture.Write(dir["mp"]);
        ReplaceLine(fixture.Conf, 5, "rectangle tex.png 0.01 0 0 0 0 0 1 1 0 0 1 1");
        ReplaceLine(fixture.Conf, 9, File.ReadAllLines(fixture.Conf)[8].Replace("scan ", "image "));
        var report = MatterportImporter.Run(new MatterportImportOptions { Input = dir["mp"], OutDir = dir["out"] });
        Assert.Empty(report.Failures);
        var region = report.Scenes.Single(s => s.SceneId == Region0);
        Assert.Equal(2, region.Images);
        Assert.Contains($"{fixture.Conf}: 1 line(s) with a command spar does not read were skipped, as the toolkit's reader skips them (first: {fixture.Conf}:5: rectangle)", region.Warnings);
    }

    [Fact]
    public void A_missing_depth_image_and_a_mesh_without_face_segment_are_named()
    {
        using var dir = new TestPaths.TempDir();
        var fixture = MatterportFixture.Write(dir["mp"]);
        File.Delete(Path.Combine(fixture.ScanDir, "undistorted_depth_images", $"{Pano}_d1_0.png"));
        var report = MatterportImporter.Run(new MatterportImportOptions { Input = dir["mp"], OutDir = dir["out"] });
        Assert.Contains($"{Pano}_d1_0.png: not found (undistorted depth image of {fixture.Conf}:9)", Assert.Single(report.Failures).Message);

        using var dir2 = new TestPaths.TempDir();
        fixture = MatterportFixture.Write(dir2["mp"]);
        File.WriteAllText(fixture.RegionMesh, RegionMeshText().Replace("face_segment", "face_other"));
        report = MatterportImporter.Run(new MatterportImportOptions { Input = dir2["mp"], OutDir = dir2["out"] });
        Assert.Contains("region0.ply:7: PLY face element has no scalar 'face_segment' property", Assert.Single(report.Failures).Message);
    }
}
