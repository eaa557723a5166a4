using Parquet;
using Parquet.Schema;

namespace Spar.Dataset.Hub;

/// <summary>
/// A leaf column of one row group read raw: its defined values (dense) and its definition and repetition levels, one
/// per entry. Only the value kinds a JSON record can hold are supported: strings, integers, floats and booleans.
/// </summary>
public sealed class LeafValues
{
    public int Count { get; private init; }
    public int[] Def { get; private init; } = [];
    public int[] Rep { get; private init; } = [];

    ReadOnlyMemory<char>[]? _strings;
    long[]? _longs;
    int[]? _ints;
    double[]? _doubles;
    float[]? _floats;
    bool[]? _bools;

    public static bool Supports(Type t) =>
        t == typeof(string) || t == typeof(ReadOnlyMemory<char>) || t == typeof(long) || t == typeof(int) ||
        t == typeof(double) || t == typeof(float) || t == typeof(bool);

    /// <summary>The string value at <paramref name="index"/> (a dense value index, not an entry index).</summary>
    public ReadOnlyMemory<char> StringAt(int index) => _strings![index];

    public bool IsString => _strings is not null;

    public static async ValueTask<LeafValues> ReadAsync(ParquetRowGroupReader group, DataField field)
    {
        var meta = group.GetMetadata(field)?.MetaData ?? throw new InvalidDataException($"no column chunk for {field.Path}");
        int n = checked((int)meta.NumValues);
        var def = new int[n];
        var rep = new int[n];
        var t = field.ClrType;
        var leaf = new LeafValues { Count = n, Def = def, Rep = rep };
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
            await group.ReadRawAsync(field, (leaf._strings = new ReadOnlyMemory<char>[n]).AsMemory(), def.AsMemory(), rep.AsMemory());
        else if (t == typeof(long)) await group.ReadRawAsync(field, (leaf._longs = new long[n]).AsMemory(), def.AsMemory(), rep.AsMemory());
        else if (t == typeof(int)) await group.ReadRawAsync(field, (leaf._ints = new int[n]).AsMemory(), def.AsMemory(), rep.AsMemory());
        else if (t == typeof(double)) await group.ReadRawAsync(field, (leaf._doubles = new double[n]).AsMemory(), def.AsMemory(), rep.AsMemory());
        else if (t == typeof(float)) await group.ReadRawAsync(field, (leaf._floats = new float[n]).AsMemory(), def.AsMemory(), rep.AsMemory());
        else if (t == typeof(bool)) await group.ReadRawAsync(field, (leaf._bools = new bool[n]).AsMemory(), def.AsMemory(), rep.AsMemory());
        else throw new NotSupportedException($"column {field.Path}: values of type {t.Name}");
        // A required, unrepeated column may come back without levels; its every entry is a value.
        if (field.MaxDefinitionLevel > 0 == false) Array.Fill(def, 0);
        return leaf;
    }

    public void Write(PyJsonBuffer buf, int index, bool integralAsInt, Func<ReadOnlyMemory<char>, ReadOnlyMemory<char>>? transform)
    {
        if (_strings is not null) buf.String((transform is null ? _strings[index] : transform(_strings[index])).Span);
        else if (_longs is not null) buf.Long(_longs[index]);
        else if (_ints is not null) buf.Long(_ints[index]);
        else if (_doubles is not null) buf.Double(_doubles[index], integralAsInt);
        else if (_floats is not null) buf.Double(_floats[index], integralAsInt);
        else buf.Bool(_bools![index]);
    }
}
