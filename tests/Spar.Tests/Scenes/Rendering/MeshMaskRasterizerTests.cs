using Spar.Geometry;
using Spar.Scenes.Rendering;

namespace Spar.Tests.Scenes.Rendering;

public class MeshMaskRasterizerTests
{
    const int W = 8, H = 6;
    static readonly CameraIntrinsics K = new(20, 20, 3.5, 2.5);

    // A camera somewhere in the world, turned about two axes, so the test exercises the pose as well.
    static readonly Mat4 Pose = Mat4.Translation(new Vec3(1.5, -2, 0.8)) * Mat4.RotationZ(0.7)
        * Mat4.FromAxes(Vec3.UnitX, -Vec3.UnitZ, Vec3.UnitY, Vec3.Zero);

    /// <summary>The world point seen at pixel (u, v) at camera depth z: the inverse of the pinhole projection.</summary>
    static Vec3 World(double u, double v, double z) => Pose.TransformPoint(new Vec3((u - K.Cx) * z / K.Fx, (v - K.Cy) * z / K.Fy, z));

    static float[] Positions(params Vec3[] p) => [.. p.SelectMany(q => new[] { (float)q.X, (float)q.Y, (float)q.Z })];

    /// <summary>
    /// Two triangles, hand-checked. Triangle 1 (id 1, camera depth 2 m) has its corners at pixels (0.5, 0.5), (6.5, 0.5),
    /// (0.5, 4.5); pixel centres inside (x ≥ 0.5, 0.5 ≤ y &lt; 4.5, x &lt; 6.5 − 1.5 (y − 0.5)) are rows 1: x 1–5, 2: 1–4,
    /// 3: 1–2, 4: 1. Triangle 2 (id 2, depth 1 m, nearer) has corners (2.5, 1.5), (7.5, 1.5), (7.5, 5.5): rows 2: x 4–7,
    /// 3: 5–7, 4: 6–7, 5: 7 (x ≥ 2.5 + 1.25 (y − 1.5), clipped by the image's right edge). Both cover (4, 2); the nearer wins.
    /// </summary>
    static readonly string[] Expected =
    [
        "00000000",
        "01111100",
        "01112222",
        "01100222",
        "01000022",
        "00000002",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_triangles_cover_exactly_the_hand_computed_pixels_and_the_nearer_one_wins(bool nearFirst)
    {
        var far = new[] { World(0.5, 0.5, 2), World(6.5, 0.5, 2), World(0.5, 4.5, 2) };
        var near = new[] { World(2.5, 1.5, 1), World(7.5, 1.5, 1), World(7.5, 5.5, 1) };
        var mesh = new LabelledMesh(Positions([.. far, .. near]), nearFirst ? [3, 4, 5, 0, 1, 2] : [0, 1, 2, 3, 4, 5],
            nearFirst ? [2, 1] : [1, 2]);
        var fb = new MeshMaskBuffers(W, H);
        new MeshMaskRasterizer(mesh).Render(K, Pose, fb);

        for (int y = 0; y < H; y++)
            Assert.Equal(Expected[y], string.Concat(Enumerable.Range(0, W).Select(x => (char)('0' + fb.Instance[y * W + x]))));
        for (int i = 0; i < W * H; i++)
        {
            double expectedDepth = fb.Instance[i] switch { 1 => 2, 2 => 1, _ => 0 };
            Assert.True(Math.Abs(fb.DepthMeters(i) - expectedDepth) < 1e-5, $"pixel {i}: depth {fb.DepthMeters(i)}, expected {expectedDepth}");
        }
    }

    [Fact]
    public void Depth_of_a_tilted_triangle_is_the_ray_plane_intersection_at_every_pixel()
    {
        // Plane z = 2 + 0.5 x in camera coordinates; on the ray through (u, v), x = z (u − cx) / fx, so z = 2 / (1 − 0.5 (u − cx) / fx).
        static double PlaneZ(double u) => 2 / (1 - 0.5 * (u - K.Cx) / K.Fx);
        Vec3 OnPlane(double u, double v) => World(u, v, PlaneZ(u));
        var mesh = new LabelledMesh(Positions(OnPlane(-3, -3), OnPlane(12.3, -3), OnPlane(-3, 12.3)), [0, 1, 2], [7]);
        var fb = new MeshMaskBuffers(W, H);
        new MeshMaskRasterizer(mesh).Render(K, Pose, fb);
        int covered = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                // The hypotenuse runs from (12.3, −3) to (−3, 12.3): inside is u + v < 9.3 (no pixel centre on it).
                bool inside = x + y < 9.3;
                Assert.Equal(inside ? 7 : 0, fb.Instance[y * W + x]);
                if (!inside) continue;
                covered++;
                Assert.True(Math.Abs(fb.DepthMeters(y * W + x) - PlaneZ(x)) < 1e-5 * PlaneZ(x), $"({x}, {y}): {fb.DepthMeters(y * W + x)} vs {PlaneZ(x)}");
            }
        Assert.True(covered > 20);
    }

