using Parquet;
using Parquet.Schema;

namespace Spar.Dataset.Hub;

/// <summary>
/// A leaf column of one row group read raw: its defined values (dense) and its definition and repetition levels, one
/// per entry. Only the value kinds a JSON record can hold are supported: strings, integers, floats and booleans.
/// Strings are kept as UTF-8 (<see cref="Utf8Values"/>). One instance serves a column for the whole file, its buffers
/// refilled row group after row group, so a conversion allocates per file, not per row group or value.
/// </summary>
public sealed class LeafValues(DataField field)
{
    public DataField Field { get; } = field;

    public int Count { get; private set; }

    /// <summary>Levels of the <see cref="Count"/> entries (the arrays may be longer: they are reused).</summary>
    public int[] Def { get; private set; } = [];

    public int[] Rep { get; private set; } = [];

    Utf8Values? _strings;
    ReadOnlyMemory<char>[]? _chars;
    Utf8Values? _int64s; // 64-bit integers as their bytes (Utf8ChunkReader reads INT64 pages too)
    long[]? _longs;
    int[]? _ints;
    double[]? _doubles;
    float[]? _floats;
    bool[]? _bools;

    public static bool Supports(Type t) =>
        t == typeof(string) || t == typeof(ReadOnlyMemory<char>) || t == typeof(long) || t == typeof(int) ||
        t == typeof(double) || t == typeof(float) || t == typeof(bool);

    /// <summary>The string value at <paramref name="index"/> (a dense value index, not an entry index), as UTF-8.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Utf8At(int index) => _strings![index];

    public long PlaceAt(int index) => _strings!.PlaceOf(index);

    public bool IsString => _strings is not null;

    static T[] Fit<T>(T[]? array, int n) => array is not null && array.Length >= n ? array : new T[Math.Max(n, (array?.Length ?? 0) * 2)];

    public async ValueTask ReadAsync(ParquetRowGroupReader group, Utf8ChunkReader pages)
    {
        var field = Field;
        var chunk = group.GetMetadata(field);
        var meta = chunk?.MetaData ?? throw new InvalidDataException($"no column chunk for {field.Path}");
        int n = checked((int)meta.NumValues);
        Count = n;
        var def = Def = Fit(Def, n);
        var rep = Rep = Fit(Rep, n);
        var t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            _strings ??= new Utf8Values();
            if (pages.TryRead(chunk, field, n, def, rep, _strings)) return;
            // Not a layout the page reader knows: Parquet.Net decodes it, and the text is kept as UTF-8 like the rest.
            _chars = Fit(_chars, n);
            await group.ReadRawAsync(field, _chars.AsMemory(0, n), def.AsMemory(0, n), rep.AsMemory(0, n));
            if (field.MaxDefinitionLevel == 0) Array.Clear(def, 0, n);
            int defined = 0;
            for (int e = 0; e < n; e++) if (def[e] == field.MaxDefinitionLevel) defined++;
            _strings.Clear();
            for (int v = 0; v < defined; v++) _strings.AddText(_chars[v].Span);
            Array.Clear(_chars, 0, defined); // let the decoded text go
            return;
        }
        if (t == typeof(long))
        {
            _int64s ??= new Utf8Values();
            if (pages.TryRead(chunk, field, n, def, rep, _int64s)) return;
            // Not a layout the page reader knows: Parquet.Net decodes it into the same form.
            await group.ReadRawAsync(field, (_longs = Fit(_longs, n)).AsMemory(0, n), def.AsMemory(0, n), rep.AsMemory(0, n));
            if (field.MaxDefinitionLevel == 0) Array.Clear(def, 0, n);
            _int64s.Clear();
            for (int e = 0, v = 0; e < n; e++) if (def[e] == field.MaxDefinitionLevel) _int64s.AddInt64(_longs[v++]);
            return;
        }
        if (t == typeof(int)) await group.ReadRawAsync(field, (_ints = Fit(_ints, n)).AsMemory(0, n), def.AsMemory(0, n), rep.AsMemory(0, n));
        else if (t == typeof(double)) await group.ReadRawAsync(field, (_doubles = Fit(_doubles, n)).AsMemory(0, n), def.AsMemory(0, n), rep.AsMemory(0, n));
        else if (t == typeof(float)) await group.ReadRawAsync(field, (_floats = Fit(_floats, n)).AsMemory(0, n), def.AsMemory(0, n), rep.AsMemory(0, n));
        else if (t == typeof(bool)) await group.ReadRawAsync(field, (_bools = Fit(_bools, n)).AsMemory(0, n), def.AsMemory(0, n), rep.AsMemory(0, n));
        else throw new NotSupportedException($"column {field.Path}: values of type {t.Name}");
        // A required, unrepeated column may come back without levels; its every entry is a value.
        if (field.MaxDefinitionLevel == 0) Array.Clear(def, 0, n);
    }

    /// <summary>Writes value <paramref name="index"/>; a string loses the first <paramref name="cut"/>(value) bytes (a path prefix).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // per value: inlined into NestedColumn.Assemble
    public void Write(PyJsonBuffer buf, int index, bool integralAsInt, PrefixCut? cut)
    {
        if (_strings is not null)
        {
            var s = _strings[index];
            buf.Utf8String(cut is null ? s : s[cut(s)..]);
        }
        else if (_int64s is not null) buf.Long(_int64s.Int64At(index));
        else if (_ints is not null) buf.Long(_ints[index]);
        else if (_doubles is not null) buf.Double(_doubles[index], integralAsInt);
        else if (_floats is not null) buf.Double(_floats[index], integralAsInt);
        else buf.Bool(_bools![index]);
    }
}

/// <summary>How many leading bytes of a UTF-8 string value to drop (0 for none).</summary>
public delegate int PrefixCut(ReadOnlySpan<byte> value);
