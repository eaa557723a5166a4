using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Util;

namespace Spar.Imaging;

/// <summary>
/// 16-bit single-channel PNG maps (depth in millimetres, instance ids; 0 = none): the one home of their reading and
/// writing, for the renderer, the importers and frame analysis. Reads guard the size before decoding, so a corrupt
/// header cannot make spar allocate gigabytes. The two encoders differ on purpose (and bytes depend on them): see
/// <see cref="EncodeFrame"/> and <see cref="WriteDepth"/>.
/// </summary>
public static class Png16
{
    /// <summary>Largest side an importer accepts before decoding.</summary>
    public const int MaxSide = 16384;

    /// <summary>A decoded map. <see cref="Values"/> may be longer than Width·Height when rented (see <see cref="ReadPooled"/>).</summary>
    public readonly record struct Map(int Width, int Height, ushort[] Values)
    {
        public ushort At(int x, int y) => Values[y * Width + x];
    }

    // The renderer's frames: fastest deflate level and the Up filter; depth maps are smooth and masks are flat, so
    // compression stays good and encoding cheap.
    static readonly PngEncoder FrameEncoder = new()
    {
        BitDepth = PngBitDepth.Bit16,
        ColorType = PngColorType.Grayscale,
        CompressionLevel = PngCompressionLevel.BestSpeed,
        FilterMethod = PngFilterMethod.Up,
    };

    /// <summary>
    /// zlib level of the importers' depth maps and masks (<see cref="WriteDepth"/>). Their PNG encoding dominated import
    /// time; spar's own writer (Up filter, .NET's native zlib) replaced ImageSharp's managed deflate (Paeth filter,
    /// level 1) in issue 25: same pixels, different bytes; see docs/scannet.md ("PNG encoding").
    /// </summary>
    public const int ImportZlibLevel = 2;

    /// <summary>A rendered frame's depth or instance map as PNG bytes (synthetic scenes' files).</summary>
    public static byte[] EncodeFrame(ReadOnlySpan<ushort> values, int width, int height)
    {
        using var image = Image.LoadPixelData(MemoryMarshal.Cast<ushort, L16>(values), width, height);
        using var ms = new MemoryStream(width * height / 2);
        image.SaveAsPng(ms, FrameEncoder);
        return ms.ToArray();
    }

    /// <summary>An imported depth map or instance mask (ScanNet's depth format: millimetres, 0 = invalid).</summary>
    public static void WriteDepth(Stream output, ReadOnlySpan<ushort> depth, int width, int height) =>
        PngWriter.WriteGray16(output, depth, width, height, ImportZlibLevel);

    /// <summary>An imported depth map or instance mask as PNG bytes, encoded through <paramref name="buffer"/> (emptied
    /// first, reused across frames).</summary>
    public static byte[] EncodeImport(MemoryStream buffer, ReadOnlySpan<ushort> values, int width, int height)
    {
        buffer.SetLength(0);
        WriteDepth(buffer, values, width, height);
        return buffer.ToArray();
    }

    /// <summary>A map written atomically with ImageSharp's default PNG settings (test fixtures, hand-made scenes).</summary>
    public static void Write(string path, int width, int height, ReadOnlySpan<ushort> values)
    {
        var png = EncodeDefault(width, height, values);
        AtomicFile.Write(path, s => s.Write(png));
    }

    /// <summary>The bytes <see cref="Write"/> writes (ImageSharp's default PNG settings), for a writer that puts them itself.</summary>
    public static byte[] EncodeDefault(int width, int height, ReadOnlySpan<ushort> values)
    {
        using var img = Image.LoadPixelData<L16>(MemoryMarshal.Cast<ushort, L16>(values), width, height);
        using var png = new MemoryStream();
        img.SaveAsPng(png);
        return png.ToArray();
    }

    /// <summary>Decodes 16-bit grayscale PNG bytes, refusing images larger than <paramref name="maxPixels"/>.</summary>
    public static ushort[] Decode(byte[] png, out int width, out int height, long maxPixels = 1L << 26)
    {
        var info = Image.Identify(png) ?? throw new SparException("not a PNG image");
        if ((long)info.Width * info.Height > maxPixels) throw new SparException($"image of {info.Width}×{info.Height} pixels is too large");
        using var image = Image.Load<L16>(png);
        width = image.Width; height = image.Height;
        var result = new ushort[width * height];
        image.CopyPixelDataTo(MemoryMarshal.Cast<ushort, L16>(result.AsSpan()));
        return result;
    }

