using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Spar.PythonCompat;

/// <summary>
/// A JSON value as Python's <c>json</c> module sees it: ordered objects, and numbers that remember whether they were ints
/// or floats. Used for the index and mix files, which must read and print exactly like the official Python scripts.
/// </summary>
public abstract record PyJson
{
    public sealed record Str(string Value) : PyJson;
    public sealed record Num(PyNumber Value) : PyJson;
    public sealed record Bool(bool Value) : PyJson;
    public sealed record Null : PyJson;
    public sealed record List(IReadOnlyList<PyJson> Items) : PyJson;

    /// <summary>An object whose keys keep insertion order; setting an existing key keeps its position (Python dict).</summary>
    public sealed record Obj(List<KeyValuePair<string, PyJson>> Members) : PyJson
    {
        public Obj() : this(new List<KeyValuePair<string, PyJson>>()) { }

        public PyJson? this[string key]
        {
            get
            {
                foreach (var m in Members) if (m.Key == key) return m.Value;
                return null;
            }
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                for (int i = 0; i < Members.Count; i++)
                    if (Members[i].Key == key) { Members[i] = new(key, value); return; }
                Members.Add(new(key, value));
            }
        }
    }

    /// <exception cref="FormatException">A number spar cannot hold (an integer beyond 64 bits, which Python reads); the
    /// message names the field by its path (<c>scannet_x.length</c>).</exception>
    public static PyJson FromElement(JsonElement e) => FromElement(e, "");

    static PyJson FromElement(JsonElement e, string field) => e.ValueKind switch
    {
        JsonValueKind.String => new Str(e.GetString()!),
        JsonValueKind.Number => new Num(PyNumber.TryParse(e.GetRawText(), out var n) ? n : throw Unreadable(e.GetRawText(), field)),
        JsonValueKind.True => new Bool(true),
        JsonValueKind.False => new Bool(false),
        JsonValueKind.Null => new Null(),
        JsonValueKind.Array => new List(e.EnumerateArray().Select((item, i) => FromElement(item, $"{field}[{i}]")).ToList()),
        JsonValueKind.Object => FromObject(e, field),
        _ => throw new FormatException($"unexpected JSON {e.ValueKind}"),
    };

    static FormatException Unreadable(string raw, string field)
    {
        var shown = raw.Length > 40 ? $"{raw[..40]}… ({raw.Length} characters)" : raw;
        var where = field.Length > 0 ? $"\"{field}\": " : "";
        return new FormatException($"{where}the integer {shown} does not fit in 64 bits (Python reads it; spar's counts and ratios are 64-bit)");
    }

    static Obj FromObject(JsonElement e, string field)
    {
        var o = new Obj();
        foreach (var p in e.EnumerateObject()) o[p.Name] = FromElement(p.Value, field.Length > 0 ? $"{field}.{p.Name}" : p.Name);
        return o;
    }

    /// <summary><c>json.dumps(value, indent=4, ensure_ascii=…)</c>, byte for byte.</summary>
    public string Dump(bool ensureAscii)
    {
        var sb = new StringBuilder();
        Write(sb, this, 0, ensureAscii);
        return sb.ToString();
    }

    static void Write(StringBuilder sb, PyJson v, int depth, bool ascii)
    {
        switch (v)
        {
            case Str s: WriteString(sb, s.Value, ascii); break;
            case Num n: sb.Append(NumberText(n.Value)); break;
            case Bool b: sb.Append(b.Value ? "true" : "false"); break;
            case Null: sb.Append("null"); break;
            case List l:
                if (l.Items.Count == 0) { sb.Append("[]"); break; }
                sb.Append('[');
                for (int i = 0; i < l.Items.Count; i++)
                {
                    sb.Append(i == 0 ? "\n" : ",\n").Append(' ', 4 * (depth + 1));
                    Write(sb, l.Items[i], depth + 1, ascii);
                }
                sb.Append('\n').Append(' ', 4 * depth).Append(']');
                break;
            case Obj o:
                if (o.Members.Count == 0) { sb.Append("{}"); break; }
                sb.Append('{');
                for (int i = 0; i < o.Members.Count; i++)
                {
                    sb.Append(i == 0 ? "\n" : ",\n").Append(' ', 4 * (depth + 1));
                    WriteString(sb, o.Members[i].Key, ascii);
                    sb.Append(": ");
                    Write(sb, o.Members[i].Value, depth + 1, ascii);
                }
                sb.Append('\n').Append(' ', 4 * depth).Append('}');
                break;
        }
    }

    static string NumberText(PyNumber n)
    {
        if (n.IsInt) return n.ToString();
        if (double.IsNaN(n.Value)) return "NaN";
        if (double.IsInfinity(n.Value)) return n.Value > 0 ? "Infinity" : "-Infinity";
        return PyFormat.FloatRepr(n.Value);
    }

    static void WriteString(StringBuilder sb, string s, bool ascii)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ascii && c > 0x7E))
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
