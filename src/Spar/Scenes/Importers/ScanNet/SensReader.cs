using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Streams a ScanNet <c>.sens</c> file frame by frame in constant memory: the header is read on open, then
/// <see cref="MoveNext"/> reads one frame record; its colour and depth payloads are read only when asked for and
/// otherwise skipped with a seek (so sub-sampling frames costs almost nothing). Payload buffers are reused.
/// Every malformed input raises a <see cref="SparException"/> naming the file, the frame and the byte offset.
/// </summary>
public sealed class SensReader : IDisposable
{
    /// <summary>Upper bound for one payload; real ScanNet frames are ~100–300 KB, so anything beyond is corruption.</summary>
    const long MaxPayloadBytes = 256L << 20;
    const int MaxImageSide = 16384;
    /// <summary>Per-image pixel cap (64 MP, 128 MB of 16-bit depth): larger is a corrupt header, not a camera.</summary>
    const long MaxImagePixels = 1L << 26;

    readonly Stream _stream;
    readonly long _length;
    byte[] _color = [], _depth = [];
    long _frameRecordsRead;
    SensFrameInfo _current;

    public string FilePath { get; }
    public SensHeader Header { get; }

    SensReader(string path, Stream stream)
    {
        FilePath = path;
        _stream = stream;
        _length = stream.Length;
        Header = ReadHeader();
    }

    public static SensReader Open(string path)
    {
        FileStream fs;
        try { fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot open .sens file: {e.Message}", e); }
        try { return new SensReader(path, fs); }
        catch { fs.Dispose(); throw; }
    }

    /// <summary>Reads from any seekable stream; <paramref name="name"/> is used in error messages.</summary>
    public static SensReader Open(Stream stream, string name) =>
        stream.CanSeek ? new SensReader(name, stream) : throw new ArgumentException("stream must be seekable", nameof(stream));

    /// <summary>The frame record read by the last successful <see cref="MoveNext"/>.</summary>
    public SensFrameInfo Current => _frameRecordsRead > 0 ? _current : throw new InvalidOperationException("MoveNext not called");

    /// <summary>Advances to the next frame record, skipping the previous frame's unread payloads. False after the last frame.</summary>
    public bool MoveNext()
    {
        long offset = _frameRecordsRead == 0 ? _stream.Position : _current.ByteOffset + SensHeader.FrameRecordBytes + _current.ColorBytes + _current.DepthBytes;
        if (_frameRecordsRead >= Header.FrameCount) return false;
        long index = _frameRecordsRead;
        if (offset + SensHeader.FrameRecordBytes > _length)
            throw Fail(offset, $"truncated: frame {index} of {Header.FrameCount} starts at byte {offset} but the file ends at byte {_length}");
        Seek(offset);
        Span<byte> rec = stackalloc byte[SensHeader.FrameRecordBytes];
        _stream.ReadExactly(rec);
        var pose = Floats(rec[..64]);
        ulong tsColor = BinaryPrimitives.ReadUInt64LittleEndian(rec[64..]);
        ulong tsDepth = BinaryPrimitives.ReadUInt64LittleEndian(rec[72..]);
        ulong colorBytes = BinaryPrimitives.ReadUInt64LittleEndian(rec[80..]);
        ulong depthBytes = BinaryPrimitives.ReadUInt64LittleEndian(rec[88..]);
        long payloadStart = offset + SensHeader.FrameRecordBytes;
        if (colorBytes > MaxPayloadBytes || depthBytes > MaxPayloadBytes)
            throw Fail(offset, $"frame {index} declares implausible payload sizes (colour {colorBytes} B, depth {depthBytes} B); the file is corrupt");
        if (payloadStart + (long)colorBytes + (long)depthBytes > _length)
            throw Fail(offset, $"truncated: frame {index} of {Header.FrameCount} needs {colorBytes + depthBytes} payload bytes from byte {payloadStart} but the file ends at byte {_length}");
        _current = new SensFrameInfo(index, offset, pose, tsColor, tsDepth, (long)colorBytes, (long)depthBytes);
        _frameRecordsRead++;
        return true;
    }

    /// <summary>The current frame's colour payload as stored (JPEG bytes for ScanNet). Valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> ReadColorBytes()
    {
        var f = Current;
        return ReadPayload(ref _color, f.ByteOffset + SensHeader.FrameRecordBytes, f.ColorBytes);
    }

    /// <summary>The current frame's depth payload as stored (zlib-compressed for ScanNet). Valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> ReadDepthBytes()
    {
        var f = Current;
        return ReadPayload(ref _depth, f.ByteOffset + SensHeader.FrameRecordBytes + f.ColorBytes, f.DepthBytes);
    }

    /// <summary>Decodes the current frame's depth into <paramref name="depth"/> (row-major, DepthWidth × DepthHeight raw units).</summary>
    public void DecodeDepth(Span<ushort> depth)
    {
        int pixels = Header.DepthWidth * Header.DepthHeight;
        if (depth.Length != pixels) throw new ArgumentException($"need {pixels} depth values, got {depth.Length}", nameof(depth));
        var f = Current;
        var compressed = ReadDepthBytes();
        if (compressed.IsEmpty) throw Fail(f.ByteOffset, $"frame {f.Index} has no depth data (0 bytes)");
        var target = MemoryMarshal.AsBytes(depth);
        switch (Header.DepthCompression)
        {
            case SensDepthCompression.ZlibUshort:
                InflateExactly(compressed, target, f);
                break;
            case SensDepthCompression.RawUshort:
                if (compressed.Length != target.Length)
                    throw Fail(f.ByteOffset, $"frame {f.Index}: raw depth has {compressed.Length} bytes, expected {target.Length}");
                compressed.CopyTo(target);
                break;
            default:
                throw Fail(0, $"depth compression {Header.DepthCompression} is not supported (only zlib and raw 16-bit)");
        }
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < depth.Length; i++) depth[i] = BinaryPrimitives.ReverseEndianness(depth[i]);
    }

