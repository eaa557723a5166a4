using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Spar.Imaging;

/// <summary>
/// A lean lossless PNG encoder for opaque RGB: "Up" filter on every row (vectorised) and .NET's zlib with the
/// chosen level and strategy. Several times faster than Skia's PNG encoder with adaptive filters, at a few percent more
/// bytes, which is the right trade for drawing millions of marked images.
/// </summary>
public static class PngWriter
{
    static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Write(RgbaImage img, Stream output, CompressionLevel level = CompressionLevel.Fastest) =>
        Write(img, output, new ZLibCompressionOptions { CompressionLevel = level switch
        {
            CompressionLevel.NoCompression => 0,
            CompressionLevel.Fastest => 1,
            CompressionLevel.SmallestSize => 9,
            _ => 6,
        } });

    public static void Write(RgbaImage img, Stream output, ZLibCompressionOptions zlib)
    {
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, img.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], img.Height);
        ihdr[8] = 8;   // bit depth
        ihdr[9] = 2;   // colour type RGB
        ihdr[10] = ihdr[11] = ihdr[12] = 0;
        WriteChunk(output, "IHDR"u8, ihdr);

        using var compressed = new MemoryStream(img.Width * img.Height * 2);
        using (var z = new ZLibStream(compressed, zlib, leaveOpen: true))
        {
            int stride = img.Width * 3;
            var prev = new byte[stride];
            var cur = new byte[stride];
            var line = new byte[stride + 1];
            line[0] = 2; // Up
            for (int y = 0; y < img.Height; y++)
            {
                var src = img.Pixels.AsSpan(y * img.Width * 4, img.Width * 4);
                for (int x = 0, i = 0; x < src.Length; x += 4, i += 3)
                {
                    cur[i] = src[x];
                    cur[i + 1] = src[x + 1];
                    cur[i + 2] = src[x + 2];
                }
                Up(cur, prev, line.AsSpan(1));
                z.Write(line);
                (prev, cur) = (cur, prev);
            }
        }
        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        const int MaxChunk = 1 << 20;
        for (int o = 0; o < data.Length; o += MaxChunk) WriteChunk(output, "IDAT"u8, data.Slice(o, Math.Min(MaxChunk, data.Length - o)));
        WriteChunk(output, "IEND"u8, []);
    }

    // Per-thread scratch of WriteGray16 (the import encodes a depth map and a mask per frame on every worker thread).
    [ThreadStatic] static MemoryStream? _compressed;
    [ThreadStatic] static byte[]? _rows;

    /// <summary>
    /// A 16-bit greyscale PNG (big-endian samples, as PNG stores them) with the "Up" filter on every row and .NET's zlib
    /// at <paramref name="zlibLevel"/>: the importers' depth maps and instance masks (Png16.WriteDepth).
    /// </summary>
    public static void WriteGray16(Stream output, ReadOnlySpan<ushort> values, int width, int height, int zlibLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (values.Length < (long)width * height) throw new ArgumentException($"{values.Length} values for {width}×{height}", nameof(values));
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 16;  // bit depth
        ihdr[9] = 0;   // colour type greyscale
        ihdr[10] = ihdr[11] = ihdr[12] = 0;
        WriteChunk(output, "IHDR"u8, ihdr);

        var compressed = _compressed ??= new MemoryStream();
        compressed.SetLength(0);
        int stride = width * 2;
        if (_rows == null || _rows.Length < 3 * stride + 1) _rows = new byte[3 * stride + 1];
        var prev = _rows.AsSpan(0, stride);
        var cur = _rows.AsSpan(stride, stride);
        var line = _rows.AsSpan(2 * stride, stride + 1);
        prev.Clear(); // the row above the first is zero (PNG spec): its Up line is the row itself
        line[0] = 2; // Up
        using (var z = new ZLibStream(compressed, new ZLibCompressionOptions { CompressionLevel = zlibLevel }, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                var row = values.Slice(y * width, width);
                if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(row, MemoryMarshal.Cast<byte, ushort>(cur));
                else row.CopyTo(MemoryMarshal.Cast<byte, ushort>(cur));
                Up(cur, prev, line[1..]);
                z.Write(line);
                var t = prev; prev = cur; cur = t;
            }
        }
        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        const int MaxChunk = 1 << 20;
        for (int o = 0; o < data.Length; o += MaxChunk) WriteChunk(output, "IDAT"u8, data.Slice(o, Math.Min(MaxChunk, data.Length - o)));
        WriteChunk(output, "IEND"u8, []);
        if (compressed.Capacity > 16 << 20) _compressed = null; // do not keep an outsized buffer per thread
    }

    static void Up(ReadOnlySpan<byte> cur, ReadOnlySpan<byte> prev, Span<byte> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= cur.Length - Vector<byte>.Count; i += Vector<byte>.Count)
                (new Vector<byte>(cur[i..]) - new Vector<byte>(prev[i..])).CopyTo(dst[i..]);
        for (; i < cur.Length; i++) dst[i] = (byte)(cur[i] - prev[i]);
    }

    static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        type.CopyTo(head[4..]);
        output.Write(head);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc.GetCurrentHashAsUInt32());
        output.Write(tail);
    }
}
