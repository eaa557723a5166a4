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
            return (new BenchItem(id, task,
                Text(BenchColumns.FormatType) ?? BenchColumns.DefaultFormatType(task),
                Text(BenchColumns.ImageType) ?? BenchColumns.DefaultImageType(task),
                Text(BenchColumns.Source) ?? "",
                images,
                Required(BenchColumns.Question),
                Required(BenchColumns.Answer)), null);
        }
        catch (JsonException e)
        {
            throw new SparException($"{Where()}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {Util.JsonErrors.Reason(e)}", e);
        }
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
