using Spar.Catalog;
using Spar.Dataset;
using Spar.Drawing;

namespace Spar.Tests.Catalog;

/// <summary>
/// MarkerLayout.Resolve is the one reading of a layout: the painter, the validator and bench build must agree on it.
/// Expected images and labels are written out from format.md §3, not derived from the layout under test.
/// </summary>
public sealed class MarkerResolveTests
{
    static QaRecord Record(string type, int images) => new()
    {
        Id = "r1", Type = type, Image = Enumerable.Range(0, images).Select(k => $"i{k}.jpg").ToList(),
        Conversations = [new Turn("human", "q"), new Turn("gpt", "a")],
    };

    [Fact]
    public void Spatial_imagination_oc_mv_boxes_land_on_the_G_B_R_image_order()
    {
        var r = Record("spatial_imagination_oc_mv", 3);
        r.RedBbox = [[10, 10, 20, 20]];
        r.GreenBbox = [[30, 30, 40, 40]];
        r.BlueBbox = [[50, 50, 60, 60]];
        r.BboxImgIdx = [[1, 2, 0]];   // green on image 1, blue on image 2, red on image 0
        var resolved = TaskCatalog.Get(r.Type).Markers.Resolve(r);
        Assert.Empty(resolved.Problems);
        Assert.Equal([("red_bbox", 0), ("green_bbox", 1), ("blue_bbox", 2)], resolved.Markers.Select(m => (m.Field, m.Image)));
        Assert.All(resolved.Markers, m => Assert.Null(m.Label));
    }

    [Fact]
    public void The_point_list_is_labelled_objectA_then_object0()
    {
        var r = Record("distance_infer_center_oo_video", 4);
        r.PointList = [[[1, 2], [3, 4], [5, 6]]];
        r.PointImgIdx = [[3, 0, 2]];
        var resolved = TaskCatalog.Get(r.Type).Markers.Resolve(r);
        Assert.Empty(resolved.Problems);
        Assert.Equal([("objectA", 3, "point_list[0][0]"), ("object0", 0, "point_list[0][1]"), ("object1", 2, "point_list[0][2]")],
            resolved.Markers.Select(m => (m.Label!, m.Image, m.Field)));
    }

    [Fact]
    public void Two_of_three_with_one_empty_list_is_broken_for_the_painter_the_validator_and_bench_build()
    {
        // Before issue 15 the painter skipped an empty red_bbox and drew blue and green, while the validator counted it
        // as present (three boxes): now both read the layout through Resolve.
        var r = Record("obj_spatial_relation_oo_mv", 2);
        r.RedBbox = [];
        r.BlueBbox = [[1, 1, 2, 2]];
        r.GreenBbox = [[3, 3, 4, 4]];
        r.BboxImgIdx = [[0, 1]];
        var resolved = TaskCatalog.Get(r.Type).Markers.Resolve(r);
        Assert.True(resolved.FirstBlocking is { Kind: MarkerProblemKind.Missing });
        Assert.Contains("exactly two", Assert.Throws<MarkerException>(() => MarkerPlanner.Plan(r)).Message);
        var issues = new List<RecordIssue>();
        RecordChecker.Check(r, null, null, issues);
        Assert.Contains(issues, i => i.Kind == "marker-missing" && i.Message.Contains("exactly two"));
    }

    [Fact]
    public void Off_grid_and_reversed_boxes_are_validator_errors_the_painter_repairs()
    {
        var r = Record("obj_spatial_relation_oo", 1);
        r.RedBbox = [[500, 500, 100, 100]];      // corners reversed
        r.BlueBbox = [[-20, 10, 200, 1200]];     // outside the grid
        var resolved = TaskCatalog.Get(r.Type).Markers.Resolve(r);
        Assert.Equal([MarkerProblemKind.Shape, MarkerProblemKind.Range], resolved.Problems.Select(p => p.Kind));
        Assert.Null(resolved.FirstBlocking);
        var plan = MarkerPlanner.Plan(r);
        Assert.Equal([new GridBox(100, 100, 500, 500), new GridBox(0, 10, 200, 1000)], plan.Ops.Cast<BoxMarker>().Select(b => b.Box));
        Assert.Equal(2 + 1, plan.Warnings.Count);   // reversed corners; x1 and y2 clamped
    }

    [Fact]
    public void Every_problem_the_validator_reports_is_one_of_Resolve_and_painter_failures_are_exactly_the_blocking_ones()
    {
        // Mutations of complete records of every type: whatever the mutation, the three consumers agree.
        foreach (var task in TaskCatalog.All)
            foreach (var mutate in Mutations)
            {
                var r = Spar.Tests.Drawing.MarkerRobustnessTests.Synthesize(task, 3);
                mutate(r);
                var resolved = task.Markers.Resolve(r);
                var issues = new List<RecordIssue>();
                RecordChecker.Check(r, null, null, issues);
                Assert.Equal(resolved.Problems.Select(p => (p.KindName, p.Message)),
                    issues.Where(i => i.Kind.StartsWith("marker-", StringComparison.Ordinal)).Select(i => (i.Kind, i.Message)));
                bool threw = false;
                try { MarkerPlanner.Plan(r); } catch (MarkerException) { threw = true; }
                Assert.Equal(resolved.FirstBlocking is not null, threw);
            }
    }

    static readonly Action<QaRecord>[] Mutations =
    [
        _ => { },
        r => r.RedPoint = null,
        r => r.RedBbox = [[1, 2, 3]],
        r => r.BboxImgIdx = [[9, 9, 9, 9]],
        r => r.PointImgIdx = null,
        r => r.GreenPoint = [[5000, 1]],
        r => r.YellowBbox = [[1, 1, 2, 2]],
        r => r.BboxList = r.BboxList is null ? [[[1, 1, 2, 2]]] : [],
        r => r.PointList = [[[1, 2], [3]]],
    ];
}
