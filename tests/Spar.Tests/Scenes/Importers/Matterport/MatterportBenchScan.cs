using System.Globalization;
using System.Text;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Importers.Matterport;
using Spar.Scenes.Rendering;

namespace Spar.Tests.Scenes.Importers.Matterport;

/// <summary>
/// A Matterport3D scan at the real image size for timing the import (bench/scripts/matterport-import.sh): two regions
/// (so scenes run in parallel), each the same 4 m × 3 m × 2.6 m room whose walls, floor and ceiling are a mesh
/// tessellated at 5 cm (≈ 48k faces, four wall objects), <paramref name="panoramas"/> tripod positions (alternately in
/// region 0 and 1) of 18 undistorted images each (3 cameras tilted 30° up, level,
/// 30° down × 6 yaws), depth rendered from that mesh (0.25 mm units) so masks agree with it, one textured JPEG reused
/// for every colour image (the import copies colour bytes without decoding them).
/// </summary>
public static class MatterportBenchScan
{
    public static void Write(string root, int panoramas, int width = 1280, int height = 1024)
    {
        string scan = MatterportFixture.Scan, dir = Path.Combine(root, scan);
        foreach (var d in new[] { "house_segmentations", "undistorted_camera_parameters", "undistorted_color_images", "undistorted_depth_images", "region_segmentations" })
            Directory.CreateDirectory(Path.Combine(dir, d));
        var (positions, triangles, segments) = Room(0.05);
        for (int region = 0; region < 2; region++)
        {
        var ply = new StringBuilder();
        ply.Append(CultureInfo.InvariantCulture, $"ply\nformat ascii 1.0\nelement vertex {positions.Count}\nproperty float x\nproperty float y\nproperty float z\n")
           .Append(CultureInfo.InvariantCulture, $"element face {segments.Count}\nproperty list uchar int vertex_indices\nproperty int face_material\nproperty int face_segment\nproperty int face_category\nend_header\n");
        foreach (var p in positions) ply.Append(CultureInfo.InvariantCulture, $"{p.X:R} {p.Y:R} {p.Z:R}\n");
        for (int t = 0; t < segments.Count; t++)
            ply.Append(CultureInfo.InvariantCulture, $"3 {triangles[3 * t]} {triangles[3 * t + 1]} {triangles[3 * t + 2]} 0 {(segments[t] < 0 ? -1 : segments[t] + 4 * region)} 0\n");
        File.WriteAllText(Path.Combine(dir, "region_segmentations", $"region{region}.ply"), ply.ToString());
        }

        var house = new StringBuilder("ASCII 1.1\nH " + scan + " house 0 0 4 1 0 4 1 1 0 1  0 0 0 0 0  0 0 0 4 3 2.6  0 0 0 0 0\n")
            .Append("C 0 1 wall 1 wall 0 0 0 0 0\n");
        for (int region = 0; region < 2; region++)
        {
            house.Append(CultureInfo.InvariantCulture, $"R {region} 0 0 0 l  2 1.5 1.3  0 0 0 4 3 2.6  2.6  0 0 0 0\n")
                .Append(CultureInfo.InvariantCulture, $"S {region} {region} 0 f  2 1.5 0  0 0 1  0 0 0 4 3 0  0 0 0 0 0\n");
            foreach (var (x, y) in new[] { (0, 0), (4, 0), (4, 3), (0, 3) })
                house.Append(CultureInfo.InvariantCulture, $"V 0 {region} f  {x} {y} 0  0 0 1  0 0 0\n");
            for (int w = 0; w < 4; w++) house.Append(CultureInfo.InvariantCulture, $"O {w + 4 * region} {region} 0  2 1.5 1.3  1 0 0  0 1 0  2 1.5 1.3  0 0 0 0 0 0 0 0\n");
        }
        var conf = new StringBuilder().Append(CultureInfo.InvariantCulture, $"dataset matterport\nn_images {18 * panoramas}\ndepth_directory undistorted_depth_images\ncolor_directory undistorted_color_images\n");
        var jpeg = TexturedJpeg(width, height);
        var renderer = new MeshMaskRasterizer(new LabelledMesh([.. positions.SelectMany(p => new[] { (float)p.X, (float)p.Y, (float)p.Z })], [.. triangles], new ushort[segments.Count]));
        var buffers = new MeshMaskBuffers(width, height);
        var depth = new ushort[width * height];
        double f = width / 2.0 / Math.Tan(Math.PI / 4);
        for (int p = 0; p < panoramas; p++)
        {
            var name = $"{p:x32}";
            var at = new Vec3(1 + 2.0 * p / Math.Max(1, panoramas - 1), 1 + (p % 2) * 1.0, 1.5);
            house.Append(CultureInfo.InvariantCulture, $"P {name} {p} {p % 2} 0  {at.X:R} {at.Y:R} {at.Z:R}  0 0 0 0 0\n");
            for (int camera = 0; camera < 3; camera++)
            {
                conf.Append(CultureInfo.InvariantCulture, $"intrinsics_matrix {f:R} 0 {width / 2.0 - 0.5:R}  0 {f:R} {height / 2.0 - 0.5:R}  0 0 1\n");
                for (int yaw = 0; yaw < 6; yaw++)
                {
                    var gl = RouteFixture.GlPose(yaw * Math.PI / 3 + 0.1, (1 - camera) * Math.PI / 6, at);
                    conf.Append(CultureInfo.InvariantCulture, $"scan {name}_d{camera}_{yaw}.png {name}_i{camera}_{yaw}.jpg {string.Join(' ', gl.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\n");
                    File.WriteAllBytes(Path.Combine(dir, "undistorted_color_images", $"{name}_i{camera}_{yaw}.jpg"), jpeg);
                    var image = new MatterportImage(0, "", "", f, f, width / 2.0 - 0.5, height / 2.0 - 0.5,
                        new Mat4(gl[0], gl[1], gl[2], gl[3], gl[4], gl[5], gl[6], gl[7], gl[8], gl[9], gl[10], gl[11], 0, 0, 0, 1), 0);
                    renderer.Render(image.Intrinsics(height), image.CameraToWorld, buffers);
                    for (int i = 0; i < depth.Length; i++) depth[i] = (ushort)Math.Min(65535, Math.Round(buffers.DepthMeters(i) * 4000));
                    Png16.Write(Path.Combine(dir, "undistorted_depth_images", $"{name}_d{camera}_{yaw}.png"), width, height, depth);
                }
            }
        }
        File.WriteAllText(Path.Combine(dir, "house_segmentations", scan + ".house"), house.ToString());
        File.WriteAllText(Path.Combine(dir, "undistorted_camera_parameters", scan + ".conf"), conf.ToString());
    }

