using Spar.Cli;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// <c>--camera dslr</c> on the DSLR as the release ships it after the toolkit's undistortion (<see cref="ScanNetppFixture"/>
/// with <c>dslr: true</c>): poses, the undistorted pinhole camera, JPEG bytes, depth rendered from the mesh against the
/// synthetic renderer's depth, masks against its instance ids; and distorted or inconsistent input refused with the
/// file and what to do.
/// </summary>
public class ScanNetppDslrTests
{
    const string Id = ScanNetppFixture.SceneId;

    [Fact]
    public void Dslr_frames_are_the_undistorted_images_with_their_pinhole_camera_COLMAP_poses_and_depth_rendered_from_the_mesh()
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 4, dslr: true);
        var run = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = dir["release"], OutDir = dir["out"], Camera = ScanNetppCamera.Dslr, VideoFrames = 2 });
        Assert.Empty(run.Failures);
        var report = run.Scenes.Single();
        Assert.Equal(1, report.NotInColmap);
        Assert.Contains("from 5 DSLR images (1 not in COLMAP)", report.Summary);
        var images = Path.Combine(dir["out"], "scannetpp", "images");
        var scene = SceneJson.Read(Path.Combine(images, Id, "scene.json")).Scene;

        // Rank = position among the folder's images by name; the image COLMAP lacks keeps its rank unused.
        var names = fx.Dslr.Keys.Append(ScanNetppFixture.DslrNotInColmap).Order(StringComparer.Ordinal).ToList();
        var expectedRanks = names.Select((n, r) => (n, r)).Where(x => x.n != ScanNetppFixture.DslrNotInColmap).ToList();
        Assert.Equal(expectedRanks.Select(x => x.r), scene.Frames.Select(f => f.Index)); // default --frame-step for the DSLR is 1
        long depthPixels = 0, depthClose = 0, both = 0, agree = 0;
        foreach (var (name, rank) in expectedRanks)
        {
            var truth = fx.Dslr[name];
            var f = scene.Frames.Single(x => x.Index == rank);
            Assert.True(truth.Pose.MaxAbsDifference(f.Pose) < 1e-9, $"{name}: pose differs by {truth.Pose.MaxAbsDifference(f.Pose)}");
            Assert.Equal(ScanNetppFixture.DslrK, f.Intrinsics);
            Assert.Equal((ScanNetppFixture.DslrW, ScanNetppFixture.DslrH), (f.Width, f.Height));
            Assert.Equal(File.ReadAllBytes(Path.Combine(fx.SceneFolder, "dslr", "resized_undistorted_images", name)), File.ReadAllBytes(Path.Combine(images, f.ImagePath)));
            var depth = Png16.ReadDepth(Path.Combine(images, f.DepthPath!), out int w, out int h);
            Assert.Equal((ScanNetppFixture.DslrW, ScanNetppFixture.DslrH), (w, h));
            var mask = Png16.ReadDepth(Path.Combine(images, f.InstanceMaskPath!), out _, out _);
            for (int i = 0; i < depth.Length; i++)
            {
                if (truth.DepthMillimeters[i] != 0) { depthPixels++; if (Math.Abs(depth[i] - truth.DepthMillimeters[i]) <= 2) depthClose++; }
                if (mask[i] != 0 && truth.Instances[i] != 0) { both++; if (mask[i] == truth.Instances[i]) agree++; }
            }
        }
        // Two rasterisers of the same boxes differ only along edges, by a pixel.
        Assert.True(depthPixels > 100_000, $"{depthPixels} pixels with depth");
        Assert.True(depthClose >= 0.98 * depthPixels, $"{depthClose} of {depthPixels} rendered depth pixels within 2 mm of the synthetic renderer's");
        Assert.True(agree >= 0.97 * both && both > 100_000, $"{agree} of {both} mask pixels agree with the renderer");
        Assert.Equal(2, report.VideoFrames);
        Assert.True(File.Exists(Path.Combine(images, Id, "video_color", $"frame0_{expectedRanks[0].r}.jpg")));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "no-undistorted", "camera 1 is OPENCV_FISHEYE (k1…k4 = 0.0521, -0.0113, 0.0021, -0.0003): its images are distorted and spar does not undistort them; run the toolkit's dslr/undistort.py" },
        { "still-distorted", "transforms_undistorted.json: k1 is 0.05, not 0: the camera is still distorted" },
        { "fisheye-json", "transforms_undistorted.json: camera_model is 'OPENCV_FISHEYE', not PINHOLE" },
        { "off-centre", "transforms_undistorted.json: principal point (241.3, 160) is not the image centre (240, 160) that the toolkit's undistortion sets" },
        { "size", "transforms_undistorted.json: image size 960×640, but the DSLR's COLMAP camera" },
        { "opencv", "cameras.txt:2: camera 1 is OPENCV with distortion terms (0.0521, -0.0113, 0.0021, -0.0003): only the DSLR's OPENCV_FISHEYE" },
        { "no-mesh", "mesh_aligned_0.05.ply: not found: --camera dslr renders depth from the mesh" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Distorted_or_inconsistent_dslr_input_is_refused_naming_the_file(string how, string message)
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 2, dslr: true);
        string dslr = Path.Combine(fx.SceneFolder, "dslr"), json = Path.Combine(dslr, "nerfstudio", "transforms_undistorted.json");
        void Edit(string path, string from, string to)
        {
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to));
        }
        switch (how)
        {
            case "no-undistorted": Directory.Move(Path.Combine(dslr, "resized_undistorted_images"), Path.Combine(dslr, "resized_images")); File.Delete(json); break;
            case "still-distorted": Edit(json, "\"k1\": 0.0", "\"k1\": 0.05"); break;
            case "fisheye-json": Edit(json, "\"PINHOLE\"", "\"OPENCV_FISHEYE\""); break;
            case "off-centre": Edit(json, "\"cx\": 240.0", "\"cx\": 241.3"); break;
            case "size": Edit(json, "\"w\": 480", "\"w\": 960"); Edit(json, "\"h\": 320", "\"h\": 640"); break;
            case "opencv": Edit(Path.Combine(dslr, "colmap", "cameras.txt"), "OPENCV_FISHEYE", "OPENCV"); break;
            case "no-mesh": foreach (var f in Directory.GetFiles(Path.Combine(fx.SceneFolder, "scans"))) File.Delete(f); break;
            default: throw new ArgumentException(how);
        }
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(["import", "scannetpp", dir["release"], "--out", dir["out"], "--camera", "dslr"], o, e);
        Assert.Equal(1, code);
        Assert.Contains($"error: {Id}: ", e.ToString());
        Assert.Contains(message, e.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir["out"], "scannetpp", "images", Id)));
    }

    [Fact]
    public void A_dslr_camera_without_distortion_uses_the_resized_images_as_they_are()
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 2, dslr: true);
        var dslr = Path.Combine(fx.SceneFolder, "dslr");
        Directory.Move(Path.Combine(dslr, "resized_undistorted_images"), Path.Combine(dslr, "resized_images"));
        var k = ScanNetppFixture.DslrK;
        File.WriteAllText(Path.Combine(dslr, "colmap", "cameras.txt"), FormattableString.Invariant($"1 PINHOLE {ScanNetppFixture.DslrW} {ScanNetppFixture.DslrH} {k.Fx} {k.Fy} {k.Cx} {k.Cy}\n"));
        var run = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = dir["release"], OutDir = dir["out"], Camera = ScanNetppCamera.Dslr, VideoFrames = 1 });
        Assert.Empty(run.Failures);
        var scene = SceneJson.Read(Path.Combine(dir["out"], "scannetpp", "images", Id, "scene.json")).Scene;
        Assert.Equal(fx.Dslr.Count, scene.Frames.Count);
        Assert.All(scene.Frames, f => Assert.Equal(k, f.Intrinsics));

        var bad = Spar.Tests.Cli.CliRunner.Run("import", "scannetpp", dir["release"], "--out", dir["out2"], "--camera", "fisheye");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--camera must be iphone or dslr (got 'fisheye')", bad.Err);
        Assert.False(Directory.Exists(dir["out2"]));
    }
}
