using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Util;

namespace Spar.Analysis;

/// <summary>16-bit single-channel PNG maps (instance masks, depth in millimetres), read with a size guard.</summary>
public static class Png16
{
    public readonly record struct Map(int Width, int Height, ushort[] Values)
    {
        public ushort At(int x, int y) => Values[y * Width + x];
    }

    public static Map Read(string path, long maxPixels)
    {
        try
        {
            // One read; the size guard uses the PNG header (IHDR) before any decoding.
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 24 && bytes[12] == (byte)'I' && bytes[13] == (byte)'H' && bytes[14] == (byte)'D' && bytes[15] == (byte)'R')
            {
                long w = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16));
                long h = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20));
                if (w * h > maxPixels) throw new SparException($"{path}: {w}×{h} is larger than the {maxPixels:N0}-pixel limit");
            }
            else throw new SparException($"{path}: not a PNG file");
            using var img = Image.Load<L16>(bytes);
            var values = new ushort[img.Width * img.Height];
            img.CopyPixelDataTo(System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, L16>(values.AsSpan()));
            return new Map(img.Width, img.Height, values);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UnknownImageFormatException or InvalidImageContentException)
        {
            throw new SparException($"{path}: cannot read 16-bit PNG: {e.Message}", e);
        }
    }

    public static void Write(string path, int width, int height, ReadOnlySpan<ushort> values)
    {
        using var img = Image.LoadPixelData<L16>(System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, L16>(values), width, height);
        AtomicFile.Write(path, s => img.SaveAsPng(s));
    }
}
