using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetImporterTests
{
    static ScanNetImportOptions Options(TestPaths.TempDir dir, string? labels, int threads = 1) => new()
    {
        Input = dir["scans"], OutDir = dir["out"], FrameStep = 2, VideoFrames = 3, LabelsPath = labels, Threads = threads,
    };

    static (SceneImportReport<ScanNetSceneReport> Report, Scene Scene, string SceneDir) Import(TestPaths.TempDir dir, bool asExport = false,
        string exportSubfolder = "", bool zeroPadded = false)
    {
        Write(dir["scans"], asExport, exportSubfolder: exportSubfolder, zeroPaddedNames: zeroPadded);
        var report = ScanNetImporter.Run(Options(dir, Labels(dir.Path)));
        Assert.Empty(report.Failures);
        var sceneDir = Path.Combine(dir["out"], "scannet", "images", SceneId);
        var read = SceneJson.Read(Path.Combine(sceneDir, "scene.json"));
        Assert.Empty(read.Warnings);
        return (report, read.Scene, sceneDir);
    }

    [Fact]
    public void Objects_have_the_boxes_labels_and_flags_of_the_aligned_annotation()
    {
        using var dir = new TestPaths.TempDir();
        var (report, scene, _) = Import(dir);
        Assert.Equal(("scannet", SceneId), (scene.Source, scene.Id));
        Assert.Equal([1, 2, 3], scene.Objects.Select(o => o.InstanceId));
        Assert.Equal(["chair", "kitchen cabinet", "floor"], scene.Objects.Select(o => o.Category));
        Assert.Equal([true, true, false], scene.Objects.Select(o => o.Referable));
        Assert.Equal([false, false, true], scene.Objects.Select(o => o.Structural));
        // Aligned vertices (x, y, z) → (10 - y, x, z - 1): chair (10,0,-1),(8,1,2); cabinet (5,5,4),(3,6,4.5); floor (11,-1,-1),(6,4,-1)
        Assert.Equal(new OrientedBox(new Vec3(9, 0.5, 0.5), new Vec3(2, 1, 3), 0), scene.Objects[0].Box);
        Assert.Equal(new OrientedBox(new Vec3(4, 5.5, 4.25), new Vec3(2, 1, 0.5), 0), scene.Objects[1].Box);
        // The floor patch is flat: its zero height becomes the 1 cm minimum extent, centred where it was.
        Assert.Equal(new OrientedBox(new Vec3(8.5, 1.5, -1), new Vec3(5, 5, 0.01), 0), scene.Objects[2].Box);
        Assert.Equal([new Vec3(10, 0, -1), new Vec3(8, 1, 2)], scene.Objects[0].SurfacePoints!);
        Assert.Equal((-1.0, 4.5), (scene.Room!.FloorZ, scene.Room.CeilingZ));
        var r = Assert.Single(report.Scenes);
        Assert.Equal((3, 2), (r.Objects, r.ReferableObjects));
    }

    [Fact]
    public void Frames_are_the_step_frames_with_a_pose_plus_the_video_frames()
    {
        using var dir = new TestPaths.TempDir();
        var (report, scene, sceneDir) = Import(dir);
        // step 2: frames 0, 2 (-inf: skipped), 4, 6; video: 3 of the 6 frames with a pose (0 1 3 4 5 6) at ranks 0, 2, 4.
        Assert.Equal([0, 3, 4, 5, 6], scene.Frames.Select(f => f.Index));
        Assert.Equal("0\n3\n5\n", File.ReadAllText(Path.Combine(sceneDir, "video_idx.txt")));
        Assert.Equal([(0, 0), (1, 3), (2, 5)], scene.VideoFrames.Select(f => (f.Video!.Order, f.Index)));
        var r = report.Scenes[0];
        Assert.Equal((7L, 1L, 5, 3, "sens"), (r.StreamFrames, r.InvalidPoseFrames, r.ImageFrames, r.VideoFrames, r.FramesFrom));
        Assert.Contains(r.Warnings, w => w.Contains("1 of 7 frames have no valid pose"));
        foreach (var f in scene.Frames)
        {
            Assert.Equal($"{SceneId}/image_color/{f.Index}.jpg", f.ImagePath);
            Assert.Equal($"{SceneId}/image_depth/{f.Index}.png", f.DepthPath);
            Assert.Equal((8, 6), (f.Width, f.Height));
            Assert.Equal(new CameraIntrinsics(10, 10, 3.5, 2.5), f.Intrinsics);
            Assert.True(f.Usable);
        }
        Assert.Equal($"{SceneId}/video_color/frame1_3.jpg", scene.Frames[1].Video!.ImagePath);
        Assert.Equal($"{SceneId}/video_depth/frame1_3.png", scene.Frames[1].Video!.DepthPath);
        Assert.Null(scene.Frames[2].Video);
    }

    [Fact]
    public void Poses_are_the_stream_poses_moved_into_the_aligned_world()
    {
        using var dir = new TestPaths.TempDir();
        var (_, scene, sceneDir) = Import(dir);
        // Frame 0 is a translation by (0, 2, 3): aligned rotation = A's, centre = (10 - 2, 0, 3 - 1).
        double[] expected0 = [0, -1, 0, 8, 1, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1];
        Assert.Equal(expected0, scene.Frames[0].Pose.ToRowMajor());
        // Frame 3: R = [[0,0,1],[-1,0,0],[0,-1,0]], t = (0.5, 1, 1.5); A·R = [[1,0,0],[0,0,1],[0,-1,0]], A·t = (9, 0.5, 0.5).
        double[] expected3 = [1, 0, 0, 9, 0, 0, 1, 0.5, 0, -1, 0, 0.5, 0, 0, 0, 1];
        Assert.Equal(expected3, scene.Frames[1].Pose.ToRowMajor());
        Assert.Equal(expected3, MatrixFile.Read(Path.Combine(sceneDir, "pose", "3.txt")).ToRowMajor());
        Assert.Equal(expected3, MatrixFile.Read(Path.Combine(sceneDir, "video_pose", "frame1_3.txt")).ToRowMajor());
        Assert.Equal([10, 0, 3.5, 0, 0, 10, 2.5, 0, 0, 0, 1, 0, 0, 0, 0, 1], MatrixFile.Read(Path.Combine(sceneDir, "intrinsic", "intrinsic_color.txt")).ToRowMajor());
        Assert.Equal([0, -1, 0, 10, 1, 0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 1], MatrixFile.Read(Path.Combine(sceneDir, "axis_alignment.txt")).ToRowMajor());
    }

    [Fact]
    public void Colour_is_passed_through_and_depth_is_registered_in_millimetres()
    {
        using var dir = new TestPaths.TempDir();
        var (_, _, sceneDir) = Import(dir);
        foreach (int frame in new[] { 0, 3, 6 })
        {
            Assert.Equal(Jpeg(frame), File.ReadAllBytes(Path.Combine(sceneDir, "image_color", $"{frame}.jpg")));
            var mm = Png16.ReadDepth(Path.Combine(sceneDir, "image_depth", $"{frame}.png"), out int w, out int h);
            Assert.Equal((8, 6), (w, h));
            var raw = RawDepth(frame);
            for (int v = 0; v < h; v++)
                for (int u = 0; u < w; u++)
                    Assert.Equal(raw[(v / 2) * DepthW + u / 2], mm[v * w + u]); // same ray = the depth pixel at half the coordinates
        }
        Assert.Equal(Jpeg(5), File.ReadAllBytes(Path.Combine(sceneDir, "video_color", "frame2_5.jpg")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(sceneDir, "image_depth", "5.png")), File.ReadAllBytes(Path.Combine(sceneDir, "video_depth", "frame2_5.png")));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("image", true)] // image/color/000120.jpg…
    public void A_SensReader_export_imports_to_the_same_scene_as_the_sens_file(string subfolder, bool zeroPadded)
    {
        using var fromSens = new TestPaths.TempDir();
        using var fromExport = new TestPaths.TempDir();
        var (_, _, sensDir) = Import(fromSens);
        var (report, _, exportDir) = Import(fromExport, asExport: true, subfolder, zeroPadded);
        Assert.Equal("export", report.Scenes[0].FramesFrom);
        Assert.Equal(Tree(sensDir), Tree(exportDir));
    }

    [Fact]
    public void Output_is_byte_identical_whatever_the_thread_count()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"], sceneId: "scene0001_00");
        Write(dir["scans"], sceneId: "scene0002_00", binaryMesh: false);
        Write(dir["scans"], sceneId: "scene0003_00", asExport: true);
        var one = ScanNetImporter.Run(Options(dir, null, threads: 1) with { OutDir = dir["one"] });
        var three = ScanNetImporter.Run(Options(dir, null, threads: 3) with { OutDir = dir["three"] });
        Assert.Equal(3, one.Scenes.Count);
        Assert.Equal(one.Scenes.Select(s => s.SceneId), three.Scenes.Select(s => s.SceneId));
        Assert.Equal(Tree(dir["one"]), Tree(dir["three"]));
    }

    [Fact]
    public void One_scene_on_several_threads_gives_the_same_bytes_as_on_one()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["scans"]);
        ScanNetImporter.Run(Options(dir, null, threads: 1) with { OutDir = dir["one"], FrameStep = 1, VideoFrames = 4 });
        ScanNetImporter.Run(Options(dir, null, threads: 3) with { OutDir = dir["three"], FrameStep = 1, VideoFrames = 4 });
        Assert.Equal(Tree(dir["one"]), Tree(dir["three"]));
    }

    /// <summary>Every file under a folder, as relative path → bytes (hex), sorted.</summary>
    static List<(string, string)> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f), Convert.ToHexString(File.ReadAllBytes(f))))
            .OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();
}
