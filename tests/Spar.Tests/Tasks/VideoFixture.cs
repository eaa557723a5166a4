using Spar.Geometry;
using Spar.Scenes;

namespace Spar.Tests;

/// <summary>
/// Hand-built video scenes: a <see cref="SceneFixture"/> whose every camera is a video frame (video_color copies named
/// <c>frame{i}_{i}.jpg</c>), optionally with a room polygon.
/// </summary>
public static class VideoFixture
{
    /// <summary>Writes the scene and turns all its frames into the video subset; returns the images root.</summary>
    public static string Write(SceneFixture f, string root, IReadOnlyList<Vec2>? floor = null, Func<SceneFrame, SceneFrame>? edit = null)
    {
        var dir = f.Write(root);
        var imagesRoot = Path.GetDirectoryName(dir)!;
        var path = Path.Combine(dir, SceneJson.FileName);
        var scene = SceneJson.Read(path).Scene;
        Directory.CreateDirectory(Path.Combine(dir, "video_color"));
        var frames = scene.Frames.Select((fr, i) =>
        {
            var video = $"{f.Id}/video_color/frame{i}_{fr.Index}.jpg";
            File.Copy(Path.Combine(imagesRoot, fr.ImagePath), Path.Combine(imagesRoot, video));
            var withVideo = fr with { Video = new VideoMembership(i, video) };
            return edit == null ? withVideo : edit(withVideo);
        }).ToList();
        var room = floor == null ? null : new RoomGeometry(floor, 0, 2.6);
        SceneJson.Write(scene with { Frames = frames, Room = room }, path);
        return imagesRoot;
    }

    /// <summary>Camera at <paramref name="eye"/> looking horizontally along the heading (degrees, 0 = +x, 90 = +y).</summary>
    public static SceneFixture Look(this SceneFixture f, double x, double y, double headingDegrees)
    {
        double a = headingDegrees * Math.PI / 180;
        return f.Camera(new Vec3(x, y, 1.5), new Vec3(x + 5 * Math.Cos(a), y + 5 * Math.Sin(a), 1.5));
    }

    /// <summary>
    /// A camera sliding 30 m along +x while looking at +y, with objects 3 m ahead at x = 6 (chair), 12 (table),
    /// 18 (lamp), 24 (door) and 30 (a second chair), each alone in its frame; a third chair stands behind the camera
    /// (never in view). Eleven frames, one every 3 m. Floor: an L-shaped room of 14 m².
    /// </summary>
    public static SceneFixture Gallery(string id)
    {
        var f = new SceneFixture(id);
        f.Add(1, "chair", new Vec3(6, 3, 0.5), new Vec3(0.6, 0.6, 1.0))
         .Add(2, "table", new Vec3(12, 3, 0.5), new Vec3(1.0, 0.8, 1.0))
         .Add(3, "lamp", new Vec3(18, 3, 0.9), new Vec3(0.5, 0.5, 1.8))
         .Add(4, "door", new Vec3(24, 3, 1.0), new Vec3(0.9, 0.2, 2.0))
         .Add(5, "chair", new Vec3(30, 3, 0.5), new Vec3(0.6, 0.6, 1.0))
         .Add(6, "chair", new Vec3(12, -5, 0.5), new Vec3(0.6, 0.6, 1.0));
        for (int k = 0; k <= 10; k++) f.Look(3 * k, 0, 90);
        return f;
    }

    public static readonly Vec2[] LShape = [new(0, 0), new(4, 0), new(4, 2), new(2, 2), new(2, 5), new(0, 5)];

    /// <summary>
    /// Walk 2 m along +y facing +y, turn right on the spot to face +x, walk 1 m: 9 + 2 + 4 frames, a few boxes around.
    /// </summary>
    public static SceneFixture WalkAndTurn(string id)
    {
        var f = new SceneFixture(id);
        f.Add(1, "cabinet", new Vec3(0, 5, 0.6), new Vec3(1.0, 0.5, 1.2))
         .Add(2, "sofa", new Vec3(4, 2, 0.45), new Vec3(0.9, 2.0, 0.9));
        for (int k = 0; k <= 8; k++) f.Look(0, 0.25 * k, 90);
        f.Look(0, 2, 60).Look(0, 2, 30);
        for (int k = 1; k <= 4; k++) f.Look(0.25 * k, 2, 0);
        return f;
    }
}
