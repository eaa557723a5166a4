using System.Text;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Util;

namespace Spar.Tests.Scenes;

public class SceneJsonTests
{
    static Scene Sample() => new(
        "synth_000001", "synthetic",
        new RoomGeometry([new Vec2(0, 0), new Vec2(4, 0), new Vec2(4, 3), new Vec2(0, 3)], 0, 2.7),
        [
            new SceneObject(1, "floor", new OrientedBox(new Vec3(2, 1.5, -0.05), new Vec3(4, 3, 0.1), 0), Referable: false, Structural: true),
            new SceneObject(7, "office chair", new OrientedBox(new Vec3(1.25, 0.5, 0.45), new Vec3(0.6, 0.6, 0.9), 0.3),
                SurfacePoints: [new Vec3(1, 0.5, 0.9), new Vec3(1.5, 0.4, 0.1)]),
        ],
        [
            new SceneFrame(0, "synth_000001/image_color/0.jpg", 640, 480, new CameraIntrinsics(500, 500, 319.5, 239.5),
                Poses.LookAt(new Vec3(0.5, 0.5, 1.5), new Vec3(3, 2, 1)), "synth_000001/image_depth/0.png", "synth_000001/instance/0.png",
                new VideoMembership(0, "synth_000001/video_color/frame0_0.jpg", "synth_000001/video_depth/frame0_0.png")),
            new SceneFrame(5, "synth_000001/image_color/5.jpg", 640, 480, new CameraIntrinsics(500, 500, 319.5, 239.5),
                Mat4.FromRowMajor([double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity,
                    double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
        ]);

    [Fact]
    public void Round_trips_every_field_and_rewrites_identical_bytes()
    {
        var scene = Sample();
        var bytes = SceneJson.Serialize(scene);
        var read = SceneJsonReader.Parse(bytes, "scene.json");
        var back = read.Scene;
        Assert.Equal(scene.Id, back.Id);
        Assert.Equal(scene.Source, back.Source);
        Assert.Equal(scene.Room!.FloorPolygon, back.Room!.FloorPolygon);
        Assert.Equal(2.7, back.Room.CeilingZ);
        Assert.Equal(scene.Objects.Count, back.Objects.Count);
        for (var i = 0; i < scene.Objects.Count; i++)
        {
            Assert.Equal(scene.Objects[i] with { SurfacePoints = null }, back.Objects[i] with { SurfacePoints = null });
            Assert.Equal(scene.Objects[i].SurfacePoints ?? [], back.Objects[i].SurfacePoints ?? []);
        }
        Assert.Equal(scene.Frames[0], back.Frames[0]);
        Assert.Equal(scene.Frames[0].Pose.ToRowMajor(), back.Frames[0].Pose.ToRowMajor()); // exact doubles, not rounded
        Assert.True(back.Frames[1].Pose[0, 0] == double.NegativeInfinity && double.IsNaN(back.Frames[1].Pose[1, 0]));
        Assert.Equal(bytes, SceneJson.Serialize(back));
    }

    [Fact]
    public void Non_finite_and_singular_poses_mark_frames_unusable_without_failing()
    {
        var singular = Sample().Frames[0] with { Index = 9, Video = null, Pose = new Mat4(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) };
        var scene = Sample() with { Frames = [.. Sample().Frames, singular] };
        var read = SceneJsonReader.Parse(SceneJson.Serialize(scene), "scene.json");
        Assert.True(read.Scene.Frames[0].Usable);
        Assert.False(read.Scene.Frames[1].Usable);
        Assert.False(read.Scene.Frames[2].Usable);
        Assert.Null(read.Scene.Frames[2].Camera);
        Assert.Equal(["$.frames[1]", "$.frames[2]"], read.Warnings.Select(w => w.JsonPath));
        Assert.Contains("non-finite", read.Warnings[0].Message);
        Assert.Contains("singular", read.Warnings[1].Message);
    }

    static string Errors(string json)
    {
        var e = Assert.Throws<SparException>(() => SceneJsonReader.Parse(Encoding.UTF8.GetBytes(json), "bad/scene.json"));
        Assert.StartsWith("bad/scene.json:", e.Message); // "bad/scene.json: …", or "bad/scene.json:L:C: …" for a JSON syntax error
        Assert.DoesNotContain("LineNumber", e.Message);
        return e.Message;
    }

    const string Frame = """{"index": 0, "image": "s/image_color/0.jpg", "width": 64, "height": 48, "intrinsics": {"fx": 50, "fy": 50, "cx": 31.5, "cy": 23.5}, "pose": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}""";

    [Fact]
    public void Reports_every_problem_by_json_path()
    {
        var msg = Errors("""
            {"version": 1, "source": "synthetic",
             "objects": [{"id": 1, "category": "bed", "center": [0, 0], "size": [1, 0, 1]},
                         {"id": 1, "category": "lamp", "center": [0, 0, "x"], "size": [1, 1, 1], "yaw": "NaN"}],
             "frames": [{"index": 0, "image": "/abs.jpg", "width": -1, "height": 48, "intrinsics": {"fx": 1}, "pose": [[1,0,0,0]]}]}
            """);
        foreach (var expected in new[]
                 {
                     "$.id: missing", "$.objects[0].center: must be an array of 3 numbers", "$.objects[0].size: every extent must be > 0",
                     "$.objects[1].center[2]: must be a number", "$.objects[1].yaw: must be finite", "$.frames[0].image: '/abs.jpg' must be a relative path",
                     "$.frames[0].width: must be > 0", "$.frames[0].intrinsics.fy: missing", "$.frames[0].pose: must be 4 rows",
                 })
            Assert.Contains(expected, msg);
    }

    [Fact]
    public void Rejects_duplicates_bad_room_and_unknown_versions()
    {
        Assert.Contains("$.version: unsupported version 2", Errors("""{"version": 2, "id": "s", "source": "x", "objects": [], "frames": []}"""));
        Assert.Contains("$.objects[1].id: duplicate instance id 3", Errors("""
            {"version": 1, "id": "s", "source": "x", "frames": [],
             "objects": [{"id": 3, "category": "a", "center": [0,0,0], "size": [1,1,1]}, {"id": 3, "category": "b", "center": [0,0,0], "size": [1,1,1]}]}
            """));
        Assert.Contains("$.objects[0].id: instance id 70000 must be in 1..65535", Errors("""
            {"version": 1, "id": "s", "source": "x", "frames": [], "objects": [{"id": 70000, "category": "a", "center": [0,0,0], "size": [1,1,1]}]}
            """));
        Assert.Contains("$.frames[1].index: duplicate frame index 0", Errors($$"""{"version": 1, "id": "s", "source": "x", "objects": [], "frames": [{{Frame}}, {{Frame}}]}"""));
        var room = Errors("""{"version": 1, "id": "s", "source": "x", "objects": [], "frames": [], "room": {"floor_polygon": [[0,0],[1,1]], "floor_z": 2, "ceiling_z": 1}}""");
        Assert.Contains("$.room.floor_polygon: needs at least 3 vertices", room);
        Assert.Contains("$.room.ceiling_z: ceiling 1 must be above floor 2", room);
        Assert.Matches(@"^bad/scene.json:1:14: .*\(not valid JSON\)$", Errors("{\"version\": 1,")); // 1-based: the end of the text
        Assert.Contains("$: must be a JSON object", Errors("[]"));
    }

    [Fact]
    public void Read_and_write_go_through_files_atomically()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["a/b/scene.json"];
        SceneJson.Write(Sample(), path);
        Assert.Equal(SceneJson.Serialize(Sample()), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir["a/b"]));
        Assert.Equal("synth_000001", SceneJson.Read(path).Scene.Id);
        Assert.Contains("cannot read scene file", Assert.Throws<SparException>(() => SceneJson.Read(dir["missing.json"])).Message);
    }
}
