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
}
