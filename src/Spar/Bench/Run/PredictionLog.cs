using System.Text.Json;
using Spar.Bench.Predictions;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Run;

/// <summary>
/// The append-only predictions file of a run. Crash safety comes from four rules:
/// <list type="number">
/// <item>every line is written with one <c>write</c> call of the whole line including its <c>\n</c>, by one writer
/// under a lock, then flushed to the OS; a killed process therefore leaves whole lines plus at most one torn tail;</item>
/// <item>no line is longer than <see cref="MaxLineBytes"/>: an answer that would make one is recorded as failed, so a
/// torn tail is never longer either;</item>
/// <item>on open, a tail without <c>\n</c> is repaired only when a spar line can have left it: kept (newline added) if it
/// is already a complete valid line; cut off if it is the beginning of one (spar's compact form and field order from
/// <c>{"id":</c>, shorter than <see cref="MaxLineBytes"/>) and follows a complete prediction line or is the whole
/// file (spar's first line, torn). Anything else (a file without newlines, another program's JSON, text) is refused
/// naming the file, which is left untouched: <c>--out</c> may name the wrong file, and cutting it would destroy it.
/// Complete lines are never rewritten; a corrupt complete line is an error, not a repair;</item>
/// <item>the file is locked exclusively while open, so two runs cannot interleave lines.</item>
/// </list>
/// </summary>
public sealed class PredictionLog : IDisposable
{
    /// <summary>The longest line spar writes, newline included (1 MiB: a hundred-token answer is a few hundred bytes).</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>The fields of a line in the order <see cref="BenchPredictionJson.ToJsonLine"/> writes them.</summary>
    static readonly string[] FieldOrder = ["id", "task", "prediction", "status", "error", "model", "endpoint", "latency_ms", "attempts"];

    readonly FileStream _file;
    readonly Lock _lock = new();
    readonly HashSet<long> _finishedOk;
    readonly HashSet<long> _failedEarlier;

    PredictionLog(FileStream file, HashSet<long> finishedOk, HashSet<long> failed, int tornBytesRemoved, int existingLines)
    {
        _file = file;
        _finishedOk = finishedOk;
        failed.ExceptWith(finishedOk);
        _failedEarlier = failed;
        TornBytesRemoved = tornBytesRemoved;
        ExistingLines = existingLines;
    }

    public string Path => _file.Name;

    /// <summary>Ids with an <c>ok</c> line already in the file; a resumed run skips them.</summary>
    public IReadOnlySet<long> FinishedOk => _finishedOk;

