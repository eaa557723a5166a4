using System.Globalization;
using System.Text;

namespace Spar.PythonCompat;

/// <summary>
/// A small <c>ast.literal_eval</c> for what models put in square brackets: lists and tuples of numbers, strings,
/// True/False/None. Anything else fails, as a malformed literal does in Python. <see cref="Str"/> is Python's
/// <c>str()</c> of a parsed value.
/// </summary>
public static class PyLiteral
{
    public static bool TryParse(string s, out object? value)
    {
        int p = 0;
        value = null;
        try
        {
            value = Value(s, ref p);
            Space(s, ref p);
            return p == s.Length;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    static object? Value(string s, ref int p)
    {
        Space(s, ref p);
        if (p >= s.Length) throw new FormatException();
        char c = s[p];
        if (c is '[' or '(') return Sequence(s, ref p, c == '[' ? ']' : ')');
        if (c is '\'' or '"') return Quoted(s, ref p);
        if (Word(s, ref p, "True")) return true;
        if (Word(s, ref p, "False")) return false;
        if (Word(s, ref p, "None")) return null;
        return NumberValue(s, ref p);
    }

    static List<object?> Sequence(string s, ref int p, char close)
    {
        p++;
        var items = new List<object?>();
        while (true)
        {
            Space(s, ref p);
            if (p < s.Length && s[p] == close) { p++; return items; }
            items.Add(Value(s, ref p));
            Space(s, ref p);
            if (p < s.Length && s[p] == ',') { p++; continue; }
            if (p < s.Length && s[p] == close) { p++; return items; }
            throw new FormatException();
        }
    }

    static string Quoted(string s, ref int p)
    {
        char quote = s[p++];
        var sb = new StringBuilder();
        while (p < s.Length && s[p] != quote)
        {
            char c = s[p++];
            if (c == '\n') throw new FormatException();
            if (c != '\\') { sb.Append(c); continue; }
            if (p >= s.Length) throw new FormatException();
            char e = s[p++];
            sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '\'' => '\'', '"' => '"', _ => throw new FormatException() });
        }
        if (p >= s.Length) throw new FormatException();
        p++;
        return sb.ToString();
    }

    static object NumberValue(string s, ref int p)
    {
        int start = p;
        if (p < s.Length && s[p] is '-' or '+') p++;
        while (p < s.Length && (char.IsAsciiDigit(s[p]) || s[p] is '.' or '_' or 'e' or 'E'
               || (s[p] is '+' or '-' && s[p - 1] is 'e' or 'E'))) p++;
        var token = s[start..p];
        if (token.Length == 0 || token is "+" or "-") throw new FormatException();
        string body = token.TrimStart('+', '-');
        if (body.All(ch => char.IsAsciiDigit(ch) || ch == '_'))
        {
            if (!PyFloat.TryParse(token, out _) || body.Length > 1 && body[0] == '0' && body.Any(ch => ch != '0' && ch != '_'))
                throw new FormatException();
            return System.Numerics.BigInteger.Parse(token.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        if (!PyFloat.TryParse(token, out double d) || double.IsNaN(d) && !token.Contains("nan")) throw new FormatException();
        return d;
    }

    static bool Word(string s, ref int p, string word)
    {
        if (string.CompareOrdinal(s, p, word, 0, word.Length) != 0) return false;
        int end = p + word.Length;
        if (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '_')) return false;
        p = end;
        return true;
    }

    static void Space(string s, ref int p)
    {
        while (p < s.Length && s[p] is ' ' or '\t' or '\n' or '\r' or '\f') p++;
    }

    /// <summary>Python's <c>str(value)</c>: ints in decimal, floats as <c>repr</c>, strings as themselves.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string str => str,
        System.Numerics.BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        double d => PyFormat.FloatRepr(d),
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        _ => value.ToString() ?? "",
    };

    static string Repr(object? value) => value is string s ? "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'" : Str(value);
}
