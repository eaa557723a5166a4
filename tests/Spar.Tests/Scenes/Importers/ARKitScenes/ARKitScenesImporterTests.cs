using Spar.Analysis;
using Spar.Cli;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers.ARKitScenes;
using static Spar.Tests.Scenes.Importers.ARKitScenes.ARKitScenesFixture;

namespace Spar.Tests.Scenes.Importers.ARKitScenes;

/// <summary>
/// <c>spar import arkitscenes</c> on scans written in ARKitScenes' own formats from a rendered room
/// (<see cref="ARKitScenesFixture"/>); every expectation is computed here from the fixture's truth.
/// </summary>
public class ARKitScenesImporterTests
{
    sealed record Imported(ARKitScenesFixture Fixture, IReadOnlyList<ARKitScenesScanReport> Reports, string ImagesRoot)
    {
        public Scene Scene(string vid) => SceneJson.Read(Path.Combine(ImagesRoot, vid, "scene.json")).Scene;
        public ARKitScenesScanReport Report(string vid) => Reports.Single(r => r.SceneId == vid);
    }

    static Imported Import(TestPaths.TempDir dir, bool metadata = true, int step = 1, int video = 0, string[]? scans = null)
    {
        var fx = Write(dir["arkit"], metadata, scans);
        var run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], FrameStep = step, VideoFrames = video });
        Assert.Empty(run.Failures);
        return new Imported(fx, run.Scenes, Path.Combine(dir["out"], "arkitscenes", "images"));
    }

    /// <summary>The frames the importer must keep: all but the one whose trajectory entry is 0.01 s away.</summary>
    static IEnumerable<int> Kept => Enumerable.Range(0, Frames).Where(i => i != FarFrame);

    [Fact]
    public void Boxes_are_obbAligned_with_rows_as_axes_labels_normalised_and_the_unknown_class_skipped()
    {
        using var dir = new TestPaths.TempDir();
        var im = Import(dir, scans: [Landscape]);
        var scene = im.Scene(Landscape);
        Assert.Equal([(1, "table"), (2, "cabinet"), (3, "tv monitor")], scene.Objects.Select(o => (o.InstanceId, o.Category)));
        foreach (var o in scene.Objects)
        {
            var truth = Boxes[o.InstanceId - 1].Box;
            // The same box whatever axis order and yaw represent it: every true corner has an imported corner on it.
            var corners = o.Box.Corners();
            foreach (var c in truth.Corners())
                Assert.True(corners.Min(b => b.DistanceTo(c)) < 1e-6, $"{o.Category}: corner {c} not in imported box {o.Box}");
        }
        // The 30° table, independently: its x axis (first row) is (cos 30°, sin 30°, 0); the transposed reading would be −30°.
        var table = scene.Objects[0].Box;
        Assert.True(Math.Abs(Math.IEEERemainder(table.Yaw - Math.PI / 6, Math.PI)) < 1e-9, $"table yaw {table.Yaw}");
        Assert.Equal(new Vec3(1.2, 0.7, 0.75), table.Size);
        Assert.Equal(0.0, Math.IEEERemainder(scene.Objects[1].Box.Yaw, Math.PI / 2), 9);
        Assert.Equal(1, im.Report(Landscape).UnknownLabels);
        Assert.Contains(im.Report(Landscape).Warnings, w => w.Contains("_3dod_annotation.json: 1 box(es) labelled outside the toolkit's 17 classes were skipped ('plant')"));
        // Surface points are mesh vertices inside the object's box.
        Assert.All(scene.Objects, o => Assert.All(o.SurfacePoints!, p => Assert.True(o.Box.Contains(p, 0.021))));
        // Room from the mesh: the XY hull of its vertices (the walls' outer faces), floor at its lowest vertex.
        Assert.NotNull(scene.Room);
        Assert.Equal(-0.01, scene.Room!.FloorZ, 6);
        Assert.Equal(2.6, scene.Room.CeilingZ, 6);
        Assert.Equal(20.0, scene.Room.FloorAreaSquareMeters, 6);
    }

    [Fact]
    public void Poses_are_inverted_matched_by_timestamp_within_5ms_and_depth_and_intrinsics_are_what_was_written()
    {
        using var dir = new TestPaths.TempDir();
        var im = Import(dir, scans: [Landscape]);
        var scene = im.Scene(Landscape);
        var report = im.Report(Landscape);
        Assert.Equal(Kept, scene.Frames.Select(f => f.Index));
        Assert.Equal((Frames, 1), (report.ColorFrames, report.WithoutPose));
        Assert.Contains(report.Warnings, w => w.Contains("lowres_wide.traj: 1 of 8 lowres_wide frame(s) have no pose") && w.Contains("within 0.005 s"));
        foreach (var f in scene.Frames)
        {
            var truth = im.Fixture.Truth[Landscape][f.Index];
            Assert.True(truth.Pose.MaxAbsDifference(f.Pose) < 1e-9, $"frame {f.Index}: pose differs by {truth.Pose.MaxAbsDifference(f.Pose)}");
            Assert.Equal(K, f.Intrinsics);
            Assert.Equal((W, H), (f.Width, f.Height));
            Assert.Equal(truth.Depth, Png16.ReadDepth(Path.Combine(im.ImagesRoot, f.DepthPath!), out _, out _));
            var colour = ImageCodec.Decode(Path.Combine(im.ImagesRoot, f.ImagePath));
            Assert.Equal((W, H), (colour.Width, colour.Height));
        }
        Assert.Contains(report.Summary, "7 frames, 0 video frames, 3 objects (1 box(es) outside the 17 classes skipped) from 8 lowres_wide frames (1 without a pose within 0.005 s); upright");
    }

    [Fact]
    public void A_portrait_scan_is_turned_upright_with_its_intrinsics_and_poses_and_the_summary_says_so()
    {
        using var dir = new TestPaths.TempDir();
        var im = Import(dir, scans: [Portrait]);
        var scene = im.Scene(Portrait);
        var report = im.Report(Portrait);
        Assert.Equal(SkyDirection.Left, report.Sky);
        Assert.False(report.SkyFromPoses);
        Assert.EndsWith("; rotated 90° clockwise (sky Left)", report.Summary);
        Assert.Equal(Kept, scene.Frames.Select(f => f.Index));
        foreach (var f in scene.Frames)
        {
            var truth = im.Fixture.Truth[Portrait][f.Index];
            Assert.Equal((H, W), (f.Width, f.Height));
            Assert.True(truth.Pose.MaxAbsDifference(f.Pose) < 1e-9, $"frame {f.Index}: pose differs from the upright camera by {truth.Pose.MaxAbsDifference(f.Pose)}");
            Assert.Equal(truth.K, f.Intrinsics);
            // Upright: the camera's y axis points down the world.
            Assert.True(f.Pose.Column3(1).Z < -0.5);
            var depth = Png16.ReadDepth(Path.Combine(im.ImagesRoot, f.DepthPath!), out int w, out int h);
            Assert.Equal((H, W), (w, h));
            // The turned sideways render against a render of the upright camera: the same surfaces pixel for pixel
            // (a few edge pixels and 1 mm roundings differ between the two rasterisations).
            int same = Enumerable.Range(0, depth.Length).Count(i => Math.Abs(depth[i] - truth.Depth[i]) <= 1);
            Assert.True(same >= 0.99 * depth.Length, $"frame {f.Index}: {same} of {depth.Length} depth pixels match the upright render");
            var colour = ImageCodec.Decode(Path.Combine(im.ImagesRoot, f.ImagePath));
            Assert.Equal((H, W), (colour.Width, colour.Height));
        }
        var intrinsic = File.ReadAllText(Path.Combine(im.ImagesRoot, Portrait, "intrinsic", "intrinsic_color.txt"));
        Assert.StartsWith("212", intrinsic.Trim());
        Assert.Contains(" 95", intrinsic);
    }

    [Fact]
    public void Without_metadata_csv_the_sky_direction_comes_from_the_poses_with_a_warning()
    {
        using var dir = new TestPaths.TempDir();
        var im = Import(dir, metadata: false);
        Assert.Equal(SkyDirection.Left, im.Report(Portrait).Sky);
        Assert.Equal(SkyDirection.Up, im.Report(Landscape).Sky);
        Assert.True(im.Report(Portrait).SkyFromPoses);
        Assert.EndsWith("; rotated 90° clockwise (sky Left) from the poses", im.Report(Portrait).Summary);
        Assert.Contains(im.Report(Portrait).Warnings, w => w.Contains("metadata.csv: not found: sky direction Left taken from the poses (majority of 8"));
        var truth = im.Fixture.Truth[Portrait][0];
        Assert.True(truth.Pose.MaxAbsDifference(im.Scene(Portrait).Frames[0].Pose) < 1e-9);
    }

    [Theory]
    [InlineData(Landscape)]
    [InlineData(Portrait)]
    public void Rendered_masks_and_every_point_marker_land_on_the_object_the_renderer_drew(string vid)
    {
        using var dir = new TestPaths.TempDir();
        var im = Import(dir, scans: [vid]);
        var scene = im.Scene(vid);
        long both = 0, agree = 0;
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        int markers = 0, markersOn = 0;
        var seen = new HashSet<int>();
        var log = new System.Text.StringBuilder();
        foreach (var f in scene.Frames)
        {
            var analysis = analyzer.Analyze(scene, f, im.ImagesRoot);
            log.Append($"frame {f.Index}: referable {string.Join(",", analysis.Referable.Select(v => v.InstanceId))}; ");
            var truth = im.Fixture.Truth[vid][f.Index].Instance;
            var mask = Png16.ReadDepth(Path.Combine(im.ImagesRoot, f.InstanceMaskPath!), out int w, out int h);
            Assert.Equal((f.Width, f.Height), (w, h));
            for (int i = 0; i < mask.Length; i++)
                if (mask[i] != 0 && truth[i] != 0) { both++; if (mask[i] == truth[i]) agree++; }
            Assert.DoesNotContain(mask, m => m == PlantId); // skipped: never drawn
            foreach (var v in analysis.Referable)
            {
                markers++;
                seen.Add(v.InstanceId);
                // The pixel the official drawer puts the marker on (grid value → pixel), in the renderer's own mask.
                if (truth[Grid.ToPixelIndex(v.GridPoint.Y, h) * w + Grid.ToPixelIndex(v.GridPoint.X, w)] == v.InstanceId) markersOn++;
            }
        }
        Assert.True(both > 5_000, $"only {both} pixels masked in both");
        Assert.True(agree >= 0.98 * both, $"{agree} of {both} mask pixels agree with the renderer");
        Assert.True(seen.Order().SequenceEqual([1, 2, 3]), log.ToString());
        Assert.Equal(markers, markersOn);
    }

    [Fact]
    public void The_box_projects_onto_its_rendered_pixels_through_the_imported_camera()
    {
        using var dir = new TestPaths.TempDir();
        var im = Import(dir);
        foreach (var vid in new[] { Landscape, Portrait })
        {
            var scene = im.Scene(vid);
            int hits = 0, tested = 0;
            foreach (var f in scene.Frames)
            {
                var truth = im.Fixture.Truth[vid][f.Index];
                var cam = f.Camera!;
                foreach (var o in scene.Objects)
                {
                    // The top face centre of the box: visible from every camera above it.
                    var p = o.Box.Center with { Z = o.Box.MaxZ - 0.01 };
                    var c = f.Pose.Inverse().TransformPoint(p);
                    if (c.Z <= 0) continue;
                    var px = f.Intrinsics.Project(c);
                    int u = (int)Math.Round(px.X), v = (int)Math.Round(px.Y);
                    if (u < 0 || v < 0 || u >= f.Width || v >= f.Height) continue;
                    tested++;
                    if (truth.Instance[v * f.Width + u] == o.InstanceId) hits++;
                }
            }
            Assert.True(tested >= 10, $"{vid}: only {tested} projections in view");
            Assert.True(hits >= tested - 1, $"{vid}: {hits} of {tested} box-top projections land on the object's rendered pixels");
        }
    }

    [Fact]
    public void An_annotation_marked_skipped_gives_no_objects_and_says_so()
    {
        using var dir = new TestPaths.TempDir();
        var fx = Write(dir["arkit"], scans: [Landscape]);
        var path = Path.Combine(fx.ScanFolder(Landscape), $"{Landscape}_3dod_annotation.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"skipped\": false", "\"skipped\": true"));
        var run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0 });
        var report = Assert.Single(run.Scenes);
        Assert.True(report.AnnotationSkipped);
        Assert.Equal(0, report.Objects);
        Assert.StartsWith("7 frames, 0 video frames, 0 objects (annotation marked skipped) from 8 lowres_wide frames", report.Summary);
        Assert.Contains(report.Warnings, w => w == $"{path}: marked \"skipped\" (no usable annotation): its 4 box(es) are not used and the scene has no objects");
        var scene = SceneJson.Read(Path.Combine(dir["out"], "arkitscenes", "images", Landscape, "scene.json")).Scene;
        Assert.Empty(scene.Objects);
        // Masks are still rendered (the mesh is there): every pixel 0, no object to draw.
        Assert.All(scene.Frames, f => Assert.DoesNotContain(Png16.ReadDepth(Path.Combine(dir["out"], "arkitscenes", "images", f.InstanceMaskPath!), out _, out _), m => m != 0));
    }

    [Fact]
    public void A_bad_metadata_row_names_the_file_and_line_and_an_unlisted_scan_takes_its_sky_from_the_poses()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["arkit"]);
        var csv = Path.Combine(dir["arkit"], "3dod", "metadata.csv");
        File.WriteAllText(csv, $"video_id,visit_id,sky_direction,fold\n{Landscape},1,Up,Training\n{Portrait}.0,2,Sideways,Training\n");
        var run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0 });
        Assert.Equal($"{csv}:3: sky_direction 'Sideways' is not Up, Left, Right or Down", Assert.Single(run.Failures, f => f.SceneId == Portrait).Message);
        File.WriteAllText(csv, $"video_id,visit_id,sky_direction,fold\n{Landscape},1,Up,Training\n");
        run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0 });
        Assert.Empty(run.Failures);
        var portrait = run.Scenes.Single(s => s.SceneId == Portrait);
        Assert.Equal((SkyDirection.Left, true), (portrait.Sky, portrait.SkyFromPoses));
        Assert.Contains(portrait.Warnings, w => w.StartsWith($"{csv}: no sky_direction for {Portrait}: sky direction Left taken from the poses", StringComparison.Ordinal));
        Assert.False(run.Scenes.Single(s => s.SceneId == Landscape).SkyFromPoses);
    }

    [Fact]
    public void Frame_step_and_video_frames_select_among_frames_with_a_pose_and_the_cli_reports_the_scan()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["arkit"], scans: [Landscape]);
        var o = new StringWriter(); var e = new StringWriter();
        int code = SparCli.Run(["import", "arkitscenes", dir["arkit"], "--out", dir["out"], "--frame-step", "3", "--video-frames", "3", "--threads", "2"], o, e);
        Assert.True(code == 0, o + "\n" + e);
        var root = Path.Combine(dir["out"], "arkitscenes", "images", Landscape);
        Assert.Contains($"{Landscape}: 5 frames, 3 video frames, 3 objects", o.ToString());
        Assert.Contains("imported 1 scene(s), 0 failed", o.ToString());
        Assert.Contains("warning: " + Landscape + ": ", e.ToString());
        // 7 frames with a pose (ranks 0,1,2,3,4,6,7); step 3 over them: positions 0, 3, 6 = ranks 0, 3, 7; video ⌊i·7/3⌋ = 0, 2, 4 = ranks 0, 2, 4.
        var scene = SceneJson.Read(Path.Combine(root, "scene.json")).Scene;
        Assert.Equal([0, 2, 3, 4, 7], scene.Frames.Select(f => f.Index));
        Assert.Equal("0\n2\n4\n", File.ReadAllText(Path.Combine(root, "video_idx.txt")));
        Assert.True(File.Exists(Path.Combine(root, "video_color", "frame1_2.jpg")));
    }
}

