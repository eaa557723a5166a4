using System.Globalization;
using System.IO.Compression;
using System.Text;
using Spar.Geometry;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers.Matterport;

/// <summary>
/// A connectivity graph of four viewpoints (A, B, C included; D not), the undistorted images of their panoramas and
/// RxR / R2R path files, all in the datasets' own formats. A → B is 3 m along +y (heading 0), B → C 3 m at heading
/// 60° (turning right); each panorama has six level images (camera 1) facing headings 0°, 60° … 300° and six tilted 30°
/// up (camera 0) with the same headings, in OpenGL convention as the .conf writes them.
/// </summary>
public sealed class RouteFixture
{
    public const string Scan = MatterportFixture.Scan;
    public const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0", B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1", C = "ccccccccccccccccccccccccccccccc2", D = "ddddddddddddddddddddddddddddddd3";
    public const int Width = 16, Height = 12;
    public const double EyeZ = 1.5;

    public static readonly Vec3 PA = new(0, 0, EyeZ), PB = new(0, 3, EyeZ), PC = new(3 * Math.Sin(Math.PI / 3), 3 + 3 * Math.Cos(Math.PI / 3), EyeZ), PD = new(5, 5, EyeZ);

    public required string Root { get; init; }
    public string Scans => Path.Combine(Root, "scans");
    public string Connectivity => Path.Combine(Root, "connectivity");
    public string GraphFile => Path.Combine(Connectivity, Scan + "_connectivity.json");
    public string Conf => Path.Combine(Scans, Scan, "undistorted_camera_parameters", Scan + ".conf");

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The OpenGL camera-to-world of an image facing heading h (from +y, turning right) at elevation e: columns right,
    /// up, back (= −forward), row major as the .conf writes it.
    /// </summary>
    public static double[] GlPose(double h, double e, Vec3 p)
    {
        var f = new Vec3(Math.Sin(h) * Math.Cos(e), Math.Cos(h) * Math.Cos(e), Math.Sin(e));
        var r = new Vec3(Math.Cos(h), -Math.Sin(h), 0);
        var up = r.Cross(f); // right × forward = up for a right-handed camera (x right, y up, z back)
        return [r.X, up.X, -f.X, p.X, r.Y, up.Y, -f.Y, p.Y, r.Z, up.Z, -f.Z, p.Z, 0, 0, 0, 1];
    }

    public static string GraphText(bool asymmetric = false)
    {
        (string Id, Vec3 P, bool Included, bool[] Un)[] nodes =
        [
            (A, PA, true, [false, true, false, true]),
            (B, PB, true, [true, false, true, false]),
            (C, PC, true, [false, !asymmetric, false, true]),
            (D, PD, false, [true, false, true, false]),
        ];
        var sb = new StringBuilder("[");
        for (int i = 0; i < nodes.Length; i++)
        {
            var n = nodes[i];
            if (i > 0) sb.Append(',');
            // Pose as the simulator writes it: skybox → world, rotation arbitrary here, position in the last column.
            double[] pose = [0, -1, 0, n.P.X, 1, 0, 0, n.P.Y, 0, 0, 1, n.P.Z, 0, 0, 0, 1];
            sb.Append(CultureInfo.InvariantCulture, $"{{\"image_id\": \"{n.Id}\", \"pose\": [{string.Join(", ", pose.Select(F))}], \"included\": {(n.Included ? "true" : "false")}, ")
              .Append(CultureInfo.InvariantCulture, $"\"visible\": [{string.Join(", ", n.Un.Select(b => b ? "true" : "false"))}], \"unobstructed\": [{string.Join(", ", n.Un.Select(b => b ? "true" : "false"))}], \"height\": 1.5}}");
        }
        return sb.Append(']').ToString();
    }

    /// <summary>An RxR guide line, as the README shows one (fields spar does not use included).</summary>
    public static string RxrLine(int instructionId, string language, int pathId, IEnumerable<string> path, double heading, string text) =>
        $"{{\"split\": \"train\", \"instruction_id\": {instructionId}, \"annotator_id\": 3, \"language\": \"{language}\", \"path_id\": {pathId}, \"scan\": \"{Scan}\", " +
        $"\"path\": [{string.Join(", ", path.Select(p => $"\"{p}\""))}], \"heading\": {F(heading)}, \"instruction\": \"{text}\", " +
        "\"timed_instruction\": [{\"word\": \"walk\", \"start_time\": 0.5, \"end_time\": 0.9}], \"edit_distance\": 0.07}";

    public static RouteFixture Write(string root)
    {
        var f = new RouteFixture { Root = root };
        var scan = Path.Combine(f.Scans, Scan);
        foreach (var d in new[] { "undistorted_camera_parameters", "undistorted_color_images", "undistorted_depth_images" })
            Directory.CreateDirectory(Path.Combine(scan, d));
        Directory.CreateDirectory(f.Connectivity);
        File.WriteAllText(f.GraphFile, GraphText());
        var conf = new StringBuilder("dataset matterport\nn_images 48\ndepth_directory undistorted_depth_images\ncolor_directory undistorted_color_images\n");
        using var img = new RgbaImage(Width, Height);
        using var jpegStream = new MemoryStream();
        ImageCodec.EncodeJpeg(img, jpegStream);
        var jpeg = jpegStream.ToArray();
        var depth = Enumerable.Repeat((ushort)8000, Width * Height).ToArray();
        foreach (var (id, p) in new[] { (A, PA), (B, PB), (C, PC), (D, PD) })
            foreach (int camera in new[] { 0, 1 })
            {
                conf.Append(CultureInfo.InvariantCulture, $"intrinsics_matrix 10 0 7.5 0 10 5.5 0 0 1\n");
                for (int yaw = 0; yaw < 6; yaw++)
                {
                    double e = camera == 0 ? Math.PI / 6 : 0;
                    conf.Append(CultureInfo.InvariantCulture, $"scan {id}_d{camera}_{yaw}.png {id}_i{camera}_{yaw}.jpg {string.Join(' ', GlPose(yaw * Math.PI / 3, e, p).Select(F))}\n");
                    File.WriteAllBytes(Path.Combine(scan, "undistorted_color_images", $"{id}_i{camera}_{yaw}.jpg"), jpeg);
                    Png16.Write(Path.Combine(scan, "undistorted_depth_images", $"{id}_d{camera}_{yaw}.png"), Width, Height, depth);
                }
            }
        File.WriteAllText(f.Conf, conf.ToString());
        return f;
    }

    public static void WriteGz(string path, string text)
    {
        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(text));
    }
}
