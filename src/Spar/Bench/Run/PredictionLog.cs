using Spar.Bench.Predictions;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Run;

/// <summary>
/// The append-only predictions file of a run. Crash safety comes from three rules:
/// <list type="number">
/// <item>every line is written with one <c>write</c> call of the whole line including its <c>\n</c>, by one writer
/// under a lock, then flushed to the OS; a killed process therefore leaves whole lines plus at most one torn tail;</item>
/// <item>on open, a tail without <c>\n</c> is repaired: kept (newline added) if it is already a complete valid line,
/// otherwise cut off. Complete lines are never rewritten; a corrupt complete line is an error, not a repair;</item>
/// <item>the file is locked exclusively while open, so two runs cannot interleave lines.</item>
/// </list>
/// </summary>
public sealed class PredictionLog : IDisposable
{
    readonly FileStream _file;
    readonly Lock _lock = new();
    readonly HashSet<long> _finishedOk;

    PredictionLog(FileStream file, HashSet<long> finishedOk, int tornBytesRemoved, int existingLines)
    {
        _file = file;
        _finishedOk = finishedOk;
        TornBytesRemoved = tornBytesRemoved;
        ExistingLines = existingLines;
    }

    public string Path => _file.Name;

    /// <summary>Ids with an <c>ok</c> line already in the file; a resumed run skips them.</summary>
    public IReadOnlySet<long> FinishedOk => _finishedOk;

    /// <summary>Bytes of a torn last line cut off on open (0 when the file was clean).</summary>
    public int TornBytesRemoved { get; }

    public int ExistingLines { get; }

    /// <summary>Opens (creating if needed) and repairs the file; lines written by another model are an error.</summary>
    public static PredictionLog Open(string path, string model)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        FileStream file;
        try
        {
            // bufferSize 0: no FileStream buffer, so each Append is exactly one write to the OS.
            file = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException e)
        {
            throw new SparException($"{path}: cannot open predictions file (is another run writing it?): {e.Message}", e);
        }
        try
        {
            var (finishedOk, lines, validLength, tornTail) = Scan(file, full, model);
            if (tornTail is { Length: > 0 } tail && TryParse(tail) is { } complete)
            {
                // Killed between the last byte of the object and its newline: the line is whole, so keep it.
                CheckModel(complete, full, lines + 1, model);
                file.Seek(0, SeekOrigin.End);
                file.Write("\n"u8);
                file.Flush();
                if (complete.IsOk) finishedOk.Add(complete.Id);
                return new PredictionLog(file, finishedOk, 0, lines + 1);
            }
            int removed = (int)(file.Length - validLength);
            if (removed > 0) file.SetLength(validLength);
            file.Seek(0, SeekOrigin.End);
            return new PredictionLog(file, finishedOk, removed, lines);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Append(BenchPrediction line)
    {
        var bytes = BenchPredictionJson.ToJsonLine(line);
        lock (_lock)
        {
            try
            {
                _file.Write(bytes);
                _file.Flush();
            }
            catch (IOException e)
            {
                // Disk full and the like: stop the run (a rerun resumes; a partial line is repaired on open).
                throw new SparException($"{Path}: cannot append a prediction: {e.Message}", e);
            }
            if (line.IsOk) _finishedOk.Add(line.Id);
        }
    }

    static (HashSet<long> FinishedOk, int Lines, long ValidLength, byte[]? TornTail) Scan(FileStream file, string path, string model)
    {
        var finishedOk = new HashSet<long>();
        long length = file.Length;
        long validLength = LengthThroughLastNewline(file, length);
        byte[]? tornTail = null;
        if (validLength < length)
        {
            tornTail = new byte[length - validLength];
            file.Position = validLength;
            file.ReadExactly(tornTail);
        }
        int lines = 0;
        file.Position = 0;
        using var reader = new JsonlLineReader(new BoundedReadStream(file, validLength), ownsStream: false, bufferSize: 1 << 16);
        while (reader.TryReadLine(out var utf8))
        {
            lines++;
            if (utf8.IsEmpty) continue; // never written by spar; tolerated in hand-edited files
            var parsed = BenchPredictionJson.TryParse(utf8, out var problem, requireRunFields: true)
                ?? throw new SparException($"{path}:{reader.LineNumber}: not a prediction line: {problem}");
            CheckModel(parsed, path, reader.LineNumber, model);
            if (parsed.IsOk) finishedOk.Add(parsed.Id);
        }
        return (finishedOk, lines, validLength, tornTail);
    }

    static void CheckModel(BenchPrediction line, string path, long lineNumber, string model)
    {
        if (line.Model != model)
            throw new SparException($"{path}:{lineNumber}: written by model '{line.Model}', but this run is '{model}'; use another --out");
    }

    static BenchPrediction? TryParse(byte[] tail) => BenchPredictionJson.TryParse(tail, out _, requireRunFields: true);

    static long LengthThroughLastNewline(FileStream file, long length)
    {
        var block = new byte[64 * 1024];
        long end = length;
        while (end > 0)
        {
            int n = (int)Math.Min(block.Length, end);
            file.Position = end - n;
            file.ReadExactly(block, 0, n);
            int nl = block.AsSpan(0, n).LastIndexOf((byte)'\n');
            if (nl >= 0) return end - n + nl + 1;
            end -= n;
        }
        return 0;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads a stream only up to a given length (the repaired part of the file), without owning it.</summary>
    sealed class BoundedReadStream(Stream inner, long limit) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            long left = limit - inner.Position;
            if (left <= 0) return 0;
            return inner.Read(buffer, offset, (int)Math.Min(count, left));
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => limit;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
