using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>
/// A camera of <c>cameras.txt</c>: its image size, pinhole intrinsics (pixels) and distortion terms (params[4..]: OPENCV
/// k1 k2 p1 p2, OPENCV_FISHEYE k1 k2 k3 k4; empty for the pinhole models).
/// </summary>
public sealed record ColmapCamera(int Id, string Model, int Width, int Height, CameraIntrinsics Intrinsics, bool HasDistortion)
{
    public IReadOnlyList<double> Distortion { get; init; } = [];

    /// <summary>Which line of which file described it, for messages.</summary>
    public string At { get; init; } = "";
}

/// <summary>One registered frame of <c>images.txt</c>: its frame number, camera and camera-to-world pose (OpenCV axes).</summary>
public sealed record ColmapFrame(long Frame, int CameraId, Mat4 CameraToWorld);

/// <summary>
/// Readers for the COLMAP text model ScanNet++ ships for the iPhone (<c>iphone/colmap/</c>). COLMAP stores
/// <b>world-to-camera</b> poses (<c>QW QX QY QZ TX TY TZ</c>, Hamilton quaternion, OpenCV camera); spar's scenes hold
/// camera-to-world, so each is inverted here, once. Every error names the file and line.
/// </summary>
public static partial class ScanNetppColmap
{
    [GeneratedRegex(@"^frame_([0-9]+)\.jpg$")] private static partial Regex FrameName();

    /// <summary>
    /// The cameras of <c>cameras.txt</c> by id. fx, fy, cx, cy are params[0..3] as the toolkit's
    /// <c>camera_to_intrinsic</c> reads them (SIMPLE_PINHOLE's single f is both); distortion terms of OPENCV models are
    /// reported, not applied (ScanNet++'s iPhone model is undistorted in practice; docs/scannetpp.md).
    /// </summary>
    public static IReadOnlyDictionary<int, ColmapCamera> ReadCameras(string path)
    {
        var cameras = new Dictionary<int, ColmapCamera>();
        int lineNo = 0;
        foreach (var raw in ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            string at = $"{path}:{lineNo}";
            if (f.Length < 4) throw new SparException($"{at}: expected 'CAMERA_ID MODEL WIDTH HEIGHT PARAMS…', got {f.Length} field(s)");
            int id = Int(f[0], at, "CAMERA_ID");
            int w = Int(f[2], at, "WIDTH"), h = Int(f[3], at, "HEIGHT");
            if (w <= 0 || h <= 0) throw new SparException($"{at}: image size {w}×{h} is not positive");
            var p = f.Skip(4).Select((v, i) => Number(v, at, $"parameter {i + 1}")).ToArray();
            (int count, bool distortion) = f[1] switch
            {
                "SIMPLE_PINHOLE" => (3, false),
                "PINHOLE" => (4, false),
                "OPENCV" => (8, p.Length >= 8 && p[4..8].Any(d => d != 0)),
                "OPENCV_FISHEYE" => (8, p.Length >= 8 && p[4..8].Any(d => d != 0)),
                _ => throw new SparException($"{at}: camera model '{f[1]}' is not supported (PINHOLE, SIMPLE_PINHOLE, OPENCV, OPENCV_FISHEYE)"),
            };
            if (p.Length != count) throw new SparException($"{at}: {f[1]} has {count} parameters, found {p.Length}");
            var k = f[1] == "SIMPLE_PINHOLE" ? new CameraIntrinsics(p[0], p[0], p[1], p[2]) : new CameraIntrinsics(p[0], p[1], p[2], p[3]);
            if (!(k.Fx > 0 && k.Fy > 0)) throw new SparException($"{at}: focal lengths must be positive (fx {k.Fx}, fy {k.Fy})");
            if (!cameras.TryAdd(id, new ColmapCamera(id, f[1], w, h, k, distortion) { Distortion = p[(f[1] == "SIMPLE_PINHOLE" ? 3 : 4)..], At = at }))
                throw new SparException($"{at}: camera {id} is listed twice");
        }
        if (cameras.Count == 0) throw new SparException($"{path}: no camera");
        return cameras;
    }

