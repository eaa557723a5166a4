using System.Globalization;
using System.Text;

namespace Spar.PythonCompat;

/// <summary>
/// Python's <c>float(str)</c> and <c>int(str)</c> for the official scorer (bench.md §4.4): surrounding Unicode white
/// space, any Unicode decimal digit, a sign, exponents, <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case, and single
/// underscores between digits. A decimal too large for a double gives ±inf, as in Python.
/// </summary>
public static class PyFloat
{
    /// <summary>CPython's default limit on digits in <c>int(str)</c> (3.11+): longer strings raise ValueError.</summary>
    public const int MaxIntDigits = 4300;

    /// <summary><c>float(s)</c>; false where Python raises ValueError.</summary>
    public static bool TryParse(string s, out double value)
    {
        value = 0;
        var ascii = ToAscii(s);
        if (ascii is null) return false;
        var t = ascii.Trim(' ');
        if (t.Length == 0) return false;

        int i = 0;
        bool negative = false;
        if (t[0] is '+' or '-') { negative = t[0] == '-'; i = 1; }
        var body = t[i..];
        switch (body.ToLowerInvariant())
        {
            case "inf" or "infinity": value = negative ? double.NegativeInfinity : double.PositiveInfinity; return true;
            case "nan": value = double.NaN; return true;
        }

        // Validate Python's grammar, dropping underscores, then let .NET round (correctly, like CPython's dtoa).
        var sb = new StringBuilder(body.Length);
        int p = 0;
        int intDigits = Digits(body, ref p, sb);
        int fracDigits = 0;
        if (p < body.Length && body[p] == '.')
        {
            sb.Append('.');
            p++;
            fracDigits = Digits(body, ref p, sb);
            if (fracDigits < 0) return false;
        }
        if (intDigits < 0 || intDigits + Math.Max(fracDigits, 0) == 0) return false;
        if (p < body.Length && body[p] is 'e' or 'E')
        {
            sb.Append('e');
            p++;
            if (p < body.Length && body[p] is '+' or '-') sb.Append(body[p++]);
            if (Digits(body, ref p, sb) <= 0) return false;
        }
        if (p != body.Length) return false;
        value = double.Parse(sb.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (negative) value = -value;
        return true;
    }

    /// <summary><c>float(int(s))</c> for a run of decimal digits: the int raises past <see cref="MaxIntDigits"/>
    /// digits; the float conversion raises (OverflowError) when the integer does not fit a double.</summary>
    public static bool TryIntToDouble(string digits, out double value)
    {
        value = 0;
        if (digits.Length > MaxIntDigits) return false;
        value = double.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return !double.IsInfinity(value);
    }

    /// <summary>Reads digits with single underscores between them; returns the count, or −1 on a misplaced underscore.</summary>
    static int Digits(string s, ref int p, StringBuilder sb)
    {
        int count = 0;
        while (p < s.Length)
        {
            char c = s[p];
            if (c is >= '0' and <= '9') { sb.Append(c); count++; p++; }
            else if (c == '_')
            {
                if (count == 0 || p + 1 >= s.Length || s[p + 1] is < '0' or > '9') return -1;
                p++;
            }
            else break;
        }
        return count;
    }

    /// <summary>CPython's <c>_PyUnicode_TransformDecimalAndSpaceToASCII</c>: decimal digits to ASCII, white space to
    /// a space; null when another non-ASCII character is present (float() then fails).</summary>
    static string? ToAscii(string s)
    {
        bool plain = true;
        foreach (char c in s)
            if (c >= 0x80 || PyText.IsSpace(c)) { plain = false; break; }
        if (plain) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes())
        {
            if (r.Value < 0x80 && !PyText.IsSpace((char)r.Value)) sb.Append((char)r.Value);
            else if (r.IsBmp && PyText.IsSpace((char)r.Value)) sb.Append(' ');
            else if (PyText.IsDecimal(r)) sb.Append((char)('0' + PyText.DecimalValue(r)));
            else return null;
        }
        return sb.ToString();
    }
}
