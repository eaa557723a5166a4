using System.Text.Json;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>
/// The folder form of a benchmark: <c>bench.jsonl</c> (one row per line, the parquet columns with <c>image</c> as a
/// list of file paths relative to the folder) beside the image files (<c>images/&lt;id&gt;_&lt;k&gt;.&lt;ext&gt;</c>).
/// Images are read from disk only when a consumer asks for them, and scoring (<see cref="Answers"/>) never looks for
/// them: a benchmark copied without its images (to score on another machine) still scores.
/// </summary>
public sealed class FolderBenchReader(string directory) : IBenchSource, IBenchAnswerSource
{
    // With RGBD columns (bench build --rgbd) each row also has depth (paths under depth/), pose, intrinsic_color and
    // intrinsic_depth; the depth files are read only when a consumer asks (bench run --send-depth, the parquet writer).
    public const string IndexFile = "bench.jsonl";

    public string Location { get; } = directory;

    public IEnumerable<BenchItem> Items() => Rows(withImages: true).Select(r => r.Item!);

    /// <summary>Only id, task and answer: the image paths are neither checked nor read.</summary>
    public IEnumerable<BenchAnswer> Answers() => Rows(withImages: false).Select(r => r.Answer!);

    IEnumerable<(BenchItem? Item, BenchAnswer? Answer)> Rows(bool withImages)
    {
        var index = Path.Combine(Location, IndexFile);
        if (!File.Exists(index)) throw new SparException($"{Location}: no {IndexFile} in the folder");
        using var lines = JsonlLineReader.Open(index);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            yield return Parse(line, index, lines.LineNumber, withImages);
        }
    }

    (BenchItem? Item, BenchAnswer? Answer) Parse(ReadOnlySpan<byte> line, string index, long lineNumber, bool withImages)
    {
        string Where() => $"{index}:{lineNumber}";
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new SparException($"{Where()}: expected a JSON object");
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            string Required(string name) => Text(name) ?? throw new SparException($"{Where()}: missing string field '{name}'");

            if (!root.TryGetProperty(BenchColumns.Id, out var idElement) || !idElement.TryGetInt64(out long id))
                throw new SparException($"{Where()}: missing integer field 'id'");
            string task = Required(BenchColumns.Task);
            if (!withImages) return (null, new BenchAnswer(id, task, Required(BenchColumns.Answer)));
            if (!root.TryGetProperty(BenchColumns.Image, out var imageElement) || imageElement.ValueKind != JsonValueKind.Array)
                throw new SparException($"{Where()}: missing field 'image' (a list of image file paths)");
            var images = new List<BenchImage>();
            foreach (var entry in imageElement.EnumerateArray())
            {
                var relative = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : throw new SparException($"{Where()}: 'image' entries must be paths");
                var full = Path.GetFullPath(Path.Combine(Location, relative));
                if (!File.Exists(full)) throw new SparException($"{Where()}: image file not found: {relative}");
                images.Add(new BenchImage(() => File.ReadAllBytes(full), relative));
            }
            var rgbd = root.TryGetProperty(BenchColumns.Depth, out _) ? ReadRgbd(root, id, images.Count, Where) : null;
            return (new BenchItem(id, task,
                Text(BenchColumns.FormatType) ?? BenchColumns.DefaultFormatType(task),
                Text(BenchColumns.ImageType) ?? BenchColumns.DefaultImageType(task),
                Text(BenchColumns.Source) ?? "",
                images,
                Required(BenchColumns.Question),
                Required(BenchColumns.Answer)) { Rgbd = rgbd }, null);
        }
        catch (JsonException e)
        {
            throw new SparException($"{Where()}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {Util.JsonErrors.Reason(e)}", e);
        }
    }

    /// <summary>Whether the first row carries the RGBD columns (a build writes all rows of one benchmark alike).</summary>
    public bool HasRgbd
    {
        get
        {
            var index = Path.Combine(Location, IndexFile);
            if (!File.Exists(index)) return false;
            using var lines = JsonlLineReader.Open(index);
            while (lines.TryReadLine(out var line))
            {
                if (line.IsEmpty) continue;
                try
                {
                    using var doc = JsonDocument.Parse(line.ToArray());
                    return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(BenchColumns.Depth, out _);
                }
                catch (JsonException) { return false; } // Items() names the line
            }
            return false;
        }
    }

    /// <summary>
    /// <c>depth</c> (paths of 16-bit millimetre PNGs, decoded only when asked), <c>pose</c>, <c>intrinsic_color</c> and
    /// <c>intrinsic_depth</c> (one 16-number list per image).
    /// </summary>
    BenchRgbd ReadRgbd(JsonElement root, long id, int images, Func<string> where)
    {
        var depthElement = root.GetProperty(BenchColumns.Depth);
        if (depthElement.ValueKind != JsonValueKind.Array) throw new SparException($"{where()}: 'depth' must be a list of depth file paths");
        var depth = new List<BenchDepth>();
        foreach (var entry in depthElement.EnumerateArray())
        {
            var relative = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : throw new SparException($"{where()}: 'depth' entries must be paths");
            var full = Path.GetFullPath(Path.Combine(Location, relative));
            if (!File.Exists(full)) throw new SparException($"{where()}: depth file not found: {relative}");
            depth.Add(new BenchDepth(() =>
            {
                var mm = Imaging.Png16.ReadDepth(full, out int w, out int h);
                return DepthMap.FromMillimetres(w, h, mm);
            }, relative));
        }
        List<float[]> Matrices(string name)
        {
            if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
                throw new SparException($"{where()}: RGBD row without '{name}' (a list of 16-number lists, one per image)");
            var result = new List<float[]>();
            foreach (var m in list.EnumerateArray())
            {
                if (m.ValueKind != JsonValueKind.Array) throw new SparException($"{where()}: '{name}' entries must be lists of 16 numbers");
                result.Add([.. m.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetSingle() : throw new SparException($"{where()}: '{name}' holds a non-number"))]);
            }
            return result;
        }
        var rgbd = new BenchRgbd(depth, Matrices(BenchColumns.Pose), Matrices(BenchColumns.IntrinsicColor), Matrices(BenchColumns.IntrinsicDepth));
        try { rgbd.CheckShape(id, images); }
        catch (SparException e) { throw new SparException($"{where()}: {e.Message}", e); }
        return rgbd;
    }
}

