using Spar.Dataset;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Tests.Dataset;

public class PyFormatTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.025, "0.025")]
    [InlineData(2.0, "2.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1.5e20, "1.5e+20")]
    [InlineData(123.456, "123.456")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void Float_repr_matches_python(double x, string expected) => Assert.Equal(expected, PyFormat.FloatRepr(x));

    // format.md §7: the mixer's name quirks.
    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("2.0", "2")]
    [InlineData("10.0", "10")]
    [InlineData("0.0", "0")]
    [InlineData("1e-05", "1e-05")]
    [InlineData("10", "1")]
    [InlineData("20", "2")]
    [InlineData("0", "")]
    [InlineData("1e20", "1e+2")]
    [InlineData("1", "1")]
    [InlineData("1.0", "1")]
    public void Ratio_labels_reproduce_the_official_quirks(string literal, string expected)
    {
        Assert.True(PyNumber.TryParse(literal, out var n));
        Assert.Equal(expected, Mixer.RatioLabel(n));
    }

    [Fact]
    public void Dump_escapes_like_python_json()
    {
        var obj = new PyJson.Obj();
        obj["k"] = new PyJson.Str("é\"\n\u0001");
        obj["n"] = new PyJson.List([new PyJson.Num(PyNumber.Int(1)), new PyJson.Num(PyNumber.Float(1))]);
        obj["e"] = new PyJson.Obj();
        Assert.Equal("{\n    \"k\": \"\\u00e9\\\"\\n\\u0001\",\n    \"n\": [\n        1,\n        1.0\n    ],\n    \"e\": {}\n}", obj.Dump(true));
        Assert.StartsWith("{\n    \"k\": \"é", obj.Dump(false));
    }
}
