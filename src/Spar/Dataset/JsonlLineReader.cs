using System.Buffers;
using Spar.Util;

namespace Spar.Dataset;

/// <summary>A line longer than the reader's limit: named by file and line. The reader skips it, so a caller may go on.</summary>
public sealed class LineTooLongException(string? file, long line, long limit)
    : SparException($"{(file is null ? "line " + line : file + ":" + line)}: line longer than {limit} bytes " +
                    "(spar's limit for one record; is this a JSONL file, one record per line?)")
{
    public string? File { get; } = file;
    public long Line { get; } = line;
    public long Limit { get; } = limit;
}

/// <summary>
/// Streams the lines of a JSONL file as UTF-8 byte slices with 1-based line numbers, in constant memory
/// (one buffer, grown only for a line longer than it). Handles a UTF-8 BOM, CRLF endings and a last line
/// without a newline. A slice is valid until the next call. A line longer than <see cref="MaxLineBytes"/> is a
/// <see cref="LineTooLongException"/> (naming the file and line) instead of a buffer that doubles until it overflows.
/// </summary>
public sealed class JsonlLineReader : IDisposable
{
    const int DefaultBufferSize = 1 << 20;

    /// <summary>
    /// The longest line any spar reader accepts (one constant for the JSONL, TSV and prediction readers): SPAR-7M records
    /// are a few KB, a VLMEvalKit TSV cell with base64 images a few MB; 64 MiB is far above both and far below the 2 GiB
    /// at which a .NET buffer overflows.
    /// </summary>
    public const int DefaultMaxLineBytes = 64 << 20;

    readonly Stream _stream;
    readonly bool _ownsStream;
    readonly string? _name;
    byte[] _buffer;
    int _start, _end;
    long _origin;   // the stream offset of _buffer[0]
    bool _eof, _first = true, _skipping;

    /// <param name="name">The file's path, for messages.</param>
    /// <param name="maxLineBytes">The longest line accepted (tests use small limits).</param>
    public JsonlLineReader(Stream stream, bool ownsStream = true, int bufferSize = DefaultBufferSize, string? name = null,
        int maxLineBytes = DefaultMaxLineBytes)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _name = name;
        MaxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(bufferSize, maxLineBytes + 1));
        _origin = stream.CanSeek ? stream.Position : 0;
    }

    public static JsonlLineReader Open(string path, int maxLineBytes = DefaultMaxLineBytes) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), name: path,
            maxLineBytes: maxLineBytes);

    public int MaxLineBytes { get; }

    /// <summary>Number of the line last returned (1-based).</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the last line returned was not terminated by a newline.</summary>
    public bool LastLineUnterminated { get; private set; }

    /// <summary>The byte offset in the stream of the line last returned (of its first byte, before a BOM is dropped).</summary>
    public long LineOffset { get; private set; }

    /// <summary>The byte offset where the next line starts.</summary>
    public long NextOffset => _origin + _start;

    /// <summary>
    /// Goes on reading at the first line that starts at or after byte <paramref name="offset"/> of a seekable stream (a
    /// line starting exactly there is that line). <see cref="LineNumber"/> then counts lines read since the seek, not
    /// from the top of the file: a caller that needs the file's line numbers counts newlines (<see cref="CountLines"/>).
    /// </summary>
    public void SeekToLineAt(long offset)
    {
        if (!_stream.CanSeek) throw new NotSupportedException("SeekToLineAt needs a seekable stream");
        // From the byte before: if it is the newline ending the previous line, skipping through it lands on offset.
        long from = Math.Max(0, offset - 1);
        _stream.Position = from;
        _origin = from;
        _start = _end = 0;
        _eof = false;
        _skipping = offset > 0;
        _first = offset == 0;
        LineNumber = 0;
        LastLineUnterminated = false;
        if (_skipping) SkipPastNewline();   // now, so NextOffset is where the next line starts (false at the end: nothing left)
    }

    /// <summary>How many lines of <paramref name="path"/> start before byte <paramref name="offset"/> (newlines in [0, offset)).</summary>
    public static long CountLines(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(DefaultBufferSize);
        try
        {
            long lines = 0, left = offset;
            while (left > 0)
            {
                int n = f.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0) break;
                lines += buffer.AsSpan(0, n).Count((byte)'\n');
                left -= n;
            }
            return lines;
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <exception cref="LineTooLongException">The next line is longer than <see cref="MaxLineBytes"/>; the following call
    /// goes on after it.</exception>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_skipping && !SkipPastNewline())
        {
            line = default;
            return false;
        }
        while (true)
        {
            LineOffset = _origin + _start;
            var pending = _buffer.AsSpan(_start, _end - _start);
            int nl = pending.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _start += nl + 1;
                LineNumber++;
                line = TooLong(pending[..nl]) ? throw Refuse() : Trim(pending[..nl]);
                return true;
            }
            if (_eof)
            {
                if (_end > _start)
                {
                    if (TooLong(pending)) { _start = _end; LineNumber++; throw Refuse(); }
                    line = Trim(pending);
                    _start = _end;
                    LineNumber++;
                    LastLineUnterminated = true;
                    return true;
                }
                line = default;
                return false;
            }
            // No newline yet, and already over the limit: skip the rest of the line on the next call.
            if (TooLong(pending))
            {
                _skipping = true;
                LineNumber++;
                throw Refuse();
            }
            Fill();
        }
    }

    /// <summary>Longer than the limit; a '\r' before the newline does not count (the limit is on the line's content).</summary>
    bool TooLong(ReadOnlySpan<byte> line) => line.Length > MaxLineBytes + 1 || line.Length > MaxLineBytes && line[^1] != (byte)'\r';

    LineTooLongException Refuse()
    {
        _first = false;
        return new LineTooLongException(_name, LineNumber, MaxLineBytes);
    }

    /// <summary>Drops the rest of an over-long line, in constant memory; false when the file ends first.</summary>
    bool SkipPastNewline()
    {
        while (true)
        {
            int nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _start += nl + 1;
                _skipping = false;
                return true;
            }
            _start = _end;
            if (_eof) return false;
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
            _origin += _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            // Room for one byte past the limit (and a '\r'), so an over-long line is seen, never a buffer past 2 GiB.
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, MaxLineBytes + 2L));
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
