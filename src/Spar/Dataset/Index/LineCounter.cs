using System.Buffers;
using Spar.PythonCompat;

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
    /// Counts lines and checks each is what the official script's <c>json.loads(line)</c> accepts (<see cref="PythonJsonLine"/>). Returns the
    /// first unparseable line as a problem (the official tool then skips the whole file).
    /// </summary>
    public static (long Lines, Problem? FirstError) CountAndParse(string path, string displayPath)
    {
        using var reader = JsonlLineReader.Open(path);
        while (reader.TryReadLine(out var line))
        {
            if (!PythonJsonLine.Accepts(line, out var kind, out var error, out _))
                return (reader.LineNumber, new Problem(displayPath, reader.LineNumber, Severity.Error, kind,
                    kind == PythonJsonLine.InvalidUtf8 ? error : "invalid JSON: " + error));
        }
        return (reader.LineNumber, null);
    }
}
