using Spar.Geometry;
using Spar.Scenes.Importers.ARKitScenes;

namespace Spar.Tests.Scenes.Importers.ARKitScenes;

/// <summary>
/// The upright turn for every sky direction: the phone's roll built here by hand for each, the turned pose is the level
/// camera, the poses give back the direction, and a world point's pixel moves with the image.
/// </summary>
public class SkyRotationTests
{
    const int W = 256, H = 192;
    static readonly CameraIntrinsics K = new(212.0, 205.0, 130.0, 94.0);

    /// <summary>The level camera and the camera as held for <paramref name="sky"/> (its image shows the sky on that side).</summary>
    static (Mat4 Level, Mat4 Captured) Cameras(SkyDirection sky)
    {
        var level = Poses.LookAt(new Vec3(0.3, -1.2, 1.4), new Vec3(1.1, 2.0, 0.8));
        Vec3 x = level.Column3(0), y = level.Column3(1), z = level.Column3(2), t = level.TranslationPart;
        var captured = sky switch
        {
            SkyDirection.Left => Mat4.FromAxes(y, -x, z, t),   // image x points down the world: the sky is on the image's left
            SkyDirection.Right => Mat4.FromAxes(-y, x, z, t),  // image x points up: the sky is on the right
            SkyDirection.Down => Mat4.FromAxes(-x, -y, z, t),  // upside down
            _ => level,
        };
        return (level, captured);
    }

    [Theory]
    [InlineData(SkyDirection.Up)]
    [InlineData(SkyDirection.Left)]
    [InlineData(SkyDirection.Right)]
    [InlineData(SkyDirection.Down)]
    public void The_turn_recovers_the_level_camera_and_every_pixel_follows_its_world_point(SkyDirection sky)
    {
        var (level, captured) = Cameras(sky);
        Assert.Equal(sky, Sky.FromPoses([captured]));
        Assert.True(level.MaxAbsDifference(Sky.Pose(sky, captured)) < 1e-12);
        var (w, h) = Sky.Size(sky, W, H);
        Assert.Equal(sky is SkyDirection.Left or SkyDirection.Right ? (H, W) : (W, H), (w, h));
        var k = Sky.Intrinsics(sky, K, W, H);

        // A marker at each sampled pixel centre of the captured image…
        var image = new int[W * H];
        for (int i = 0; i < image.Length; i++) image[i] = i + 1;
        var turned = new int[image.Length];
        Sky.Turn<int>(sky, image, W, H, turned);
        var w2cTurned = Sky.Pose(sky, captured).Inverse();
        for (int v = 0; v < H; v += 7)
            for (int u = 0; u < W; u += 9)
            {
                // …is the world point on that pixel's ray; the turned camera must see it at the pixel the turned image moved the marker to.
                var world = captured.TransformPoint(K.Unproject(new Vec2(u, v), 2.5));
                var p = k.Project(w2cTurned.TransformPoint(world));
                int tu = (int)Math.Round(p.X), tv = (int)Math.Round(p.Y);
                Assert.True(Math.Abs(p.X - tu) < 1e-6 && Math.Abs(p.Y - tv) < 1e-6, $"({u}, {v}) projects off a pixel centre: {p}");
                Assert.Equal(v * W + u + 1, turned[tv * w + tu]);
            }
    }

    [Fact]
    public void The_pose_majority_and_its_tie_order_follow_rectify_im()
    {
        var (_, left) = Cameras(SkyDirection.Left);
        var (_, right) = Cameras(SkyDirection.Right);
        var (level, _) = Cameras(SkyDirection.Up);
        Assert.Equal(SkyDirection.Right, Sky.FromPoses([right, right, left]));
        // A tie goes to the earlier of decide_pose's order: up, left, upside-down, right.
        Assert.Equal(SkyDirection.Left, Sky.FromPoses([right, left]));
        Assert.Equal(SkyDirection.Up, Sky.FromPoses([left, level]));
    }
}
