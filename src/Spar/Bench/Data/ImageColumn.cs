using Parquet;
using Parquet.Schema;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>Turns the flat values and levels of the <c>image</c> list's leaf columns back into each row's image list.</summary>
static class ImageColumn
{
    public static async ValueTask<IReadOnlyList<BenchImage>[]> Read(ParquetRowGroupReader group, DataField bytesField,
        DataField? pathField, int listLevel, int rows, long[] ids, string file)
    {
        var bytes = await ReadLeaf<ReadOnlyMemory<byte>>(group, bytesField);
        var paths = pathField is null ? null : await ReadLeaf<ReadOnlyMemory<char>>(group, pathField);

        var result = new IReadOnlyList<BenchImage>[rows];
        int row = -1, valueIndex = 0, pathIndex = 0;
        List<BenchImage>? current = null;
        for (int i = 0; i < bytes.Levels.Length; i++)
        {
            if (bytes.Repetition[i] == 0)
            {
                if (current is not null) result[row] = current;
                row++;
                if (row >= rows) throw new InvalidDataException("image column has more rows than the row group");
                current = [];
            }
            int def = bytes.Levels[i];
            string? name = null;
            if (paths is not null && i < paths.Levels.Length)
                name = paths.Levels[i] == pathField!.MaxDefinitionLevel ? paths.Values[pathIndex++].ToString() : null;
            if (def < listLevel) continue; // null or empty list
            if (def < bytesField.MaxDefinitionLevel)
                throw new SparException($"{file}: row id {ids[row]} has an image without bytes (image {current!.Count})");
            var encoded = bytes.Values[valueIndex++].ToArray();
            current!.Add(new BenchImage(() => encoded, name));
        }
        if (current is not null) result[row] = current;
        if (row != rows - 1) throw new InvalidDataException($"image column has {row + 1} rows, the row group {rows}");
        return result;
    }

    sealed record Leaf<T>(T[] Values, int[] Levels, int[] Repetition);

    static async ValueTask<Leaf<T>> ReadLeaf<T>(ParquetRowGroupReader group, DataField field) where T : struct
    {
        var meta = group.GetMetadata(field)?.MetaData ?? throw new InvalidDataException($"no metadata for {field.Path}");
        int n = checked((int)meta.NumValues);
        var values = new T[n];
        var def = new int[n];
        var rep = new int[n];
        await group.ReadRawAsync<T>(field, values.AsMemory(), def.AsMemory(), rep.AsMemory());
        return new Leaf<T>(values, def, rep);
    }
}
