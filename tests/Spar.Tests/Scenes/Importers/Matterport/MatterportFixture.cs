using System.Globalization;
using System.Text;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers.Matterport;

/// <summary>
/// A tiny Matterport3D scan written in the dataset's own formats (niessner/Matterport data_organization.md), with
/// numbers chosen so the truth is easy to state: a 4 m × 3 m counter-clockwise floor at z 0.1 with height 2.6; a chair
/// turned 45° (a0 = (0.707, 0.707, 0), a1 = (−0.707, 0.707, 0), radii 0.3 0.3 0.45); a vase whose first axis is the
/// vertical one and whose mpcat40 class is the catch-all <c>objects</c>; two cameras of one panorama in OpenGL
/// convention (camera 0 looking along +x, camera 1 along +y) with cy counted from the bottom row; depth in 0.25 mm units;
/// and a region mesh whose big wall at x = 3 is labelled with the chair's object index.
/// </summary>
public sealed class MatterportFixture
{
    public const string Scan = "17DRP5sb8fy";
    public const string Pano = "0f37bd0737e349de9d536263a4bdd60d";
    public const string SecondPano = "1a2b3c4d5e6f708192a3b4c5d6e7f809"; // in region 1 (a second, empty region)
    public const int Width = 64, Height = 48;
    public const double Fx = 50, Fy = 52, Cx0 = 31.5, CyBottom0 = 20, Cx1 = 32, CyBottom1 = 25;

    /// <summary>Camera 0 at (2, 1.5, 1.5) looking along +x: OpenGL columns right (0,−1,0), up (0,0,1), back (−1,0,0).</summary>
    public static readonly double[] Camera0Gl = [0, 0, -1, 2, -1, 0, 0, 1.5, 0, 1, 0, 1.5, 0, 0, 0, 1];

    /// <summary>Camera 1 at (2, 1.5, 1.5) looking along +y: right (1,0,0), up (0,0,1), back (0,−1,0).</summary>
    public static readonly double[] Camera1Gl = [1, 0, 0, 2, 0, 0, -1, 1.5, 0, 1, 0, 1.5, 0, 0, 0, 1];

    /// <summary>The depth written for camera 0: 4000 units (1.000 m) — the wall at x = 3 — except a few pixels.</summary>
    public static ushort DepthUnits(int camera, int x, int y) => camera == 1 ? (ushort)(4 * 1234 + (x % 4)) : (ushort)4000;

    public required string Root { get; init; }
    public string ScanDir => Path.Combine(Root, Scan);
    public string House => Path.Combine(ScanDir, "house_segmentations", Scan + ".house");
    public string Conf => Path.Combine(ScanDir, "undistorted_camera_parameters", Scan + ".conf");
    public string RegionMesh => Path.Combine(ScanDir, "region_segmentations", "region0.ply");

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string HouseText() => string.Join('\n',
        "ASCII 1.1",
        "H " + Scan + " house 2 2 4 1 0 2 2 2 0 1  0 0 0 0 0  0 0 0 4 3 2.7  0 0 0 0 0",
        "L 0 2 - 2 1.5 1.3  0 0 0.1 4 3 2.7  0 0 0 0 0",
        "R 0 0 0 0 b  2 1.5 1.3  0 0 0.1 4 3 2.7  2.6  0 0 0 0",
        "R 1 0 0 0 h  6 1.5 1.3  4 0 0.1 8 3 2.7  2.6  0 0 0 0",
        "P " + Pano + " 0 0 0  2 1.5 1.5  0 0 0 0 0",
        "P " + SecondPano + " 1 1 0  6 1.5 1.5  0 0 0 0 0",
        "S 0 0 0 f  2 1.5 0.1  0 0 1  0 0 0.1 4 3 0.1  0 0 0 0 0",
        "V 0 0 f  0 0 0.1  0 0 1  0 0 0",
        "V 1 0 f  4 0 0.1  0 0 1  0 0 0",
        "V 2 0 f  4 3 0.1  0 0 1  0 0 0",
        "V 3 0 f  0 3 0.1  0 0 1  0 0 0",
        "C 0 3 chair 3 chair 0 0 0 0 0",
        "C 1 77 vase 39 objects 0 0 0 0 0",
        "O 0 0 0  1.5 1 0.55  0.707107 0.707107 0  -0.707107 0.707107 0  0.3 0.3 0.45  0 0 0 0 0 0 0 0",
        "O 1 0 1  3 2.5 0.9  0 0 1  1 0 0  0.15 0.1 0.05  0 0 0 0 0 0 0 0",
        "P 0 0 1 door  3.9 1 0.1 4.1 2 2.2  0 0 0 0", // a portal, which shares the letter with panoramas: skipped
        "");

