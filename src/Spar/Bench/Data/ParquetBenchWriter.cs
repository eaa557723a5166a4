using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>
/// Writes the SPAR-Bench parquet schema (bench.md §2.1) as Hugging Face datasets writes it: a standard three-level
/// LIST of struct&lt;bytes, path&gt; for <c>image</c>, plus the <c>huggingface</c> schema metadata so that
/// <c>datasets</c> decodes the column as images. Rows are buffered one row group at a time.
/// </summary>
public static class ParquetBenchWriter
{
    public const int DefaultRowGroupRows = 64;

    static readonly DataField IdField = new DataField<long>(BenchColumns.Id);
    static readonly DataField ImgTypeField = new DataField<string>(BenchColumns.ImageType);
    static readonly DataField FormatField = new DataField<string>(BenchColumns.FormatType);
    static readonly DataField TaskField = new DataField<string>(BenchColumns.Task);
    static readonly DataField SourceField = new DataField<string>(BenchColumns.Source);
    static readonly DataField BytesField = new DataField<byte[]>("bytes");
    static readonly DataField PathField = new DataField<string>("path");
    static readonly DataField QuestionField = new DataField<string>(BenchColumns.Question);
    static readonly DataField AnswerField = new DataField<string>(BenchColumns.Answer);

    public static readonly ParquetSchema Schema = new(
        IdField, ImgTypeField, FormatField, TaskField, SourceField,
        new ListField(BenchColumns.Image, new StructField("element", BytesField, PathField)),
        QuestionField, AnswerField);

    // SPAR-Bench-RGBD (bench.md §2.1; the dataset viewer shows depth as one H×W float list per image, and pose and
    // both intrinsics as one 16-float list per image, values float32): depth list<list<list<float>>>, the matrices
    // list<list<float>>, between image and question.
    static readonly DataField DepthField = new DataField<float>("element");
    static readonly DataField PoseField = new DataField<float>("element");
    static readonly DataField IntrinsicColorField = new DataField<float>("element");
    static readonly DataField IntrinsicDepthField = new DataField<float>("element");

    public static readonly ParquetSchema RgbdSchema = new(
        IdField, ImgTypeField, FormatField, TaskField, SourceField,
        new ListField(BenchColumns.Image, new StructField("element", BytesField, PathField)),
        new ListField(BenchColumns.Depth, new ListField("element", new ListField("element", DepthField))),
        new ListField(BenchColumns.Pose, new ListField("element", PoseField)),
        new ListField(BenchColumns.IntrinsicColor, new ListField("element", IntrinsicColorField)),
        new ListField(BenchColumns.IntrinsicDepth, new ListField("element", IntrinsicDepthField)),
        QuestionField, AnswerField);

    /// <summary>Rows per row group with depth: a 640×480 map is 1.2 MB of floats, so a group holds ~30 MB, not 200.</summary>
    public const int RgbdRowGroupRows = 4;

    /// <summary>Writes all items to <paramref name="path"/> atomically; returns the row count.</summary>
    /// <param name="rgbd">Write the RGBD columns: every item must then carry <see cref="BenchItem.Rgbd"/>.</param>
    public static long Write(string path, IEnumerable<BenchItem> items, int rowGroupRows = DefaultRowGroupRows, bool rgbd = false)
    {
        long count = 0;
        AtomicFile.Write(path, stream => count = WriteAsync(stream, items, rgbd ? Math.Min(rowGroupRows, RgbdRowGroupRows) : rowGroupRows, rgbd).GetAwaiter().GetResult());
        return count;
    }

    static async Task<long> WriteAsync(Stream stream, IEnumerable<BenchItem> items, int rowGroupRows, bool rgbd)
    {
        long count = 0;
        await using var writer = await ParquetWriter.CreateAsync(rgbd ? RgbdSchema : Schema, stream);
        writer.CustomMetadata = new Dictionary<string, string> { ["huggingface"] = HuggingFaceFeatures(rgbd) };
        var buffer = new List<BenchItem>(rowGroupRows);
        foreach (var item in items)
        {
            buffer.Add(item);
            if (buffer.Count == rowGroupRows) { await WriteGroup(writer, buffer, rgbd); count += buffer.Count; buffer.Clear(); }
        }
        if (buffer.Count > 0 || count == 0) { await WriteGroup(writer, buffer, rgbd); count += buffer.Count; }
        return count;
    }

    static async Task WriteGroup(ParquetWriter writer, List<BenchItem> rows, bool rgbd)
    {
        using var group = writer.CreateRowGroup();
        var df = (rgbd ? RgbdSchema : Schema).DataFields;
        await group.WriteAsync<long>(df[0], rows.Select(r => r.Id).ToArray());
        await group.WriteAsync(df[1], rows.Select(r => r.ImageType).ToArray());
        await group.WriteAsync(df[2], rows.Select(r => r.FormatType).ToArray());
        await group.WriteAsync(df[3], rows.Select(r => r.Task).ToArray());
        await group.WriteAsync(df[4], rows.Select(r => r.Source).ToArray());

        var bytes = new List<byte[]?>();
        var paths = new List<string?>();
        var repetition = new List<int>();
        foreach (var row in rows)
        {
            if (row.Images.Count == 0)
                throw new SparException($"bench row id {row.Id} has no images; SPAR-Bench rows have 1–3");
            for (int i = 0; i < row.Images.Count; i++)
            {
                bytes.Add(row.Images[i].Bytes());
                paths.Add(row.Images[i].Path);
                repetition.Add(i == 0 ? 0 : 1);
            }
        }
        var levels = repetition.ToArray();
        await group.WriteAsync(df[5], bytes.ToArray(), levels);
        await group.WriteAsync(df[6], paths.ToArray(), levels);
        int next = 7;
        if (rgbd)
        {
            await WriteRgbd(group, df, rows);
            next = 11;
        }
        await group.WriteAsync(df[next], rows.Select(r => r.Question).ToArray());
        await group.WriteAsync(df[next + 1], rows.Select(r => r.Answer).ToArray());
        group.CompleteValidate();
    }