    /// <summary>Ids that had only <c>failed</c> lines when the file was opened: what <c>--retry-failed</c> asks again.</summary>
    public IReadOnlySet<long> FailedEarlier => _failedEarlier;

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
            // The lock of rule 3 is held (EWOULDBLOCK from flock, a sharing violation on Windows); anything else (a
            // read-only folder, a full disk) says itself.
            var hint = e.HResult is 11 or unchecked((int)0x80070020) ? " (is another run writing it?)" : "";
            throw new SparException($"{path}: cannot open predictions file{hint}: {e.Message}", e);
        }
        try
        {
            var (tailStart, tornTail) = ReadTail(file, full);
            var complete = tornTail is { Length: > 0 } ? TryParse(tornTail) : null;
            if (tornTail is { Length: > 0 } && complete is null && WhyNotTheStartOfALine(tornTail) is { } notALine)
                throw Refused(full, tornTail.Length, notALine);
            var (finishedOk, failed, lines, predictionLines) = Scan(file, tailStart, full, model);
            if (tornTail is { Length: > 0 } && tailStart > 0 && predictionLines == 0)
                throw Refused(full, tornTail.Length, "the lines before them hold no prediction");
            if (complete is not null)
            {
                // Killed between the last byte of the object and its newline: the line is whole, so keep it.
                CheckModel(complete, full, lines + 1, model);
                file.Seek(0, SeekOrigin.End);
                file.Write("\n"u8);
                file.Flush();
                (complete.IsOk ? finishedOk : failed).Add(complete.Id);
                return new PredictionLog(file, finishedOk, failed, 0, lines + 1);
            }
            int removed = tornTail?.Length ?? 0;
            if (removed > 0) file.SetLength(tailStart);
            file.Seek(0, SeekOrigin.End);
            return new PredictionLog(file, finishedOk, failed, removed, lines);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    static SparException Refused(string path, long tailBytes, string why) =>
        new($"{path}: ends with {tailBytes} bytes after its last newline that no spar prediction line can have left ({why}); " +
            "refusing to cut them: is this the right --out? (a predictions file is spar's JSONL; nothing was changed)");

    /// <returns>The line as written: <paramref name="line"/>, or its failed stand-in when it would be too long.</returns>
    public BenchPrediction Append(BenchPrediction line)
    {
        var bytes = BenchPredictionJson.ToJsonLine(line);
        if (bytes.Length > MaxLineBytes)
        {
            line = line with
            {
                Status = PredictionStatus.Failed,
                Prediction = null,
                Error = $"the answer makes a line of {bytes.Length} bytes, longer than the {MaxLineBytes} bytes a prediction line may hold",
            };
            bytes = BenchPredictionJson.ToJsonLine(line);
        }
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
        return line;
    }

    /// <summary>
    /// The bytes after the last newline and where they start. Only the last <see cref="MaxLineBytes"/> bytes are
    /// searched: a longer tail is no spar line (and a multi-gigabyte file without newlines is refused at once).
    /// </summary>
    static (long Start, byte[]? Tail) ReadTail(FileStream file, string path)
    {
        long length = file.Length;
        long start = LengthThroughLastNewline(file, length, MaxLineBytes);
        if (start < 0) throw Refused(path, length, $"no newline in its last {MaxLineBytes} bytes: longer than any line spar writes");
        if (start == length) return (start, null);
        if (length - start >= MaxLineBytes) throw Refused(path, length - start, "longer than any line spar writes");
        var tail = new byte[length - start];
        file.Position = start;
        file.ReadExactly(tail);
        return (start, tail);
    }

    /// <summary>
    /// Null when <paramref name="tail"/> can be the beginning of a line <see cref="BenchPredictionJson.ToJsonLine"/>
    /// wrote: it starts with <c>{"id":</c>, is JSON so far, without spaces or nesting, its fields in spar's order.
    /// Otherwise why not.
    /// </summary>
    static string? WhyNotTheStartOfALine(byte[] tail)
    {
        if (!"{\"id\":"u8.StartsWith(tail) && !tail.AsSpan().StartsWith("{\"id\":"u8))
            return "they do not start like one, with {\"id\":";
        var reader = new Utf8JsonReader(tail, isFinalBlock: false, state: default);
        int field = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (field >= FieldOrder.Length || !reader.ValueTextEquals(FieldOrder[field]))
                        return $"field '{reader.GetString()}' is not where spar writes its fields";
                    field++;
                }
                else if (reader.CurrentDepth > 0 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    return "a nested value, which spar never writes";
                else if (reader.TokenType == JsonTokenType.EndObject)
                    return "a complete JSON object that is not a prediction line";
                // Compact form: spar writes no space between tokens (inside strings, spaces are part of a value).
                long next = reader.BytesConsumed;
                if (next < tail.Length && tail[next] is (byte)' ' or (byte)'\t' or (byte)'\r')
                    return "spaces between JSON tokens, which spar never writes";
            }
        }
        catch (JsonException e)
        {
            return $"not JSON: {Util.JsonErrors.AtColumn(e)}";
        }
        return null;
    }

    /// <summary>Reads the complete lines (up to <paramref name="end"/>); counts those that hold a prediction.</summary>
    static (HashSet<long> FinishedOk, HashSet<long> Failed, int Lines, int PredictionLines) Scan(FileStream file, long end, string path, string model)
    {
        var finishedOk = new HashSet<long>();
        var failed = new HashSet<long>();
        int lines = 0, predictions = 0;
        file.Position = 0;
        using var reader = new JsonlLineReader(new BoundedReadStream(file, end), ownsStream: false, bufferSize: 1 << 16);
        while (reader.TryReadLine(out var utf8))
        {
            lines++;
            if (utf8.IsEmpty) continue; // never written by spar; tolerated in hand-edited files
            var parsed = BenchPredictionJson.TryParse(utf8, out var problem, requireRunFields: true)
                ?? throw new SparException($"{path}:{reader.LineNumber}: not a prediction line: {problem}");
            CheckModel(parsed, path, reader.LineNumber, model);
            predictions++;
            (parsed.IsOk ? finishedOk : failed).Add(parsed.Id);
        }
        return (finishedOk, failed, lines, predictions);
    }

    static void CheckModel(BenchPrediction line, string path, long lineNumber, string model)
    {
        if (line.Model != model)
            throw new SparException($"{path}:{lineNumber}: written by model '{line.Model}', but this run is '{model}'; use another --out");
    }

    static BenchPrediction? TryParse(byte[] tail) => BenchPredictionJson.TryParse(tail, out _, requireRunFields: true);

    /// <summary>Length up to and including the last newline; -1 when the last <paramref name="window"/> bytes hold none
    /// and the file is longer than that.</summary>
    static long LengthThroughLastNewline(FileStream file, long length, long window)
    {
        var block = new byte[64 * 1024];
        long end = length, stop = Math.Max(0, length - window);
        while (end > stop)
        {
            int n = (int)Math.Min(block.Length, end - stop);
            file.Position = end - n;
            file.ReadExactly(block, 0, n);
            int nl = block.AsSpan(0, n).LastIndexOf((byte)'\n');
            if (nl >= 0) return end - n + nl + 1;
            end -= n;
        }
        return stop == 0 ? 0 : -1;
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