    /// <summary>
    /// Why the file at <paramref name="path"/> cannot be a depth map of a <paramref name="width"/>×<paramref name="height"/>
    /// frame, from its PNG header alone (signature, IHDR size, 16-bit greyscale), or null when it can. Generation
    /// references depth maps it never decodes (mask frames): a bomb header or a wrong-sized map must not go out unseen.
    /// </summary>
    public static string? DepthProblem(string path, int width, int height)
    {
        Span<byte> head = stackalloc byte[26];
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            if (fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return "not a PNG file (too short)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return $"cannot read: {e.Message}"; }
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!head[..8].SequenceEqual(signature) || !head.Slice(12, 4).SequenceEqual("IHDR"u8)) return "not a PNG file";
        long w = BinaryPrimitives.ReadUInt32BigEndian(head[16..]), h = BinaryPrimitives.ReadUInt32BigEndian(head[20..]);
        // A depth map may be smaller than its colour frame (ScanNet 640×480 under 1296×968; analysis scales the
        // intrinsics), never larger, and with the same aspect ratio (within 2 %), or scaled intrinsics would be wrong.
        double aspect = (double)width / height;
        if (w < 1 || h < 1 || w > width || h > height || Math.Abs((double)w / h - aspect) > 0.02 * aspect)
            return $"{w}×{h} does not fit the frame's {width}×{height} (a depth map may be smaller, with the same aspect ratio)";
        if (head[24] != 16 || head[25] != 0) return $"not a 16-bit greyscale PNG (bit depth {head[24]}, colour type {head[25]})";
        return null;
    }

    public static Map Read(string path, long maxPixels)
    {
        var pooled = ReadPooled(path, maxPixels);
        var exact = pooled.Values.AsSpan(0, pooled.Width * pooled.Height).ToArray();
        ArrayPool<ushort>.Shared.Return(pooled.Values);
        return pooled with { Values = exact };
    }

    /// <summary>
    /// Like <see cref="Read"/> but the values live in an array rented from <see cref="ArrayPool{T}.Shared"/>: give it back
    /// with <see cref="Return"/>. Frame analysis decodes a mask per frame; renting keeps those large arrays off the GC.
    /// </summary>
    public static Map ReadPooled(string path, long maxPixels)
    {
        byte[]? file = null;
        try
        {
            int length;
            using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                if (fs.Length > int.MaxValue) throw new SparException($"{path}: file too large for a PNG map");
                length = (int)fs.Length;
                file = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                fs.ReadExactly(file, 0, length);
            }
            // The size guard uses the PNG header (IHDR) before any decoding.
            if (length < 24 || file[12] != (byte)'I' || file[13] != (byte)'H' || file[14] != (byte)'D' || file[15] != (byte)'R')
                throw new SparException($"{path}: not a PNG file");
            long w = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(16)), h = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(20));
            if (w * h > maxPixels) throw new SparException($"{path}: {w}×{h} is larger than the {maxPixels:N0}-pixel limit");
            using var img = Image.Load<L16>(new MemoryStream(file, 0, length, writable: false));
            var values = ArrayPool<ushort>.Shared.Rent(img.Width * img.Height);
            img.CopyPixelDataTo(MemoryMarshal.Cast<ushort, L16>(values.AsSpan(0, img.Width * img.Height)));
            return new Map(img.Width, img.Height, values);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnknownImageFormatException or InvalidImageContentException)
        {
            throw new SparException($"{path}: cannot read 16-bit PNG: {e.Message}", e);
        }
        finally
        {
            if (file != null) ArrayPool<byte>.Shared.Return(file);
        }
    }

    public static void Return(Map map) => ArrayPool<ushort>.Shared.Return(map.Values);

    /// <summary>
    /// Reads a depth map: a 16-bit greyscale PNG, as ScanNet and spar write depth. Any other image (an 8-bit grey or
    /// RGB PNG, a JPEG) is refused naming the file, since reading it as millimetres would invent depths.
    /// </summary>
    public static ushort[] ReadDepth(string path, out int width, out int height)
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
        catch (Exception e) when (ImageCodec.IsDecodeFailure(e))
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
    public static ushort[] ReadLabels(string path, out int width, out int height)
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
        catch (Exception e) when (ImageCodec.IsDecodeFailure(e))
        {
            throw new SparException($"{path}: cannot read label image: {e.Message}", e);
        }
    }
}
