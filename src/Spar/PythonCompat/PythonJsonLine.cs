using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Spar.PythonCompat;

/// <summary>A <c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c> literal in a line, at byte <see cref="Offset"/>.</summary>
public readonly record struct NonFiniteLiteral(int Offset, int Length)
{
    public string Text => Length switch { 3 => "NaN", 8 => "Infinity", _ => "-Infinity" };
}

/// <summary>
/// Accepts exactly the lines Python's <c>json.loads(line)</c> accepts (the official index script's test): one JSON value
/// with only whitespace around it, where the literals <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> are numbers.
/// System.Text.Json knows no such literals, so a line that fails is retried once with each literal blanked to a same-length
/// <c>0</c>: byte positions in messages stay those of the user's line, and the common case costs one reader pass.
/// Python decodes the file as UTF-8 before json.loads sees a line, so bytes that are not UTF-8 fail the line (a vectorized check).
/// </summary>
public static class PythonJsonLine
{
    /// <summary>Python nests about 1,000 levels before a RecursionError; no SPAR record comes near this.</summary>
    const int MaxDepth = 1000;

    /// <summary>The problem kind of a line Python cannot even decode (it fails before json.loads).</summary>
    public const string InvalidUtf8 = "invalid-utf8";

    /// <summary>True when json.loads accepts the line; else <paramref name="error"/> says why, with the byte position. <paramref name="nonFinite"/> lists the literals read as numbers.</summary>
    public static bool Accepts(ReadOnlySpan<byte> line, out string error, out IReadOnlyList<NonFiniteLiteral> nonFinite) =>
        Accepts(line, out _, out error, out nonFinite);

    /// <summary>As above; <paramref name="kind"/> is <see cref="InvalidUtf8"/> for bytes that are not UTF-8, else <c>invalid-json</c>.</summary>
    public static bool Accepts(ReadOnlySpan<byte> line, out string kind, out string error, out IReadOnlyList<NonFiniteLiteral> nonFinite)
    {
        nonFinite = [];
        kind = "invalid-json";
        if (line.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "empty line";
            return false;
        }
        // Utf8JsonReader does not check the UTF-8 inside strings; Python decodes the whole file first and fails on it.
        int bad = InvalidUtf8Offset(line);
        if (bad >= 0)
        {
            kind = InvalidUtf8;
            error = NotUtf8Message(bad);
            return false;
        }
        var first = TryRead(line);
        if (first == null) { error = ""; return true; }

        var literals = FindNonFinite(line);
        if (literals.Count == 0) { error = Describe(first); return false; }
        var buffer = ArrayPool<byte>.Shared.Rent(line.Length);
        try
        {
            var blanked = Blank(line, literals, buffer);
            var second = TryRead(blanked);
            if (second == null) { error = ""; nonFinite = literals; return true; }
            // Same position: the literal itself is misplaced, and the first message names it as the user wrote it.
            error = Describe(second.BytePositionInLine == first.BytePositionInLine ? first : second);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The byte offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong forms, encoded surrogates and
    /// truncated sequences included, as Python's strict decoder sees them), or -1. The check is vectorized; only a bad line is walked.
    /// </summary>
    public static int InvalidUtf8Offset(ReadOnlySpan<byte> line)
    {
        if (Utf8.IsValid(line)) return -1;
        for (int i = 0; i < line.Length;)
        {
            if (Rune.DecodeFromUtf8(line[i..], out _, out int consumed) != OperationStatus.Done) return i;
            i += consumed;
        }
        return -1;
    }

    public static string NotUtf8Message(int offset) =>
        $"not valid UTF-8 (byte {offset}): Python cannot decode the file, so the official json.loads never reads this line";

    /// <summary>The line with every literal replaced by <c>0</c> and spaces (same length), in <paramref name="buffer"/>.</summary>
    public static ReadOnlySpan<byte> Blank(ReadOnlySpan<byte> line, IReadOnlyList<NonFiniteLiteral> literals, byte[] buffer)
    {
        var copy = buffer.AsSpan(0, line.Length);
        line.CopyTo(copy);
        foreach (var l in literals)
        {
            copy[l.Offset] = (byte)'0';
            copy.Slice(l.Offset + 1, l.Length - 1).Fill((byte)' ');
        }
        return copy;
    }

    static JsonException? TryRead(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = false, MaxDepth = MaxDepth });
            while (reader.Read()) { }
            return null;
        }
        catch (JsonException e)
        {
            return e;
        }
    }

    /// <summary>
    /// Literals outside strings that start where a value may start (after <c>[</c>, <c>,</c>, <c>:</c> or at the start, with
    /// whitespace between): only there does Python read them, so only there may they be blanked.
    /// </summary>
    public static List<NonFiniteLiteral> FindNonFinite(ReadOnlySpan<byte> line)
    {
        var found = new List<NonFiniteLiteral>();
        bool inString = false;
        byte previous = (byte)'[';   // last byte outside strings that is not whitespace; the start counts as a value start
        for (int i = 0; i < line.Length; i++)
        {
            byte b = line[i];
            if (inString)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') { inString = false; previous = b; }
                continue;
            }
            if (b == (byte)'"') { inString = true; continue; }
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            if (previous is (byte)'[' or (byte)',' or (byte)':')
            {
                var rest = line[i..];
                int length = rest.StartsWith("NaN"u8) ? 3 : rest.StartsWith("Infinity"u8) ? 8 : rest.StartsWith("-Infinity"u8) ? 9 : 0;
                if (length > 0)
                {
                    found.Add(new NonFiniteLiteral(i, length));
                    i += length - 1;
                    previous = (byte)'0';
                    continue;
                }
            }
            previous = b;
        }
        return found;
    }

    static string Describe(JsonException e) => Util.JsonErrors.AtColumn(e);
}
