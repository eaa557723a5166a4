using System.Globalization;
using Spar.Geometry;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Whether a ScanNet matrix (axis alignment, camera pose) is a rigid transform: a rotation plus a translation, last
/// row 0 0 0 1. ScanNet writes both as rotations in metres; anything else (a zeroed matrix, a scale, a shear, a
/// mirror) would silently move or squash every pose and box, so it is refused or the frame skipped.
/// </summary>
public static class RigidCheck
{
    /// <summary>
    /// Allowed deviation of the 3×3 part from orthonormal (each entry of R·Rᵀ − I) and of its determinant from 1.
    /// ScanNet's text files round to 6 decimals and <c>.sens</c> stores float32 (errors ~1e-6); 1e-3 leaves room for
    /// that and still refuses any real scale (0.1 %) or shear.
    /// </summary>
    public const double Tolerance = 1e-3;

    /// <summary>Null when <paramref name="m"/> is rigid, else why not (for messages).</summary>
    public static string? Problem(Mat4 m)
    {
        if (!m.IsFinite) return "has non-finite values";
        if (!m.IsAffine) return "last row is not 0 0 0 1";
        var a = m.ToRowMajor();
        double det = m.Determinant3;
        double worst = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double dot = a[4 * i] * a[4 * j] + a[4 * i + 1] * a[4 * j + 1] + a[4 * i + 2] * a[4 * j + 2];
                worst = Math.Max(worst, Math.Abs(dot - (i == j ? 1 : 0)));
            }
        if (worst <= Tolerance && Math.Abs(det - 1) <= Tolerance) return null;
        string d = det.ToString("0.######", CultureInfo.InvariantCulture);
        return Math.Abs(det) <= Tolerance ? $"is singular (3×3 determinant {d})"
            : det < 0 ? $"is a mirror, not a rotation (3×3 determinant {d})"
            : $"is not a rotation plus translation (3×3 part scaled or sheared; determinant {d}, rows orthonormal within {Tolerance} required)";
    }
}