/// <summary>An imported ARKitScenes scan is a scene <c>spar generate</c> takes (image and video tasks), and what it writes passes <c>spar validate</c>.</summary>
public class ARKitScenesGenerateTests
{
    [Fact]
    public void Generate_runs_on_imported_scans_and_validate_passes()
    {
        using var dir = new TestPaths.TempDir();
        Write(dir["arkit"]);
        var o = new StringWriter(); var e = new StringWriter();
        Assert.True(SparCli.Run(["import", "arkitscenes", dir["arkit"], "--out", dir["scenes"], "--frame-step", "1", "--video-frames", "4", "--threads", "1"], o, e) == 0, e.ToString());
        string[] tasks = ["depth_prediction_oc", "distance_prediction_oo", "spatial_volume_infer", "obj_count"];
        o = new StringWriter(); e = new StringWriter();
        int code = SparCli.Run(["generate", "--scenes", Path.Combine(dir["scenes"], "arkitscenes", "images"), "--out", dir["qa"],
            "--tasks", .. tasks, "--per-scene", "5", "--val-fraction", "0", "--threads", "1"], o, e);
        Assert.True(code == 0, o + "\n" + e);
        var files = Directory.GetFiles(dir["qa"], "*.jsonl", SearchOption.AllDirectories);
        Assert.All(files, f => Assert.Contains("/arkitscenes/qa_jsonl/", f.Replace('\\', '/')));
        var written = files.Select(f => f.Replace('\\', '/').Split('/')[^3]).Distinct().Order().ToArray();
        Assert.True(written.Length >= 3, $"generate wrote only {string.Join(", ", written)}:\n{o}\n{e}");
        o = new StringWriter(); e = new StringWriter();
        Assert.True(SparCli.Run(["validate", dir["qa"]], o, e) == 0, o + "\n" + e);
    }
}

