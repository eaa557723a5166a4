using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Spar.Dataset;

namespace Spar.Export.HuggingFace;

/// <summary>One image of a row: the record's path, and the file's bytes when images are embedded.</summary>
public sealed record HfImage(string Path, byte[]? Bytes);

/// <summary>One exported record (docs/spar7m-release.md, "Hugging Face export"): the record's fields, typed.</summary>
public sealed record HfRow(string Id, string Source, string Type, string Format, IReadOnlyList<Turn> Conversations,
    IReadOnlyList<HfImage> Images, IReadOnlyList<string>? Depth, double[][]?[] Markers, string? Extra);

/// <summary>
/// The parquet schema of the Hugging Face export and its writer. Columns: <c>id, source, type, format</c> (string),
/// <c>conversations</c> (list of struct&lt;from, value&gt;), <c>image</c> (list of struct&lt;bytes, path&gt; =
/// <c>Sequence(Image)</c> with embedded images, else list of string: paths relative to the export folder), <c>depth</c>
/// (list of string, null when the record has none), the nine marker fields as list of list of float64 (null when
/// absent), and <c>extra</c>: a JSON object of the record's other fields (<c>point_list</c>, <c>bbox_list</c>, unknown
/// fields), null when there are none. The <c>huggingface</c> schema metadata carries the same features in the form
/// <c>datasets</c>' <c>Features.from_arrow_schema</c> reads (<c>Features.from_dict</c> of <c>info.features</c>).
/// </summary>
public sealed class HfParquet
{
    /// <summary>The marker fields with a column each, in column order (format.md §2).</summary>
    public static readonly string[] MarkerColumns =
        ["red_point", "blue_point", "green_point", "red_bbox", "blue_bbox", "green_bbox", "yellow_bbox", "point_img_idx", "bbox_img_idx"];

    readonly DataField _id = new DataField<string>("id"), _source = new DataField<string>("source"),
        _type = new DataField<string>("type"), _format = new DataField<string>("format");
    readonly DataField _from = new DataField<string>("from"), _value = new DataField<string>("value");
    readonly DataField _bytes = new DataField<byte[]>("bytes"), _path = new DataField<string>("path");
    readonly DataField _imagePath = new DataField<string>("element");
    readonly DataField _depth = new DataField<string>("element");
    readonly DataField[] _markerItems = [.. MarkerColumns.Select(_ => (DataField)new DataField<double?>("element"))];
    readonly DataField _extra = new DataField<string>("extra");

    public HfParquet(bool embedImages)
    {
        EmbedImages = embedImages;
        var fields = new List<Field>
        {
            _id, _source, _type, _format,
            new ListField("conversations", new StructField("element", _from, _value)),
            embedImages ? new ListField("image", new StructField("element", _bytes, _path)) : new ListField("image", _imagePath),
            new ListField("depth", _depth),
        };
        for (int m = 0; m < MarkerColumns.Length; m++)
            fields.Add(new ListField(MarkerColumns[m], new ListField("element", _markerItems[m])));
        fields.Add(_extra);
        Schema = new ParquetSchema(fields);
    }

    public bool EmbedImages { get; }
    public ParquetSchema Schema { get; }

    /// <summary>Opens a writer on <paramref name="stream"/> with the <c>huggingface</c> metadata set.</summary>
    public async Task<ParquetWriter> CreateWriterAsync(Stream stream)
    {
        var writer = await ParquetWriter.CreateAsync(Schema, stream);
        writer.CustomMetadata = new Dictionary<string, string> { ["huggingface"] = FeaturesJson() };
        return writer;
    }

    /// <summary>Writes <paramref name="rows"/> as one row group. Every row has at least one turn and one image (the exporter skips others).</summary>
    public async Task WriteGroupAsync(ParquetWriter writer, IReadOnlyList<HfRow> rows)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(_id, rows.Select(r => r.Id).ToArray());
        await group.WriteAsync(_source, rows.Select(r => r.Source).ToArray());
        await group.WriteAsync(_type, rows.Select(r => r.Type).ToArray());
        await group.WriteAsync(_format, rows.Select(r => r.Format).ToArray());

