using Parquet;

namespace Spar.Dataset.Hub;

/// <summary>
/// A flat string column of one row group: one UTF-8 value or null per row, as slices of the column's buffer (no string
/// per row). One instance per column, refilled row group after row group.
/// </summary>
sealed class FlatText(NestedColumn column)
{
    readonly LeafValues _leaf = new(column.Leaves[0]);
    int[] _index = [];

    public NestedColumn Column { get; } = column;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Has(int row) => _index[row] >= 0;

    /// <summary>The row's value; empty for a null one (tell the two apart with <see cref="Has"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Get(int row) => _index[row] >= 0 ? _leaf.Utf8At(_index[row]) : default;

    /// <summary>The row's value as .NET text, for messages; null for a null value.</summary>
    public string? Text(int row) => Has(row) ? System.Text.Encoding.UTF8.GetString(Get(row)) : null;

    // The names by their bytes' place in the arena, direct-mapped (a place is one slot's; a clash replaces the slot):
    // read per row and column, where a Dictionary<long, string> lookup was ~1 % of the CPU for three such columns.
    readonly long[] _places = new long[PlaceSlots];
    readonly string?[] _names = new string?[PlaceSlots];
    const int PlaceSlots = 1024;

    /// <summary>
    /// The row's value as a shared string (<see cref="Utf8Names"/>), null for a null value. Rows of one dictionary entry
    /// share their bytes' place, so a folder-naming column (type, format, split) is decoded once per entry and row group.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
    public string? Name(int row, Utf8Names names)
    {
        int i = _index[row];
        if (i < 0) return null;
        long place = _leaf.PlaceAt(i);
        int slot = (int)((ulong)place * 0x9E3779B97F4A7C15UL >> 54); // the top 10 bits of a multiplicative hash: PlaceSlots
        if (_places[slot] == place && _names[slot] is { } known) return known;
        var name = names.Get(_leaf.Utf8At(i));
        _places[slot] = place; // PLAIN values each have a place of their own: the cache stays at its size
        _names[slot] = name;
        return name;
    }

    /// <summary>
    /// Every row's <see cref="Name"/> into <paramref name="output"/> (grown to fit), done once per row group by the thread
    /// that reads it: the rows are then converted on several threads, which only read the result (the cache here is not
    /// thread-safe).
    /// </summary>
    public void Names(int rows, Utf8Names names, ref string?[] output)
    {
        if (output.Length < rows) output = new string?[rows];
        for (int r = 0; r < rows; r++) output[r] = Name(r, names);
    }

    public async ValueTask ReadAsync(ParquetRowGroupReader group, int rows, Utf8ChunkReader pages)
    {
        var field = _leaf.Field;
        await _leaf.ReadAsync(group, pages);
        Array.Clear(_names); // the arena is refilled: places mean other values now
        if (_leaf.Count != rows) throw new InvalidDataException($"column '{Column.Name}' has {_leaf.Count} values, its row group {rows} rows");
        if (_index.Length < rows) _index = new int[rows];
        var def = _leaf.Def;
        int v = 0;
        for (int r = 0; r < rows; r++) _index[r] = def[r] == field.MaxDefinitionLevel ? v++ : -1;
    }
}

/// <summary>
/// Folder-naming values as shared .NET strings: a UTF-8 value is decoded (as Parquet.Net decodes, U+FFFD for
/// invalid bytes) into a stack buffer and looked up without allocating; a string is made once per distinct value.
/// </summary>
sealed class Utf8Names
{
    readonly Dictionary<string, string> _byText = new(StringComparer.Ordinal);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256) return System.Text.Encoding.UTF8.GetString(utf8);
        Span<char> buffer = stackalloc char[256];
        var text = buffer[..System.Text.Encoding.UTF8.GetChars(utf8, buffer)];
        var lookup = _byText.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var known)) return known;
        var made = text.ToString();
        if (_byText.Count < 1 << 16) _byText[made] = made; // a column of unique bad values is not hoarded
        return made;
    }
}
