using System.Globalization;
using System.Text;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes;

/// <summary>
/// ScanNet-style 4×4 matrix text files (pose/&lt;i&gt;.txt, intrinsic/intrinsic_color.txt): four lines of four numbers
/// separated by whitespace. Written with shortest round-trip formatting, so a pose read back is bit-identical.
/// Reading accepts ScanNet's "-inf"/"nan" spellings (invalid poses are data, not errors).
/// </summary>
public static class MatrixFile
{
    public static string Format(Mat4 m)
    {
        var sb = new StringBuilder(256);
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                if (c > 0) sb.Append(' ');
                sb.Append(FormatNumber(m[r, c]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    static string FormatNumber(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf"
        : (d == 0 ? 0.0 : d).ToString("R", CultureInfo.InvariantCulture);

    public static void Write(string path, Mat4 m) => AtomicFile.WriteAllText(path, Format(m));

    public static Mat4 Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SparException($"{path}: cannot read matrix file: {e.Message}", e); }
        return Parse(text, path);
    }

    /// <param name="fileName">Used in error messages only.</param>
    public static Mat4 Parse(string text, string fileName)
    {
        var values = new List<double>(16);
        var lines = text.Split('\n');
        for (var li = 0; li < lines.Length; li++)
        {
            var line = lines[li].Trim();
            if (line.Length == 0) continue;
            var fields = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4) throw new SparException($"{fileName}:{li + 1}: expected 4 numbers, found {fields.Length}");
            foreach (var f in fields)
            {
                if (!TryParseNumber(f, out var v)) throw new SparException($"{fileName}:{li + 1}: '{f}' is not a number");
                values.Add(v);
            }
        }
        if (values.Count != 16) throw new SparException($"{fileName}: expected 4 lines of 4 numbers, found {values.Count / 4} lines");
        return Mat4.FromRowMajor(values.ToArray());
    }

    static bool TryParseNumber(string s, out double v)
    {
        switch (s.ToLowerInvariant())
        {
            case "nan" or "-nan": v = double.NaN; return true;
            case "inf" or "+inf" or "infinity": v = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": v = double.NegativeInfinity; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }
}
