using System.Text.Json;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>
/// Every reference case in shared/vectors/markers (official SPAR drawer, Pillow 9.4 / OpenCV 4.6): draw the same
/// record on the same inputs and require ≥ 99.5 % identical pixels over the case, every difference at a shape edge.
/// </summary>
public sealed class MarkerFidelityTests
{
    public const double RequiredIdenticalPercent = 99.5;

    static string MarkersDir => Path.Combine(TestPaths.Vectors, "markers");

    public static TheoryData<string> Types()
    {
        var data = new TheoryData<string>();
        foreach (var t in TaskCatalog.All) data.Add(t.Type);
        return data;
    }

    public sealed record Case(string Type, QaRecord Record, string[] Inputs, string[] Outputs);

    public static Case Load(string type)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MarkersDir, type, "record.json")));
        var root = doc.RootElement;
        var record = SparJson.ParseRecord(System.Text.Encoding.UTF8.GetBytes(root.GetProperty("record").GetRawText()));
        string[] Paths(string name) => root.GetProperty(name).EnumerateArray().Select(e => Path.Combine(MarkersDir, e.GetString()!)).ToArray();
        return new Case(type, record, Paths("input_images"), Paths("output_images"));
    }

    /// <summary>Draws a case and compares each output image; returns the diff per image.</summary>
    public static IReadOnlyList<ImageDiff> Measure(Case c)
    {
        var images = c.Inputs.Select(ImageCodec.Decode).ToList();
        var plan = MarkerPlanner.Plan(c.Record);
        Assert.Empty(plan.Warnings);
        MarkerPainter.Paint(plan, images);
        // Only the video-tag labels are anti-aliased (LINE_AA); their fringe is two pixels wide.
        int edgeRadius = plan.Ops.Any(o => o is LabelledBoxMarker { Style: LabelStyle.VideoTag }) ? 2 : 1;
        return images.Select((img, k) => ImageDiff.Compare(img, ImageCodec.Decode(c.Outputs[k]), edgeRadius)).ToList();
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Matches_official_drawing(string type)
    {
        var c = Load(type);
        Assert.Equal(type, c.Record.Type);
        var diffs = Measure(c);
        long pixels = diffs.Sum(d => d.Pixels), identical = diffs.Sum(d => d.Identical);
        double percent = 100.0 * identical / pixels;
        TestContext.Current.TestOutputHelper?.WriteLine($"{type}: {percent:F4} % identical over {diffs.Count} image(s)");
        TestContext.Current.TestOutputHelper?.WriteLine($"{type}: lowest single image {diffs.Min(d => d.IdenticalPercent):F4} %");
        for (int k = 0; k < diffs.Count; k++)
            Assert.True(diffs[k].Unexplained == 0,
                $"{type} image {k}: {diffs[k].Unexplained} differing pixels away from any shape edge, first {diffs[k].FirstUnexplained}");
        // The target is per reference case (one record and all its images).
        Assert.True(percent >= RequiredIdenticalPercent, $"{type}: {percent:F4} % identical < {RequiredIdenticalPercent} %");
    }

    [Fact]
    public void Every_catalogue_type_has_a_reference_case()
    {
        foreach (var t in TaskCatalog.All)
            Assert.True(File.Exists(Path.Combine(MarkersDir, t.Type, "record.json")), $"no reference case for {t.Type}");
    }
}
