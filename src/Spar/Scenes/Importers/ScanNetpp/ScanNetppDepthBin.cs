using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>
/// Reads the iPhone's <c>depth.bin</c> straight, without the toolkit's extraction to <c>depth/</c> PNGs. Frame k of the
/// file is iPhone frame k (the video's frame numbers count from 0, as <c>rgb/frame_%06d.jpg</c>). Two encodings ship
/// (sources.md §3.2, the toolkit's <c>prepare_iphone_data.py extract_depth</c>):
/// <list type="bullet">
/// <item><b>stream</b>: the whole file is one raw-DEFLATE stream of float32 metres, frames of 192×256 one after the other;</item>
/// <item><b>framed</b>: per frame a little-endian <c>uint32</c> size and that many bytes of payload, an LZ4 block of
/// uint16 millimetres (192×256×2 bytes) or, failing that, raw-DEFLATE float32 metres (192×256×4 bytes).</item>
/// </list>
/// The toolkit tries the stream first and falls back to framed on any error. That needs the whole file inflated before
/// the first frame; here the cheap test goes first: the file is framed when its sizes chain from byte 0 exactly to the
/// end of the file (every size non-zero), and a stream otherwise. A real stream chaining by chance would need its first
/// bytes to read as a small size and every following jump to land on another — the two never meet in practice, and when
/// a file is neither, the error says what each reading found. Metres become millimetres as the toolkit does,
/// <c>(depth·1000).astype(uint16)</c> in float32: truncated; a value that is not finite or outside 0…65.535 m is 0
/// (no depth), where numpy's cast is undefined. Frames are read one at a time in ascending order (memory flat in
/// the scene's length); asking for an earlier frame of a stream re-opens it.
/// </summary>
public sealed class ScanNetppDepthBin : IDisposable
{
    public const int Width = 256, Height = 192;
    const int Pixels = Width * Height, FloatBytes = Pixels * 4, ShortBytes = Pixels * 2;

    readonly string _path;
    readonly FileStream _file;
    readonly long[]? _frameOffsets; // framed: byte offset of each frame's size field; null for a stream
    DeflateStream? _stream;
    long _streamFrame; // the stream's next frame
    readonly byte[] _payload = new byte[FloatBytes];
    byte[] _packed = [];

    public bool IsFramed => _frameOffsets != null;

    /// <summary>Frames in a framed file; null for a stream (its count is known only once inflated).</summary>
    public int? FrameCount => _frameOffsets?.Length;