    /// <summary>
    /// The four RGBD leaf columns: flat float values with their repetition levels (0 = new row, 1 = new image,
    /// 2 = new depth row or next matrix value, 3 = next depth value in a row). No list is empty or null.
    /// </summary>
    static async Task WriteRgbd(ParquetRowGroupWriter group, DataField[] df, List<BenchItem> rows)
    {
        // The group's maps are loaded once and the flat arrays sized exactly: depth dominates memory (a 640×480 map is 1.2 MB).
        var maps = new List<(DepthMap Map, int Image)>();
        foreach (var row in rows)
        {
            var rgbd = row.Rgbd ?? throw new SparException($"bench row id {row.Id} has no RGBD columns, but the benchmark is written with them");
            rgbd.CheckShape(row.Id, row.Images.Count);
            for (int k = 0; k < rgbd.Depth.Count; k++)
            {
                var map = rgbd.Depth[k].Load();
                if (map.Width < 1 || map.Height < 1 || map.Metres.Length != map.Width * map.Height)
                    throw new SparException($"bench row id {row.Id}: depth {k} is {map.Width}×{map.Height} with {map.Metres.Length} values");
                maps.Add((map, k));
            }
        }
        var depth = new float[maps.Sum(m => (long)m.Map.Metres.Length)];
        var levels = new int[depth.Length];
        int at = 0;
        foreach (var (map, k) in maps)
        {
            map.Metres.CopyTo(depth, at);
            // 0 = new row, 1 = next image, 2 = next depth row, 3 = next value in a depth row.
            for (int i = 0; i < map.Metres.Length; i++) levels[at + i] = i % map.Width > 0 ? 3 : i > 0 ? 2 : k > 0 ? 1 : 0;
            at += map.Metres.Length;
        }
        maps.Clear();
        await WriteLeaf(group, df[7], depth, levels);
        await WriteMatrices(group, df[8], rows.Select(r => r.Rgbd!.Pose));
        await WriteMatrices(group, df[9], rows.Select(r => r.Rgbd!.IntrinsicColor));
        await WriteMatrices(group, df[10], rows.Select(r => r.Rgbd!.IntrinsicDepth));
    }

    static async Task WriteMatrices(ParquetRowGroupWriter group, DataField field, IEnumerable<IReadOnlyList<float[]>> perRow)
    {
        var values = new List<float>();
        var levels = new List<int>();
        foreach (var matrices in perRow)
            for (int k = 0; k < matrices.Count; k++)
                for (int i = 0; i < matrices[k].Length; i++)
                {
                    values.Add(matrices[k][i]);
                    levels.Add(i > 0 ? 2 : k > 0 ? 1 : 0);
                }
        await WriteLeaf(group, field, values.ToArray(), levels.ToArray());
    }

    /// <summary>Every value is present (no null or empty list), so every definition level is the leaf's maximum.</summary>
    static async Task WriteLeaf(ParquetRowGroupWriter group, DataField field, float[] values, int[] repetition)
    {
        var definition = new int[values.Length];
        Array.Fill(definition, field.MaxDefinitionLevel);
        await group.WriteAllPartsAsync<float>(field, values, definition, repetition, CancellationToken.None);
    }

    /// <summary>The <c>datasets</c> feature description for the schema (what the HF parquet files carry).</summary>
    static string HuggingFaceFeatures(bool rgbd)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("info");
            w.WriteStartObject("features");
            void Value(string name, string dtype)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", dtype);
                w.WriteString("_type", "Value");
                w.WriteEndObject();
            }
            Value(BenchColumns.Id, "int64");
            Value(BenchColumns.ImageType, "string");
            Value(BenchColumns.FormatType, "string");
            Value(BenchColumns.Task, "string");
            Value(BenchColumns.Source, "string");
            w.WriteStartObject(BenchColumns.Image);
            w.WriteStartObject("feature");
            w.WriteString("_type", "Image");
            w.WriteEndObject();
            w.WriteString("_type", "Sequence");
            w.WriteEndObject();
            if (rgbd)
            {
                // Sequence(Sequence(Sequence(float32))) for depth, Sequence(Sequence(float32)) for the matrices.
                void Nested(string? name, int depth)
                {
                    if (name is null) w.WriteStartObject("feature"); else w.WriteStartObject(name);
                    if (depth == 0) { w.WriteString("dtype", "float32"); w.WriteString("_type", "Value"); }
                    else { Nested(null, depth - 1); w.WriteString("_type", "Sequence"); }
                    w.WriteEndObject();
                }
                Nested(BenchColumns.Depth, 3);
                Nested(BenchColumns.Pose, 2);
                Nested(BenchColumns.IntrinsicColor, 2);
                Nested(BenchColumns.IntrinsicDepth, 2);
            }
            Value(BenchColumns.Question, "string");
            Value(BenchColumns.Answer, "string");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
