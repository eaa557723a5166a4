using System.Text.Json;
using Spar.Dataset;

namespace Spar.Tests.Dataset;

/// <summary>validate checks each marker field holds the count of entries its type's layout reads (format.md §2–3).</summary>
public class MarkerShapeTests
{
    static List<RecordIssue> Check(string type, int images, string markers)
    {
        var line = TreeBuilder.Record("r", type, "q", "a", Enumerable.Repeat("s/image_color/1.jpg", images).ToArray(), markers);
        var issues = new List<RecordIssue>();
        RecordChecker.Check(SparJson.ParseRecord(System.Text.Encoding.UTF8.GetBytes(line)), null, null, issues);
        return issues;
    }

    [Theory]
    // one point, wrapped: two points in red_point is mis-shaped
    [InlineData("depth_prediction_oc", 1, "\"red_point\": [[1, 2], [3, 4]], \"blue_point\": [[3, 4]]", "\"red_point\" holds 2 points")]
    [InlineData("spatial_volume_infer", 1, "\"red_bbox\": [[1, 2, 3, 4], [1, 2, 3, 4]]", "\"red_bbox\" holds 2 boxes")]
    // two point markers read pii[0] and pii[1]; a third entry or a second list does not fit
    [InlineData("depth_prediction_oc_mv", 3, "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]], \"point_img_idx\": [[0, 1, 2]]", "\"point_img_idx[0]\" has 3 entries")]
    [InlineData("depth_prediction_oc_mv", 3, "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]], \"point_img_idx\": [[0, 1], [1, 0]]", "\"point_img_idx\" has 2 lists")]
    [InlineData("obj_spatial_relation_oo_mv", 3, "\"red_bbox\": [[1, 2, 3, 4]], \"blue_bbox\": [[1, 2, 3, 4]], \"bbox_img_idx\": [[0, 1, 2]]", "\"bbox_img_idx[0]\" has 3 entries")]
    [InlineData("spatial_imagination_oc_video", 12, "\"red_bbox\": [[1, 2, 3, 4]], \"blue_bbox\": [[1, 2, 3, 4]], \"green_bbox\": [[1, 2, 3, 4]], \"bbox_img_idx\": [[0, 1, 2, 3]]", "\"bbox_img_idx[0]\" has 4 entries")]
    // list types: one wrapped list, one index per item
    [InlineData("spatial_imagination_map_mv", 3, "\"bbox_list\": [[[1, 2, 3, 4]], [[1, 2, 3, 4]]], \"bbox_img_idx\": [[0]]", "\"bbox_list\" has 2 lists")]
    [InlineData("distance_infer_center_oo_video", 12, "\"point_list\": [[[1, 2], [3, 4]]], \"point_img_idx\": [[0, 1, 2]]", "\"point_img_idx[0]\" has 3 entries")]
    [InlineData("distance_infer_center_oo_video", 12, "\"point_list\": [[]], \"point_img_idx\": [[]]", "\"point_list[0]\" is empty")]
    public void Mis_shaped_marker_fields_are_errors(string type, int images, string markers, string expected)
    {
        var issues = Check(type, images, markers);
        var issue = Assert.Single(issues, i => i.Kind == "marker-shape");
        Assert.Equal(Severity.Error, issue.Severity);
        Assert.Contains(expected, issue.Message);
    }

    [Fact]
    public void Too_few_index_entries_are_reported_once_per_marker()
    {
        var issues = Check("depth_prediction_oo_mv", 3, "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]], \"green_point\": [[5, 6]], \"point_img_idx\": [[0, 1]]");
        var issue = Assert.Single(issues);
        Assert.Equal("marker-index", issue.Kind);
        Assert.Contains("green_point", issue.Message);
    }

    /// <summary>The marker vectors are records the official drawer was run on: every marker field must pass.</summary>
    [Fact]
    public void Reference_marker_records_have_no_marker_problems()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Vectors, "markers"), "record.json", SearchOption.AllDirectories);
        Assert.Equal(35, files.Length);
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var record = SparJson.ParseRecord(System.Text.Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("record").GetRawText()));
            var issues = new List<RecordIssue>();
            RecordChecker.Check(record, null, null, issues);
            // The vectors carry no conversations (the drawer does not read them); nothing else may be reported.
            Assert.All(issues, i => Assert.True(i.Kind == "missing-field" && i.Message.Contains("conversations"), $"{file}: {i.Kind}: {i.Message}"));
        }
    }
}
