using Spar.Scenes.Importers.ScanNet;
using Spar.Util;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetPosedImagesTests
{
    static ScanNetImportOptions Options(TestPaths.TempDir dir) =>
        new() { Input = dir["data/scans"], OutDir = dir["out"], FrameStep = 2, VideoFrames = 3, LabelsPath = Labels(dir.Path) };

    /// <summary>Every file under a folder, as relative path → bytes (hex), sorted.</summary>
    static List<(string, string)> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f), Convert.ToHexString(File.ReadAllBytes(f))))
            .OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();

    [Fact]
    public void Posed_images_beside_scans_import_to_the_same_scene_as_the_sens_file()
    {
        using var fromSens = new TestPaths.TempDir();
        using var fromPosed = new TestPaths.TempDir();
        Write(fromSens["data/scans"]);
        Write(fromPosed["data/scans"], posedImages: true); // data/posed_images/scene0007_01/00000.jpg …
        Assert.False(File.Exists(Path.Combine(fromPosed["data/scans"], SceneId, SceneId + ".sens")));
        var sens = ScanNetImporter.Run(Options(fromSens));
        var posed = ScanNetImporter.Run(Options(fromPosed));
        Assert.Empty(posed.Failures);
        Assert.Equal("posed_images", posed.Scenes[0].FramesFrom);
        Assert.Equal(sens.Scenes[0].InvalidPoseFrames, posed.Scenes[0].InvalidPoseFrames); // frame 2's -inf pose
        var sceneDir = Path.Combine("scannet", "images", SceneId);
        Assert.Equal(Tree(Path.Combine(fromSens["out"], sceneDir)), Tree(Path.Combine(fromPosed["out"], sceneDir)));
    }

    [Fact]
    public void Posed_images_without_depth_fail_the_scene_naming_the_file()
    {
        // mmdetection3d's extract_posed_images.py writes colour, poses and intrinsic.txt only.
        using var dir = new TestPaths.TempDir();
        Write(dir["data/scans"], posedImages: true);
        var posed = Path.Combine(dir["data"], "posed_images", SceneId);
        foreach (var png in Directory.EnumerateFiles(posed, "*.png")) File.Delete(png);
        var report = ScanNetImporter.Run(Options(dir));
        var failure = Assert.Single(report.Failures);
        Assert.Contains($"{Path.Combine(posed, "00000.png")}: missing depth for exported frame 0", failure.Message);
    }
}
