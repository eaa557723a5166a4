using System.Globalization;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>One line of <c>lowres_wide.traj</c>: its timestamp (seconds) and the camera-to-world pose (OpenCV camera).</summary>
public readonly record struct TrajPose(double Timestamp, Mat4 CameraToWorld);

/// <summary>
/// Readers for ARKitScenes' small text files (sources.md §4.2). Every error names the file and, for the trajectory,
/// the line.
/// </summary>
public static class ARKitScenesFormats
{
    /// <summary>
    /// A <c>.pincam</c>: one line <c>width height fx fy cx cy</c> (the toolkit's <c>st2_camera_intrinsics</c> reads the
    /// same six numbers; cx, cy are used as the principal point in pixels).
    /// </summary>
    public static (int Width, int Height, CameraIntrinsics K) ReadPincam(string path)
    {
        var lines = ReadLines(path);
        int n = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (n < 0) throw new SparException($"{path}: empty (expected one line 'width height fx fy cx cy')");
        string at = $"{path}:{n + 1}";
        var f = lines[n].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 6) throw new SparException($"{at}: expected 'width height fx fy cx cy', got {f.Length} field(s)");
        if (lines.Skip(n + 1).Any(l => l.Trim().Length > 0)) throw new SparException($"{path}: more than one line (a .pincam holds one camera)");
        double w = Number(f[0], at, "width"), h = Number(f[1], at, "height");
        if (w != Math.Floor(w) || w < 1 || h != Math.Floor(h) || h < 1 || w > 100_000 || h > 100_000)
            throw new SparException($"{at}: image size {f[0]}×{f[1]} is not a positive whole number of pixels");
        var k = new CameraIntrinsics(Number(f[2], at, "fx"), Number(f[3], at, "fy"), Number(f[4], at, "cx"), Number(f[5], at, "cy"));
        if (!(k.Fx > 0 && k.Fy > 0)) throw new SparException($"{at}: focal lengths must be positive (fx {f[2]}, fy {f[3]})");
        return ((int)w, (int)h, k);
    }

    /// <summary>
    /// <c>lowres_wide.traj</c>: per line <c>timestamp rx ry rz tx ty tz</c>, the axis-angle rotation (radians,
    /// <c>cv2.Rodrigues</c>) and translation (metres) of the <b>world-to-camera</b> transform, as the toolkit's
    /// <c>TrajStringToMatrix</c> reads it; each is inverted here, once, to spar's camera-to-world. Blank lines are
    /// ignored; anything else that is not seven finite numbers is an error naming the line. In file order.
    /// </summary>
    public static List<TrajPose> ReadTraj(string path)
    {
        var poses = new List<TrajPose>();
        int lineNo = 0;
        foreach (var raw in ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            string at = $"{path}:{lineNo}";
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 7) throw new SparException($"{at}: expected 'timestamp rx ry rz tx ty tz' (7 numbers), got {f.Length} field(s)");
            double ts = Number(f[0], at, "timestamp");
            var r = new Vec3(Number(f[1], at, "rx"), Number(f[2], at, "ry"), Number(f[3], at, "rz"));
            var t = new Vec3(Number(f[4], at, "tx"), Number(f[5], at, "ty"), Number(f[6], at, "tz"));
            poses.Add(new TrajPose(ts, CameraToWorld(r, t)));
        }
        if (poses.Count == 0) throw new SparException($"{path}: no pose");
        return poses;
    }

    /// <summary>
    /// The rotation of axis-angle <paramref name="r"/> (Rodrigues: R = I + sinθ·K + (1 − cosθ)·K², K the cross-product
    /// matrix of the unit axis), and camera-to-world = inverse of world-to-camera [R | t] = [Rᵀ | −Rᵀt].
    /// </summary>
    static Mat4 CameraToWorld(Vec3 r, Vec3 t)
    {
        double theta = r.Length;
        double r00 = 1, r01 = 0, r02 = 0, r10 = 0, r11 = 1, r12 = 0, r20 = 0, r21 = 0, r22 = 1;
        if (theta > 1e-12)
        {
            double x = r.X / theta, y = r.Y / theta, z = r.Z / theta;
            var (s, c) = Math.SinCos(theta);
            double v = 1 - c;
            r00 = c + x * x * v; r01 = x * y * v - z * s; r02 = x * z * v + y * s;
            r10 = y * x * v + z * s; r11 = c + y * y * v; r12 = y * z * v - x * s;
            r20 = z * x * v - y * s; r21 = z * y * v + x * s; r22 = c + z * z * v;
        }
        var cam = new Vec3(-(r00 * t.X + r10 * t.Y + r20 * t.Z), -(r01 * t.X + r11 * t.Y + r21 * t.Z), -(r02 * t.X + r12 * t.Y + r22 * t.Z));
        return new Mat4(r00, r10, r20, cam.X, r01, r11, r21, cam.Y, r02, r12, r22, cam.Z, 0, 0, 0, 1);
    }

    /// <summary>
    /// A timestamp as the toolkit keys it: <c>f"{round(float(ts), 3):.3f}"</c>, here as whole milliseconds (frame
    /// names already carry three decimals; the trajectory's longer timestamps are rounded).
    /// </summary>
    public static long Key(double seconds) => (long)Math.Round(seconds * 1000, MidpointRounding.ToEven);

    /// <summary>
    /// <c>metadata.csv</c>'s <c>sky_direction</c> per video id (<c>Up</c>, <c>Left</c>, <c>Right</c>, <c>Down</c>; the
    /// columns found by the header, as the toolkit's pandas reader does). Rows without one are left out.
    /// </summary>
    public static Dictionary<string, SkyDirection> ReadSkyDirections(string path)
    {
        var lines = ReadLines(path);
        if (lines.Length == 0) throw new SparException($"{path}: empty (expected a header with video_id and sky_direction)");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int idCol = header.IndexOf("video_id"), skyCol = header.IndexOf("sky_direction");
        if (idCol < 0 || skyCol < 0) throw new SparException($"{path}:1: header has no video_id and sky_direction columns");
        var result = new Dictionary<string, SkyDirection>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var f = lines[i].Split(',');
            if (f.Length <= Math.Max(idCol, skyCol)) throw new SparException($"{path}:{i + 1}: {f.Length} field(s), the header has {header.Count}");
            // pandas reads video_id as a number: 41048143.0 in some exports.
            var id = f[idCol].Trim();
            if (id.EndsWith(".0", StringComparison.Ordinal)) id = id[..^2];
            var sky = f[skyCol].Trim();
            if (sky.Length == 0 || sky == "NA") continue;
            result[id] = Sky.Parse(sky, $"{path}:{i + 1}");
        }
        return result;
    }

    static double Number(string s, string at, string what) => ImportFiles.Finite(s, at, what);

    static string[] ReadLines(string path) => ImportFiles.ReadLines(path);
}
