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

    /// <summary>Writes all items to <paramref name="path"/> atomically; returns the row count.</summary>
    public static long Write(string path, IEnumerable<BenchItem> items, int rowGroupRows = DefaultRowGroupRows)
    {
        long count = 0;
        AtomicFile.Write(path, stream => count = WriteAsync(stream, items, rowGroupRows).GetAwaiter().GetResult());
        return count;
    }

    static async Task<long> WriteAsync(Stream stream, IEnumerable<BenchItem> items, int rowGroupRows)
    {
        long count = 0;
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        writer.CustomMetadata = new Dictionary<string, string> { ["huggingface"] = HuggingFaceFeatures() };
        var buffer = new List<BenchItem>(rowGroupRows);
        foreach (var item in items)
        {
            buffer.Add(item);
            if (buffer.Count == rowGroupRows) { await WriteGroup(writer, buffer); count += buffer.Count; buffer.Clear(); }
        }
        if (buffer.Count > 0 || count == 0) { await WriteGroup(writer, buffer); count += buffer.Count; }
        return count;
    }

    static async Task WriteGroup(ParquetWriter writer, List<BenchItem> rows)
    {
        using var group = writer.CreateRowGroup();
        var df = Schema.DataFields;
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
        await group.WriteAsync(df[7], rows.Select(r => r.Question).ToArray());
        await group.WriteAsync(df[8], rows.Select(r => r.Answer).ToArray());
        group.CompleteValidate();
    }

    /// <summary>The <c>datasets</c> feature description for the schema (what the HF parquet files carry).</summary>
    static string HuggingFaceFeatures()
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
            Value(BenchColumns.Question, "string");
            Value(BenchColumns.Answer, "string");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
