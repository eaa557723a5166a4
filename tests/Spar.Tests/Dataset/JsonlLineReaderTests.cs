using System.Text;
using Spar.Dataset;

namespace Spar.Tests.Dataset;

public class JsonlLineReaderTests
{
    static List<(long, string)> Lines(byte[] bytes, int bufferSize = 16)
    {
        var result = new List<(long, string)>();
        using var r = new JsonlLineReader(new MemoryStream(bytes), bufferSize: bufferSize);
        while (r.TryReadLine(out var line)) result.Add((r.LineNumber, Encoding.UTF8.GetString(line)));
        return result;
    }

    [Fact]
    public void Splits_lines_with_crlf_bom_and_unterminated_last_line()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n{\"b\":2}")).ToArray();
        Assert.Equal([(1L, "{\"a\":1}"), (2L, ""), (3L, "{\"b\":2}")], Lines(bytes));
    }

    [Fact]
    public void Handles_lines_longer_than_the_buffer()
    {
        var longLine = new string('x', 1000);
        var lines = Lines(Encoding.UTF8.GetBytes($"{longLine}\nshort\n"), bufferSize: 16);
        Assert.Equal([(1L, longLine), (2L, "short")], lines);
    }

    [Fact]
    public void Empty_stream_has_no_lines() => Assert.Empty(Lines([]));

    // Issue 13, defect 5: a line over the limit is an error naming file and line, and the reader goes on after it.
    [Theory]
    [InlineData(16)]      // the buffer starts below the limit and grows to it
    [InlineData(4096)]    // the buffer starts at the limit
    public void A_line_over_the_limit_is_named_and_skipped(int bufferSize)
    {
        var text = "{\"a\":1}\n" + new string('x', 101) + "\n" + new string('y', 100) + "\r\nlast";
        using var r = new JsonlLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize: bufferSize, name: "f.jsonl", maxLineBytes: 100);
        Assert.True(r.TryReadLine(out var first));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(first));
        var e = Assert.Throws<LineTooLongException>(() => r.TryReadLine(out _));
        Assert.Equal("f.jsonl:2: line longer than 100 bytes (spar's limit for one record; is this a JSONL file, one record per line?)", e.Message);
        Assert.True(r.TryReadLine(out var third));            // exactly 100 bytes (plus \r): accepted
        Assert.Equal(3, r.LineNumber);
        Assert.Equal(new string('y', 100), Encoding.UTF8.GetString(third));
        Assert.True(r.TryReadLine(out var last));
        Assert.Equal("last", Encoding.UTF8.GetString(last));
        Assert.False(r.TryReadLine(out _));
    }

    [Fact]
    public void An_over_long_last_line_without_newline_ends_the_file()
    {
        using var r = new JsonlLineReader(new MemoryStream(new byte[500]), bufferSize: 16, maxLineBytes: 100);
        Assert.Contains("line 1: line longer than 100 bytes", Assert.Throws<LineTooLongException>(() => r.TryReadLine(out _)).Message);
        Assert.False(r.TryReadLine(out _));
    }

    /// <summary>The default limit on a sparse 1.1 GiB file with no newline (the size that overflowed the doubling buffer):
    /// validate reads 64 MiB of it, reports the line and checks the next file.</summary>
    [Fact]
    public void Validate_reports_a_line_over_the_default_limit_in_a_sparse_file()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", "obj_count", "fill", TreeBuilder.Record("a", "obj_count", "How many?", "3", []));
        var huge = t.File("scannet", "train", "obj_count", "select", "select_1.jsonl", "");
        using (var f = File.OpenWrite(huge)) f.SetLength((1L << 30) + (100L << 20));
        var (exit, output, err) = Spar.Tests.Cli.CliRunner.Run("validate", dir["spar"], "--skip-images");
        Assert.Equal(1, exit);
        Assert.Contains($"{huge}:1: error: line longer than {JsonlLineReader.DefaultMaxLineBytes} bytes", output);
        Assert.Contains("line-too-long", output);
        Assert.Contains("2 files, 2 records", output);
    }

    /// <summary>Line offsets and seeking, against offsets found here by scanning the bytes: every offset of a random
    /// text (lines of 0–40 bytes, CRLF and LF) with small buffers, so lines straddle buffer refills.</summary>
    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 7)]
    [InlineData(3, 64)]
    public void Seeking_lands_on_the_first_line_starting_at_or_after_the_offset(int seed, int bufferSize)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < 60; i++) sb.Append(new string((char)('a' + i % 26), rng.Next(0, 41))).Append(rng.Next(4) == 0 ? "\r\n" : "\n");
        var bytes = Encoding.ASCII.GetBytes(sb.ToString());
        var starts = new List<long> { 0 };
        for (int b = 0; b < bytes.Length - 1; b++) if (bytes[b] == (byte)'\n') starts.Add(b + 1);

        using (var r = new JsonlLineReader(new MemoryStream(bytes), bufferSize: bufferSize))
            for (int i = 0; i < starts.Count; i++)
            {
                Assert.True(r.TryReadLine(out _));
                Assert.Equal(starts[i], r.LineOffset);
            }
        for (long offset = 0; offset <= bytes.Length; offset++)
        {
            using var r = new JsonlLineReader(new MemoryStream(bytes), bufferSize: bufferSize);
            r.TryReadLine(out _);   // buffered state before the seek must not leak into it
            r.SeekToLineAt(offset);
            int want = starts.FindIndex(s0 => s0 >= offset);
            if (want < 0) { Assert.False(r.TryReadLine(out _)); continue; }
            Assert.Equal(starts[want], r.NextOffset);
            Assert.True(r.TryReadLine(out var line));
            Assert.Equal(starts[want], r.LineOffset);
            long end = want + 1 < starts.Count ? starts[want + 1] : bytes.Length;
            Assert.Equal(Encoding.ASCII.GetString(bytes, (int)starts[want], (int)(end - starts[want])).TrimEnd('\n').TrimEnd('\r'), Encoding.ASCII.GetString(line));
        }
        using var dir = new TestPaths.TempDir();
        var path = Path.Combine(dir.Path, "t.txt");
        File.WriteAllBytes(path, bytes);
        for (int i = 0; i < starts.Count; i++) Assert.Equal(i, JsonlLineReader.CountLines(path, starts[i]));
    }
}
