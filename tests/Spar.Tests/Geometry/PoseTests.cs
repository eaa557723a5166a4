using CsCheck;
using Spar.Geometry;
using static Spar.Tests.Geometry.GeometryGen;

namespace Spar.Tests.Geometry;

public class PoseTests
{
    [Fact]
    public void Inverse_times_pose_is_identity_for_rigid_poses() =>
        RigidPose.Sample(p =>
        {
            Assert.True(MaxDiffFromIdentity(p.Inverse() * p) < 1e-9);
            Assert.True(MaxDiffFromIdentity(p * p.Inverse()) < 1e-9);
            Assert.True(Poses.InvertRigid(p).MaxAbsDifference(p.Inverse()) < 1e-9);
        });

    [Fact]
    public void General_inverse_handles_scaled_affine_matrices() =>
        Gen.Select(RigidPose, Gen.Double[0.001, 1000]).Sample((p, s) =>
        {
            var scaled = p * new Mat4(s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0, 0, 0, 0, 1);
            Assert.True(MaxDiffFromIdentity(scaled.Inverse() * scaled) < 1e-7);
        });

    [Fact]
    public void Singular_or_non_finite_matrices_are_not_inverted()
    {
        var flat = new Mat4(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        Assert.False(flat.TryInvert(out _));
        var nan = Mat4.FromRowMajor([double.NegativeInfinity, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        Assert.False(nan.TryInvert(out _));
        Assert.False(default(Mat4).TryInvert(out _));
    }

    [Fact]
    public void Level_camera_looking_along_plus_x_has_right_minus_y_and_down_minus_z()
    {
        // Hand-derived: OpenCV camera, world Z up, looking along +X: right is −Y, down is −Z.
        var pose = Poses.LookAt(new Vec3(1, 2, 1.5), new Vec3(5, 2, 1.5));
        var expected = new Mat4(0, 0, 1, 1, -1, 0, 0, 2, 0, -1, 0, 1.5, 0, 0, 0, 1);
        Assert.True(pose.MaxAbsDifference(expected) < 1e-12, pose.ToString());
        Assert.True(Poses.FromOrientation(new Vec3(1, 2, 1.5), new CameraOrientation(0, 0, 0)).MaxAbsDifference(expected) < 1e-12);
    }

    [Fact]
    public void Look_at_is_rigid_level_and_faces_its_target() =>
        Gen.Select(Point, Point).Where((a, b) => (b - a).XY.Length > 0.01).Sample((eye, target) =>
        {
            var pose = Poses.LookAt(eye, target);
            Assert.True(Poses.IsRigid(pose, 1e-9));
            var forward = pose.Column3(2);
            var toTarget = (target - eye).Normalized();
            Assert.True(forward.DistanceTo(toTarget) < 1e-9);
            Assert.True(Math.Abs(pose.Column3(0).Z) < 1e-12); // no roll: the right axis is horizontal
            Assert.True(pose.Column3(1).Z <= 1e-12);          // image "down" never points up
            Assert.True(pose.TranslationPart.DistanceTo(eye) < 1e-12);
        });

    [Fact]
    public void Orientation_round_trips_through_a_pose() =>
        Gen.Select(Point, Orientation).Sample((eye, o) =>
        {
            var pose = Poses.FromOrientation(eye, o);
            Assert.True(Poses.IsRigid(pose, 1e-9));
            var back = Poses.Orientation(pose);
            Assert.True(Math.Abs(back.YawRadians - o.YawRadians) < 1e-9, $"{back} vs {o}");
            Assert.True(Math.Abs(back.PitchRadians - o.PitchRadians) < 1e-9, $"{back} vs {o}");
            Assert.True(Math.Abs(back.RollRadians - o.RollRadians) < 1e-9, $"{back} vs {o}");
            // Independent check of yaw/pitch: the forward axis is (cos p cos y, cos p sin y, sin p).
            var f = pose.Column3(2);
            Assert.True(f.DistanceTo(new Vec3(Math.Cos(o.PitchRadians) * Math.Cos(o.YawRadians), Math.Cos(o.PitchRadians) * Math.Sin(o.YawRadians), Math.Sin(o.PitchRadians))) < 1e-9);
        });

    [Fact]
    public void Relative_pose_maps_points_from_one_camera_frame_to_the_other() =>
        Gen.Select(RigidPose, RigidPose, Point).Sample((a, b, pInB) =>
        {
            var rel = Poses.Relative(a, b);
            var world = b.TransformPoint(pInB);
            // Independent: the point in A's frame via A's rotation transpose (A is rigid).
            var d = world - a.TranslationPart;
            var inA = new Vec3(a.Column3(0).Dot(d), a.Column3(1).Dot(d), a.Column3(2).Dot(d));
            Assert.True(rel.TransformPoint(pInB).DistanceTo(inA) < 1e-9);
            Assert.True(MaxDiffFromIdentity(Poses.Relative(a, a)) < 1e-9);
        });

    [Fact]
    public void Is_rigid_rejects_scaled_and_reflected_rotations()
    {
        Assert.True(Poses.IsRigid(Mat4.RotationZ(0.3)));
        Assert.False(Poses.IsRigid(new Mat4(2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)));
        Assert.False(Poses.IsRigid(new Mat4(-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)));
    }
}
