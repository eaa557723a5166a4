using System.Buffers;

namespace Spar.Dataset;

/// <summary>
/// Streams the lines of a JSONL file as UTF-8 byte slices with 1-based line numbers, in constant memory
/// (one buffer, grown only for a line longer than it). Handles a UTF-8 BOM, CRLF endings and a last line
/// without a newline. A slice is valid until the next call.
/// </summary>
public sealed class JsonlLineReader : IDisposable
{
    const int DefaultBufferSize = 1 << 20;

    readonly Stream _stream;
    readonly bool _ownsStream;
    byte[] _buffer;
    int _start, _end;
    bool _eof, _first = true;

    public JsonlLineReader(Stream stream, bool ownsStream = true, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public static JsonlLineReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));

    /// <summary>Number of the line last returned (1-based).</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the last line returned was not terminated by a newline.</summary>
    public bool LastLineUnterminated { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            int nl = pending.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Trim(pending[..nl]);
                _start += nl + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_end > _start)
                {
                    line = Trim(pending);
                    _start = _end;
                    LineNumber++;
                    LastLineUnterminated = true;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        if (_first)
        {
            _first = false;
            if (line.StartsWith("\uFEFF"u8)) line = line[3..];
        }
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        return line;
    }

    void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