    /// <summary>
    /// The frames of <c>images.txt</c>, by frame number (from <c>NAME</c> = <c>frame_%06d.jpg</c>). As COLMAP's own
    /// reader, a non-comment line is an image and the line after it its 2D points (possibly empty, never parsed).
    /// The quaternion is normalised (COLMAP writes it normalised to print precision); one far from unit length, a
    /// camera not in <paramref name="cameras"/> or a repeated frame is an error naming the line.
    /// </summary>
    public static IReadOnlyDictionary<long, ColmapFrame> ReadImages(string path, IReadOnlyDictionary<int, ColmapCamera> cameras)
    {
        var frames = new Dictionary<long, ColmapFrame>();
        foreach (var (name, at, camera, c2w) in ReadImageLines(path, cameras))
        {
            var m = FrameName().Match(name[(name.LastIndexOf('/') + 1)..]);
            if (!m.Success || !long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long frame))
                throw new SparException($"{at}: image name '{name}' is not an iPhone frame (frame_%06d.jpg)");
            if (!frames.TryAdd(frame, new ColmapFrame(frame, camera, c2w))) throw new SparException($"{at}: frame {frame} is listed twice");
        }
        return frames;
    }

    /// <summary>
    /// The images of a COLMAP <c>images.txt</c> by <c>NAME</c> (the DSLR's <c>DSC01234.JPG</c>; a path's folders
    /// dropped), with the same checks as <see cref="ReadImages"/>. The frame number of each is 0: the caller ranks them.
    /// </summary>
    public static IReadOnlyDictionary<string, ColmapFrame> ReadNamedImages(string path, IReadOnlyDictionary<int, ColmapCamera> cameras)
    {
        var images = new Dictionary<string, ColmapFrame>(StringComparer.Ordinal);
        foreach (var (name, at, camera, c2w) in ReadImageLines(path, cameras))
            if (!images.TryAdd(name[(name.LastIndexOf('/') + 1)..], new ColmapFrame(0, camera, c2w)))
                throw new SparException($"{at}: image '{name}' is listed twice");
        return images;
    }

    static IEnumerable<(string Name, string At, int Camera, Mat4 CameraToWorld)> ReadImageLines(string path, IReadOnlyDictionary<int, ColmapCamera> cameras)
    {
        var lines = ReadLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string at = $"{path}:{i + 1}";
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 10) throw new SparException($"{at}: expected 'IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME', got {f.Length} field(s)");
            double qw = Number(f[1], at, "QW"), qx = Number(f[2], at, "QX"), qy = Number(f[3], at, "QY"), qz = Number(f[4], at, "QZ");
            var t = new Vec3(Number(f[5], at, "TX"), Number(f[6], at, "TY"), Number(f[7], at, "TZ"));
            int camera = Int(f[8], at, "CAMERA_ID");
            if (!cameras.ContainsKey(camera)) throw new SparException($"{at}: camera {camera} is not in cameras.txt");
            var name = f[9].Replace('\\', '/');
            double norm = Math.Sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
            if (Math.Abs(norm - 1) > 1e-3) throw new SparException($"{at}: quaternion has length {norm:0.######}, not 1");
            yield return (name, at, camera, CameraToWorld(qw / norm, qx / norm, qy / norm, qz / norm, t));
            i++; // the POINTS2D line that follows every image line
        }
    }

    /// <summary>
    /// Inverts COLMAP's world-to-camera [R(q) | t]: camera-to-world is [Rᵀ | −Rᵀt]. R(q) is the Hamilton rotation
    /// matrix of (w, x, y, z), as COLMAP's <c>qvec2rotmat</c>.
    /// </summary>
    static Mat4 CameraToWorld(double w, double x, double y, double z, Vec3 t)
    {
        double r00 = 1 - 2 * (y * y + z * z), r01 = 2 * (x * y - w * z), r02 = 2 * (x * z + w * y);
        double r10 = 2 * (x * y + w * z), r11 = 1 - 2 * (x * x + z * z), r12 = 2 * (y * z - w * x);
        double r20 = 2 * (x * z - w * y), r21 = 2 * (y * z + w * x), r22 = 1 - 2 * (x * x + y * y);
        // Rᵀ's columns are R's rows.
        var c = new Vec3(-(r00 * t.X + r10 * t.Y + r20 * t.Z), -(r01 * t.X + r11 * t.Y + r21 * t.Z), -(r02 * t.X + r12 * t.Y + r22 * t.Z));
        return new Mat4(r00, r10, r20, c.X, r01, r11, r21, c.Y, r02, r12, r22, c.Z, 0, 0, 0, 1);
    }

    static int Int(string s, string at, string what) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v
        : throw new SparException($"{at}: {what} '{s}' is not an integer");

    static double Number(string s, string at, string what) => ImportFiles.Finite(s, at, what);

    static string[] ReadLines(string path) => ImportFiles.ReadLines(path);
}