    void InflateExactly(ReadOnlySpan<byte> compressed, Span<byte> target, SensFrameInfo f)
    {
        unsafe
        {
            fixed (byte* p = compressed)
            {
                using var source = new UnmanagedMemoryStream(p, compressed.Length);
                using var z = new ZLibStream(source, CompressionMode.Decompress);
                int got;
                try
                {
                    got = z.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
                    if (got == target.Length && z.ReadByte() >= 0)
                        throw Fail(f.ByteOffset, $"frame {f.Index}: depth inflates to more than {target.Length} bytes ({Header.DepthWidth}×{Header.DepthHeight}×2)");
                }
                catch (Exception e) when (e is InvalidDataException or IOException) // zlib reports damage as either; the source is memory, so no other I/O
                {
                    throw Fail(f.ByteOffset, $"frame {f.Index}: depth is not valid zlib data ({e.Message})", e);
                }
                if (got != target.Length)
                    throw Fail(f.ByteOffset, $"frame {f.Index}: depth inflates to {got} bytes, expected {target.Length} ({Header.DepthWidth}×{Header.DepthHeight}×2)");
            }
        }
    }

    /// <summary>Colour and depth have separate buffers, so reading one never invalidates the other.</summary>
    ReadOnlySpan<byte> ReadPayload(ref byte[] buffer, long offset, long count)
    {
        if (buffer.Length < count)
        {
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent((int)count);
        }
        Seek(offset);
        var span = buffer.AsSpan(0, (int)count);
        _stream.ReadExactly(span);
        return span;
    }

    void Seek(long offset)
    {
        if (_stream.Position != offset) _stream.Position = offset;
    }

