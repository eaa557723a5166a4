using CsCheck;
using Spar.Geometry;

namespace Spar.Tests.Geometry;

/// <summary>CsCheck generators for geometry properties.</summary>
static class GeometryGen
{
    public static readonly Gen<Vec3> Point = Gen.Select(Gen.Double[-20, 20], Gen.Double[-20, 20], Gen.Double[-5, 5], (x, y, z) => new Vec3(x, y, z));

    public static readonly Gen<CameraOrientation> Orientation = Gen.Select(
        Gen.Double[-Math.PI + 1e-6, Math.PI - 1e-6], Gen.Double[-1.5, 1.5], Gen.Double[-3.1, 3.1],
        (y, p, r) => new CameraOrientation(y, p, r));

    /// <summary>Rigid camera-to-world poses built without the code under test: Rz(a)·Ry(b)·Rx(c) written out by hand.</summary>
    public static readonly Gen<Mat4> RigidPose = Gen.Select(Gen.Double[-Math.PI, Math.PI], Gen.Double[-Math.PI, Math.PI], Gen.Double[-Math.PI, Math.PI], Point,
        (a, b, c, t) =>
        {
            double ca = Math.Cos(a), sa = Math.Sin(a), cb = Math.Cos(b), sb = Math.Sin(b), cc = Math.Cos(c), sc = Math.Sin(c);
            return new Mat4(
                ca * cb, ca * sb * sc - sa * cc, ca * sb * cc + sa * sc, t.X,
                sa * cb, sa * sb * sc + ca * cc, sa * sb * cc - ca * sc, t.Y,
                -sb, cb * sc, cb * cc, t.Z,
                0, 0, 0, 1);
        });

    public static readonly Gen<CameraIntrinsics> Intrinsics = Gen.Select(Gen.Double[100, 2000], Gen.Double[100, 2000], Gen.Double[0, 1000], Gen.Double[0, 800],
        (fx, fy, cx, cy) => new CameraIntrinsics(fx, fy, cx, cy));

    public static readonly Gen<OrientedBox> Box = Gen.Select(Point, Gen.Double[0.05, 4], Gen.Double[0.05, 4], Gen.Double[0.05, 3], Gen.Double[-Math.PI, Math.PI],
        (c, sx, sy, sz, yaw) => new OrientedBox(c, new Vec3(sx, sy, sz), yaw));

    public static double MaxDiffFromIdentity(Mat4 m) => m.MaxAbsDifference(Mat4.Identity);
}
