namespace Spar.Geometry;

/// <summary>Where a camera looks: yaw about world Z from +X (counter-clockwise), pitch up from horizontal, roll about the view axis.</summary>
public readonly record struct CameraOrientation(double YawRadians, double PitchRadians, double RollRadians);

/// <summary>
/// Camera-to-world poses (4×4, OpenCV camera: x right, y down, z forward; world Z up). Pure functions.
/// </summary>
public static class Poses
{
    /// <summary>
    /// The pose of a camera at <paramref name="eye"/> looking at <paramref name="target"/>, level (no roll) with respect to
    /// <paramref name="up"/> (world Z when omitted). Throws when the view direction is zero or parallel to up.
    /// </summary>
    public static Mat4 LookAt(Vec3 eye, Vec3 target, Vec3? up = null)
    {
        var u = up ?? Vec3.UnitZ;
        var forward = (target - eye).Normalized();
        var right = forward.Cross(u);
        if (forward.LengthSquared < 0.5 || right.LengthSquared < 1e-18)
            throw new ArgumentException("look-at needs a target distinct from the eye and a view direction not parallel to up");
        right = right.Normalized();
        var down = forward.Cross(right);
        return Mat4.FromAxes(right, down, forward, eye);
    }

    /// <summary>The pose of a camera at <paramref name="eye"/> with the given yaw, pitch and roll (see <see cref="CameraOrientation"/>).</summary>
    public static Mat4 FromOrientation(Vec3 eye, CameraOrientation o)
    {
        var (sy, cy) = Math.SinCos(o.YawRadians);
        var (sp, cp) = Math.SinCos(o.PitchRadians);
        var forward = new Vec3(cp * cy, cp * sy, sp);
        var levelRight = new Vec3(sy, -cy, 0);
        var levelDown = forward.Cross(levelRight);
        var (sr, cr) = Math.SinCos(o.RollRadians);
        var right = levelRight * cr + levelDown * sr;
        var down = forward.Cross(right);
        return Mat4.FromAxes(right, down, forward, eye);
    }

    /// <summary>
    /// Decomposes a rigid pose's rotation into yaw, pitch and roll (inverse of <see cref="FromOrientation"/>).
    /// When looking straight up or down yaw is taken from the right axis and roll is 0.
    /// </summary>
    public static CameraOrientation Orientation(Mat4 cameraToWorld)
    {
        var right = cameraToWorld.Column3(0).Normalized();
        var forward = cameraToWorld.Column3(2).Normalized();
        var pitch = Math.Asin(Math.Clamp(forward.Z, -1, 1));
        var horizontal = Math.Sqrt(forward.X * forward.X + forward.Y * forward.Y);
        if (horizontal < 1e-9)
            return new(Math.Atan2(right.X, -right.Y), pitch, 0);
        var yaw = Math.Atan2(forward.Y, forward.X);
        var levelRight = new Vec3(Math.Sin(yaw), -Math.Cos(yaw), 0);
        var levelDown = forward.Cross(levelRight);
        var roll = Math.Atan2(right.Dot(levelDown), right.Dot(levelRight));
        return new(yaw, pitch, roll);
    }

    /// <summary>Inverse of a rigid transform [R t; 0 1] as [Rᵀ −Rᵀt; 0 1]: exact and cheap, but only valid for rigid poses.</summary>
    public static Mat4 InvertRigid(Mat4 pose)
    {
        var r0 = new Vec3(pose[0, 0], pose[1, 0], pose[2, 0]);
        var r1 = new Vec3(pose[0, 1], pose[1, 1], pose[2, 1]);
        var r2 = new Vec3(pose[0, 2], pose[1, 2], pose[2, 2]);
        var t = pose.TranslationPart;
        return new(r0.X, r0.Y, r0.Z, -r0.Dot(t),
                   r1.X, r1.Y, r1.Z, -r1.Dot(t),
                   r2.X, r2.Y, r2.Z, -r2.Dot(t),
                   0, 0, 0, 1);
    }

    /// <summary>
    /// The pose of camera <paramref name="other"/> expressed in camera <paramref name="reference"/>'s frame:
    /// inverse(reference)·other. Maps points from <paramref name="other"/>'s camera frame to <paramref name="reference"/>'s.
    /// </summary>
    public static Mat4 Relative(Mat4 reference, Mat4 other) => reference.Inverse() * other;

    /// <summary>
    /// True when the pose is finite, affine and its rotation block is orthonormal with determinant +1 within
    /// <paramref name="tolerance"/>.
    /// </summary>
    public static bool IsRigid(Mat4 pose, double tolerance = 1e-4)
    {
        if (!pose.IsFinite || !pose.IsAffine) return false;
        var x = pose.Column3(0); var y = pose.Column3(1); var z = pose.Column3(2);
        return Math.Abs(x.LengthSquared - 1) <= tolerance && Math.Abs(y.LengthSquared - 1) <= tolerance
            && Math.Abs(z.LengthSquared - 1) <= tolerance && Math.Abs(x.Dot(y)) <= tolerance
            && Math.Abs(x.Dot(z)) <= tolerance && Math.Abs(y.Dot(z)) <= tolerance
            && Math.Abs(pose.Determinant3 - 1) <= 3 * tolerance;
    }
}
