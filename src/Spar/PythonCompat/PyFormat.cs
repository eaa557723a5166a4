using System.Globalization;
using System.Text;

namespace Spar.PythonCompat;

/// <summary>Python's text forms of numbers, needed where spar must write what the official Python scripts write.</summary>
public static class PyFormat
{
    /// <summary>
    /// <c>repr(float)</c> / <c>str(float)</c>: the shortest round-trip digits; exponent form when the decimal exponent is
    /// below −4 or at least 16 (<c>1e-05</c>, <c>1e+16</c>), otherwise fixed with a fractional part (<c>2.0</c>).
    /// </summary>
    public static string FloatRepr(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsPositiveInfinity(x)) return "inf";
        if (double.IsNegativeInfinity(x)) return "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";

        // .NET's "R" gives the same shortest round-trip digits as Python; only the layout differs.
        var (negative, digits, pointPos) = Decompose(x.ToString("R", CultureInfo.InvariantCulture));
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        int exp = pointPos - 1; // scientific exponent
        if (exp < -4 || exp >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        return sb.ToString();
    }

    /// <summary>Splits a .NET number string into sign, significant digits and the position of the decimal point.</summary>
    static (bool Negative, string Digits, int PointPos) Decompose(string s)
    {
        bool negative = s.StartsWith('-');
        if (negative) s = s[1..];
        int exp = 0;
        int e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        string intPart = dot >= 0 ? s[..dot] : s;
        string frac = dot >= 0 ? s[(dot + 1)..] : "";
        string all = intPart + frac;
        int pointPos = intPart.Length + exp;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') { lead++; pointPos--; }
        all = all[lead..].TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (negative, all, pointPos);
    }
}

/// <summary>A number as Python's <c>json</c> module would have parsed it: an int or a float, which print differently.</summary>
public readonly record struct PyNumber(double Value, bool IsInt)
{
    public static PyNumber Int(long v) => new(v, true);
    public static PyNumber Float(double v) => new(v, false);

    /// <summary>Python <c>str()</c>: integers as plain digits, floats by <see cref="PyFormat.FloatRepr"/>.</summary>
    public override string ToString() =>
        IsInt ? ((long)Value).ToString(CultureInfo.InvariantCulture) : PyFormat.FloatRepr(Value);

    /// <summary>Parses a JSON number literal: no fraction and no exponent means int, as in Python's json module.</summary>
    public static bool TryParse(string text, out PyNumber number)
    {
        text = text.Trim();
        bool isInt = text.Length > 0 && text.IndexOfAny(['.', 'e', 'E']) < 0 && !text.Contains("inf", StringComparison.OrdinalIgnoreCase)
                     && !text.Contains("nan", StringComparison.OrdinalIgnoreCase);
        if (isInt && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            number = Int(l);
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !isInt)
        {
            number = Float(d);
            return true;
        }
        number = default;
        return false;
    }
}
