using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.Structured3D;
using static Spar.Tests.Scenes.Importers.Structured3DFixture;

namespace Spar.Tests.Scenes.Importers;

public class Structured3DImporterTests
{
    static readonly string SceneId = $"{House}_{RoomId}";

    static (Structured3DFixture Fixture, SceneImportReport<Structured3DRoomReport> Report, Scene Scene, string Images) Import(TestPaths.TempDir dir)
    {
        var fixture = Structured3DFixture.Write(dir["s3d"]);
        var report = Structured3DImporter.Run(new Structured3DImportOptions { Input = dir["s3d"], OutDir = dir["out"] });
        Assert.Empty(report.Failures);
        var images = Path.Combine(dir["out"], "structured3d", "images");
        var read = SceneJson.Read(Path.Combine(images, SceneId, "scene.json"));
        Assert.Empty(read.Warnings);
        return (fixture, report, read.Scene, images);
    }

    [Fact]
    public void Frames_keep_SPAR_7M_names_room_underscore_position_in_every_folder()
    {
        using var dir = new TestPaths.TempDir();
        var (fixture, _, scene, images) = Import(dir);
        Assert.Equal(fixture.Synthetic.Scene.Frames.Count, scene.Frames.Count);
        foreach (var f in scene.Frames)
        {
            // The official layout's name, image_color/<roomID>_<positionID>.jpg, written out here rather than asked of spar.
            var stem = $"{RoomId}_{f.Index}";
            Assert.Equal($"{SceneId}/image_color/{stem}.jpg", f.ImagePath);
            Assert.Equal($"{SceneId}/image_depth/{stem}.png", f.DepthPath);
            Assert.Equal($"{SceneId}/image_instance/{stem}.png", f.InstanceMaskPath);
            foreach (var p in new[] { f.ImagePath, f.DepthPath!, f.InstanceMaskPath!, $"{SceneId}/pose/{stem}.txt" })
                Assert.True(File.Exists(Path.Combine(images, p)), p);
        }
    }

    [Fact]
    public void Poses_equal_the_truth_and_intrinsics_follow_the_half_angle_FoV()
    {
        using var dir = new TestPaths.TempDir();
        var (fixture, report, scene, _) = Import(dir);
        var truth = fixture.Synthetic.Scene.Frames;
        Assert.Equal(truth.Select(f => f.Index), scene.Frames.Select(f => f.Index));
        // fx = (W/2) / tan(xfov) with the half-angle, not the full angle; principal point at W/2, H/2.
        double fx = Width / 2.0 / Math.Tan(XFov);
        foreach (var (a, b) in truth.Zip(scene.Frames))
        {
            Assert.True(a.Pose.MaxAbsDifference(b.Pose) < 1e-9, $"view {a.Index}: pose differs by {a.Pose.MaxAbsDifference(b.Pose)}");
            Assert.Equal((Width, Height), (b.Width, b.Height));
            Assert.Equal(fx, b.Intrinsics.Fx, 9);
            Assert.Equal(fx, b.Intrinsics.Fy, 9); // yfov was written for square pixels
            Assert.Equal((Width / 2.0, Height / 2.0), (b.Intrinsics.Cx, b.Intrinsics.Cy));
        }
        Assert.Equal(truth.Count, report.Scenes[0].Views);
    }

    [Fact]
    public void Depth_is_camera_z_not_ray_length_and_back_projects_onto_the_rendered_surface()
    {
        using var dir = new TestPaths.TempDir();
        var (fixture, _, scene, images) = Import(dir);
        int corners = 0, floorPixels = 0;
        foreach (var (f, (zTrue, instance, _)) in scene.Frames.Zip(fixture.Renders))
        {
            var depth = Png16.ReadDepth(Path.Combine(images, f.DepthPath!), out _, out _);
            for (int i = 0; i < depth.Length; i++)
            {
                if (zTrue[i] == 0) { Assert.Equal(0, depth[i]); continue; }
                Assert.True(Math.Abs(depth[i] - zTrue[i] * 1000) <= 1.0, $"view {f.Index} pixel {i}: {depth[i]} mm, camera z {zTrue[i] * 1000:0.0} mm");
            }
            // The corner, where ray length and z differ most: the importer's value is z.
            double a = (0 - f.Intrinsics.Cx) / f.Intrinsics.Fx, b = (0 - f.Intrinsics.Cy) / f.Intrinsics.Fy;
            if (zTrue[0] > 0)
            {
                corners++;
                Assert.True(zTrue[0] * 1000 * (Math.Sqrt(a * a + b * b + 1) - 1) > 20, "fixture: the ray/z difference at the corner must be visible");
                Assert.True(Math.Abs(depth[0] - zTrue[0] * 1000) <= 1.0);
            }
            // Floor pixels (the synthetic floor object) back-project through the imported camera onto z = 0.
            var camera = f.Camera!;
            var floorId = fixture.Synthetic.Scene.Objects.Single(o => o.Category == "floor").InstanceId;
            for (int i = 0; i < depth.Length; i += 7)
            {
                if (instance[i] != floorId || depth[i] == 0) continue;
                var p = camera.Unproject(new Vec2(i % Width, i / Width), depth[i] / 1000.0);
                Assert.True(Math.Abs(p.Z) < 0.004, $"view {f.Index} pixel {i}: floor point at z = {p.Z}");
                floorPixels++;
            }
        }
        Assert.True(corners > 0 && floorPixels > 20, $"fixture too weak: {corners} corners, {floorPixels} floor pixels");
    }

