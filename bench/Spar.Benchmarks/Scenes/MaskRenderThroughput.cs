using System.Diagnostics;
using System.Globalization;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Importers;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// Frames/s of the mesh mask renderer at ScanNet's colour resolution (1296×968, ScanNet's typical colour intrinsics),
/// one thread: render alone, render + the sensor-depth test, and + the 16-bit PNG encode of the mask (what an import
/// adds per written frame). The mesh is a PLY given on the command line (e.g. a real <c>_vh_clean_2.ply</c>; cameras on a
/// ring at the room's centre, 1.4 m up, looking outward and 15° down, as a handheld scan) or, without one, a synthetic
/// room whose parts are tessellated to ScanNet's mesh density (~4 cm triangles) and seen from its own camera path.
/// </summary>
public static class MaskRenderThroughput
{
    const int W = 1296, H = 968;
    static readonly CameraIntrinsics ScanNetColor = new(1170.19, 1170.19, 647.75, 483.75);

    public static void Run(string? plyPath, int frames)
    {
        var (mesh, poses, k, what) = plyPath != null ? FromPly(plyPath, frames) : Synthetic(frames);
        Console.WriteLine($"{what}: {mesh.VertexCount:N0} vertices, {mesh.TriangleCount:N0} triangles, {W}×{H}, {poses.Count} frames, 1 thread");
        var renderer = new MeshMaskRasterizer(mesh);
        var fb = new MeshMaskBuffers(W, H);
        // Sensor depth = the mesh's own depth in millimetres, so the depth test does its full work (every pixel checked).
        var sensors = poses.Select(p =>
        {
            renderer.Render(k, p, fb);
            return Enumerable.Range(0, W * H).Select(i => (ushort)Math.Min(65535, Math.Round(fb.DepthMeters(i) * 1000))).ToArray();
        }).ToList();
        var mask = new ushort[W * H];
        var png = new MemoryStream();
        double covered = 0;
        foreach (var stage in new[] { "render", "render + depth test", "render + depth test + PNG" })
        {
            for (int warm = 0; warm < 2; warm++) Frame(stage, 0);
            var sw = Stopwatch.StartNew();
            for (int f = 0; f < poses.Count; f++) Frame(stage, f);
            sw.Stop();
            double ms = sw.Elapsed.TotalMilliseconds / poses.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-28} {ms,7:0.00} ms/frame  {1000 / ms,7:0.0} frames/s"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  object pixels per frame: {covered / (3 * poses.Count) / (W * H):P1}"));

        void Frame(string stage, int f)
        {
            renderer.Render(k, poses[f], fb);
            if (stage == "render") return;
            var counts = SensorDepthAgreement.Default.Apply(fb, sensors[f], mask);
            covered += counts.ObjectPixels;
            if (stage != "render + depth test + PNG") return;
            png.SetLength(0);
            Png16.WriteDepth(png, mask, W, H);
        }
    }

    static (LabelledMesh, List<Mat4>, CameraIntrinsics, string) FromPly(string path, int frames)
    {
        var ply = PlyReader.ReadMesh(path);
        var p = ply.Vertices.Positions;
        var ids = new ushort[ply.Vertices.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = (ushort)(1 + i / 2000); // ~40 "instances" in vertex order: labels do not change the cost
        var poses = RingPoses(p, frames);
        return (LabelledMesh.FromVertexInstances(p, ply.Triangles, ids), poses, ScanNetColor, Path.GetFileName(path));
    }

    /// <summary>A ring of cameras at the mesh's centre, 1.4 m above its lowest point, looking outward and 15° down (OpenCV axes).</summary>
    public static List<Mat4> RingPoses(float[] p, int frames)
    {
        double minX = double.MaxValue, minY = double.MaxValue, minZ = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0; i < p.Length; i += 3)
        {
            minX = Math.Min(minX, p[i]); maxX = Math.Max(maxX, p[i]);
            minY = Math.Min(minY, p[i + 1]); maxY = Math.Max(maxY, p[i + 1]);
            minZ = Math.Min(minZ, p[i + 2]);
        }
        var centre = new Vec3((minX + maxX) / 2, (minY + maxY) / 2, minZ + 1.4);
        var poses = new List<Mat4>();
        for (int f = 0; f < frames; f++)
        {
            double yaw = 2 * Math.PI * f / frames, pitch = 15 * Math.PI / 180;
            var forward = new Vec3(Math.Cos(yaw) * Math.Cos(pitch), Math.Sin(yaw) * Math.Cos(pitch), -Math.Sin(pitch));
            var right = new Vec3(Math.Sin(yaw), -Math.Cos(yaw), 0);
            var down = forward.Cross(right); // OpenCV: x right, y down, z forward
            poses.Add(Mat4.FromAxes(right, down, forward, centre));
        }
        return poses;
    }

    static (LabelledMesh, List<Mat4>, CameraIntrinsics, string) Synthetic(int frames)
    {
        var synth = SyntheticWorld.Generate(1, 0, new SynthOptions(Frames: frames, VideoFrames: 1, ExtraViews: 0, Width: W, Height: H));
        var positions = new List<float>();
        var triangles = new List<int>();
        var ids = new List<ushort>();
        int[][] faces = [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]];
        const double spacing = 0.04;
        foreach (var part in ShapeParts.ForScene(synth))
        {
            var c = part.Box.Corners();
            foreach (var f in faces)
            {
                Vec3 o = c[f[0]], a = c[f[1]] - o, b = c[f[3]] - o;
                int na = Math.Max(1, (int)Math.Ceiling(a.Length / spacing)), nb = Math.Max(1, (int)Math.Ceiling(b.Length / spacing));
                int first = positions.Count / 3;
                for (int j = 0; j <= nb; j++)
                    for (int i = 0; i <= na; i++)
                    {
                        var q = o + a * ((double)i / na) + b * ((double)j / nb);
                        positions.AddRange([(float)q.X, (float)q.Y, (float)q.Z]);
                        ids.Add(part.InstanceId);
                    }
                for (int j = 0; j < nb; j++)
                    for (int i = 0; i < na; i++)
                    {
                        int v0 = first + j * (na + 1) + i;
                        triangles.AddRange([v0, v0 + 1, v0 + na + 2, v0, v0 + na + 2, v0 + na + 1]);
                    }
            }
        }
        var poses = synth.Scene.Frames.Select(f => f.Pose).ToList();
        return (LabelledMesh.FromVertexInstances([.. positions], [.. triangles], [.. ids]), poses, synth.Scene.Frames[0].Intrinsics,
            $"synthetic room tessellated at {spacing * 100:0} cm");
    }
}
