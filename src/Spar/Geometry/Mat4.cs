namespace Spar.Geometry;

/// <summary>
/// A 4×4 matrix in row-major order, used for homogeneous transforms such as camera-to-world poses
/// (the ScanNet pose file layout: four rows of four numbers). Immutable value type, double precision.
/// </summary>
public readonly struct Mat4 : IEquatable<Mat4>
{
    readonly double m00, m01, m02, m03, m10, m11, m12, m13, m20, m21, m22, m23, m30, m31, m32, m33;

    public Mat4(double m00, double m01, double m02, double m03,
                double m10, double m11, double m12, double m13,
                double m20, double m21, double m22, double m23,
                double m30, double m31, double m32, double m33)
    {
        this.m00 = m00; this.m01 = m01; this.m02 = m02; this.m03 = m03;
        this.m10 = m10; this.m11 = m11; this.m12 = m12; this.m13 = m13;
        this.m20 = m20; this.m21 = m21; this.m22 = m22; this.m23 = m23;
        this.m30 = m30; this.m31 = m31; this.m32 = m32; this.m33 = m33;
    }

    public static readonly Mat4 Identity = new(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);

    /// <summary>From 16 numbers in row-major order.</summary>
    public static Mat4 FromRowMajor(ReadOnlySpan<double> v)
    {
        if (v.Length != 16) throw new ArgumentException($"a 4x4 matrix needs 16 numbers, got {v.Length}", nameof(v));
        return new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
    }

    /// <summary>A rigid transform x' = R·x + t from the columns of R (the images of the x, y, z axes) and t.</summary>
    public static Mat4 FromAxes(Vec3 xAxis, Vec3 yAxis, Vec3 zAxis, Vec3 translation) => new(
        xAxis.X, yAxis.X, zAxis.X, translation.X,
        xAxis.Y, yAxis.Y, zAxis.Y, translation.Y,
        xAxis.Z, yAxis.Z, zAxis.Z, translation.Z,
        0, 0, 0, 1);

    public static Mat4 Translation(Vec3 t) => FromAxes(Vec3.UnitX, Vec3.UnitY, Vec3.UnitZ, t);

    /// <summary>Rotation by <paramref name="radians"/> about world Z (counter-clockwise seen from above).</summary>
    public static Mat4 RotationZ(double radians)
    {
        var (s, c) = Math.SinCos(radians);
        return new(c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    }

    public double this[int row, int col] => (row * 4 + col) switch
    {
        0 => m00, 1 => m01, 2 => m02, 3 => m03,
        4 => m10, 5 => m11, 6 => m12, 7 => m13,
        8 => m20, 9 => m21, 10 => m22, 11 => m23,
        12 => m30, 13 => m31, 14 => m32, 15 => m33,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    public double[] ToRowMajor() => [m00, m01, m02, m03, m10, m11, m12, m13, m20, m21, m22, m23, m30, m31, m32, m33];

    /// <summary>Column <paramref name="c"/> of the upper-left 3×3 block (for a pose: where the camera's axis c points in the world).</summary>
    public Vec3 Column3(int c) => new(this[0, c], this[1, c], this[2, c]);

    /// <summary>The translation part (for a camera-to-world pose: the camera centre in the world).</summary>
    public Vec3 TranslationPart => new(m03, m13, m23);

    public bool IsFinite
    {
        get
        {
            foreach (var v in ToRowMajor()) if (!double.IsFinite(v)) return false;
            return true;
        }
    }

    /// <summary>True when the bottom row is (0, 0, 0, 1), i.e. the matrix is an affine transform.</summary>
    public bool IsAffine => m30 == 0 && m31 == 0 && m32 == 0 && m33 == 1;

    /// <summary>Determinant of the upper-left 3×3 block.</summary>
    public double Determinant3 =>
        m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);

    public static Mat4 operator *(Mat4 a, Mat4 b)
    {
        Span<double> r = stackalloc double[16];
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
                r[i * 4 + j] = a[i, 0] * b[0, j] + a[i, 1] * b[1, j] + a[i, 2] * b[2, j] + a[i, 3] * b[3, j];
        return FromRowMajor(r);
    }

    /// <summary>Applies the transform to a point (w = 1). Assumes an affine matrix (poses are); the bottom row is ignored.</summary>
    public Vec3 TransformPoint(Vec3 p) => new(
        m00 * p.X + m01 * p.Y + m02 * p.Z + m03,
        m10 * p.X + m11 * p.Y + m12 * p.Z + m13,
        m20 * p.X + m21 * p.Y + m22 * p.Z + m23);

    /// <summary>Applies the linear part only (w = 0): directions are not translated.</summary>
    public Vec3 TransformDirection(Vec3 d) => new(
        m00 * d.X + m01 * d.Y + m02 * d.Z,
        m10 * d.X + m11 * d.Y + m12 * d.Z,
        m20 * d.X + m21 * d.Y + m22 * d.Z);

    /// <summary>
    /// General inverse by cofactors. Returns false (and leaves <paramref name="inverse"/> as default) when the matrix
    /// has a non-finite entry or is singular relative to its scale; real ScanNet poses contain -inf rows.
    /// </summary>
    public bool TryInvert(out Mat4 inverse)
    {
        inverse = default;
        if (!IsFinite) return false;
        var a = ToRowMajor();
        Span<double> inv = stackalloc double[16];
        inv[0] = a[5] * a[10] * a[15] - a[5] * a[11] * a[14] - a[9] * a[6] * a[15] + a[9] * a[7] * a[14] + a[13] * a[6] * a[11] - a[13] * a[7] * a[10];
        inv[4] = -a[4] * a[10] * a[15] + a[4] * a[11] * a[14] + a[8] * a[6] * a[15] - a[8] * a[7] * a[14] - a[12] * a[6] * a[11] + a[12] * a[7] * a[10];
        inv[8] = a[4] * a[9] * a[15] - a[4] * a[11] * a[13] - a[8] * a[5] * a[15] + a[8] * a[7] * a[13] + a[12] * a[5] * a[11] - a[12] * a[7] * a[9];
        inv[12] = -a[4] * a[9] * a[14] + a[4] * a[10] * a[13] + a[8] * a[5] * a[14] - a[8] * a[6] * a[13] - a[12] * a[5] * a[10] + a[12] * a[6] * a[9];
        inv[1] = -a[1] * a[10] * a[15] + a[1] * a[11] * a[14] + a[9] * a[2] * a[15] - a[9] * a[3] * a[14] - a[13] * a[2] * a[11] + a[13] * a[3] * a[10];
        inv[5] = a[0] * a[10] * a[15] - a[0] * a[11] * a[14] - a[8] * a[2] * a[15] + a[8] * a[3] * a[14] + a[12] * a[2] * a[11] - a[12] * a[3] * a[10];
        inv[9] = -a[0] * a[9] * a[15] + a[0] * a[11] * a[13] + a[8] * a[1] * a[15] - a[8] * a[3] * a[13] - a[12] * a[1] * a[11] + a[12] * a[3] * a[9];
        inv[13] = a[0] * a[9] * a[14] - a[0] * a[10] * a[13] - a[8] * a[1] * a[14] + a[8] * a[2] * a[13] + a[12] * a[1] * a[10] - a[12] * a[2] * a[9];
        inv[2] = a[1] * a[6] * a[15] - a[1] * a[7] * a[14] - a[5] * a[2] * a[15] + a[5] * a[3] * a[14] + a[13] * a[2] * a[7] - a[13] * a[3] * a[6];
        inv[6] = -a[0] * a[6] * a[15] + a[0] * a[7] * a[14] + a[4] * a[2] * a[15] - a[4] * a[3] * a[14] - a[12] * a[2] * a[7] + a[12] * a[3] * a[6];
        inv[10] = a[0] * a[5] * a[15] - a[0] * a[7] * a[13] - a[4] * a[1] * a[15] + a[4] * a[3] * a[13] + a[12] * a[1] * a[7] - a[12] * a[3] * a[5];
        inv[14] = -a[0] * a[5] * a[14] + a[0] * a[6] * a[13] + a[4] * a[1] * a[14] - a[4] * a[2] * a[13] - a[12] * a[1] * a[6] + a[12] * a[2] * a[5];
        inv[3] = -a[1] * a[6] * a[11] + a[1] * a[7] * a[10] + a[5] * a[2] * a[11] - a[5] * a[3] * a[10] - a[9] * a[2] * a[7] + a[9] * a[3] * a[6];
        inv[7] = a[0] * a[6] * a[11] - a[0] * a[7] * a[10] - a[4] * a[2] * a[11] + a[4] * a[3] * a[10] + a[8] * a[2] * a[7] - a[8] * a[3] * a[6];
        inv[11] = -a[0] * a[5] * a[11] + a[0] * a[7] * a[9] + a[4] * a[1] * a[11] - a[4] * a[3] * a[9] - a[8] * a[1] * a[7] + a[8] * a[3] * a[5];
        inv[15] = a[0] * a[5] * a[10] - a[0] * a[6] * a[9] - a[4] * a[1] * a[10] + a[4] * a[2] * a[9] + a[8] * a[1] * a[6] - a[8] * a[2] * a[5];
        var det = a[0] * inv[0] + a[1] * inv[4] + a[2] * inv[8] + a[3] * inv[12];
        // Singular relative to the matrix's own scale, so a pose in millimetres is judged like one in metres.
        double scale = 0;
        foreach (var v in a) scale = Math.Max(scale, Math.Abs(v));
        if (scale == 0 || !double.IsFinite(det) || Math.Abs(det) <= 1e-12 * Math.Pow(scale, 4)) return false;
        for (var i = 0; i < 16; i++) inv[i] /= det;
        inverse = FromRowMajor(inv);
        return inverse.IsFinite;
    }

    /// <summary>The inverse; throws when singular. Use <see cref="TryInvert"/> on data that may be bad.</summary>
    public Mat4 Inverse() => TryInvert(out var inv) ? inv : throw new InvalidOperationException("matrix is singular or not finite");

    /// <summary>Largest absolute entry-wise difference: a tolerance check for tests and validation.</summary>
    public double MaxAbsDifference(Mat4 other)
    {
        double d = 0;
        var a = ToRowMajor();
        var b = other.ToRowMajor();
        for (var i = 0; i < 16; i++) d = Math.Max(d, Math.Abs(a[i] - b[i]));
        return d;
    }

    public bool Equals(Mat4 other) => ToRowMajor().AsSpan().SequenceEqual(other.ToRowMajor());
    public override bool Equals(object? obj) => obj is Mat4 m && Equals(m);
    public override int GetHashCode() => HashCode.Combine(m00, m11, m22, m03, m13, m23);
    public static bool operator ==(Mat4 a, Mat4 b) => a.Equals(b);
    public static bool operator !=(Mat4 a, Mat4 b) => !a.Equals(b);

    public override string ToString()
    {
        var v = ToRowMajor();
        return string.Join("; ", Enumerable.Range(0, 4).Select(r => string.Join(" ", v[(r * 4)..(r * 4 + 4)].Select(x => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))));
    }
}
