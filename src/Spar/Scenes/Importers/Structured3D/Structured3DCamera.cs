using System.Globalization;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.Structured3D;

/// <summary>
/// One perspective view's <c>camera_pose.txt</c>: a single line <c>eye(3, mm) view(3) up(3) xfov yfov [1]</c>, the FoVs
/// being <b>half</b>-angles in radians. The toolkit's <c>parse_camera_info</c> builds <c>W = view</c>, <c>U = W × up</c>,
/// <c>V = −(W × U)</c> with rows <c>[U; V; W]</c> and flips y when projecting, so the OpenCV camera axes are
/// x = U, y = −V = W × U, z = W. The principal point is the image centre <c>(W/2, H/2)</c> and the focal lengths
/// <c>cx / tan(xfov)</c>, <c>cy / tan(yfov)</c>, as the toolkit's K (kept as is: pixel index = image coordinate).
/// </summary>
public static class Structured3DCamera
{
    /// <summary>The camera-to-world pose (metres) and intrinsics of a view of <paramref name="width"/>×<paramref name="height"/> pixels.</summary>
    public static (Mat4 Pose, CameraIntrinsics Intrinsics) Read(string path, int width, int height) =>
        Parse(File.ReadAllText(path), path, width, height);

    public static (Mat4 Pose, CameraIntrinsics Intrinsics) Parse(string text, string where, int width, int height)
    {
        var lines = text.Split('\n').Select((l, i) => (Text: l.Trim(), Line: i + 1)).Where(l => l.Text.Length > 0).ToList();
        if (lines.Count == 0) throw new SparException($"{where}: empty: expected one line 'eye(3) view(3) up(3) xfov yfov 1'");
        if (lines.Count > 1) throw new SparException($"{where}:{lines[1].Line}: expected one line, found {lines.Count} (a panorama camera_xyz.txt or several poses?)");
        var (line, n) = lines[0];
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is not (11 or 12))
            throw new SparException($"{where}:{n}: expected 12 numbers 'eye(3) view(3) up(3) xfov yfov 1', found {tokens.Length}");
        var v = new double[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
            if (!double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new SparException($"{where}:{n}: value {i + 1} '{tokens[i]}' is not a finite number");
        var eye = new Vec3(v[0], v[1], v[2]);
        var view = new Vec3(v[3], v[4], v[5]);
        var up = new Vec3(v[6], v[7], v[8]);
        double xfov = v[9], yfov = v[10];
        if (view.Length < 1e-9) throw new SparException($"{where}:{n}: view direction is zero");
        var w = view.Normalized();
        var right = w.Cross(up);
        // The toolkit does not normalise U; a unit U keeps the pose a rotation when up is not exactly orthogonal to view.
        if (up.Length < 1e-9 || right.Length < 1e-6 * up.Length)
            throw new SparException($"{where}:{n}: up vector {up} is zero or parallel to the view direction");
        if (!(xfov > 0 && xfov < Math.PI / 2) || !(yfov > 0 && yfov < Math.PI / 2))
            throw new SparException($"{where}:{n}: half-angle FoVs must be in (0, π/2) radians, found xfov {xfov}, yfov {yfov}");
        var u = right.Normalized();
        var down = w.Cross(u);
        var pose = Mat4.FromAxes(u, down, w, eye / 1000);
        double cx = width / 2.0, cy = height / 2.0;
        return (pose, new CameraIntrinsics(cx / Math.Tan(xfov), cy / Math.Tan(yfov), cx, cy));
    }

    /// <summary>
    /// Camera z (mm, rounded) from Structured3D's depth, which is the <b>ray length</b> from the eye:
    /// <c>z = d / ‖K⁻¹[u v 1]‖</c> per pixel; 0 (no reading) stays 0.
    /// </summary>
    public static void RayLengthToZ(ReadOnlySpan<ushort> rayMm, Span<ushort> zMm, int width, int height, CameraIntrinsics k)
    {
        for (int y = 0; y < height; y++)
        {
            double b = (y - k.Cy) / k.Fy;
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                ushort d = rayMm[i];
                if (d == 0) { zMm[i] = 0; continue; }
                double a = (x - k.Cx) / k.Fx;
                zMm[i] = (ushort)Math.Round(d / Math.Sqrt(a * a + b * b + 1), MidpointRounding.AwayFromZero);
            }
        }
    }
}
