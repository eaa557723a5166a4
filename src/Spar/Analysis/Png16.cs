using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Util;

namespace Spar.Analysis;

/// <summary>16-bit single-channel PNG maps (instance masks, depth in millimetres), read with a size guard.</summary>
public static class Png16
{
    /// <summary>A decoded map. <see cref="Values"/> may be longer than Width·Height when rented (see <see cref="ReadPooled"/>).</summary>
    public readonly record struct Map(int Width, int Height, ushort[] Values)
    {
        public ushort At(int x, int y) => Values[y * Width + x];
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

    public static void Write(string path, int width, int height, ReadOnlySpan<ushort> values)
    {
        using var img = Image.LoadPixelData<L16>(System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, L16>(values), width, height);
        AtomicFile.Write(path, s => img.SaveAsPng(s));
    }
}