    SensHeader ReadHeader()
    {
        long pos = 0;
        Span<byte> b8 = stackalloc byte[8];
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(Take(b8[..4], ref pos, "version"));
        if (version != SensHeader.SupportedVersion)
            throw Fail(0, $"not a ScanNet .sens file of version {SensHeader.SupportedVersion}: found version {version} (bytes {BitConverter.ToString(b8[..4].ToArray())})");
        ulong nameLength = BinaryPrimitives.ReadUInt64LittleEndian(Take(b8, ref pos, "sensor name length"));
        if (nameLength > 4096)
            throw Fail(4, $"implausible sensor name length {nameLength}; the file is corrupt");
        var nameBytes = new byte[(int)nameLength];
        Take(nameBytes, ref pos, "sensor name");
        string name = Encoding.UTF8.GetString(nameBytes);
        var matrices = new float[4][];
        var mbuf = new byte[64];
        for (int i = 0; i < 4; i++) matrices[i] = Floats(Take(mbuf, ref pos, "calibration matrix"));
        long colorTypeAt = pos;
        int colorType = BinaryPrimitives.ReadInt32LittleEndian(Take(b8[..4], ref pos, "colour compression"));
        int depthType = BinaryPrimitives.ReadInt32LittleEndian(Take(b8[..4], ref pos, "depth compression"));
        if (colorType is < -1 or > 2) throw Fail(colorTypeAt, $"unknown colour compression type {colorType}");
        if (depthType is < -1 or > 2) throw Fail(colorTypeAt + 4, $"unknown depth compression type {depthType}");
        long sizesAt = pos;
        Span<int> sides = stackalloc int[4];
        for (int i = 0; i < 4; i++)
        {
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(Take(b8[..4], ref pos, "image size"));
            if (v == 0 || v > MaxImageSide) throw Fail(sizesAt + 4 * i, $"implausible image size {v}");
            sides[i] = (int)v;
        }
        if ((long)sides[0] * sides[1] > MaxImagePixels || (long)sides[2] * sides[3] > MaxImagePixels)
            throw Fail(sizesAt, $"implausible image sizes {sides[0]}×{sides[1]} (colour), {sides[2]}×{sides[3]} (depth)");
        float depthShift = BinaryPrimitives.ReadSingleLittleEndian(Take(b8[..4], ref pos, "depth shift"));
        if (!float.IsFinite(depthShift) || depthShift <= 0) throw Fail(pos - 4, $"invalid depth shift {depthShift}");
        ulong frames = BinaryPrimitives.ReadUInt64LittleEndian(Take(b8, ref pos, "frame count"));
        long maxFrames = (_length - pos) / SensHeader.FrameRecordBytes;
        if (frames > (ulong)maxFrames)
            throw Fail(pos - 8, $"truncated or corrupt: header declares {frames} frames but only {_length - pos} bytes follow byte {pos} (room for at most {maxFrames} frame records)");
        return new SensHeader(version, name, matrices[0], matrices[1], matrices[2], matrices[3],
            (SensColorCompression)colorType, (SensDepthCompression)depthType, sides[0], sides[1], sides[2], sides[3], depthShift, (long)frames);
    }

    Span<byte> Take(Span<byte> into, ref long pos, string what)
    {
        int got = _stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
        if (got < into.Length)
            throw Fail(pos, $"truncated header: the file ends at byte {pos + got} while reading the {what}");
        pos += into.Length;
        return into;
    }

    static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        var m = new float[16];
        for (int i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        return m;
    }

    /// <summary>Every message ends with the byte offset of the field or frame record at fault.</summary>
    SparException Fail(long offset, string message, Exception? inner = null) =>
        new($"{FilePath}: {message} (at byte {offset})", inner);

    public void Dispose()
    {
        if (_color.Length > 0) ArrayPool<byte>.Shared.Return(_color);
        if (_depth.Length > 0) ArrayPool<byte>.Shared.Return(_depth);
        _color = _depth = [];
        _stream.Dispose();
    }
}