    [Fact]
    public void Triangle_crossing_the_near_plane_is_clipped_and_one_behind_the_camera_is_not_drawn()
    {
        // A floor-like triangle 0.3 m below the camera from behind it (z = −1) to 10 m in front; and one wholly behind the camera.
        Vec3 Cam(double x, double y, double z) => Pose.TransformPoint(new Vec3(x, y, z));
        var mesh = new LabelledMesh(Positions(Cam(-5, 0.3, -1), Cam(5, 0.3, -1), Cam(0, 0.3, 10), Cam(-1, -1, -2), Cam(1, -1, -2), Cam(0, 1, -3)),
            [0, 1, 2, 3, 4, 5], [3, 9]);
        var fb = new MeshMaskBuffers(W, H);
        new MeshMaskRasterizer(mesh).Render(K, Pose, fb);
        Assert.DoesNotContain((ushort)9, fb.Instance);
        // The plane y = 0.3 is seen by rows below the horizon v > cy, at z = 0.3 fy / (v − cy), within the triangle's
        // lateral extent: rows 4 (z = 4 m) and 5 (2.4 m) entirely, row 3 (12 m) not at all, as the apex is at 10 m.
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                double z = y > K.Cy ? 0.3 * K.Fy / (y - K.Cy) : double.PositiveInfinity;
                double lateral = (x - K.Cx) * z / K.Fx;
                // Triangle edges in the plane: from (−5, −1) and (5, −1) to (0, 10) in (x, z).
                bool inside = z < 10 && z > -1 && Math.Abs(lateral) < 5 * (10 - z) / 11;
                Assert.Equal(inside ? 3 : 0, fb.Instance[y * W + x]);
                if (inside) Assert.True(Math.Abs(fb.DepthMeters(y * W + x) - z) < 1e-5 * z);
            }
        Assert.Equal(2 * W, fb.Instance.Count(i => i == 3));
    }

    [Fact]
    public void Vertex_labels_become_triangle_labels_by_majority_then_first_corner()
    {
        float[] p = new float[3 * 5];
        ushort[] ids = [4, 4, 6, 6, 8];
        var mesh = LabelledMesh.FromVertexInstances(p, [0, 1, 2, 2, 3, 0, 0, 2, 4, 2, 3, 3], ids);
        Assert.Equal(new ushort[] { 4, 6, 4, 6 }, mesh.TriangleInstances);
    }

    [Fact]
    public void Depth_test_keeps_agreeing_ids_and_ids_without_sensor_depth_and_drops_the_rest()
    {
        var mesh = new LabelledMesh(Positions(World(-1, -1, 2), World(20, -1, 2), World(-1, 20, 2)), [0, 1, 2], [5]);
        var fb = new MeshMaskBuffers(W, H);
        new MeshMaskRasterizer(mesh).Render(K, Pose, fb);
        var sensor = new ushort[W * H];
        Array.Fill(sensor, (ushort)2000);
        sensor[0] = 0;      // no depth: kept
        sensor[1] = 2049;   // 4.9 cm off, tolerance 3 cm + 1 % of 2.049 m = 5.049 cm: kept
        sensor[2] = 2052;   // 5.2 cm off, tolerance 5.052 cm: dropped (a chair moved away)
        sensor[3] = 1000;   // something in front of the mesh surface: dropped
        var mask = new ushort[W * H];
        var counts = SensorDepthAgreement.Default.Apply(fb, sensor, mask);
        Assert.Equal(new ushort[] { 5, 5, 0, 0, 5 }, mask[..5]);
        int objectPixels = fb.Instance.Count(i => i == 5);
        Assert.Equal(new MaskAgreementCounts(objectPixels, 1, 2), counts);
    }
}
