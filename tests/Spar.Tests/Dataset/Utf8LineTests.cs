using System.Text;
using Spar.Dataset;
using Spar.PythonCompat;

namespace Spar.Tests.Dataset;

/// <summary>
/// Python reads the official index script's files as UTF-8 text, so a line with bytes that are not UTF-8 never reaches
/// json.loads; a lone surrogate escape does (json.loads accepts it) but is no usable text.
/// </summary>
public class Utf8LineTests
{
    const string DepthOc = "depth_prediction_oc";
    const string Markers = "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]";

    static string Record(string id, string question, string markers = Markers) =>
        TreeBuilder.Record(id, DepthOc, question, "1.5", ["scene0001_00/image_color/1.jpg"], markers);

    /// <summary>A two-line file whose second line is <paramref name="second"/> with its <c>~</c> replaced by the raw bytes.</summary>
    static (string Path, int Offset) WriteFile(TreeBuilder t, string second, byte[] raw)
    {
        var path = t.Lines("scannet", "train", DepthOc, "fill", Record("a", "q"), "x");
        var text = Encoding.UTF8.GetBytes(second);
        int at = Encoding.UTF8.GetByteCount(second[..second.IndexOf('~')]);
        byte[] line = [.. text[..at], .. raw, .. text[(at + 1)..]];
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Record("a", "q") + "\n"), .. line, (byte)'\n']);
        return (path, at);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]               // never UTF-8
    [InlineData(new byte[] { 0xC0, 0x80 })]         // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]   // an encoded surrogate (Python's strict decoder refuses it)
    [InlineData(new byte[] { 0xE2, 0x82 })]         // truncated sequence
    public void A_line_that_is_not_utf8_is_refused_at_its_first_bad_byte(byte[] bad)
    {
        byte[] line = [.. "{\"a\": \"night"u8, .. bad, .. "stand\"}"u8];
        Assert.False(PythonJsonLine.Accepts(line, out var kind, out var error, out _));
        Assert.Equal(PythonJsonLine.InvalidUtf8, kind);
        Assert.Contains("not valid UTF-8 (byte 12)", error);
        Assert.True(PythonJsonLine.Accepts("{\"a\": \"night\u00e9\u4e16\ud83d\ude00stand\"}"u8, out _, out _));
    }

    [Fact]
    public void Index_validate_leaves_out_a_file_with_a_line_that_is_not_utf8()
    {
        using var dir = new TestPaths.TempDir();
        var (_, offset) = WriteFile(new TreeBuilder(dir["spar"]), Record("b", "Is the night~stand red?"), [0xFF]);
        var report = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"], Validate = true });
        var error = Assert.Single(report.Problems);
        Assert.Equal((Severity.Error, PythonJsonLine.InvalidUtf8, 2L), (error.Severity, error.Kind, error.Line));
        Assert.Contains($"not valid UTF-8 (byte {offset})", error.Message);
        Assert.Contains("file left out of the index", error.Message);
        Assert.Equal(0, Assert.Single(report.Outputs).Entries);
    }

    [Theory]
    [InlineData(false)]   // in the question: a field spar reads as a string
    [InlineData(true)]    // in a field spar keeps without reading
    public void Validate_says_not_valid_utf8_with_the_byte_offset(bool unknownField)
    {
        using var dir = new TestPaths.TempDir();
        var second = unknownField ? Record("b", "q", Markers + ", \"note\": \"night~stand\"") : Record("b", "Is the night~stand red?");
        var (_, offset) = WriteFile(new TreeBuilder(dir["spar"]), second, [0xFF]);
        var bad = Assert.Single(Validate(dir["spar"]));
        Assert.Equal((Severity.Error, PythonJsonLine.InvalidUtf8, 2L), (bad.Severity, bad.Kind, bad.Line));
        Assert.Contains($"not valid UTF-8 (byte {offset})", bad.Message);
        Assert.DoesNotContain("System.String", bad.Message);
        var stats = DatasetStats.Compute(SparTree.Open(dir["spar"]), null, null, 1);
        Assert.Equal((1L, 1L), (stats.Records, stats.UnparseableLines));
    }

    [Fact]
    public void A_lone_surrogate_in_a_field_spar_reads_is_an_error_naming_the_field_though_index_keeps_the_file()
    {
        using var dir = new TestPaths.TempDir();
        new TreeBuilder(dir["spar"]).Lines("scannet", "train", DepthOc, "fill",
            Record("a", "q"), Record("b", "q").Replace("\"value\": \"1.5\"", "\"value\": \"1.5 \\ud800\""));
        var bad = Assert.Single(Validate(dir["spar"]));
        Assert.Equal((Severity.Error, "lone-surrogate", 2L), (bad.Severity, bad.Kind, bad.Line));
        Assert.Contains("\"conversations[1].value\" has a lone surrogate escape", bad.Message);
        Assert.DoesNotContain("System.String", bad.Message);

        // json.loads accepts the escape, so the official index keeps the file, and so does spar.
        var report = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"], Validate = true });
        Assert.Empty(report.Problems);
        Assert.Equal(2L, Assert.Single(report.Outputs).Records);
    }

    [Fact]
    public void A_lone_surrogate_in_an_unknown_field_is_a_warning_and_a_surrogate_pair_is_fine()
    {
        using var dir = new TestPaths.TempDir();
        new TreeBuilder(dir["spar"]).Lines("scannet", "train", DepthOc, "fill",
            Record("a", "smile", Markers + ", \"note\": \"\\ud83d\\ude00\""),
            Record("b", "q", Markers + ", \"note\": [\"ok\", \"x\\uDC00\"]"));
        var warning = Assert.Single(Validate(dir["spar"]));
        Assert.Equal((Severity.Warning, "lone-surrogate", 2L), (warning.Severity, warning.Kind, warning.Line));
        Assert.Contains("\"note[1]\"", warning.Message);
    }

    [Fact]
    public void A_lone_surrogate_in_a_key_is_an_error_even_in_an_unknown_field()
    {
        using var dir = new TestPaths.TempDir();
        new TreeBuilder(dir["spar"]).Lines("scannet", "train", DepthOc, "fill", Record("a", "q", Markers + ", \"x\\ud800\": 1"));
        var bad = Assert.Single(Validate(dir["spar"]));
        Assert.Equal((Severity.Error, "lone-surrogate", 1L), (bad.Severity, bad.Kind, bad.Line));
        Assert.Contains("has a lone surrogate escape", bad.Message);
        Assert.DoesNotContain("System.String", bad.Message);
    }

    static List<Problem> Validate(string root)
    {
        var problems = new List<Problem>();
        new Validator(SparTree.Open(root), new ValidateOptions { SkipImages = true }).Run(problems.Add);
        return problems;
    }
}
