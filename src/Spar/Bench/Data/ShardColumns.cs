using Parquet.Schema;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>The leaf columns of one parquet shard, checked against the SPAR-Bench schema.</summary>
sealed record ShardColumns(
    DataField Id,
    DataField Task,
    DataField Question,
    DataField Answer,
    DataField? ImageType,
    DataField? FormatType,
    DataField? Source,
    DataField ImageBytes,
    DataField? ImagePath,
    int ImageListLevel)
{
    /// <summary>The RGBD columns' leaves (SPAR-Bench-RGBD); null for an RGB-only shard.</summary>
    public RgbdColumns? Rgbd { get; init; }

    public static ShardColumns Resolve(ParquetSchema schema, string path)
    {
        var top = schema.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var missing = BenchColumns.Required.Where(n => !top.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new SparException($"{path}: missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}" +
                $" (found: {string.Join(", ", top.Keys)}); a SPAR-Bench parquet needs {string.Join(", ", BenchColumns.Required)}");

        var id = Flat(top, BenchColumns.Id, path, typeof(long), typeof(int));
        var (bytes, imagePath, listLevel) = ImageLeaves(top[BenchColumns.Image], path);
        return new ShardColumns(
            id,
            Text(top, BenchColumns.Task, path)!,
            Text(top, BenchColumns.Question, path)!,
            Text(top, BenchColumns.Answer, path)!,
            Text(top, BenchColumns.ImageType, path),
            Text(top, BenchColumns.FormatType, path),
            Text(top, BenchColumns.Source, path),
            bytes, imagePath, listLevel) { Rgbd = RgbdColumns.Resolve(top, path) };
    }

    static DataField? Text(Dictionary<string, Field> top, string name, string path) =>
        top.ContainsKey(name) ? Flat(top, name, path, typeof(ReadOnlyMemory<char>), typeof(string)) : null;

    static DataField Flat(Dictionary<string, Field> top, string name, string path, params Type[] accepted)
    {
        if (top[name] is not DataField field || field.MaxRepetitionLevel != 0 || !accepted.Contains(field.ClrType))
            throw new SparException($"{path}: column '{name}' has type {Describe(top[name])}, expected {Describe(accepted[0])}");
        return field;
    }

    /// <summary>Finds <c>image.…bytes</c> and <c>image.…path</c> under the list, and the definition level at which a list
    /// element exists (levels below it mean a null or empty list).</summary>
    static (DataField Bytes, DataField? Path, int ListLevel) ImageLeaves(Field image, string path)
    {
        if (image is not ListField list)
            throw new SparException($"{path}: column 'image' has type {Describe(image)}, expected list<struct<bytes: binary, path: string>>");
        var leaves = Leaves(list).ToList();
        var bytes = leaves.FirstOrDefault(f => f.Name == "bytes");
        if (bytes is null || bytes.ClrType != typeof(ReadOnlyMemory<byte>) && bytes.ClrType != typeof(byte[]))
            throw new SparException($"{path}: column 'image' has no binary 'bytes' field, expected list<struct<bytes: binary, path: string>>");
        var imagePath = leaves.FirstOrDefault(f => f.Name == "path");
        return (bytes, imagePath, list.MaxDefinitionLevel);
    }

    static IEnumerable<DataField> Leaves(Field f) => f switch
    {
        DataField d => [d],
        ListField l => Leaves(l.Item),
        StructField s => s.Fields.SelectMany(Leaves),
        _ => [],
    };

    static string Describe(Field f) => f is DataField d ? Describe(d.ClrType) : f.SchemaType.ToString().ToLowerInvariant();

    static string Describe(Type t) =>
        t == typeof(ReadOnlyMemory<char>) || t == typeof(string) ? "string"
        : t == typeof(long) ? "int64" : t == typeof(int) ? "int32"
        : t == typeof(ReadOnlyMemory<byte>) ? "binary" : t.Name;
}