public static class FolderBenchWriter
{
    /// <summary>Writes the images and <c>bench.jsonl</c> (last, atomically) into <paramref name="directory"/>.</summary>
    public static long Write(string directory, IEnumerable<BenchItem> items)
    {
        Directory.CreateDirectory(Path.Combine(directory, "images"));
        long count = 0;
        AtomicFile.Write(Path.Combine(directory, FolderBenchReader.IndexFile), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SparJson.Options.Encoder });
            foreach (var item in items)
            {
                var names = new List<string>();
                for (int k = 0; k < item.Images.Count; k++)
                {
                    var bytes = item.Images[k].Bytes();
                    var name = $"images/{item.Id}_{k}{ImageFormat.Extension(bytes)}";
                    AtomicFile.WriteAllBytes(Path.Combine(directory, name), bytes);
                    names.Add(name);
                }
                json.WriteStartObject();
                json.WriteNumber(BenchColumns.Id, item.Id);
                json.WriteString(BenchColumns.ImageType, item.ImageType);
                json.WriteString(BenchColumns.FormatType, item.FormatType);
                json.WriteString(BenchColumns.Task, item.Task);
                json.WriteString(BenchColumns.Source, item.Source);
                json.WriteStartArray(BenchColumns.Image);
                foreach (var n in names) json.WriteStringValue(n);
                json.WriteEndArray();
                if (item.Rgbd is { } rgbd) WriteRgbd(directory, json, item, rgbd);
                json.WriteString(BenchColumns.Question, item.Question);
                json.WriteString(BenchColumns.Answer, item.Answer);
                json.WriteEndObject();
                json.Flush();
                stream.WriteByte((byte)'\n');
                json.Reset(stream);
                count++;
            }
        });
        return count;
    }

    /// <summary>
    /// The RGBD columns of a row: each depth map as a 16-bit greyscale PNG in millimetres (SPAR-7M-RGBD's and ScanNet's
    /// depth format) under <c>depth/&lt;id&gt;_&lt;k&gt;.png</c>, and the matrices as lists of 16 float32 numbers.
    /// </summary>
    static void WriteRgbd(string directory, Utf8JsonWriter json, BenchItem item, BenchRgbd rgbd)
    {
        rgbd.CheckShape(item.Id, item.Images.Count);
        Directory.CreateDirectory(Path.Combine(directory, "depth"));
        json.WriteStartArray(BenchColumns.Depth);
        for (int k = 0; k < rgbd.Depth.Count; k++)
        {
            var map = rgbd.Depth[k].Load();
            var name = $"depth/{item.Id}_{k}.png";
            // The renderer's fast PNG settings: depth maps are smooth, and the default deflate level costs ~5× the time.
            AtomicFile.WriteAllBytes(Path.Combine(directory, name), Imaging.Png16.EncodeFrame(map.Millimetres(), map.Width, map.Height));
            json.WriteStringValue(name);
        }
        json.WriteEndArray();
        foreach (var (column, matrices) in new[] { (BenchColumns.Pose, rgbd.Pose), (BenchColumns.IntrinsicColor, rgbd.IntrinsicColor), (BenchColumns.IntrinsicDepth, rgbd.IntrinsicDepth) })
        {
            json.WriteStartArray(column);
            foreach (var m in matrices)
            {
                json.WriteStartArray();
                foreach (var v in m) json.WriteNumberValue(v);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
    }
}

/// <summary>Recognises the encoded image formats by their magic bytes.</summary>
public static class ImageFormat
{
    public static string Extension(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? ".png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ".jpg"
        : bytes.StartsWith("RIFF"u8) && bytes.Length >= 12 && bytes[8..12].SequenceEqual("WEBP"u8) ? ".webp"
        : bytes.StartsWith("GIF8"u8) ? ".gif"
        : bytes.StartsWith("BM"u8) ? ".bmp"
        : ".bin";

    /// <summary>The MIME type for a data URL (the runner sends images as base64 data URLs).</summary>
    public static string MimeType(ReadOnlySpan<byte> bytes) => Extension(bytes) switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".bmp" => "image/bmp",
        _ => "application/octet-stream",
    };
}
