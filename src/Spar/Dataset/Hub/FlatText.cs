using Parquet;

namespace Spar.Dataset.Hub;

/// <summary>A flat string column of one row group: one value or null per row, as slices (no string per row).</summary>
sealed class FlatText
{
    readonly ReadOnlyMemory<char>[] _values;
    readonly bool[] _present;

    FlatText(int rows)
    {
        _values = new ReadOnlyMemory<char>[rows];
        _present = new bool[rows];
    }

    public ReadOnlyMemory<char>? Get(int row) => _present[row] ? _values[row] : (ReadOnlyMemory<char>?)null; // a bare null would convert to an empty ReadOnlyMemory (via char[])

    public static async ValueTask<FlatText> ReadAsync(ParquetRowGroupReader group, NestedColumn column, int rows)
    {
        var field = column.Leaves[0];
        var leaf = await LeafValues.ReadAsync(group, field);
        if (leaf.Count != rows) throw new InvalidDataException($"column '{column.Name}' has {leaf.Count} values, its row group {rows} rows");
        var text = new FlatText(rows);
        int v = 0;
        for (int r = 0; r < rows; r++)
        {
            if (leaf.Def[r] != field.MaxDefinitionLevel) continue;
            text._present[r] = true;
            text._values[r] = leaf.StringAt(v++);
        }
        return text;
    }
}
