using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Cli;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;

namespace Spar.Tests.Scenes.Importers;

/// <summary>Inputs a QA pass found imported silently or reported vaguely: each is now refused or counted, naming the file.</summary>
public class ScanNetBadInputTests
{
    static ScanNetImportOptions Options(TestPaths.TempDir dir, int step = 2) => new()
    {
        Input = dir["scans"], OutDir = dir["out"], FrameStep = step, VideoFrames = 3, Threads = 1,
    };

    static string ImagesRoot(TestPaths.TempDir dir) => Path.Combine(dir["out"], "scannet", "images");

    [Fact]
    public void A_scene_folder_spar_did_not_write_is_refused_and_left_untouched_while_other_scenes_import()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        Write(dir["scans"], sceneId: "scene0002_00");
        var mine = Path.Combine(ImagesRoot(dir), "scene0001_00");
        Directory.CreateDirectory(Path.Combine(mine, "image_color"));
        File.WriteAllText(Path.Combine(mine, "myfile.txt"), "precious");
        File.WriteAllText(Path.Combine(mine, "image_color", "999.jpg"), "mine too");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = SparCli.Run(["import", "scannet", dir["scans"], "--out", dir["out"], "--threads", "1"], stdout, stderr);

        Assert.Equal(1, code);
        Assert.Contains($"error: scene0001_00: {mine}: folder exists but was not written by spar import scannet", stderr.ToString());
        Assert.Equal("precious", File.ReadAllText(Path.Combine(mine, "myfile.txt")));
        Assert.Equal("mine too", File.ReadAllText(Path.Combine(mine, "image_color", "999.jpg")));
        Assert.Equal(["image_color", "myfile.txt"], Directory.GetFileSystemEntries(mine).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(ImagesRoot(dir), "scene0002_00", "scene.json")));
        Assert.Empty(Directory.GetDirectories(ImagesRoot(dir), ".scene0001_00.*")); // no staging left behind

        // spar's own import of scene0002_00 is replaced by the next import, as before.
        File.WriteAllText(Path.Combine(ImagesRoot(dir), "scene0002_00", "stale.txt"), "from the old import");
        var report = ScanNetImporter.Run(Options(dir) with { Scenes = ["scene0002_00"] });
        Assert.Empty(report.Failures);
        Assert.False(File.Exists(Path.Combine(ImagesRoot(dir), "scene0002_00", "stale.txt")));
        Assert.True(File.Exists(Path.Combine(ImagesRoot(dir), "scene0002_00", SceneFolder.MarkerFileName("scannet"))));
    }

    [Theory]
    [InlineData("0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1", "axisAlignment is singular (3×3 determinant 0)")]
    [InlineData("2 0 0 0 0 2 0 0 0 0 2 0 0 0 0 1", "axisAlignment is not a rotation plus translation")]
    [InlineData("1 0 0 0 0 -1 0 0 0 0 1 0 0 0 0 1", "axisAlignment is a mirror, not a rotation (3×3 determinant -1)")]
    public void An_axis_alignment_that_is_not_a_rotation_plus_translation_fails_the_scene(string values, string reason)
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        File.WriteAllText(Path.Combine(folder, SceneId + ".txt"), $"axisAlignment = {values}\n");
        var report = ScanNetImporter.Run(Options(dir));
        Assert.Empty(report.Scenes);
        var failure = Assert.Single(report.Failures);
        Assert.StartsWith($"{Path.Combine(folder, SceneId + ".txt")}: {reason}", failure.Message);
    }

    [Fact]
    public void A_real_alignment_rounded_to_six_decimals_is_accepted()
    {
        // ScanNet's own files print rotations with 6 decimals, e.g. a 0.3 rad turn about Z; the tolerance must pass them.
        double c = Math.Round(Math.Cos(0.3), 6), s = Math.Round(Math.Sin(0.3), 6);
        var text = string.Join(" ", new[] { c, -s, 0, -5.38439, s, c, 0, -2.4, 0, 0, 1, -0.07, 0, 0, 0, 1 }.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var m = ScanNetAnnotations.ParseAxisAlignment(new Dictionary<string, string> { ["axisAlignment"] = text }, "s.txt");
        Assert.Equal(c, m![0]);
    }

    static void WritePose(string folder, int frame, string rows) => File.WriteAllText(Path.Combine(folder, "pose", $"{frame}.txt"), rows);

    [Fact]
    public void Singular_and_scaled_pose_files_are_skipped_and_counted_with_their_reason()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"], asExport: true);
        WritePose(folder, 4, "0 0 0 1\n0 0 0 2\n0 0 0 3\n0 0 0 1\n");            // singular (zeroed rotation)
        WritePose(folder, 6, "2 0 0 1\n0 2 0 2\n0 0 2 3\n0 0 0 1\n");            // scaled: not rigid
        var report = ScanNetImporter.Run(Options(dir, step: 1));
        var r = Assert.Single(report.Scenes);
        Assert.Equal(3L, r.InvalidPoseFrames);
        Assert.Contains(r.Warnings, w => w.EndsWith(": 3 of 7 frames have no valid pose and were skipped: "
            + "1 -inf or otherwise non-finite (lost tracking), 2 unusable (singular or not a rigid transform)"));
        var sceneDir = Path.Combine(ImagesRoot(dir), SceneId);
        var scene = SceneJson.Read(Path.Combine(sceneDir, "scene.json")).Scene;
        Assert.Equal([0, 1, 3, 5], scene.Frames.Select(f => f.Index));
        Assert.Equal(["0.jpg", "1.jpg", "3.jpg", "5.jpg"], Directory.GetFiles(Path.Combine(sceneDir, "image_color")).Select(Path.GetFileName).Order());
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(sceneDir, "video_idx.txt")), l => l is "4" or "6");
    }

    [Fact]
    public void A_nan_mesh_vertex_fails_the_scene_naming_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        var mesh = Path.Combine(folder, SceneId + "_vh_clean_2.ply");
        File.WriteAllText(mesh, "ply\nformat ascii 1.0\nelement vertex 6\nproperty float x\nproperty float y\nproperty float z\nend_header\n"
            + "0 0 0\n1 nan 3\n5 5 5\n6 7 5.5\n-1 -1 0\n4 4 0\n");
        var failure = Assert.Single(ScanNetImporter.Run(Options(dir)).Failures);
        Assert.Equal($"{mesh}:9: PLY vertex 1 has a non-finite y (NaN)", failure.Message);
    }

    static void SavePng<TPixel>(string path, TPixel fill) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(DepthW, DepthH, fill);
        image.SaveAsPng(path);
    }

    [Theory]
    [InlineData(false, "8-bit grayscale PNG")]
    [InlineData(true, "8-bit rgb PNG")]
    public void A_depth_png_that_is_not_16_bit_greyscale_fails_the_scene_naming_the_file(bool rgb, string found)
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"], asExport: true);
        var depth = Path.Combine(folder, "depth", "4.png");
        if (rgb) SavePng(depth, new Rgb24(1, 2, 3)); else SavePng(depth, new L8(200));
        var report = ScanNetImporter.Run(Options(dir));
        Assert.Empty(report.Scenes);
        Assert.Equal($"{depth}: depth must be a 16-bit greyscale PNG (millimetres), found {found}", Assert.Single(report.Failures).Message);
        Assert.Empty(Directory.GetDirectories(ImagesRoot(dir))); // nothing half-written
    }

    [Fact]
    public void A_bad_colour_file_in_an_export_is_named()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"], asExport: true);
        var color = Path.Combine(folder, "color", "4.jpg");
        File.WriteAllText(color, "not a jpeg");
        var failure = Assert.Single(ScanNetImporter.Run(Options(dir)).Failures);
        Assert.Equal($"{color}: colour image is not a JPEG, 0.jpg is {ColorW}×{ColorH}", failure.Message);
    }

    [Fact]
    public void Labels_are_lower_cased_with_every_whitespace_run_one_space()
    {
        Assert.Equal("table lamp", ScanNetLabelMap.Identity.CategoryOf("  Table\t  LAMP "));
        Assert.Equal("night stand", ScanNetLabelMap.Identity.CategoryOf("Night\r\n\u00a0Stand"));
    }
}