    public ScanNetppDepthBin(string path)
    {
        _path = path;
        try { _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read: {e.Message}", e); }
        try { _frameOffsets = FrameChain(out _framedProblem); }
        catch
        {
            _file.Dispose(); // the importer goes on with other scenes after an I/O error: do not keep the handle
            throw;
        }
    }

    readonly string? _framedProblem; // why the file is not framed, for the error when it is not a stream either

    /// <summary>The offsets of the frames when the size fields chain exactly to the end of the file, else null.</summary>
    long[]? FrameChain(out string? problem)
    {
        long length = _file.Length, at = 0;
        var offsets = new List<long>();
        Span<byte> size = stackalloc byte[4];
        while (at < length)
        {
            if (length - at < 4) { problem = $"frame {offsets.Count} at byte {at}: {length - at} byte(s) left, a size field needs 4"; return null; }
            _file.Position = at;
            _file.ReadExactly(size);
            uint n = BinaryPrimitives.ReadUInt32LittleEndian(size);
            if (n == 0) { problem = $"frame {offsets.Count} at byte {at}: size 0"; return null; }
            if (n > length - at - 4) { problem = $"frame {offsets.Count} at byte {at}: size {n}, only {length - at - 4} byte(s) left"; return null; }
            offsets.Add(at);
            at += 4 + n;
        }
        problem = length == 0 ? "the file is empty" : null;
        return length == 0 ? null : [.. offsets];
    }

    /// <summary>Depth of iPhone frame <paramref name="frame"/> in millimetres (256×192, row-major) into <paramref name="mm"/>.</summary>
    public void Read(long frame, Span<ushort> mm)
    {
        if (mm.Length != Pixels) throw new ArgumentException($"need {Pixels} values", nameof(mm));
        if (_frameOffsets != null) ReadFramed(frame, mm);
        else ReadStream(frame, mm);
    }

    void ReadFramed(long frame, Span<ushort> mm)
    {
        if (frame >= _frameOffsets!.Length)
            throw new SparException($"{_path}: frame {frame}: the file holds {_frameOffsets.Length} framed depth frame(s) (0…{_frameOffsets.Length - 1})");
        long at = _frameOffsets[frame];
        _file.Position = at;
        Span<byte> sizeField = stackalloc byte[4];
        _file.ReadExactly(sizeField);
        int size = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(sizeField));
        if (_packed.Length < size) _packed = new byte[size];
        var packed = _packed.AsSpan(0, size);
        _file.ReadExactly(packed);
        // The toolkit's order: LZ4 to exactly 192×256 uint16 first, raw DEFLATE float32 when that fails.
        if (LZ4Codec.Decode(packed, _payload.AsSpan(0, ShortBytes)) == ShortBytes)
        {
            for (int i = 0; i < Pixels; i++) mm[i] = BinaryPrimitives.ReadUInt16LittleEndian(_payload.AsSpan(2 * i));
            return;
        }
        string? deflateProblem = null;
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(_packed, 0, size, writable: false), CompressionMode.Decompress);
            int got = inflate.ReadAtLeast(_payload, FloatBytes, throwOnEndOfStream: false);
            if (got != FloatBytes) deflateProblem = $"raw DEFLATE gives {got} bytes, not {FloatBytes}";
            else if (inflate.ReadByte() >= 0) deflateProblem = $"raw DEFLATE gives more than {FloatBytes} bytes";
        }
        // .NET's own wording ("archive entry … compression method") would mislead here.
        catch (InvalidDataException) { deflateProblem = "not valid raw DEFLATE data"; }
        if (deflateProblem != null)
            throw new SparException($"{_path}: frame {frame} (byte {at}, {size}-byte payload): neither an LZ4 block of {Width}×{Height} uint16 millimetres nor raw-DEFLATE float32 metres: {deflateProblem}");
        Millimetres(_payload, mm);
    }

    void ReadStream(long frame, Span<ushort> mm)
    {
        if (_stream == null || frame < _streamFrame)
        {
            _stream?.Dispose();
            _file.Position = 0;
            _stream = new DeflateStream(_file, CompressionMode.Decompress, leaveOpen: true);
            _streamFrame = 0;
        }
        try
        {
            while (_streamFrame <= frame)
            {
                int got = _stream.ReadAtLeast(_payload, FloatBytes, throwOnEndOfStream: false);
                if (got != FloatBytes)
                    throw new SparException($"{_path}: frame {frame}: the raw-DEFLATE float32 stream ends after {_streamFrame} whole frame(s)" +
                        (got > 0 ? $" and {got} byte(s) of frame {_streamFrame}" : "") + NotFramed());
                _streamFrame++;
            }
        }
        catch (InvalidDataException e)
        {
            throw new SparException($"{_path}: frame {_streamFrame}: not valid raw-DEFLATE data there (as one float32 stream){NotFramed()}", e);
        }
        Millimetres(_payload, mm);
    }

    string NotFramed() => $"; not the framed encoding either ({_framedProblem})";

    /// <summary>float32 metres → uint16 mm as the toolkit's <c>(depth * 1000).astype(np.uint16)</c>: product in float32, truncated.</summary>
    static void Millimetres(ReadOnlySpan<byte> metres, Span<ushort> mm)
    {
        for (int i = 0; i < Pixels; i++)
        {
            float p = BinaryPrimitives.ReadSingleLittleEndian(metres.Slice(4 * i)) * 1000f;
            mm[i] = p >= 0 && p < 65536f ? (ushort)p : (ushort)0; // NaN fails both tests
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _file.Dispose();
    }
}