/// <summary><c>--frames wide</c> on the raw dataset: wide/ frames with their own .pincam, depth from lowres_depth upscaled onto them.</summary>
public class ARKitScenesWideTests
{
    [Fact]
    public void Wide_frames_get_their_own_intrinsics_the_matched_pose_and_lowres_depth_registered_to_them()
    {
        using var dir = new TestPaths.TempDir();
        var fx = Write(dir["arkit"], scans: [Landscape], wide: true);
        var run = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = dir["arkit"], OutDir = dir["out"], FrameStep = 1, VideoFrames = 0, Frames = ARKitScenesFrames.Wide });
        Assert.Empty(run.Failures);
        Assert.Contains("from 8 wide frames (1 without a pose within 0.005 s)", run.Scenes[0].Summary);
        var images = Path.Combine(dir["out"], "arkitscenes", "images");
        var scene = SceneJson.Read(Path.Combine(images, Landscape, "scene.json")).Scene;
        Assert.Equal(Enumerable.Range(0, Frames).Where(i => i != FarFrame), scene.Frames.Select(f => f.Index));
        foreach (var f in scene.Frames)
        {
            var truth = fx.TruthWide[Landscape][f.Index];
            Assert.Equal((WideW, WideH), (f.Width, f.Height));
            Assert.Equal(WideK, f.Intrinsics);
            Assert.True(truth.Pose.MaxAbsDifference(f.Pose) < 1e-9);
            var depth = Png16.ReadDepth(Path.Combine(images, f.DepthPath!), out int w, out int h);
            Assert.Equal((WideW, WideH), (w, h));
            // Against a render at the wide size: nearest-neighbour upscaling of a 2× coarser map moves only edge pixels.
            int close = Enumerable.Range(0, depth.Length).Count(i => Math.Abs(depth[i] - truth.Depth[i]) <= 0.02 * truth.Depth[i] + 2);
            Assert.True(close >= 0.95 * depth.Length, $"frame {f.Index}: {close} of {depth.Length} depth pixels agree with the wide render");
        }
    }
}