        var turnLevels = RepetitionLevels(rows.Select(r => r.Conversations.Count));
        await group.WriteAsync(_from, rows.SelectMany(r => r.Conversations.Select(t => t.From)).ToArray(), turnLevels);
        await group.WriteAsync(_value, rows.SelectMany(r => r.Conversations.Select(t => t.Value)).ToArray(), turnLevels);

        var imageLevels = RepetitionLevels(rows.Select(r => r.Images.Count));
        if (EmbedImages)
        {
            await group.WriteAsync(_bytes, rows.SelectMany(r => r.Images.Select(i => i.Bytes)).ToArray(), imageLevels);
            await group.WriteAsync(_path, rows.SelectMany(r => r.Images.Select(i => i.Path)).ToArray(), imageLevels);
        }
        else await group.WriteAsync(_imagePath, rows.SelectMany(r => r.Images.Select(i => i.Path)).ToArray(), imageLevels);

        var (paths, pDef, pRep) = ParquetLevels.StringLists(rows.Select(r => r.Depth));
        await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(_depth, paths.AsMemory(), pDef.AsMemory(), pRep.AsMemory(), CancellationToken.None);
        for (int m = 0; m < MarkerColumns.Length; m++)
        {
            var (v, d, rp) = ParquetLevels.NumberLists(rows.Select(r => r.Markers[m]));
            await group.WriteAllPartsAsync<double>(_markerItems[m], v.AsMemory(), d.AsMemory(), rp.AsMemory(), CancellationToken.None);
        }
        await group.WriteAsync(_extra, rows.Select(r => r.Extra).ToArray());
        group.CompleteValidate();
    }

    /// <summary>0 for a row's first element, 1 for the rest (every row has at least one element).</summary>
    static int[] RepetitionLevels(IEnumerable<int> counts)
    {
        var levels = new List<int>();
        foreach (var n in counts)
            for (int i = 0; i < n; i++) levels.Add(i == 0 ? 0 : 1);
        return [.. levels];
    }

    /// <summary>
    /// The features as <c>datasets</c> serialises them (<c>Features.to_dict</c>): a <c>[ {…} ]</c> list for a list of
    /// structs, <c>Sequence</c> for the image list (read as <c>List</c> by datasets 4, as <c>Sequence</c> before).
    /// </summary>
    public string FeaturesJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("info");
            w.WriteStartObject("features");
            foreach (var name in new[] { "id", "source", "type", "format" }) Value(w, name, "string");
            w.WriteStartArray("conversations");
            w.WriteStartObject();
            Value(w, "from", "string");
            Value(w, "value", "string");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("image");
            w.WriteStartObject("feature");
            if (EmbedImages) w.WriteString("_type", "Image");
            else { w.WriteString("dtype", "string"); w.WriteString("_type", "Value"); }
            w.WriteEndObject();
            w.WriteString("_type", "Sequence");
            w.WriteEndObject();
            Sequence(w, "depth", "string", 1);
            foreach (var m in MarkerColumns) Sequence(w, m, "float64", 2);
            Value(w, "extra", "string");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Value(Utf8JsonWriter w, string? name, string dtype)
    {
        if (name is null) w.WriteStartObject(); else w.WriteStartObject(name);
        w.WriteString("dtype", dtype);
        w.WriteString("_type", "Value");
        w.WriteEndObject();
    }

    /// <summary><c>Sequence</c> nested <paramref name="levels"/> deep around a <paramref name="dtype"/> value.</summary>
    static void Sequence(Utf8JsonWriter w, string? name, string dtype, int levels)
    {
        if (name is null) w.WriteStartObject(); else w.WriteStartObject(name);
        w.WritePropertyName("feature");
        if (levels == 1) Value(w, null, dtype);
        else Sequence(w, null, dtype, levels - 1);
        w.WriteString("_type", "Sequence");
        w.WriteEndObject();
    }
}
