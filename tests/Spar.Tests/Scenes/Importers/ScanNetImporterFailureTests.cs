using Spar.Cli;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using Spar.Util;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetImporterFailureTests
{
    static ScanNetImportOptions Options(TestPaths.TempDir dir) => new()
    {
        Input = dir["scans"], OutDir = dir["out"], FrameStep = 2, VideoFrames = 3, Threads = 2,
    };

    static string ImagesRoot(TestPaths.TempDir dir) => Path.Combine(dir["out"], "scannet", "images");

    [Fact]
    public void A_truncated_sens_fails_its_scene_only_and_keeps_the_previous_import()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        Write(dir["scans"], sceneId: "scene0002_00");
        Assert.Empty(ScanNetImporter.Run(Options(dir)).Failures);
        var previous = File.ReadAllBytes(Path.Combine(ImagesRoot(dir), "scene0002_00", "scene.json"));

        var sens = Path.Combine(dir["scans"], "scene0002_00", "scene0002_00.sens");
        using (var fs = new FileStream(sens, FileMode.Open)) fs.SetLength(fs.Length - 200);
        var report = ScanNetImporter.Run(Options(dir));

        Assert.Equal(["scene0001_00"], report.Scenes.Select(s => s.SceneId));
        var failure = Assert.Single(report.Failures);
        Assert.Equal("scene0002_00", failure.SceneId);
        Assert.Contains("scene0002_00.sens", failure.Message);
        Assert.Contains("truncated: frame 6 of 7", failure.Message);
        Assert.Equal(previous, File.ReadAllBytes(Path.Combine(ImagesRoot(dir), "scene0002_00", "scene.json")));
        Assert.Equal(["scene0001_00", "scene0002_00"], Directory.GetDirectories(ImagesRoot(dir)).Select(Path.GetFileName).Order());

        // A killed import leaves its staging folder; the next import of that scene removes it, and only it: a user's
        // backup with a similar name stays.
        var staging = Path.Combine(ImagesRoot(dir), $".scene0001_00.partial-{Guid.NewGuid():N}");
        var backup = Path.Combine(ImagesRoot(dir), ".scene0001_00.old-v1");
        Directory.CreateDirectory(staging);
        Directory.CreateDirectory(backup);
        ScanNetImporter.Run(Options(dir) with { Scenes = ["scene0001_00"] });
        Assert.False(Directory.Exists(staging));
        Assert.True(Directory.Exists(backup));
    }

    [Fact]
    public void A_sens_of_another_version_is_reported_with_file_and_version()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        var sens = Path.Combine(folder, SceneId + ".sens");
        var bytes = File.ReadAllBytes(sens);
        bytes[0] = 5;
        File.WriteAllBytes(sens, bytes);
        var failure = Assert.Single(ScanNetImporter.Run(Options(dir)).Failures);
        Assert.Contains($"{SceneId}.sens: not a ScanNet .sens file of version 4: found version 5", failure.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_broken_instance_mask_fails_the_scene_whatever_the_frame_threads(int threads)
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        var masks = Directory.CreateDirectory(Path.Combine(folder, "instance-filt")).FullName;
        File.WriteAllText(Path.Combine(masks, "4.png"), "not a png");
        var failure = Assert.Single(ScanNetImporter.Run(Options(dir) with { Threads = threads }).Failures);
        Assert.EndsWith("instance-filt/4.png: not an image", failure.Message);
        Assert.Empty(Directory.GetDirectories(ImagesRoot(dir), "*", SearchOption.TopDirectoryOnly)); // nothing half-written
    }

    [Fact]
    public void Aggregation_referring_to_missing_segments_is_a_counted_skip()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        File.WriteAllText(Path.Combine(folder, SceneId + ".aggregation.json"), """
            {"segGroups": [
              {"objectId": 0, "segments": [10, 77], "label": "chair"},
              {"objectId": 1, "segments": [78], "label": "lamp"},
              {"objectId": -3, "segments": [20], "label": "bed"}]}
            """);
        var report = ScanNetImporter.Run(Options(dir));
        var scene = Assert.Single(report.Scenes);
        Assert.Equal(new ScanNetObjectSkips(2, 1, 0), scene.ObjectSkips);
        Assert.Equal(1, scene.Objects);
        Assert.Contains(scene.Warnings, w => w.Contains("2 segment reference(s)"));
        Assert.Contains(scene.Warnings, w => w.Contains("1 object(s) with no mesh vertex"));
        Assert.Contains(scene.Warnings, w => w.Contains("1 object(s) with objectId outside 0..65534"));
    }

    [Fact]
    public void A_mesh_with_an_unsupported_property_fails_the_scene_naming_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        File.WriteAllText(Path.Combine(folder, SceneId + "_vh_clean_2.ply"),
            "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nproperty half w\nend_header\n0 0 0 0\n");
        var failure = Assert.Single(ScanNetImporter.Run(Options(dir)).Failures);
        Assert.EndsWith($"{SceneId}_vh_clean_2.ply:7: unsupported PLY property type 'half'", failure.Message);
    }

    [Fact]
    public void A_scan_without_annotations_is_imported_without_objects_and_says_so()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        File.Delete(Path.Combine(folder, SceneId + ".aggregation.json"));
        File.Delete(Path.Combine(folder, SceneId + ".txt"));
        var scene = Assert.Single(ScanNetImporter.Run(Options(dir)).Scenes);
        Assert.Equal(0, scene.Objects);
        Assert.Contains(scene.Warnings, w => w.Contains("the scene has no objects"));
        Assert.Contains(scene.Warnings, w => w.Contains("without axis alignment"));
        var read = SceneJson.Read(Path.Combine(ImagesRoot(dir), SceneId, "scene.json")).Scene;
        Assert.Equal(5, read.Frames.Count);
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1], read.Frames[0].Pose.ToRowMajor()); // raw pose kept
    }

    [Fact]
    public void Unknown_scene_or_bad_step_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"]);
        var e = Assert.Throws<SparException>(() => ScanNetImporter.Run(Options(dir) with { Scenes = ["scene9999_00"] }));
        Assert.EndsWith("scene9999_00: scene folder not found", e.Message);
        e = Assert.Throws<SparException>(() => ScanNetImporter.Run(Options(dir) with { Scenes = ["../scans/" + SceneId] }));
        Assert.StartsWith("'../scans/scene0007_01' is not a scene id", e.Message);
        e = Assert.Throws<SparException>(() => ScanNetImporter.Run(Options(dir) with { FrameStep = 0 }));
        Assert.Equal("--frame-step must be at least 1 (got 0)", e.Message);
    }

    [Fact]
    public void Cli_imports_the_chosen_scenes_and_reports_them()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        Write(dir["scans"], sceneId: "scene0002_00");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SparCli.Run(["import", "scannet", dir["scans"], "--out", dir["out"], "--scenes", "scene0002_00",
            "--frame-step", "3", "--video-frames", "2", "--labels", Labels(dir.Path), "--threads", "1"], stdout, stderr);
        Assert.Equal(0, code);
        Assert.Contains("scene0002_00: 4 frames, 2 video frames, 3 objects (2 referable) from 7 sens frames (1 without pose)", stdout.ToString());
        Assert.Contains("imported 1 scene(s), 0 failed", stdout.ToString());
        Assert.Contains("warning: scene0002_00:", stderr.ToString());
        Assert.False(Directory.Exists(Path.Combine(ImagesRoot(dir), "scene0001_00")));
        // step 3: 0, 3, 6; video: ranks 0 and 3 of the 6 posed frames → frames 0 and 4 (4 gets an image too)
        Assert.Equal("0\n4\n", File.ReadAllText(Path.Combine(ImagesRoot(dir), "scene0002_00", "video_idx.txt")));
    }
}
