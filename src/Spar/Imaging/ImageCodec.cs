using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;
using Spar.Util;

namespace Spar.Imaging;

/// <summary>
/// Decodes JPEG/PNG (anything SkiaSharp reads) into <see cref="RgbaImage"/> the way PIL's <c>convert("RGB")</c> sees
/// it: no EXIF rotation, alpha dropped without compositing, grey expanded to RGB. Encodes losslessly to PNG or to JPEG.
/// JPEG goes through the system's libjpeg-turbo when it is installed (<see cref="TurboJpeg"/>: PIL's pixels, fastest),
/// otherwise through ImageSharp (decode ~2×, encode ~5× faster than the bundled Skia codec here; its pixels differ from
/// libjpeg-turbo's by a few levels, see docs/drawing.md); everything else through Skia.
/// </summary>
public static class ImageCodec
{
    /// <summary>Refuse to allocate more than this many pixels for one image (a corrupt header must not take the machine down).</summary>
    public const long MaxPixels = 200_000_000;

    public static RgbaImage Decode(string path)
    {
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new SparException($"image not found: {path}"); }
        catch (DirectoryNotFoundException) { throw new SparException($"image not found: {path}"); }
        catch (IOException e) { throw new SparException($"cannot read image {path}: {e.Message}", e); }
        return Decode(data, path);
    }

    /// <summary>ImageSharp with one thread per image: callers parallelise across images, which scales better.</summary>
    static readonly Configuration SingleThreaded = CreateConfiguration();

    static Configuration CreateConfiguration()
    {
        var c = Configuration.Default.Clone();
        c.MaxDegreeOfParallelism = 1;
        return c;
    }

    public static RgbaImage Decode(ReadOnlySpan<byte> data, string name) =>
        JpegHeader.IsJpeg(data) ? DecodeJpeg(data, name) : DecodeSkia(data, name);

    static void CheckSize(int w, int h, string name)
    {
        if (w <= 0 || h <= 0 || (long)w * h > MaxPixels)
            throw new SparException($"image {name} is {w}x{h}, outside the supported size (at most {MaxPixels:N0} pixels)");
    }

    static long _jpegFallbacks;

    /// <summary>JPEGs that libjpeg-turbo refused (truncated, CMYK…) and the ImageSharp fallback read, in this process.</summary>
    public static long JpegFallbacks => Interlocked.Read(ref _jpegFallbacks);

    /// <summary>Which JPEG codec this process uses, and how often it fell back, for logs and reports.</summary>
    public static string JpegCodecName => TurboJpeg.IsAvailable
        ? JpegFallbacks == 0 ? "libjpeg-turbo" : $"libjpeg-turbo, {JpegFallbacks:N0} JPEG(s) read by the ImageSharp fallback"
        : $"ImageSharp, {TurboJpeg.UnavailableReason}";

    static void RequireTurboIfAsked()
    {
        if (TurboJpeg.IsRequired && !TurboJpeg.IsAvailable)
            throw new SparException($"SPAR_JPEG=turbo, but {TurboJpeg.UnavailableReason}");
    }

    static RgbaImage DecodeJpeg(ReadOnlySpan<byte> data, string name)
    {
        if (!JpegHeader.TryReadSize(data, out int w, out int h))
            throw new SparException($"not a readable image: {name} (JPEG without a frame header)");
        CheckSize(w, h, name);
        RequireTurboIfAsked();
        if (TurboJpeg.IsAvailable)
        {
            if (TurboJpeg.TryDecode(data, w, h, out var image, out var error)) return image!;
            // Damaged or unusual streams (CMYK, truncated data) get ImageSharp's more lenient reading, as before.
            if (TurboJpeg.IsRequired) throw new SparException($"cannot decode image {name}: {error}");
            var lenient = DecodeJpegWithImageSharp(data, w, h, name);
            Interlocked.Increment(ref _jpegFallbacks);
            return lenient;
        }
        return DecodeJpegWithImageSharp(data, w, h, name);
    }

    /// <summary>ImageSharp's decoder, whatever is installed: the fallback, and the comparison in tests and benchmarks.</summary>
    public static RgbaImage DecodeJpegWithImageSharp(ReadOnlySpan<byte> data, string name)
    {
        if (!JpegHeader.TryReadSize(data, out int w, out int h))
            throw new SparException($"not a readable image: {name} (JPEG without a frame header)");
        CheckSize(w, h, name);
        return DecodeJpegWithImageSharp(data, w, h, name);
    }

    static RgbaImage DecodeJpegWithImageSharp(ReadOnlySpan<byte> data, int w, int h, string name)
    {
        Image<Rgba32> decoded;
        try { decoded = Image.Load<Rgba32>(SingleThreaded, data); }
        // ImageSharp 2.1 reports some damaged streams with arbitrary exceptions (NullReferenceException, index errors);
        // whatever it throws, the user gets an error naming the file, never a crash.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SparException($"cannot decode image {name}: {e.Message}", e);
        }
        using (decoded)
        {
            if (decoded.Width != w || decoded.Height != h)
                throw new SparException($"cannot decode image {name}: frame header says {w}x{h}, decoder produced {decoded.Width}x{decoded.Height}");
            // Every byte is overwritten by the copy, so a reused buffer needs no clearing; row-wise block copies; JPEG has no
            // alpha, so every pixel comes out opaque.
            var img = RgbaImage.Rent(w, h);
            decoded.CopyPixelDataTo(img.Pixels);
            return img;
        }
    }

    static unsafe RgbaImage DecodeSkia(ReadOnlySpan<byte> data, string name)
    {
        fixed (byte* p = data)
        {
            using var skData = SKData.Create((IntPtr)p, data.Length);
            using var codec = SKCodec.Create(skData) ?? throw new SparException($"not a readable image: {name}");
            var (w, h) = (codec.Info.Width, codec.Info.Height);
            CheckSize(w, h, name);
            var img = new RgbaImage(w, h);
            var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            fixed (byte* dst = img.Pixels)
            {
                var result = codec.GetPixels(info, (IntPtr)dst);
                if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
                    throw new SparException($"cannot decode image {name}: {result}");
            }
            if (codec.Info.AlphaType != SKAlphaType.Opaque) ForceOpaque(img.Pixels);
            return img;
        }
    }

    static void ForceOpaque(byte[] rgba)
    {
        for (int i = 3; i < rgba.Length; i += 4) rgba[i] = 255;
    }

    /// <summary>Lossless RGB PNG via <see cref="PngWriter"/>.</summary>
    /// <param name="zlibLevel">
    /// 0 stored; 1 (default) Huffman coding only, no string matching: on "Up"-filtered photos as fast as zlib level 1 and
    /// ~14 % smaller (bench/README.md, drawing); 2–9 zlib's levels. Lossless at every level.
    /// </param>
    public static void EncodePng(RgbaImage img, Stream output, int zlibLevel = DefaultPngLevel) =>
        PngWriter.Write(img, output, new System.IO.Compression.ZLibCompressionOptions
        {
            CompressionLevel = Math.Clamp(zlibLevel, 0, 9),
            CompressionStrategy = zlibLevel == 1 ? System.IO.Compression.ZLibCompressionStrategy.HuffmanOnly : System.IO.Compression.ZLibCompressionStrategy.Default,
        });

    public const int DefaultPngLevel = 1;

    /// <summary>Skia's PNG encoder with adaptive filters (smaller files, several times slower); kept for comparison.</summary>
    public static void EncodePngSkia(RgbaImage img, Stream output, int zlibLevel = 6) =>
        Encode(img, output, (pm, s) => pm.Encode(s, new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zlibLevel)));

    /// <summary>Baseline JPEG, 4:2:0 chroma (as PIL and Skia write by default): libjpeg-turbo when installed, else ImageSharp.</summary>
    public static void EncodeJpeg(RgbaImage img, Stream output, int quality = 95)
    {
        RequireTurboIfAsked();
        if (TurboJpeg.IsAvailable) TurboJpeg.Encode(img, output, quality);
        else EncodeJpegWithImageSharp(img, output, quality);
    }

    /// <summary>ImageSharp's JPEG encoder, whatever is installed: the fallback, and the comparison in tests and benchmarks.</summary>
    public static void EncodeJpegWithImageSharp(RgbaImage img, Stream output, int quality = 95)
    {
        using var wrapped = Image.WrapMemory<Rgba32>(SingleThreaded, img.Pixels.AsMemory(), img.Width, img.Height);
        wrapped.SaveAsJpeg(output, new JpegEncoder { Quality = quality, ColorType = JpegColorType.YCbCrRatio420 });
    }

    /// <summary>Skia's (libjpeg-turbo) JPEG encoder; several times slower here, kept for comparison in the benchmark.</summary>
    public static void EncodeJpegSkia(RgbaImage img, Stream output, int quality = 95) =>
        Encode(img, output, (pm, s) => pm.Encode(s, new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)));

    static unsafe void Encode(RgbaImage img, Stream output, Func<SKPixmap, SKWStream, bool> encode)
    {
        var info = new SKImageInfo(img.Width, img.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        fixed (byte* p = img.Pixels)
        {
            using var pm = new SKPixmap(info, (IntPtr)p, img.Width * 4);
            using var ws = new SKManagedWStream(output);
            if (!encode(pm, ws)) throw new SparException("image encoding failed");
        }
    }

    /// <summary>Skia's (libjpeg-turbo) decoder for any input; the reference for comparisons and the benchmark.</summary>
    public static RgbaImage DecodeWithSkia(ReadOnlySpan<byte> data, string name) => DecodeSkia(data, name);

    /// <summary>
    /// A rendered frame's colour (RGBA bytes) through Skia's pixmap encoder at quality 90: the synthetic scenes' JPEG
    /// bytes depend on this encoder and its settings, so it stays apart from <see cref="EncodeJpeg"/>.
    /// </summary>
    public static unsafe byte[] EncodeRenderedJpeg(ReadOnlySpan<byte> rgba, int width, int height, int quality = RenderedJpegQuality)
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

    public const int RenderedJpegQuality = 90;

    /// <summary>
    /// Raw RGB24 pixels (<paramref name="png"/> false) or an encoded PNG (true) re-encoded as ImageSharp JPEG quality 95:
    /// an importer's colour that did not arrive as JPEG (.sens allows both, ScanNet uses neither).
    /// </summary>
    public static byte[] TranscodeToJpeg(ReadOnlySpan<byte> payload, bool png, int width, int height, string where)
    {
        try
        {
            using var image = png ? Image.Load<Rgb24>(payload)
                : payload.Length == width * height * 3 ? Image.LoadPixelData<Rgb24>(payload, width, height)
                : throw new SparException($"{where}: raw colour has {payload.Length} bytes, expected {width * height * 3}");
            var ms = new MemoryStream();
            image.SaveAsJpeg(ms, TranscodeEncoder);
            return ms.ToArray();
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new SparException($"{where}: cannot decode colour image: {e.Message}", e);
        }
    }

    static readonly JpegEncoder TranscodeEncoder = new() { Quality = 95 };

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

    /// <summary>
    /// ImageSharp is third-party code fed user files: on damaged input it throws its own format exceptions but also
    /// argument and index errors. All of them mean "this file is broken" and become a <see cref="SparException"/>.
    /// </summary>
    internal static bool IsDecodeFailure(Exception e) => e is not (SparException or OutOfMemoryException or OperationCanceledException);

    /// <summary>Writes a PNG atomically (temp file + rename).</summary>
    public static void WritePng(RgbaImage img, string path, int zlibLevel = DefaultPngLevel) => AtomicFile.Write(path, s => EncodePng(img, s, zlibLevel));
}
