using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using System.Text;
using Spar.PythonCompat;
using Spar.Util;

namespace Spar.Dataset.Hub;

/// <summary>
/// A growable UTF-8 buffer that writes JSON the way Python's <c>json.dumps(record)</c> lays it out, which is how the
/// released SPAR-7M lines look (<c>{"id": "…", "image": ["…"], "red_point": [[553, 397]]}</c>): <c>", "</c> between
/// items, <c>": "</c> after keys, Python's string escapes. Non-ASCII is kept as UTF-8 unless <see cref="EnsureAscii"/>
/// (then <c>\uXXXX</c>, Python's default). Reused across rows, so a conversion allocates per row group, not per value.
/// </summary>
public sealed class PyJsonBuffer(int capacity = 1 << 16)
{
    byte[] _data = new byte[capacity];

    public bool EnsureAscii { get; init; }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public ReadOnlySpan<byte> Slice(int start, int length) => _data.AsSpan(start, length);

    public void Clear() => Length = 0;

    // The check is inlined into every caller (several per value); growing, rare, is not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Ensure(int extra)
    {
        if ((uint)(Length + extra) > (uint)_data.Length) Grow(extra);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Grow(int extra)
    {
        var bigger = new byte[Math.Max(_data.Length * 2, Length + extra)];
        _data.AsSpan(0, Length).CopyTo(bigger);
        _data = bigger;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Byte(byte b)
    {
        Ensure(1);
        _data[Length++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>The item separator of json.dumps' default layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Comma() => Raw(", "u8);

    /// <summary><c>"name": </c></summary>
    public void Key(string name)
    {
        String(name);
        Raw(": "u8);
    }

    /// <summary>The bytes <see cref="Key"/> writes for <paramref name="name"/>, to write a fixed key per row without escaping it each time.</summary>
    public byte[] KeyBytes(string name)
    {
        var b = new PyJsonBuffer(64) { EnsureAscii = EnsureAscii };
        b.Key(name);
        return b.Span.ToArray();
    }

    public void Long(long v)
    {
        // Marker values are small non-negative integers (pixel coordinates, image indexes): written digit by digit here,
        // the general formatter for the rest.
        if ((ulong)v < 10000)
        {
            Ensure(4);
            var d = _data;
            int n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
            int at = Length + n;
            uint u = (uint)v;
            do { d[--at] = (byte)('0' + u % 10); u /= 10; } while (u != 0);
            Length += n;
            return;
        }
        Ensure(20);
        Utf8Formatter.TryFormat(v, _data.AsSpan(Length), out int written);
        Length += written;
    }

    /// <summary>
    /// A float as Python prints it (<c>1.5</c>, <c>2.0</c>, <c>1e-05</c>). With <paramref name="integralAsInt"/> an
    /// integral value is written as an integer (<c>553</c>): a marker column stored as double holds values that were
    /// integers in the release jsonl (format.md §2: every observed marker value is an integer).
    /// </summary>
    public void Double(double v, bool integralAsInt)
    {
        if (integralAsInt && double.IsFinite(v) && Math.Abs(v) < 9007199254740992.0 && v == Math.Floor(v))
        {
            Long((long)v);
            return;
        }
        // json.dumps writes NaN/Infinity literals (allow_nan=True); FloatRepr spells them nan/inf.
        string text = double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : PyFormat.FloatRepr(v);
        Ensure(text.Length);
        Length += Encoding.ASCII.GetBytes(text, _data.AsSpan(Length));
    }

    public void Bool(bool v) => Raw(v ? "true"u8 : "false"u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Null() => Raw("null"u8);

    public void String(string s) => String(s.AsSpan());

    /// <summary>A quoted string with json.dumps' escapes: <c>\" \\ \n \r \t \b \f</c>, other controls as <c>\u00XX</c>.</summary>
    public void String(ReadOnlySpan<char> s)
    {
        Byte((byte)'"');
        while (!s.IsEmpty)
        {
            // Runs of printable ASCII without quote or backslash are copied in one vectorised step.
            int stop = s.IndexOfAnyExceptInRange(' ', '~');
            var run = stop < 0 ? s : s[..stop];
            int special = run.IndexOfAny('"', '\\');
            if (special >= 0) run = run[..special];
            if (!run.IsEmpty)
            {
                Ensure(run.Length);
                Length += Encoding.ASCII.GetBytes(run, _data.AsSpan(Length));
                s = s[run.Length..];
                continue;
            }
            char c = s[0];
            int used = 1;
            switch (c)
            {
                case '"': Raw("\\\""u8); break;
                case '\\': Raw("\\\\"u8); break;
                case '\n': Raw("\\n"u8); break;
                case '\r': Raw("\\r"u8); break;
                case '\t': Raw("\\t"u8); break;
                case '\b': Raw("\\b"u8); break;
                case '\f': Raw("\\f"u8); break;
                default:
                    if (c < 0x20 || EnsureAscii && c > 0x7E) Escape(c);
                    else if (char.IsHighSurrogate(c) && s.Length > 1 && char.IsLowSurrogate(s[1]))
                    {
                        Ensure(4);
                        Length += Encoding.UTF8.GetBytes(s[..2], _data.AsSpan(Length));
                        used = 2;
                    }
                    else if (char.IsSurrogate(c)) Escape(c); // a lone surrogate has no UTF-8 form; the escape keeps it
                    else
                    {
                        Ensure(3);
                        Length += Encoding.UTF8.GetBytes(s[..1], _data.AsSpan(Length));
                    }
                    break;
            }
            s = s[used..];
        }
        Byte((byte)'"');
    }

    /// <summary>
    /// Copies <paramref name="n"/> bytes from <paramref name="src"/> to <paramref name="dst"/> up to the first that a
    /// UTF-8 string cannot be copied through as — a control, quote or backslash; with <paramref name="stopAbove"/> also
    /// any byte above it (DEL and every byte of a multi-byte character when escaping to ASCII, or any non-ASCII byte
    /// while the string is not yet known to be valid UTF-8) — and returns its index, <paramref name="n"/> if none.
    /// Scan and copy are one pass: each vector is stored as it is checked, so a value is read once and no copy call is
    /// made per run (a separate scan and span copy before; 1M rows, 9 pairs: wall 0.98, CPU 1.00 of that — the copies
    /// were not the cost the profile suggested, but one routine is simpler than two). Stores stay inside
    /// <c>dst[0..n)</c>; bytes stored past the returned index are overwritten by the caller or lie beyond its length.
    /// A loop of its own rather than <c>IndexOfAny(SearchValues)</c>: that generic code was not in the precompiled
    /// runtime and ran unoptimised (tier 0) for much of a run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int CopyUntilSpecial(ref byte src, ref byte dst, int n, byte stopAbove)
    {
        int i = 0;
        // Whole vectors, then one last vector ending at the end (overlapping what was done), so short values (ids,
        // paths: 16-40 bytes) are not copied byte by byte.
        if (Vector256.IsHardwareAccelerated && n >= Vector256<byte>.Count)
        {
            for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref src, (nuint)i);
                v.StoreUnsafe(ref dst, (nuint)i);
                uint bits = Hits(v, stopAbove);
                if (bits != 0) return i + BitOperations.TrailingZeroCount(bits);
            }
            if (i == n) return n;
            int last = n - Vector256<byte>.Count;
            var t = Vector256.LoadUnsafe(ref src, (nuint)last);
            t.StoreUnsafe(ref dst, (nuint)last);
            uint tail = Hits(t, stopAbove) >> (i - last);
            return tail != 0 ? i + BitOperations.TrailingZeroCount(tail) : n;
        }
        if (Vector128.IsHardwareAccelerated && n >= Vector128<byte>.Count)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                v.StoreUnsafe(ref dst, (nuint)i);
                uint bits = Hits(v, stopAbove);
                if (bits != 0) return i + BitOperations.TrailingZeroCount(bits);
            }
            if (i == n) return n;
            int last = n - Vector128<byte>.Count;
            var t = Vector128.LoadUnsafe(ref src, (nuint)last);
            t.StoreUnsafe(ref dst, (nuint)last);
            uint tail = Hits(t, stopAbove) >> (i - last);
            return tail != 0 ? i + BitOperations.TrailingZeroCount(tail) : n;
        }
        for (; i < n; i++)
        {
            byte b = Unsafe.Add(ref src, i);
            if (b < 0x20 || b == '"' || b == '\\' || b > stopAbove) return i;
            Unsafe.Add(ref dst, i) = b;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint Hits(Vector256<byte> v, byte stopAbove) =>
        (Vector256.LessThan(v, Vector256.Create((byte)0x20)) | Vector256.Equals(v, Vector256.Create((byte)'"')) |
         Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.GreaterThan(v, Vector256.Create(stopAbove))).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint Hits(Vector128<byte> v, byte stopAbove) =>
        (Vector128.LessThan(v, Vector128.Create((byte)0x20)) | Vector128.Equals(v, Vector128.Create((byte)'"')) |
         Vector128.Equals(v, Vector128.Create((byte)'\\')) | Vector128.GreaterThan(v, Vector128.Create(stopAbove))).ExtractMostSignificantBits();

    /// <summary>
    /// The same bytes as <see cref="String(ReadOnlySpan{char})"/> of <c>Encoding.UTF8.GetString(utf8)</c> (how Parquet.Net
    /// decodes a string value), without the UTF-16 detour: valid UTF-8 round-trips through UTF-16 unchanged, so runs
    /// without special bytes are copied as they are. Invalid UTF-8 (rare) takes the decoded path, so its U+FFFD
    /// replacements come out exactly as before.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
    public void Utf8String(ReadOnlySpan<byte> value)
    {
        // One pass: most values are ASCII, so the scan stops only at bytes to escape and validity needs no pass of its
        // own; at the first non-ASCII byte the rest is validated once (all before it was ASCII). With EnsureAscii every
        // non-ASCII byte is escaped, so the whole value is validated first.
        if (EnsureAscii && !Utf8.IsValid(value))
        {
            String(Encoding.UTF8.GetString(value));
            return;
        }
        byte stopAbove = EnsureAscii ? (byte)0x7E : (byte)0x7F;
        int start = Length;
        Ensure(value.Length + 2);
        _data[Length++] = (byte)'"';
        Span<char> units = stackalloc char[2];
        var s = value;
        while (true)
        {
            // Most values (ids, questions, answers) have nothing to escape: one pass copies them whole.
            Ensure(s.Length + 1); // the rest and the closing quote: dst below is inside the buffer even for an empty rest
            int stop = CopyUntilSpecial(ref MemoryMarshal.GetReference(s), ref _data[Length], s.Length, stopAbove);
            Length += stop;
            if (stop == s.Length) break;
            s = s[stop..];
            byte b = s[0];
            if (b >= 0x80 && !EnsureAscii)
            {
                if (!Utf8.IsValid(s))
                {
                    Length = start; // invalid UTF-8 (rare): written from the decoded text, U+FFFD replacements and all
                    String(Encoding.UTF8.GetString(value));
                    return;
                }
                stopAbove = 0xFF; // valid: multi-byte characters are copied as they are
                continue;
            }
            int used = 1;
            switch (b)
            {
                case (byte)'"': Raw("\\\""u8); break;
                case (byte)'\\': Raw("\\\\"u8); break;
                case (byte)'\n': Raw("\\n"u8); break;
                case (byte)'\r': Raw("\\r"u8); break;
                case (byte)'\t': Raw("\\t"u8); break;
                case (byte)'\b': Raw("\\b"u8); break;
                case (byte)'\f': Raw("\\f"u8); break;
                default:
                    if (b < 0x80) Escape((char)b); // another control, or DEL with EnsureAscii
                    else
                    {
                        // EnsureAscii: one character, escaped per UTF-16 unit (a surrogate pair above U+FFFF), as json.dumps does.
                        Rune.DecodeFromUtf8(s, out var rune, out used);
                        int n = rune.EncodeToUtf16(units);
                        for (int i = 0; i < n; i++) Escape(units[i]);
                    }
                    break;
            }
            s = s[used..];
        }
        _data[Length++] = (byte)'"'; // room ensured with the rest
    }

    void Escape(char c)
    {
        Raw("\\u"u8);
        Ensure(4);
        Utf8Formatter.TryFormat((int)c, _data.AsSpan(Length), out int written, new System.Buffers.StandardFormat('x', 4));
        Length += written;
    }
}
