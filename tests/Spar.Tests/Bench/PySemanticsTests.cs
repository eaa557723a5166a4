using System.Globalization;
using CsCheck;
using Spar.Bench.Scoring;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Tests.Bench;

/// <summary>Python text and number semantics the official scorer relies on, against values Python gives.</summary>
public class PySemanticsTests
{
    [Theory]
    [InlineData("ＡＢＣ", "ａｂｃ")] // full-width
    [InlineData("АВС", "авс")] // Cyrillic
    [InlineData("\U00010400", "\U00010428")] // Deseret, outside the BMP
    [InlineData("İ", "i\u0307")] // Python's full mapping: two code points
    [InlineData("ΟΔΟΣ", "οδος")] // final sigma
    [InlineData("Σ", "σ")]
    [InlineData("ΣΑ", "σα")]
    public void Lower_matches_python(string s, string lower) => Assert.Equal(lower, PyText.Lower(s));

    [Theory]
    [InlineData("\u001c A \u001f", "A")]
    [InlineData("\u200bA", "\u200bA")] // zero-width space is not white space in Python
    [InlineData("\u3000A\u00a0", "A")]
    public void Strip_matches_python(string s, string stripped) => Assert.Equal(stripped, PyText.Strip(s));

    [Theory]
    [InlineData(" 1_000.5 ", 1000.5)]
    [InlineData("-InFiNiTy", double.NegativeInfinity)]
    [InlineData("+nan", double.NaN)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("１.５", 1.5)]
    [InlineData(".5e1_0", 5e9)]
    [InlineData("5.", 5.0)]
    public void Float_accepts_what_python_accepts(string s, double value)
    {
        Assert.True(PyFloat.TryParse(s, out double v));
        Assert.Equal(value, v);
    }

    [Theory]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1_.5")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1 .5")]
    [InlineData("in f")]
    [InlineData("²")]
    [InlineData("")]
    public void Float_rejects_what_python_rejects(string s) => Assert.False(PyFloat.TryParse(s, out _));

    [Fact]
    public void Int_digit_limit_and_overflow()
    {
        Assert.True(PyFloat.TryIntToDouble(new string('9', 308), out _));
        Assert.False(PyFloat.TryIntToDouble(new string('9', 309), out _)); // > DBL_MAX: OverflowError
        Assert.False(PyFloat.TryIntToDouble(new string('0', 4301), out _)); // > 4300 digits: ValueError
    }

    [Fact]
    public void Float_parsing_round_trips_any_double() =>
        Gen.Double.Where(double.IsFinite).Sample(d =>
            PyFloat.TryParse(d.ToString("R", CultureInfo.InvariantCulture), out double v) && v.Equals(d)
            && PyFloat.TryParse(PyFormat.FloatRepr(d), out double w) && w.Equals(d));

    [Fact]
    public void Mra_boundaries_from_the_spec()
    {
        Assert.Equal(0.9, Mra.Score(1.1, 1.0));
        Assert.Equal(1.0, Mra.Score(1.05, 1.0));
        Assert.Equal(1.0, Mra.Score(0.95, 1.0));
        Assert.Equal(0.3, Mra.Score(1.35, 1.0));
        Assert.Equal(0.7, Mra.Score(1.2, 1.0));
        Assert.Equal(0.1, Mra.Score(1.5, 1.0));
        Assert.Equal(0.0, Mra.Score(2.0, 1.0));
        Assert.Equal(1.0, Mra.Score(0.05, 0));
        Assert.Equal(0.1, Mra.Score(0.5, 0));
        Assert.Equal(0.0, Mra.Score(double.NaN, 1.0));
        Assert.Equal([0.5, 0.44999999999999996, 0.4, 0.35, 0.30000000000000004, 0.25, 0.19999999999999996,
            0.15000000000000002, 0.10000000000000009, 0.050000000000000044], Mra.Tolerances);
    }

    [Fact]
    public void Pairwise_sum_is_close_to_the_exact_sum_and_exact_for_small_integers() =>
        Gen.Int[0, 10].Array[0, 600].Sample(ints =>
        {
            var values = ints.Select(i => i / 10.0).ToArray();
            double exact = (double)ints.Sum(i => (decimal)i) / 10.0;
            return Math.Abs(NumpySum.Sum(values) - exact) <= 1e-9 && NumpySum.Sum(ints.Select(i => (double)i).ToArray()) == ints.Sum();
        });
}

/// <summary>Every code point against facts exported from Python 3.11 (bench/scripts/make-python-unicode-fixture.py).</summary>
public class PythonUnicodeTableTests
{
    static readonly System.Text.Json.JsonElement Facts = System.Text.Json.JsonDocument.Parse(File.ReadAllText(
        Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Bench", "Fixtures", "python311_unicode.json"))).RootElement;

    static IEnumerable<System.Text.Rune> AllRunes() =>
        Enumerable.Range(0, 0x110000).Where(cp => cp is < 0xD800 or >= 0xE000).Select(cp => new System.Text.Rune(cp));

    [Fact]
    public void Decimal_digits_are_pythons()
    {
        Assert.Equal("14.0.0", Facts.GetProperty("unicode").GetString());
        var python = Facts.GetProperty("decimal").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(python, AllRunes().Where(PyText.IsDecimal).Select(r => r.Value));
    }

    [Fact]
    public void White_space_is_pythons()
    {
        var python = Facts.GetProperty("space").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(python, Enumerable.Range(0, 0x10000).Where(c => PyText.IsSpace((char)c)));
        Assert.All(python, cp => Assert.True(cp < 0x10000));
    }

    [Fact]
    public void Lowercase_is_pythons_for_every_code_point()
    {
        var python = Facts.GetProperty("lower").EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => p.Value.GetString()!);
        var mismatches = AllRunes().Where(r => r.Value != 0x3A3) // capital sigma depends on context (tested separately)
            .Select(r => (r, expected: python.TryGetValue(r.Value, out var l) ? l : r.ToString()))
            .Where(x => PyText.Lower(x.r.ToString()) != x.expected)
            .Select(x => x.r.Value.ToString("X4")).Take(10).ToList();
        Assert.Empty(mismatches);
    }
}
