using System.Globalization;
using System.Text;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// 4×4 matrices as text, the way ScanNet's SensReader exports poses and intrinsics: four lines of four
/// space-separated numbers. Reading accepts numpy's <c>inf</c>/<c>-inf</c>/<c>nan</c> (ScanNet's failed poses).
/// </summary>
public static class MatrixText
{
    public static float[] Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read matrix: {e.Message}", e); }
        return Parse(text, path);
    }

    public static float[] Parse(string text, string name)
    {
        var m = new float[16];
        int n = 0, line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            foreach (var token in raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (n == 16) throw new SparException($"{name}:{line}: more than 16 values in a 4×4 matrix");
                m[n++] = ParseNumber(token) ?? throw new SparException($"{name}:{line}: '{token}' is not a number");
            }
        }
        if (n != 16) throw new SparException($"{name}: {n} values, expected 16 (a 4×4 matrix)");
        return m;
    }

    static float? ParseNumber(string token) => token.ToLowerInvariant() switch
    {
        "inf" or "+inf" or "infinity" => float.PositiveInfinity,
        "-inf" or "-infinity" => float.NegativeInfinity,
        "nan" or "-nan" => float.NaN,
        _ => float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : null,
    };

    /// <summary>Four lines of four numbers; values print with up to 9 significant digits, which round-trips float32.</summary>
    public static string Format(ReadOnlySpan<double> m)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                if (c > 0) sb.Append(' ');
                double v = m[4 * r + c];
                sb.Append((v == 0 ? 0.0 : v).ToString("G9", CultureInfo.InvariantCulture)); // no "-0"
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Format(ReadOnlySpan<float> m)
    {
        Span<double> d = stackalloc double[16];
        for (int i = 0; i < 16; i++) d[i] = m[i];
        return Format(d);
    }
}
