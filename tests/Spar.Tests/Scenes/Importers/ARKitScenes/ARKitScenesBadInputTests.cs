using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;
using Spar.Scenes.Importers.ARKitScenes;
using Spar.Util;
using static Spar.Tests.Scenes.Importers.ARKitScenes.ARKitScenesFixture;

namespace Spar.Tests.Scenes.Importers.ARKitScenes;

/// <summary>One file of a good scan broken at a time: the scan fails alone, the message names the file (and line), nothing is written.</summary>
public class ARKitScenesBadInputTests
{
    static (string Message, string Out) Fail(TestPaths.TempDir dir, Action<ARKitScenesFixture> breakIt)
    {
        var fx = Write(dir["arkit"], scans: [Landscape, Portrait]);
        breakIt(fx);
        var before = Snapshot(dir["arkit"]);
        var run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0 });
        // The other scan is still imported; the broken one fails alone and leaves no folder.
        Assert.Equal([Portrait], run.Scenes.Select(s => s.SceneId));
        var failure = Assert.Single(run.Failures);
        Assert.Equal(Landscape, failure.SceneId);
        Assert.False(Directory.Exists(Path.Combine(dir["out"], "arkitscenes", "images", Landscape)));
        Assert.Equal(before, Snapshot(dir["arkit"])); // the user's data is only read
        return (failure.Message, dir["out"]);
    }

    static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    static string Pincam(ARKitScenesFixture fx, int frame) =>
        Directory.GetFiles(Path.Combine(fx.ScanFolder(Landscape), "lowres_wide_intrinsics")).Order(StringComparer.Ordinal).ElementAt(frame);

    [Fact]
    public void A_bad_pincam_line_names_the_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx => { path = Pincam(fx, 4); File.WriteAllText(path, "256 192 212.0 212.0 128.0\n"); });
        Assert.Equal($"{path}:1: expected 'width height fx fy cx cy', got 5 field(s)", message);
    }

    [Fact]
    public void A_pincam_with_a_non_number_names_the_field()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx => { path = Pincam(fx, 1); File.WriteAllText(path, "\n256 192 212.0 abc 128.0 96.0\n"); });
        Assert.Equal($"{path}:2: fy 'abc' is not a finite number", message);
    }

    [Fact]
    public void A_bad_traj_line_names_the_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx =>
        {
            path = Path.Combine(fx.ScanFolder(Landscape), "lowres_wide.traj");
            var lines = File.ReadAllLines(path);
            lines[2] = string.Join(' ', lines[2].Split(' ').Take(6));
            File.WriteAllLines(path, lines);
        });
        Assert.Equal($"{path}:3: expected 'timestamp rx ry rz tx ty tz' (7 numbers), got 6 field(s)", message);
    }

    [Fact]
    public void A_traj_value_that_is_not_finite_names_the_line_and_value()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx =>
        {
            path = Path.Combine(fx.ScanFolder(Landscape), "lowres_wide.traj");
            var lines = File.ReadAllLines(path);
            var f = lines[6].Split(' ');
            f[5] = "nan";
            lines[6] = string.Join(' ', f);
            File.WriteAllLines(path, lines);
        });
        Assert.Equal($"{path}:7: ty 'nan' is not a finite number", message);
    }

    [Fact]
    public void Malformed_annotation_json_names_the_file_line_and_column()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx =>
        {
            path = Path.Combine(fx.ScanFolder(Landscape), $"{Landscape}_3dod_annotation.json");
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"label\": \"cabinet\",", "\"label\": \"cabinet\""));
        });
        Assert.StartsWith($"{path}:3:", message);
        Assert.EndsWith("(invalid JSON)", message);
    }

    [Fact]
    public void An_annotation_box_without_obbAligned_names_the_record()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx =>
        {
            path = Path.Combine(fx.ScanFolder(Landscape), $"{Landscape}_3dod_annotation.json");
            var lines = File.ReadAllLines(path);
            lines[2] = lines[2].Replace("\"obbAligned\"", "\"obbAligned_old\"");
            File.WriteAllLines(path, lines);
        });
        Assert.Equal($"{path}: data[1] (uid uid-1) has no 'segments.obbAligned' box", message);
    }

    [Fact]
    public void Non_orthonormal_normalizedAxes_are_refused_naming_the_record()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx =>
        {
            path = Path.Combine(fx.ScanFolder(Landscape), $"{Landscape}_3dod_annotation.json");
            var text = File.ReadAllText(path);
            int at = text.IndexOf("\"obbAligned\"", StringComparison.Ordinal);
            int axes = text.IndexOf("\"normalizedAxes\": [", at, StringComparison.Ordinal) + "\"normalizedAxes\": [".Length;
            File.WriteAllText(path, text[..axes] + "2, " + text[(text.IndexOf(',', axes) + 2)..]);
        });
        Assert.StartsWith($"{path}: data[0] (uid uid-0): segments.obbAligned.normalizedAxes row 0 has length", message);
    }

    [Fact]
    public void A_colour_frame_that_is_not_the_pincam_size_names_the_frame()
    {
        using var dir = new TestPaths.TempDir();
        string path = "";
        var (message, _) = Fail(dir, fx =>
        {
            path = Directory.GetFiles(Path.Combine(fx.ScanFolder(Landscape), "lowres_wide")).Order(StringComparer.Ordinal).First();
            using var img = Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(path);
            img.Mutate(c => c.Resize(128, 96));
            img.SaveAsPng(path);
        });
        Assert.Equal($"{path}: colour image is 128×96, its .pincam says 256×192", message);
    }

    [Fact]
    public void Bad_options_and_layouts_stop_the_run_before_any_scan()
    {
        using var dir = new TestPaths.TempDir();
        Assert.Equal("--frame-step must be at least 1 (got 0)",
            Assert.Throws<SparException>(() => new ARKitScenesImporter(new ARKitScenesImportOptions { Input = dir["a"], OutDir = dir["o"], FrameStep = 0 })).Message);
        Assert.Equal("--split must be Training or Validation (got 'train')",
            Assert.Throws<SparException>(() => new ARKitScenesImporter(new ARKitScenesImportOptions { Input = dir["a"], OutDir = dir["o"], Split = "train" })).Message);
        Assert.Equal("--frames must be lowres or wide (got 'high')", Assert.Throws<SparException>(() => ARKitScenesImportOptions.ParseFrames("high")).Message);
        Directory.CreateDirectory(dir["empty"]);
        Assert.Equal($"{dir["empty"]}: no ARKitScenes layout (3dod/ or raw/, holding Training/ or Validation/ with <video_id>/ folders)",
            Assert.Throws<SparException>(() => ARKitScenesLayout.Discover(dir["empty"], null, null)).Message);
        Write(dir["arkit"], scans: [Landscape]);
        Assert.Equal($"{Path.Combine(dir["arkit"], "3dod")}: no scan 99999999 in Training",
            Assert.Throws<SparException>(() => ARKitScenesLayout.Discover(dir["arkit"], null, ["99999999"])).Message);
        // The split folder itself, or the dataset folder, are as good as the download root.
        Assert.Equal([Landscape], ARKitScenesLayout.Discover(Path.Combine(dir["arkit"], "3dod", "Training"), null, null).Select(s => s.SceneId));
        Assert.Equal([Landscape], ARKitScenesLayout.Discover(Path.Combine(dir["arkit"], "3dod"), "Training", null).Select(s => s.SceneId));
        Assert.Equal($"{Path.Combine(dir["arkit"], "3dod", "Validation")}: split folder not found",
            Assert.Throws<SparException>(() => ARKitScenesLayout.Discover(dir["arkit"], "Validation", null)).Message);
        // --frames wide on a 3dod download (no wide/): the scan fails, naming the folder.
        var run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], Frames = ARKitScenesFrames.Wide });
        Assert.StartsWith($"{Path.Combine(dir["arkit"], "3dod", "Training", Landscape, "wide")}: no colour frames folder", Assert.Single(run.Failures).Message);
    }
}
