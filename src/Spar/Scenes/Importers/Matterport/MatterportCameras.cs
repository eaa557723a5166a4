using System.Globalization;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>
/// One <c>scan</c> line of <c>undistorted_camera_parameters/&lt;scan&gt;.conf</c>: an undistorted image pair with the
/// intrinsics in force at that line and the camera-to-world matrix as written (OpenGL camera, bottom-left image origin).
/// </summary>
/// <param name="Ordinal">0-based position among the file's <c>scan</c> lines: the frame's index in spar.</param>
public sealed record MatterportImage(int Ordinal, string DepthFile, string ColorFile, double Fx, double Fy, double Cx, double Cy, Mat4 CameraToWorldGl, int Line)
{
    /// <summary>The colour file's name without extension (<c>&lt;panorama&gt;_i&lt;camera&gt;_&lt;yaw&gt;</c>): the frame's name in spar.</summary>
    public string Stem => System.IO.Path.GetFileNameWithoutExtension(ColorFile);

    /// <summary>The panorama (tripod position, = R2R/RxR viewpoint id): the colour file's name before <c>_i</c>.</summary>
    public string Panorama
    {
        get
        {
            int i = Stem.LastIndexOf("_i", StringComparison.Ordinal);
            return i > 0 ? Stem[..i] : Stem;
        }
    }

    /// <summary>
    /// spar's camera-to-world (OpenCV: x right, y down, z forward): the OpenGL camera's y and z columns negated.
    /// </summary>
    public Mat4 CameraToWorld => MatterportCameras.ToOpenCv(CameraToWorldGl);

    /// <summary>
    /// Intrinsics with image rows counted from the top (spar's, OpenCV's). The toolkit's own reader (GAPS R2Image)
    /// stores a file's first row as row H−1 and projects with v = cy + fy·y/depth on those bottom-up rows, so the
    /// top-down row is H−1−v and the principal point becomes H−1−cy; fx, fy, cx are unchanged (docs/matterport.md).
    /// </summary>
    public CameraIntrinsics Intrinsics(int height) => new(Fx, Fy, Cx, height - 1 - Cy);
}

/// <summary>Reads a Matterport3D undistorted camera file (niessner/Matterport data_organization.md, "undistorted_camera_parameters").</summary>
public static class MatterportCameras
{
    /// <summary>OpenGL camera (looks along −z, y up) to OpenCV (looks along +z, y down): c2w · diag(1, −1, −1, 1).</summary>
    public static Mat4 ToOpenCv(Mat4 gl) => new(
        gl[0, 0], -gl[0, 1], -gl[0, 2], gl[0, 3],
        gl[1, 0], -gl[1, 1], -gl[1, 2], gl[1, 3],
        gl[2, 0], -gl[2, 1], -gl[2, 2], gl[2, 3],
        gl[3, 0], -gl[3, 1], -gl[3, 2], gl[3, 3]);

    /// <summary>
    /// The file's images. The toolkit's reader (GAPS <c>RGBDConfiguration::ReadFile</c>) skips commands it does not
    /// know, and spar follows it, listing each skipped line in <paramref name="skipped"/> (<c>file:line: command</c>)
    /// so the importer can say so; <c>image</c> is its synonym of <c>scan</c>, and <c>color_intrinsics_matrix</c> /
    /// <c>depth_intrinsics_matrix</c> of <c>intrinsics_matrix</c> (depth is registered to colour).
    /// </summary>
    public static IReadOnlyList<MatterportImage> Read(string path, List<string>? skipped = null)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: not found (undistorted camera parameters)");
        string[] lines = ImportFiles.ReadLines(path);
        var images = new List<MatterportImage>();
        double[]? k = null;
        int declared = -1, declaredLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            int line = i + 1;
            var t = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0 || t[0].StartsWith('#')) continue;
            switch (t[0])
            {
                case "dataset": case "depth_directory": case "color_directory": case "image_directory": break;
                case "n_images":
                    if (t.Length < 2 || !int.TryParse(t[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out declared) || declared < 0)
                        throw new SparException($"{path}:{line}: n_images needs a non-negative integer");
                    declaredLine = line;
                    break;
                case "intrinsics_matrix": case "color_intrinsics_matrix": case "depth_intrinsics_matrix":
                    if (t.Length != 10) throw new SparException($"{path}:{line}: {t[0]} has {t.Length - 1} values, expected 9 (fx 0 cx 0 fy cy 0 0 1)");
                    k = Numbers(t, 1, 9, path, line, "intrinsics_matrix");
                    if (!(k[0] > 0 && k[4] > 0)) throw new SparException($"{path}:{line}: intrinsics_matrix focal lengths must be positive (fx {k[0]}, fy {k[4]})");
                    if (k[1] != 0 || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1)
                        throw new SparException($"{path}:{line}: intrinsics_matrix is not of the form fx 0 cx 0 fy cy 0 0 1");
                    break;
                case "scan": case "image":
                    if (k == null) throw new SparException($"{path}:{line}: {t[0]} line before any intrinsics_matrix line");
                    if (t.Length != 19) throw new SparException($"{path}:{line}: {t[0]} line has {t.Length - 1} fields, expected 18 (depth file, colour file, 16 matrix values)");
                    var m = Numbers(t, 3, 16, path, line, "camera-to-world matrix");
                    var pose = new Mat4(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15]);
                    if (!pose.IsAffine || !pose.TryInvert(out _)) throw new SparException($"{path}:{line}: camera-to-world matrix is not an invertible rigid transform (bottom row must be 0 0 0 1)");
                    images.Add(new MatterportImage(images.Count, t[1], t[2], k[0], k[4], k[2], k[5], pose, line));
                    break;
                default:
                    skipped?.Add($"{path}:{line}: {t[0]}");
                    break;
            }
        }
        if (declared >= 0 && declared != images.Count)
            throw new SparException($"{path}:{declaredLine}: n_images {declared}, but the file has {images.Count} scan line(s) (truncated?)");
        return images;
    }

    static double[] Numbers(string[] t, int start, int count, string path, int line, string what)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++)
            if (!double.TryParse(t[start + i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new SparException($"{path}:{line}: {what} value {i + 1} '{t[start + i]}' is not a finite number");
        return v;
    }
}
