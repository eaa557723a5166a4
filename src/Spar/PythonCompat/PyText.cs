using System.Globalization;
using System.Text;

namespace Spar.PythonCompat;

/// <summary>
/// Python 3.11 string semantics the official scorer depends on (bench.md §4.4), on .NET strings. Python 3.11 uses
/// Unicode 14.0; .NET knows newer characters, so decimal digits added after 14.0 are excluded to match.
/// </summary>
public static class PyText
{
    /// <summary>Python's <c>str.isspace</c> set: .NET's white space plus U+001C–U+001F (bidi class B/S).</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    /// <summary><c>str.strip()</c>.</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>
    /// <c>str.lower()</c>: the simple lowercase mapping per code point, plus Python's two full mappings: U+0130 becomes
    /// "i̇" (two code points) and a capital sigma at the end of a word becomes ς.
    /// </summary>
    public static string Lower(string s)
    {
        bool ascii = true;
        foreach (char c in s)
            if (c >= 0x80) { ascii = false; break; }
        if (ascii) return s.ToLowerInvariant();

        var sb = new StringBuilder(s.Length + 4);
        int i = 0;
        while (i < s.Length)
        {
            if (Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                sb.Append(s[i]); // a lone surrogate lowers to itself, as in Python
                i++;
                continue;
            }
            if (rune.Value == 0x0130) sb.Append("i\u0307");
            else if (rune.Value == 0x03A3) sb.Append(IsFinalSigma(s, i, used) ? 'ς' : 'σ');
            else if (UppercaseAfterUnicode14(rune.Value)) sb.Append(rune.ToString());
            else sb.Append(Rune.ToLowerInvariant(rune).ToString());
            i += used;
        }
        return sb.ToString();
    }

    /// <summary>Python's rule: preceded by a cased letter and not followed by one, skipping case-ignorable characters.</summary>
    static bool IsFinalSigma(string s, int at, int length)
    {
        int j = at;
        bool before = false;
        while (j > 0)
        {
            var r = RuneBefore(s, j, out int w);
            j -= w;
            if (IsCaseIgnorable(r)) continue;
            before = IsCased(r);
            break;
        }
        if (!before) return false;
        j = at + length;
        while (j < s.Length)
        {
            Rune.DecodeFromUtf16(s.AsSpan(j), out var r, out int w);
            j += w;
            if (IsCaseIgnorable(r)) continue;
            return !IsCased(r);
        }
        return true;
    }

    static Rune RuneBefore(string s, int end, out int width)
    {
        Rune.DecodeLastFromUtf16(s.AsSpan(0, end), out var r, out width);
        return r;
    }

    static bool IsCased(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    static bool IsCaseIgnorable(Rune r) =>
        Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || r.Value is '\'' or '.' or ':' or '^' or '`' or 0x00B7 or 0x2018 or 0x2019 or 0x2024 or 0x2027;

    // Capital letters whose lowercase mapping is new in Unicode 16.0 (.NET's invariant casing knows them, Python 3.11's
    // Unicode 14.0 does not): Cyrillic TJE, four Latin letters, Garay capitals. Checked against every code point.
    static bool UppercaseAfterUnicode14(int cp) => cp is 0x1C89 or 0xA7CB or 0xA7CC or 0xA7DA or 0xA7DC or >= 0x10D50 and <= 0x10D65;

    /// <summary>Python's <c>\d</c> and <c>str.isdecimal</c>: general category Nd, as of Unicode 14.0.</summary>
    public static bool IsDecimal(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.DecimalDigitNumber && !AddedAfterUnicode14(r.Value);

    /// <summary>The digit's value 0–9 (callers check <see cref="IsDecimal"/> first).</summary>
    public static int DecimalValue(Rune r) => (int)Rune.GetNumericValue(r);

    // Nd ranges new in Unicode 15.0 (Kawi, Nag Mundari) and 16.0 (Garay, Myanmar Extended-C, Sunuwar, Gurung Khema, Kirat Rai,
    // outlined digits, Ol Onal), which Python 3.11's \d does not match.
    static bool AddedAfterUnicode14(int cp) => cp is >= 0x11F50 and <= 0x11F59 or >= 0x1E4F0 and <= 0x1E4F9 or >= 0x10D40 and <= 0x10D49
        or >= 0x116D0 and <= 0x116E3 or >= 0x11BF0 and <= 0x11BF9 or >= 0x16130 and <= 0x16139
        or >= 0x16D70 and <= 0x16D79 or >= 0x1CCF0 and <= 0x1CCF9 or >= 0x1E5F1 and <= 0x1E5FA;

    /// <summary>The first code point of <paramref name="s"/> as a string (Python's <c>s[0]</c>).</summary>
    public static string FirstCodePoint(string s) =>
        s.Length >= 2 && char.IsHighSurrogate(s[0]) && char.IsLowSurrogate(s[1]) ? s[..2] : s[..1];
}
