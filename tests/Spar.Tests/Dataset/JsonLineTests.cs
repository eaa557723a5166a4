using System.Text;
using Spar.Dataset;
using Spar.PythonCompat;

namespace Spar.Tests.Dataset;

/// <summary>index --validate and validate accept exactly the lines the official json.loads(line) accepts.</summary>
public class JsonLineTests
{
    const string Img = "scene0001_00/image_color/1.jpg";
    const string DepthOc = "depth_prediction_oc";

    static string Depth(string id, string markers) =>
        TreeBuilder.Record(id, DepthOc, "How deep is the table (blue point)?", "1.5", [Img], markers);

    // Expected values are Python 3.11's json.loads on the same text (checked by running it).
    [Theory]
    [InlineData("{\"a\": 1} {\"id\":\"x\"}", false)]
    [InlineData("{\"a\": 1}   ", true)]
    [InlineData("{\"a\":1}\t", true)]
    [InlineData("{\"a\": [[NaN, 500]]}", true)]
    [InlineData("{\"a\": Infinity}", true)]
    [InlineData("{\"a\": -Infinity}", true)]
    [InlineData("[NaN,Infinity,-Infinity]", true)]
    [InlineData("NaN", true)]
    [InlineData("{\"a\": \"NaN\"}", true)]
    [InlineData("{\"a\": \"x\\\"NaN\"}", true)]
    [InlineData("{\"a\": \"\\ud800\"}", true)]
    [InlineData("{\"a\": -NaN}", false)]
    [InlineData("{\"a\": +Infinity}", false)]
    [InlineData("{\"a\": 1NaN}", false)]
    [InlineData("{\"a\": [1 NaN]}", false)]
    [InlineData("{\"a\": NaN1}", false)]
    [InlineData("{\"a\": nan}", false)]
    [InlineData("{NaN: 1}", false)]
    [InlineData("{\"a\": NaN} x", false)]
    [InlineData("{\"a\": - Infinity}", false)]
    [InlineData("{\"a\": [NaN, 1 2]}", false)]
    [InlineData("[NaN]]", false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("{\"a\": 1,}", false)]
    [InlineData("{\"a\": 01}", false)]
    public void Accepts_what_python_json_loads_accepts(string line, bool python)
    {
        Assert.Equal(python, PythonJsonLine.Accepts(Encoding.UTF8.GetBytes(line), out var error, out _));
        Assert.Equal(python, error.Length == 0);
    }

    [Fact]
    public void A_misplaced_literal_is_named_as_written()
    {
        Assert.False(PythonJsonLine.Accepts("[1 NaN]"u8, out var error, out _));
        Assert.Contains("'N'", error);
        Assert.False(PythonJsonLine.Accepts("[NaN, 1 2]"u8, out error, out _));
        Assert.StartsWith("column 9: ", error); // 1-based: the "2" is the 9th byte
    }

    [Fact]
    public void Validate_rejects_a_record_followed_by_more_json()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", DepthOc, "fill",
            Depth("a", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]"),
            Depth("b", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]") + " {\"id\":\"x\"}");
        var problems = Validate(dir["spar"]);
        var bad = Assert.Single(problems, p => p.Severity == Severity.Error);
        Assert.Equal(("invalid-json", 2L), (bad.Kind, bad.Line));
        Assert.Contains("after a single JSON value", bad.Message);

        var index = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"], Validate = true });
        Assert.Contains(index.Problems, p => p.Kind == "invalid-json" && p.Line == 2);
    }

    [Fact]
    public void Index_validate_keeps_a_file_with_nan_as_json_loads_does()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", DepthOc, "fill",
            Depth("a", "\"red_point\": [[NaN, 500]], \"blue_point\": [[3, -Infinity]]"),
            Depth("b", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]"));
        var report = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"], Validate = true });
        Assert.False(report.HasErrors, string.Join("\n", report.Problems));
        var output = Assert.Single(report.Outputs);
        Assert.Equal((1, 2L), (output.Entries, output.Records));
    }

    [Fact]
    public void Validate_reports_each_non_finite_number_by_line_id_and_field()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", DepthOc, "fill",
            Depth("a", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]"),
            Depth("b", "\"red_point\": [[NaN, 500]], \"blue_point\": [[3, -Infinity]], \"pose\": [Infinity]"));
        var problems = Validate(dir["spar"]);
        var errors = problems.Where(p => p.Severity == Severity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(("non-finite", 2L), (e.Kind, e.Line)));
        Assert.Contains("[b] \"red_point[0][0]\" is NaN", errors[0].Message);
        Assert.Contains("[b] \"blue_point[0][1]\" is -Infinity", errors[1].Message);
        var warning = Assert.Single(problems, p => p.Severity == Severity.Warning);
        Assert.Contains("\"pose[0]\" is Infinity", warning.Message);
    }

    [Fact]
    public void Validate_tells_a_wrong_field_type_from_invalid_json()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", DepthOc, "fill", Depth("a", "\"red_point\": \"left\", \"blue_point\": [[3, 4]]"));
        var bad = Assert.Single(Validate(dir["spar"]), p => p.Severity == Severity.Error);
        Assert.Equal("field-type", bad.Kind);
        Assert.Contains("$.red_point", bad.Message);
    }

    [Fact]
    public void Stats_counts_as_unparseable_exactly_the_lines_json_loads_rejects()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", DepthOc, "fill",
            Depth("a", "\"red_point\": [[NaN, 2]], \"blue_point\": [[3, 4]]"),
            Depth("b", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]") + " {\"id\":\"x\"}",
            Depth("c", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]") + " 7");
        var stats = DatasetStats.Compute(SparTree.Open(dir["spar"]), null, null, 1);
        Assert.Equal((1L, 2L), (stats.Records, stats.UnparseableLines));
        Assert.Equal(1L, stats.ImagesPerRecord[1]);
    }

    [Fact]
    public void Stats_counts_only_parsed_records_so_shares_sum_to_the_record_count()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", DepthOc, "fill",
            Depth("a", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]"),
            Depth("b", "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]"),
            "{\"id\": \"broken\"");
        var stats = DatasetStats.Compute(SparTree.Open(dir["spar"]), null, null, 1);
        Assert.Equal((2L, 1L), (stats.Records, stats.UnparseableLines));
        Assert.Equal(2L, Assert.Single(stats.Rows).Records);
        Assert.Equal(stats.Records, stats.ImagesPerRecord.Values.Sum());
        Assert.Equal(stats.Records, stats.ByLevel.Values.Sum());
        Assert.Equal(stats.Records, stats.ByView.Values.Sum());
    }

    static List<Problem> Validate(string root)
    {
        var problems = new List<Problem>();
        new Validator(SparTree.Open(root), new ValidateOptions { SkipImages = true }).Run(problems.Add);
        return problems;
    }
}