    [Fact]
    public void Boxes_come_back_from_shuffled_basis_rows_with_labels_won_by_the_vote()
    {
        using var dir = new TestPaths.TempDir();
        var (fixture, report, scene, _) = Import(dir);
        var seen = fixture.Renders.SelectMany(r => r.Instance).Where(id => id != 0).ToHashSet();
        var expected = fixture.Synthetic.Scene.Objects.Where(o => !o.Structural && seen.Contains((ushort)o.InstanceId)).ToList();
        Assert.True(expected.Count >= 3, $"fixture shows only {expected.Count} objects");
        Assert.Equal(expected.Select(o => o.InstanceId), scene.Objects.Select(o => o.InstanceId));
        foreach (var (a, b) in expected.Zip(scene.Objects))
        {
            Assert.Equal(Spar.Scenes.Importers.Structured3D.Nyu40Labels.Name(Nyu40Of(a.Category)), b.Category);
            Assert.True(a.Box.Center.DistanceTo(b.Box.Center) < 1e-6, $"{a.Category}: centre {b.Box.Center}, truth {a.Box.Center}");
            Assert.Equal(a.Box.Size.Z, b.Box.Size.Z, 6);
            // The same box whichever row gave the yaw: every true corner has an imported corner on it.
            var corners = b.Box.Corners();
            foreach (var c in a.Box.Corners())
                Assert.True(corners.Min(d => d.DistanceTo(c)) < 1e-6, $"{a.Category}: corner {c} not on the imported box");
        }
        // The other room's box is not in this room; unseen boxes of this room are counted in a warning.
        Assert.DoesNotContain(scene.Objects, o => o.InstanceId == OtherRoomBoxId + 1);
        int unseen = fixture.Synthetic.Scene.Objects.Count(o => !o.Structural) - expected.Count;
        Assert.Equal(unseen > 0, report.Scenes[0].Warnings.Any(w => w.Contains($"{unseen} box(es) of the room have no labelled pixel")));
    }

    [Fact]
    public void Floor_polygon_ceiling_and_instance_masks_equal_what_was_written()
    {
        using var dir = new TestPaths.TempDir();
        var (fixture, _, scene, images) = Import(dir);
        var truth = fixture.Synthetic.Scene.Room!;
        Assert.NotNull(scene.Room);
        Assert.Equal(truth.FloorPolygon.Count, scene.Room.FloorPolygon.Count);
        foreach (var p in truth.FloorPolygon)
            Assert.True(scene.Room.FloorPolygon.Min(q => (q - p).Length) < 1e-9, $"floor vertex {p} missing");
        Assert.True(Polygon2.SignedArea(scene.Room.FloorPolygon) > 0, "outline must be counter-clockwise");
        Assert.Equal(0, scene.Room.FloorZ, 9);
        Assert.Equal(Math.Round(truth.CeilingZ * 1000) / 1000, scene.Room.CeilingZ, 9);

        var ids = scene.Objects.Select(o => o.InstanceId).ToHashSet();
        foreach (var (f, (_, instance, _)) in scene.Frames.Zip(fixture.Renders))
        {
            var mask = Png16.ReadDepth(Path.Combine(images, f.InstanceMaskPath!), out _, out _);
            for (int i = 0; i < mask.Length; i++)
            {
                var truthObject = instance[i] != 0 ? fixture.Synthetic.Scene.FindObject(instance[i]) : null;
                int want = truthObject != null && !truthObject.Structural && ids.Contains(truthObject.InstanceId) ? truthObject.InstanceId : 0;
                Assert.Equal(want, mask[i]);
            }
            // Each imported box centre seen in this view projects inside the image near its own pixels.
            foreach (var o in scene.Objects)
            {
                if (!f.Camera!.TryProject(o.Box.Center, out var px, out _) || !f.Camera.IsInsideImage(px)) continue;
                var own = Enumerable.Range(0, mask.Length).Where(i => mask[i] == o.InstanceId).ToList();
                if (own.Count < 10) continue;
                double nearest = own.Min(i => Math.Pow(i % Width - px.X, 2) + Math.Pow(i / Width - px.Y, 2));
                Assert.True(nearest < 4 * 4, $"{o.Category} {o.InstanceId}: centre projects {Math.Sqrt(nearest):0.0} px from its nearest pixel in view {f.Index}");
            }
        }
    }
}
