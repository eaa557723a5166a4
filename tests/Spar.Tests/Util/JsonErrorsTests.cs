using System.Text.Json;
using Spar.Util;

namespace Spar.Tests.Util;

public sealed class JsonErrorsTests
{
    static JsonException Thrown(string json, Action<string> parse)
    {
        try { parse(json); }
        catch (JsonException e) { return e; }
        throw new InvalidOperationException("no JsonException");
    }

    [Fact]
    public void Positions_are_1_based_and_the_readers_own_suffix_is_gone()
    {
        // "oops" starts on the 3rd line, 2nd byte (the reader says LineNumber 2, BytePositionInLine 1).
        var e = Thrown("{\n\"a\": [1,\n oops]}", s => JsonDocument.Parse(s).Dispose());
        var text = JsonErrors.InFile("x.json", e);
        Assert.StartsWith("x.json:3:2: ", text);
        Assert.DoesNotContain("LineNumber", text);
        Assert.DoesNotContain("BytePositionInLine", text);
        Assert.Equal("f.jsonl:7:2: " + JsonErrors.Reason(e), JsonErrors.InLine("f.jsonl", 7, e));
    }

    [Fact]
    public void A_wrong_type_is_said_without_dotnet_type_names()
    {
        var e = Thrown("{\"image\": 5}", s => JsonSerializer.Deserialize<Dictionary<string, List<string>>>(s));
        Assert.Equal("wrong type: expected a list (at $.image)", JsonErrors.Reason(e));
        Assert.Equal("column 12: wrong type: expected a list (at $.image)", JsonErrors.AtColumn(e));
    }
}