    /// <summary>The room's six faces as a grid of <paramref name="step"/>-metre squares; walls are objects 0–3, floor and ceiling none (−1).</summary>
    static (List<Vec3>, List<int>, List<int>) Room(double step)
    {
        var positions = new List<Vec3>();
        var triangles = new List<int>();
        var segments = new List<int>();
        void Quad(Vec3 origin, Vec3 u, Vec3 v, int segment)
        {
            int nu = (int)Math.Round(u.Length / step), nv = (int)Math.Round(v.Length / step);
            int first = positions.Count;
            for (int j = 0; j <= nv; j++)
                for (int i = 0; i <= nu; i++) positions.Add(origin + u * ((double)i / nu) + v * ((double)j / nv));
            for (int j = 0; j < nv; j++)
                for (int i = 0; i < nu; i++)
                {
                    int a = first + j * (nu + 1) + i, b = a + 1, c = a + nu + 1, d = c + 1;
                    triangles.AddRange([a, b, d, a, d, c]);
                    segments.Add(segment); segments.Add(segment);
                }
        }
        Quad(new Vec3(0, 0, 0), new Vec3(4, 0, 0), new Vec3(0, 0, 2.6), 0);
        Quad(new Vec3(4, 0, 0), new Vec3(0, 3, 0), new Vec3(0, 0, 2.6), 1);
        Quad(new Vec3(4, 3, 0), new Vec3(-4, 0, 0), new Vec3(0, 0, 2.6), 2);
        Quad(new Vec3(0, 3, 0), new Vec3(0, -3, 0), new Vec3(0, 0, 2.6), 3);
        Quad(new Vec3(0, 0, 0), new Vec3(4, 0, 0), new Vec3(0, 3, 0), -1);
        Quad(new Vec3(0, 0, 2.6), new Vec3(4, 0, 0), new Vec3(0, 3, 0), -1);
        return (positions, triangles, segments);
    }

    static byte[] TexturedJpeg(int width, int height)
    {
        var pixels = new byte[4 * width * height];
        var rng = new Random(7);
        for (int i = 0; i < width * height; i++)
        {
            int x = i % width, y = i / width;
            pixels[4 * i] = (byte)((x * 7 + y * 3) & 255);
            pixels[4 * i + 1] = (byte)rng.Next(256);
            pixels[4 * i + 2] = (byte)((x ^ y) & 255);
            pixels[4 * i + 3] = 255;
        }
        using var img = new RgbaImage(width, height, pixels);
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpeg(img, ms);
        return ms.ToArray();
    }
}