    public static string ConfText() => string.Join('\n',
        "dataset matterport",
        "n_images 2",
        "depth_directory undistorted_depth_images",
        "color_directory undistorted_color_images",
        "",
        $"intrinsics_matrix {F(Fx)} 0 {F(Cx0)}  0 {F(Fy)} {F(CyBottom0)}  0 0 1",
        $"scan {Pano}_d0_0.png {Pano}_i0_0.jpg " + string.Join(' ', Camera0Gl.Select(F)),
        $"intrinsics_matrix {F(Fx)} 0 {F(Cx1)}  0 {F(Fy)} {F(CyBottom1)}  0 0 1",
        $"scan {Pano}_d1_0.png {Pano}_i1_0.jpg " + string.Join(' ', Camera1Gl.Select(F)),
        "");

    /// <summary>An ASCII PLY: a big quad in the plane x = 3 (object 0, face_segment 0) and a small one far off (face_segment 9, no object).</summary>
    public static string RegionMeshText() => string.Join('\n',
        "ply", "format ascii 1.0",
        "element vertex 8",
        "property float x", "property float y", "property float z",
        "element face 3",
        "property list uchar int vertex_indices",
        "property int face_material", "property int face_segment", "property int face_category",
        "end_header",
        "3 -5 -5", "3 8 -5", "3 8 8", "3 -5 8",
        "10 10 10", "10.1 10 10", "10 10.1 10", "10 10 10.1",
        "4 0 1 2 3 7 0 3",
        "3 4 5 6 8 9 0",
        "3 4 5 7 8 -1 0",
        "");

    public static MatterportFixture Write(string root)
    {
        var f = new MatterportFixture { Root = root };
        foreach (var d in new[] { "house_segmentations", "undistorted_camera_parameters", "undistorted_color_images", "undistorted_depth_images", "region_segmentations" })
            Directory.CreateDirectory(Path.Combine(f.ScanDir, d));
        File.WriteAllText(f.House, HouseText());
        File.WriteAllText(f.Conf, ConfText());
        File.WriteAllText(f.RegionMesh, RegionMeshText());
        foreach (int camera in new[] { 0, 1 })
        {
            var depth = new ushort[Width * Height];
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++) depth[y * Width + x] = DepthUnits(camera, x, y);
            Png16.Write(Path.Combine(f.ScanDir, "undistorted_depth_images", $"{Pano}_d{camera}_0.png"), Width, Height, depth);
            using var img = new RgbaImage(Width, Height);
            using var jpeg = new MemoryStream();
            ImageCodec.EncodeJpeg(img, jpeg);
            File.WriteAllBytes(Path.Combine(f.ScanDir, "undistorted_color_images", $"{Pano}_i{camera}_0.jpg"), jpeg.ToArray());
        }
        return f;
    }

    /// <summary>Replaces line <paramref name="line"/> (1-based) of a text file.</summary>
    public static void ReplaceLine(string path, int line, string text)
    {
        var lines = File.ReadAllLines(path);
        lines[line - 1] = text;
        File.WriteAllText(path, string.Join('\n', lines) + "\n", Encoding.ASCII);
    }
}
