using Spar.Catalog;
using Spar.Dataset;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>Every type draws on 1-, 2-, 3- and 32-image records; markers land on the images the layout names and nowhere else.</summary>
public sealed class MarkerRobustnessTests
{
    static readonly Rgb Background = new(90, 90, 90);

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var t in TaskCatalog.All)
            foreach (var n in new[] { 1, 2, 3, 32 })
                data.Add(t.Type, n);
        return data;
    }

    /// <summary>A record with every marker its layout needs; image indices spread over the n images.</summary>
    internal static QaRecord Synthesize(TaskInfo task, int n)
    {
        var r = new QaRecord { Id = $"{task.Type}_{n}", Type = task.Type, Image = Enumerable.Range(0, n).Select(k => $"img{k}.png").ToList() };
        r.Conversations = [new Turn("human", "q"), new Turn("gpt", "a")];
        double[] Idx(int count) => Enumerable.Range(0, count).Select(k => (double)((k * 7 + 1) % n)).ToArray();
        var layout = task.Markers;
        switch (layout.Kind)
        {
            case MarkerLayoutKind.Fixed:
            case MarkerLayoutKind.LabelledBoxes:
                foreach (var s in layout.Slots)
                    r.SetMarker(s.FieldName, s.Shape == MarkerShape.Point ? [[300, 400]] : [[200, 250, 600, 700]]);
                r.PointImgIdx = [Idx(4)];
                r.BboxImgIdx = [Idx(4)];
                break;
            case MarkerLayoutKind.PresentBoxesOnFirstIndex:
                r.RedBbox = [[100, 100, 300, 300]];
                r.GreenBbox = [[500, 500, 900, 900]];
                r.BboxImgIdx = [Idx(1)];
                break;
            case MarkerLayoutKind.TwoOfThreeBoxes:
                r.BlueBbox = [[100, 100, 300, 300]];
                r.GreenBbox = [[500, 500, 900, 900]];
                r.BboxImgIdx = [Idx(2)];
                break;
            case MarkerLayoutKind.LabelledBoxList:
                r.BboxList = [[[100, 100, 300, 300], [400, 400, 800, 700], [0, 0, 1000, 1000]]];
                r.BboxImgIdx = [Idx(3)];
                break;
            case MarkerLayoutKind.LabelledPointList:
                r.PointList = [[[100, 100], [500, 500], [999, 999]]];
                r.PointImgIdx = [Idx(3)];
                break;
        }
        return r;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Draws_on_the_named_images_only(string type, int n)
    {
        var task = TaskCatalog.Get(type);
        var record = Synthesize(task, n);
        var plan = MarkerPlanner.Plan(record);
        Assert.Empty(plan.Warnings);
        Assert.Equal(task.Markers.Kind == MarkerLayoutKind.None, plan.Ops.Count == 0);
        var images = Enumerable.Range(0, n).Select(_ => RgbaImage.Solid(160, 120, Background)).ToList();
        MarkerPainter.Paint(plan, images);
        var marked = plan.Ops.Select(o => o.Image).ToHashSet();
        for (int k = 0; k < n; k++)
        {
            bool changed = images[k].Pixels.AsSpan().SequenceEqual(RgbaImage.Solid(160, 120, Background).Pixels) is false;
            Assert.True(changed == marked.Contains(k), $"{type} n={n}: image {k} changed={changed}, expected {marked.Contains(k)}");
        }
    }

    [Fact]
    public void Fixed_slots_follow_the_index_fields()
    {
        // distance_infer_center_oo_mv: red → pii[0], green → pii[1], blue → pii[2] (format.md §3, row 23).
        var r = new QaRecord
        {
            Id = "x", Type = "distance_infer_center_oo_mv", Image = ["a", "b", "c"],
            RedPoint = [[1, 1]], GreenPoint = [[2, 2]], BluePoint = [[3, 3]], PointImgIdx = [[2, 0, 1]],
        };
        var ops = MarkerPlanner.Plan(r).Ops.Cast<PointMarker>().ToList();
        Assert.Equal([(2, new Rgb(255, 0, 0)), (0, new Rgb(0, 128, 0)), (1, new Rgb(0, 0, 255))], ops.Select(o => (o.Image, o.Color)).ToList());
    }

    [Fact]
    public void Out_of_range_coordinates_are_clamped_and_reported()
    {
        var r = new QaRecord { Id = "far", Type = "depth_prediction_oc", Image = ["a"], RedPoint = [[1200, -5]], BluePoint = [[10, 10]] };
        var plan = MarkerPlanner.Plan(r);
        var red = Assert.IsType<PointMarker>(plan.Ops[0]);
        Assert.Equal(new GridPoint(1000, 0), red.At);
        Assert.Equal(2, plan.Warnings.Count);
        Assert.Contains(plan.Warnings, w => w.Contains("far") && w.Contains("1200") && w.Contains("clamped"));
        Assert.Contains(plan.Warnings, w => w.Contains("-5"));
        // The clamped disc is centred on the right edge: its left half is drawn, nothing wraps or throws.
        var img = RgbaImage.Solid(100, 80, Background);
        MarkerPainter.Paint(img, red);
        Assert.Equal(new Rgb(255, 0, 0), img[99, 0]);
        Assert.Equal(new Rgb(255, 0, 0), img[80, 0]);
        Assert.Equal(Background, img[0, 0]);
    }

    [Theory]
    [InlineData("depth_prediction_oc_mv", "point_img_idx")]
    [InlineData("obj_frame_locate", "bbox_img_idx")]
    public void Index_outside_the_record_is_an_error_naming_the_record(string type, string field)
    {
        var r = Synthesize(TaskCatalog.Get(type), 3);
        r.SetMarker(field, [[7, 7, 7]]);
        var e = Assert.Throws<MarkerException>(() => MarkerPlanner.Plan(r));
        Assert.Contains(r.Id, e.Message);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Missing_required_marker_and_unknown_type_are_errors()
    {
        var r = new QaRecord { Id = "m1", Type = "depth_prediction_oc", Image = ["a"], RedPoint = [[1, 1]] };
        Assert.Contains("blue_point", Assert.Throws<MarkerException>(() => MarkerPlanner.Plan(r)).Message);
        r.Type = "no_such_type";
        Assert.Contains("no_such_type", Assert.Throws<MarkerException>(() => MarkerPlanner.Plan(r)).Message);
        var three = new QaRecord { Id = "m2", Type = "obj_spatial_relation_oo_mv", Image = ["a", "b"], RedBbox = [[1, 1, 2, 2]], BlueBbox = [[1, 1, 2, 2]], GreenBbox = [[1, 1, 2, 2]], BboxImgIdx = [[0, 1]] };
        Assert.Contains("exactly two", Assert.Throws<MarkerException>(() => MarkerPlanner.Plan(three)).Message);
    }

    [Fact]
    public void Grid_to_pixel_divides_before_multiplying()
    {
        // format.md §2.1: (175/1000.0)*1440 = 251.99999999999997 → 251, whereas 175*1440/1000 = 252.
        Assert.Equal(251, MarkerPainter.ToPixel(175, 1440));
        Assert.Equal(503, MarkerPainter.ToPixel(350, 1440));
        Assert.Equal(648, MarkerPainter.ToPixel(500, 1296));
    }
}
