using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>How the fixture ships the iPhone's depth: extracted PNGs, or <c>depth.bin</c> in one of its encodings.</summary>
public enum DepthFile { Png, Stream, Framed }

/// <summary>
/// Writes an iPhone <c>depth.bin</c> as the ScanNet++ capture app does (sources.md §3.2): <see cref="DepthFile.Stream"/>
/// is one raw-DEFLATE stream of float32 metres (192×256 per frame); <see cref="DepthFile.Framed"/> is per frame a
/// little-endian uint32 size and the payload, mixing the payloads the toolkit accepts: frame 0 a hand-made LZ4 block of
/// literals only (written here byte by byte from the LZ4 block format, so the reader is not checked only against the
/// library that decodes it), then raw-DEFLATE float32 metres for frame numbers divisible by 3 and LZ4 blocks of
/// uint16 mm from K4os's encoder for the others. Metres are written as (mm + ½)/1000, so that the toolkit's truncating (depth·1000).astype(uint16) gives
/// back exactly mm whatever float32 rounding does; 0 mm (no depth) is written as NaN.
/// </summary>
static class ScanNetppDepthBinWriter
{
    public static void Write(string path, DepthFile encoding, IReadOnlyList<ushort[]> frames)
    {
        using var file = File.Create(path);
        if (encoding == DepthFile.Stream)
        {
            using var deflate = new DeflateStream(file, CompressionLevel.Fastest);
            foreach (var mm in frames) deflate.Write(Metres(mm));
            return;
        }
        Span<byte> size = stackalloc byte[4];
        for (int n = 0; n < frames.Count; n++)
        {
            byte[] payload = n == 0 ? LiteralLz4(Shorts(frames[n])) : n % 3 == 0 ? Deflate(Metres(frames[n])) : Lz4(Shorts(frames[n]));
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)payload.Length);
            file.Write(size);
            file.Write(payload);
        }
    }

    static byte[] Shorts(ushort[] mm)
    {
        var b = new byte[mm.Length * 2];
        for (int i = 0; i < mm.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2 * i), mm[i]);
        return b;
    }

    static byte[] Metres(ushort[] mm)
    {
        var b = new byte[mm.Length * 4];
        for (int i = 0; i < mm.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), mm[i] == 0 ? float.NaN : (mm[i] + 0.5f) / 1000f);
        return b;
    }

    static byte[] Lz4(byte[] raw)
    {
        var target = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
        int n = LZ4Codec.Encode(raw, target);
        return target[..n];
    }

    /// <summary>One LZ4 sequence of literals only: token 0xF0 (15 = "more length bytes follow"), length − 15 as 255s and a remainder, the bytes.</summary>
    static byte[] LiteralLz4(byte[] raw)
    {
        var block = new List<byte> { 0xF0 };
        int rest = raw.Length - 15;
        for (; rest >= 255; rest -= 255) block.Add(255);
        block.Add((byte)rest);
        block.AddRange(raw);
        return [.. block];
    }

    static byte[] Deflate(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true)) d.Write(raw);
        return ms.ToArray();
    }
}
