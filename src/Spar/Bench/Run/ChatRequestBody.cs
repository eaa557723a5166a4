using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spar.Util;

namespace Spar.Bench.Run;

/// <summary>Greedy decoding as in the official yaml (bench.md §3): temperature 0, top_p 1, at most MaxTokens new tokens.</summary>
public sealed record GenerationSettings(int MaxTokens = 100)
{
    public const int Temperature = 0;
    public const int TopP = 1;
}

/// <summary>
/// The exact bytes of an OpenAI-compatible <c>/chat/completions</c> request for one bench item: one user message whose
/// content lists the images (base64 data URLs, row order) and then the prompt text, as VLMEvalKit sends
/// <c>[image…, text]</c>. Written by hand with <see cref="Utf8JsonWriter"/> so that the body is fixed by this code alone
/// (no SDK defaults, no extra fields) and a test can compare it byte for byte.
/// </summary>
public static class ChatRequestBody
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The text part that introduces the depth maps (<c>--send-depth</c>, docs/bench-run.md): the maps follow the colour
    /// images in the same order, and the official prompt stays the last part, unchanged.
    /// </summary>
    public static string DepthLabel(int count) =>
        $"Depth maps of the {(count == 1 ? "image" : $"{count} images")} above, in the same order: 16-bit greyscale PNG, depth in millimetres, 0 = no measurement.";

    /// <returns>The body; built once per item and reused by its retries.</returns>
    /// <param name="depth">With <c>--send-depth</c>: one encoded depth map per image, sent after the images and
    /// <see cref="DepthLabel"/>; empty otherwise (the request is then exactly the official one).</param>
    public static ReadOnlyMemory<byte> Build(string model, string prompt, IReadOnlyList<ReadOnlyMemory<byte>> images, GenerationSettings settings,
        IReadOnlyList<ReadOnlyMemory<byte>>? depth = null)
    {
        var buffer = new ArrayBufferWriter<byte>(EstimateSize(prompt, [.. images, .. depth ?? []]));
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteStartArray("content");
            void ImagePart(ReadOnlySpan<byte> image)
            {
                w.WriteStartObject();
                w.WriteString("type", "image_url");
                w.WriteStartObject("image_url");
                w.WritePropertyName("url");
                WriteDataUrl(w, image);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            foreach (var image in images) ImagePart(image.Span);
            if (depth is { Count: > 0 })
            {
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", DepthLabel(depth.Count));
                w.WriteEndObject();
                foreach (var map in depth) ImagePart(map.Span);
            }
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", prompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNumber("max_tokens", settings.MaxTokens);
            w.WriteNumber("temperature", GenerationSettings.Temperature);
            w.WriteNumber("top_p", GenerationSettings.TopP);
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>Builds the body for an item, reading its images only now (readers load them lazily); a bad image becomes a <see cref="SparException"/> naming the item.</summary>
    /// <param name="sendDepth">Also send each image's depth map (<see cref="BenchItem.Rgbd"/>, which must be present).</param>
    public static ReadOnlyMemory<byte> Build(string model, string prompt, BenchItem item, GenerationSettings settings, bool sendDepth = false)
    {
        var images = new ReadOnlyMemory<byte>[item.Images.Count];
        for (int i = 0; i < images.Length; i++)
        {
            var bytes = item.Images[i].Bytes();
            if (ImageMime.Sniff(bytes) is null)
                throw new SparException($"item {item.Id}: image {i} is neither JPEG nor PNG (first bytes {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))})");
            images[i] = bytes;
        }
        return Build(model, prompt, images, settings, sendDepth ? DepthPngs(item) : null);
    }

    /// <summary>Each depth map as a 16-bit greyscale PNG in millimetres (lossless from the float32 metres stored).</summary>
    static ReadOnlyMemory<byte>[] DepthPngs(BenchItem item)
    {
        var rgbd = item.Rgbd ?? throw new SparException($"item {item.Id}: no depth (--send-depth needs an RGBD benchmark)");
        var result = new ReadOnlyMemory<byte>[rgbd.Depth.Count];
        for (int k = 0; k < result.Length; k++)
        {
            var map = rgbd.Depth[k].Load();
            result[k] = Imaging.Png16.EncodeFrame(map.Millimetres(), map.Width, map.Height);
        }
        return result;
    }

    static readonly byte[] JpegUrlStart = "\"data:image/jpeg;base64,"u8.ToArray();
    static readonly byte[] PngUrlStart = "\"data:image/png;base64,"u8.ToArray();

    /// <summary>
    /// Writes <c>"data:image/jpeg;base64,…"</c> as a raw value: base64 never needs JSON escaping, and encoding into a
    /// pooled buffer avoids a large-object allocation per image (bench images average ~250 KB).
    /// </summary>
    static void WriteDataUrl(Utf8JsonWriter w, ReadOnlySpan<byte> image)
    {
        var prefix = ImageMime.Sniff(image) switch
        {
            "image/jpeg" => JpegUrlStart,
            "image/png" => PngUrlStart,
            _ => throw new SparException("image is neither JPEG nor PNG"),
        };
        int length = prefix.Length + Base64.GetMaxEncodedToUtf8Length(image.Length) + 1;
        var literal = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefix.CopyTo(literal, 0);
            Base64.EncodeToUtf8(image, literal.AsSpan(prefix.Length), out _, out int written);
            literal[prefix.Length + written] = (byte)'"';
            w.WriteRawValue(literal.AsSpan(0, prefix.Length + written + 1), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(literal);
        }
    }

    static int EstimateSize(string prompt, IReadOnlyList<ReadOnlyMemory<byte>> images)
    {
        long size = 512 + prompt.Length * 2L;
        foreach (var image in images) size += image.Length * 4L / 3 + 64;
        return (int)Math.Min(size, Array.MaxLength);
    }
}

/// <summary>The MIME type of an encoded image from its magic bytes; bench images carry no reliable name.</summary>
public static class ImageMime
{
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        return null;
    }
}
