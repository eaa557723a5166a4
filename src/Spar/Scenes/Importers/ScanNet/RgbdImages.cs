using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Image encode/decode at the importer's edges: 16-bit depth PNGs and JPEG colour.</summary>
public static class RgbdImages
{
    /// <summary>Largest side accepted before decoding, so a corrupt header cannot make us allocate gigabytes.</summary>
    public const int MaxSide = 16384;

    static readonly PngEncoder DepthEncoder = new()
    {
        BitDepth = PngBitDepth.Bit16,
        ColorType = PngColorType.Grayscale,
        CompressionLevel = PngCompressionLevel.Level1, // depth PNGs dominate import time; level 1 is ~3x faster than 6 for ~10% more bytes
    };

    static readonly JpegEncoder ColorEncoder = new() { Quality = 95 };

    /// <summary>Writes a 16-bit greyscale PNG (ScanNet's depth format: millimetres, 0 = invalid).</summary>
    public static void WriteDepthPng(Stream output, ReadOnlySpan<ushort> depth, int width, int height)
    {
        using var image = Image.LoadPixelData(System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, L16>(depth), width, height);
        image.SaveAsPng(output, DepthEncoder);
    }

    /// <summary>
    /// Reads a depth map: a 16-bit greyscale PNG, as ScanNet and spar write depth. Any other image (an 8-bit grey or
    /// RGB PNG, a JPEG) is refused naming the file, since reading it as millimetres would invent depths.
    /// </summary>
    public static ushort[] ReadDepthPng(string path, out int width, out int height)
    {
        try
        {
            var info = Image.Identify(path, out var format) ?? throw new SparException($"{path}: not an image");
            var png = format is PngFormat ? info.Metadata.GetPngMetadata() : null;
            if (png is not { ColorType: PngColorType.Grayscale, BitDepth: PngBitDepth.Bit16 })
                throw new SparException($"{path}: depth must be a 16-bit greyscale PNG (millimetres), found "
                    + (png != null ? $"{BitsOf(png.BitDepth)}-bit {png.ColorType?.ToString().ToLowerInvariant() ?? "unknown colour type"} PNG" : $"{format?.Name ?? "unknown"} image"));
            return ReadL16(path, info, out width, out height);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new SparException($"{path}: cannot read depth image: {e.Message}", e);
        }
    }

    static string BitsOf(PngBitDepth? depth) => depth switch
    {
        PngBitDepth.Bit1 => "1", PngBitDepth.Bit2 => "2", PngBitDepth.Bit4 => "4", PngBitDepth.Bit8 => "8", PngBitDepth.Bit16 => "16", _ => "?",
    };

    /// <summary>Any greyscale-convertible image as 16-bit values (8-bit images widened by the decoder); callers turn decoder failures into messages.</summary>
    static ushort[] ReadL16(string path, IImageInfo info, out int width, out int height)
    {
        if (info.Width > MaxSide || info.Height > MaxSide) throw new SparException($"{path}: image is {info.Width}×{info.Height}, larger than {MaxSide}");
        using var image = Image.Load<L16>(path);
        width = image.Width;
        height = image.Height;
        var pixels = new L16[width * height];
        image.CopyPixelDataTo(pixels);
        var result = new ushort[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) result[i] = pixels[i].PackedValue;
        return result;
    }

    /// <summary>
    /// Reads a greyscale label image (ScanNet's 2D instance projections are 8-bit PNGs) as integer values, without
    /// the 8→16-bit rescaling a plain 16-bit load would apply. 16-bit images are read as they are.
    /// </summary>
    public static ushort[] ReadLabelPng(string path, out int width, out int height)
    {
        try
        {
            var info = Image.Identify(path) ?? throw new SparException($"{path}: not an image");
            if (info.Width > MaxSide || info.Height > MaxSide) throw new SparException($"{path}: image is {info.Width}×{info.Height}, larger than {MaxSide}");
            if (info.PixelType.BitsPerPixel > 8) return ReadL16(path, info, out width, out height);
            using var image = Image.Load<L8>(path);
            width = image.Width;
            height = image.Height;
            var pixels = new L8[width * height];
            image.CopyPixelDataTo(pixels);
            var result = new ushort[pixels.Length];
            for (int i = 0; i < pixels.Length; i++) result[i] = pixels[i].PackedValue;
            return result;
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new SparException($"{path}: cannot read label image: {e.Message}", e);
        }
    }

    /// <summary>
    /// The decoder is third-party code fed user files: on damaged input it throws its own format exceptions but also
    /// argument and index errors. All of them mean "this file is broken" and become a <see cref="SparException"/>.
    /// </summary>
    static bool IsDecodeFailure(Exception e) => e is not (SparException or OutOfMemoryException or OperationCanceledException);

    /// <summary>Width and height of an image file without decoding its pixels.</summary>
    public static (int Width, int Height) SizeOf(string path)
    {
        try
        {
            var info = Image.Identify(path) ?? throw new SparException($"{path}: not an image");
            return (info.Width, info.Height);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new SparException($"{path}: cannot read image: {e.Message}", e);
        }
    }

    /// <summary>Re-encodes a colour payload that is not JPEG (raw RGB24 or PNG, both allowed by the .sens format) as JPEG quality 95.</summary>
    public static byte[] ToJpeg(ReadOnlySpan<byte> payload, SensColorCompression compression, int width, int height, string where)
    {
        try
        {
            using var image = compression switch
            {
                SensColorCompression.Raw when payload.Length == width * height * 3 => Image.LoadPixelData<Rgb24>(payload, width, height),
                SensColorCompression.Raw => throw new SparException($"{where}: raw colour has {payload.Length} bytes, expected {width * height * 3}"),
                SensColorCompression.Png => Image.Load<Rgb24>(payload),
                _ => throw new SparException($"{where}: colour compression {compression} is not supported"),
            };
            var ms = new MemoryStream();
            image.SaveAsJpeg(ms, ColorEncoder);
            return ms.ToArray();
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new SparException($"{where}: cannot decode colour image: {e.Message}", e);
        }
    }
}
