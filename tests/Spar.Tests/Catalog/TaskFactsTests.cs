using Spar.Catalog;

namespace Spar.Tests.Catalog;

/// <summary>
/// The per-task facts the catalogue declares, checked against bench.md and format.md as written there (lists spelled
/// out here, not derived from the table under test).
/// </summary>
public class TaskFactsTests
{
    // bench.md §4.1: the eight numeric tasks, the four _mv ones read the last number.
    static readonly string[] Numeric =
    [
        "depth_prediction_oc", "depth_prediction_oo", "distance_prediction_oc", "distance_prediction_oo",
        "depth_prediction_oc_mv", "depth_prediction_oo_mv", "distance_prediction_oc_mv", "distance_prediction_oo_mv",
    ];

    [Fact]
    public void Bench_families_result_keys_and_number_picks_are_the_official_ones()
    {
        foreach (var t in TaskCatalog.Bench)
        {
            var b = t.Bench!;
            if (Numeric.Contains(t.Type))
            {
                Assert.Equal(BenchFamily.Numeric, b.Family);
                Assert.Equal(t.Type + "_MRA:.5:.95:.05", b.ResultKey(t.Type));
                Assert.Equal(t.Type.EndsWith("_mv", StringComparison.Ordinal) ? NumberPick.Last : NumberPick.First, b.Pick);
                Assert.NotNull(b.Baseline);
                Assert.Equal(QaFormat.Fill, b.Format);
            }
            else if (t.Type == "view_change_infer")
            {
                Assert.Equal(BenchFamily.ViewChange, b.Family);
                Assert.Equal("view_change_infer_vci_metric", b.ResultKey(t.Type));
                Assert.Equal(QaFormat.Fill, b.Format);
            }
            else
            {
                Assert.Equal(BenchFamily.MultipleChoice, b.Family);
                Assert.Equal(t.Type + "_accuracy", b.ResultKey(t.Type));
                Assert.Equal(QaFormat.Select, b.Format);
                Assert.Null(b.Baseline);
            }
            // bench.md §3: only these two questions carry the box-scale sentence.
            Assert.Equal(t.Type is "position_matching" or "camera_motion_infer", b.Note == PromptNote.BoxScale);
        }
        Assert.Equal(20, TaskCatalog.Bench.Count());
    }

    [Fact]
    public void Numeric_fill_answer_kinds_and_the_loader_kind_are_declared_where_the_format_says()
    {
        string[] numericFill = [.. Numeric, "distance_prediction_oo_video", "obj_count", "room_size"];
        foreach (var t in TaskCatalog.All)
        {
            var expected = numericFill.Contains(t.Type) ? AnswerKind.Number
                : t.Type == "view_change_infer" ? AnswerKind.ViewChange : AnswerKind.Text;
            Assert.Equal(expected, t.FillAnswer);
            Assert.Equal(t.Type == "nav" ? LoaderKind.Video : LoaderKind.ByImageCount, t.Loader);
        }
    }

    [Fact]
    public void Random_baseline_ranges_follow_the_quantity()
    {
        // Depth differences 0.1–2 m, object–object distances 0.2–4 m, camera depths/distances 0.5–5 m (docs/bench-run.md, offline baselines).
        Assert.Equal(new MetersRange(0.1, 2.0), TaskCatalog.Get("depth_prediction_oo_mv").Bench!.Baseline);
        Assert.Equal(new MetersRange(0.2, 4.0), TaskCatalog.Get("distance_prediction_oo").Bench!.Baseline);
        Assert.Equal(new MetersRange(0.5, 5.0), TaskCatalog.Get("distance_prediction_oc_mv").Bench!.Baseline);
        Assert.Equal(new MetersRange(0.5, 5.0), TaskCatalog.Get("depth_prediction_oc").Bench!.Baseline);
    }

    [Fact]
    public void Task_name_constants_are_the_catalogue_keys_in_order()
    {
        var constants = typeof(TaskNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(TaskCatalog.All.Select(t => t.Type), constants);
    }
}
