using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Writes a ScanNet <c>.sens</c> file (version 4) frame by frame, following the published layout: header, frame
/// count, frames, then the IMU frame count (always 0 here). The frame count in the header is patched on
/// <see cref="Dispose"/>, so the stream must be seekable. Used for test fixtures, benchmarks and exports of
/// synthetic scenes; the header's <see cref="SensHeader.FrameCount"/> is ignored.
/// </summary>
public sealed class SensWriter : IDisposable
{
    readonly Stream _stream;
    readonly bool _ownsStream;
    readonly SensHeader _header;
    readonly long _frameCountAt;
    readonly CompressionLevel _level;
    readonly MemoryStream _scratch = new();
    long _frames;
    bool _done;

    public SensWriter(Stream stream, SensHeader header, bool ownsStream = true, CompressionLevel depthCompression = CompressionLevel.Fastest)
    {
        if (!stream.CanSeek) throw new ArgumentException("stream must be seekable", nameof(stream));
        if (header.DepthCompression is not (SensDepthCompression.ZlibUshort or SensDepthCompression.RawUshort))
            throw new ArgumentException($"cannot write depth compression {header.DepthCompression}", nameof(header));
        _stream = stream;
        _ownsStream = ownsStream;
        _header = header;
        _level = depthCompression;
        Span<byte> b = stackalloc byte[8];
        WriteU32(header.Version);
        var name = Encoding.UTF8.GetBytes(header.SensorName);
        WriteU64((ulong)name.Length);
        _stream.Write(name);
        foreach (var m in new[] { header.ColorIntrinsic, header.ColorExtrinsic, header.DepthIntrinsic, header.DepthExtrinsic })
            WriteFloats(m);
        WriteU32((uint)(int)header.ColorCompression);
        WriteU32((uint)(int)header.DepthCompression);
        WriteU32((uint)header.ColorWidth);
        WriteU32((uint)header.ColorHeight);
        WriteU32((uint)header.DepthWidth);
        WriteU32((uint)header.DepthHeight);
        BinaryPrimitives.WriteSingleLittleEndian(b, header.DepthShift);
        _stream.Write(b[..4]);
        _frameCountAt = _stream.Position;
        WriteU64(0);
    }

    public static SensWriter Create(string path, SensHeader header) =>
        new(new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16), header);

    /// <summary>Appends a frame: <paramref name="colorPayload"/> is stored as given (e.g. JPEG bytes); depth is encoded per the header.</summary>
    public void WriteFrame(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<byte> colorPayload, ReadOnlySpan<ushort> depth,
        ulong timestampColor = 0, ulong timestampDepth = 0)
    {
        if (cameraToWorld.Length != 16) throw new ArgumentException("pose needs 16 values", nameof(cameraToWorld));
        if (depth.Length != _header.DepthWidth * _header.DepthHeight)
            throw new ArgumentException($"depth needs {_header.DepthWidth * _header.DepthHeight} values", nameof(depth));
        var depthBytes = EncodeDepth(depth);
        WriteRawFrame(cameraToWorld, colorPayload, depthBytes, timestampColor, timestampDepth);
    }

    /// <summary>Appends a frame whose payloads are already encoded (lets tests write deliberately broken frames).</summary>
    public void WriteRawFrame(ReadOnlySpan<float> cameraToWorld, ReadOnlySpan<byte> colorPayload, ReadOnlySpan<byte> depthPayload,
        ulong timestampColor = 0, ulong timestampDepth = 0)
    {
        WriteFloats(cameraToWorld);
        WriteU64(timestampColor);
        WriteU64(timestampDepth);
        WriteU64((ulong)colorPayload.Length);
        WriteU64((ulong)depthPayload.Length);
        _stream.Write(colorPayload);
        _stream.Write(depthPayload);
        _frames++;
    }

    ReadOnlySpan<byte> EncodeDepth(ReadOnlySpan<ushort> depth)
    {
        var raw = MemoryMarshal.AsBytes(depth);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts");
        if (_header.DepthCompression == SensDepthCompression.RawUshort) return raw;
        _scratch.SetLength(0);
        using (var z = new ZLibStream(_scratch, _level, leaveOpen: true)) z.Write(raw);
        return _scratch.GetBuffer().AsSpan(0, (int)_scratch.Length);
    }

    void WriteFloats(ReadOnlySpan<float> m)
    {
        Span<byte> b = stackalloc byte[64];
        for (int i = 0; i < 16; i++) BinaryPrimitives.WriteSingleLittleEndian(b[(4 * i)..], m[i]);
        _stream.Write(b);
    }

    void WriteU32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _stream.Write(b);
    }

    void WriteU64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        _stream.Write(b);
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        WriteU64(0); // IMU frame count: version 4 always has the field, ScanNet's streams carry none we use
        long end = _stream.Position;
        _stream.Position = _frameCountAt;
        WriteU64((ulong)_frames);
        _stream.Position = end;
        _stream.Flush();
        if (_ownsStream) _stream.Dispose();
    }
}
