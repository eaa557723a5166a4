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

    public bool Has(int row) => _index[row] >= 0;

    /// <summary>The row's value; empty for a null one (tell the two apart with <see cref="Has"/>).</summary>
    public ReadOnlySpan<byte> Get(int row) => _index[row] >= 0 ? _leaf.Utf8At(_index[row]) : default;

    /// <summary>The row's value as .NET text, for messages; null for a null value.</summary>
    public string? Text(int row) => Has(row) ? System.Text.Encoding.UTF8.GetString(Get(row)) : null;

    public async ValueTask ReadAsync(ParquetRowGroupReader group, int rows, Utf8ChunkReader pages)
    {
        var field = _leaf.Field;
        await _leaf.ReadAsync(group, pages);
        if (_leaf.Count != rows) throw new InvalidDataException($"column '{Column.Name}' has {_leaf.Count} values, its row group {rows} rows");
        if (_index.Length < rows) _index = new int[rows];
        var def = _leaf.Def;
        int v = 0;
        for (int r = 0; r < rows; r++) _index[r] = def[r] == field.MaxDefinitionLevel ? v++ : -1;
    }
}
