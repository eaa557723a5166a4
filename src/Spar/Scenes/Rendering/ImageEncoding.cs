using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Spar.Scenes.Rendering;

/// <summary>Encoders for rendered frames: colour as JPEG (SkiaSharp), depth and instance ids as 16-bit grayscale PNG (ImageSharp).</summary>
public static class ImageEncoding
{
    public const int JpegQuality = 90;

    // Fastest deflate level: depth maps are smooth and masks are flat, so compression stays good and encoding cheap.
    static readonly PngEncoder Png16 = new()
    {
        BitDepth = PngBitDepth.Bit16,
        ColorType = PngColorType.Grayscale,
        CompressionLevel = PngCompressionLevel.BestSpeed,
        FilterMethod = PngFilterMethod.Up,
    };

    public static unsafe byte[] EncodeJpeg(ReadOnlySpan<byte> rgba, int width, int height, int quality = JpegQuality)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        fixed (byte* p = rgba)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, width * 4);
            using var data = pixmap.Encode(SKEncodedImageFormat.Jpeg, quality)
                ?? throw new InvalidOperationException("SkiaSharp failed to encode a JPEG");
            return data.ToArray();
        }
    }

    public static byte[] EncodePng16(ReadOnlySpan<ushort> values, int width, int height)
    {
        using var image = Image.LoadPixelData(MemoryMarshal.Cast<ushort, L16>(values), width, height);
        using var ms = new MemoryStream(width * height / 2);
        image.SaveAsPng(ms, Png16);
        return ms.ToArray();
    }

    /// <summary>Decodes a 16-bit grayscale PNG (depth in mm or instance ids), refusing images larger than <paramref name="maxPixels"/>.</summary>
    public static ushort[] DecodePng16(byte[] png, out int width, out int height, long maxPixels = 1L << 26)
    {
        var info = Image.Identify(png) ?? throw new Util.SparException("not a PNG image");
        if ((long)info.Width * info.Height > maxPixels) throw new Util.SparException($"image of {info.Width}×{info.Height} pixels is too large");
        using var image = Image.Load<L16>(png);
        width = image.Width; height = image.Height;
        var result = new ushort[width * height];
        image.CopyPixelDataTo(MemoryMarshal.Cast<ushort, L16>(result.AsSpan()));
        return result;
    }
}
