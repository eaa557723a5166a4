using CsCheck;
using Spar.Geometry;
using static Spar.Tests.Geometry.GeometryGen;

namespace Spar.Tests.Geometry;

public class CameraTests
{
    [Fact]
    public void Project_after_unproject_is_identity() =>
        Gen.Select(Intrinsics, Gen.Double[-100, 1100], Gen.Double[-100, 900], Gen.Double[0.05, 50]).Sample((k, u, v, z) =>
        {
            var p = k.Unproject(new Vec2(u, v), z);
            Assert.Equal(z, p.Z, 12);
            var back = k.Project(p);
            Assert.True(Math.Abs(back.X - u) < 1e-9 && Math.Abs(back.Y - v) < 1e-9);
        });

    [Fact]
    public void World_projection_matches_hand_computed_pinhole()
    {
        // Camera at the origin looking along +X: right = −Y, down = −Z, so x_cam = −y, y_cam = −z, z_cam = x.
        var pose = Poses.LookAt(Vec3.Zero, new Vec3(1, 0, 0));
        var cam = PinholeCamera.Create(new CameraIntrinsics(500, 500, 320, 240), pose, 640, 480);
        // World (4, 1, 0.5): x_cam = −1 (left), y_cam = −0.5 (up), z_cam = 4 → u = 500·(−1/4)+320 = 195, v = 500·(−0.5/4)+240 = 177.5.
        Assert.True(cam.TryProject(new Vec3(4, 1, 0.5), out var px, out var depth));
        Assert.Equal(4, depth, 12);
        Assert.Equal(195, px.X, 9);
        Assert.Equal(177.5, px.Y, 9);
        Assert.False(cam.TryProject(new Vec3(-1, 0, 0), out _, out _));
    }

    [Fact]
    public void World_unproject_then_project_returns_the_pixel_and_depth() =>
        Gen.Select(Intrinsics, RigidPose, Gen.Double[0, 640], Gen.Double[0, 480], Gen.Double[0.1, 20]).Sample((k, pose, u, v, z) =>
        {
            var cam = PinholeCamera.Create(k, pose, 640, 480);
            var world = cam.Unproject(new Vec2(u, v), z);
            Assert.True(cam.TryProject(world, out var px, out var depth));
            Assert.True(Math.Abs(px.X - u) < 1e-6 && Math.Abs(px.Y - v) < 1e-6 && Math.Abs(depth - z) < 1e-9);
        });

    [Fact]
    public void Pixel_ray_parameter_is_camera_depth() =>
        Gen.Select(Intrinsics, RigidPose, Gen.Double[0, 640], Gen.Double[0, 480], Gen.Double[0.1, 20]).Sample((k, pose, u, v, t) =>
        {
            var cam = PinholeCamera.Create(k, pose, 640, 480);
            var p = cam.PixelRay(new Vec2(u, v)).At(t);
            Assert.True(Math.Abs(cam.ToCamera(p).Z - t) < 1e-9);
        });

    [Fact]
    public void Intrinsics_matrix_round_trips_and_unusable_cameras_are_refused()
    {
        var k = new CameraIntrinsics(577.87, 577.87, 319.5, 239.5);
        Assert.Equal(k, CameraIntrinsics.FromMatrix(k.ToMatrix()));
        Assert.Null(PinholeCamera.TryCreate(k, Mat4.FromRowMajor([double.NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), 640, 480));
        Assert.Null(PinholeCamera.TryCreate(k with { Fx = 0 }, Mat4.Identity, 640, 480));
        Assert.NotNull(PinholeCamera.TryCreate(k, Mat4.Identity, 640, 480));
    }
}
