using System.Buffers;
using System.Text.Json;

namespace Spar.Dataset;

/// <summary>Counts the records of a JSONL file the way Python's line iteration does, optionally checking each line parses.</summary>
public static class LineCounter
{
    /// <summary>Lines = newline count, plus one for a last line without a newline. Reads in 1 MiB blocks (memory-bandwidth bound).</summary>
    public static long CountLines(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long lines = 0;
            int n;
            byte last = (byte)'\n';
            while ((n = fs.Read(buffer, 0, buffer.Length)) > 0)
            {
                var span = buffer.AsSpan(0, n);
                lines += span.Count((byte)'\n');
                last = span[^1];
            }
            return last == (byte)'\n' ? lines : lines + 1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Counts lines and parses each as one JSON value, as the official script's <c>json.loads(line)</c> does. Returns the
    /// first unparseable line as a problem (the official tool then skips the whole file).
    /// </summary>
    public static (long Lines, Problem? FirstError) CountAndParse(string path, string displayPath)
    {
        using var reader = JsonlLineReader.Open(path);
        while (reader.TryReadLine(out var line))
        {
            if (!IsSingleJsonValue(line, out var error))
                return (reader.LineNumber, new Problem(displayPath, reader.LineNumber, Severity.Error, "invalid-json", error));
        }
        return (reader.LineNumber, null);
    }

    public static bool IsSingleJsonValue(ReadOnlySpan<byte> line, out string error)
    {
        if (line.Trim(" \t"u8).IsEmpty)
        {
            error = "empty line (not a JSON record)";
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = false, MaxDepth = 256 });
            while (reader.Read()) { }
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            error = "invalid JSON: " + Trim(e.Message);
            return false;
        }
    }

    static string Trim(string message)
    {
        // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 12." — keep the byte position, drop the line (ours is the file line).
        int i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (i < 0) return message;
        int b = message.IndexOf("BytePositionInLine:", i, StringComparison.Ordinal);
        var pos = b >= 0 ? " (byte " + message[(b + "BytePositionInLine:".Length)..].Trim().TrimEnd('.') + ")" : "";
        return message[..i].TrimEnd() + pos;
    }
}
