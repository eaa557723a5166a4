using Spar.Bench.SparBench;
using Spar.Bench.Scoring;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Tests.Bench;

/// <summary>bench.md §6.6: the same answers under both scorers.</summary>
public class StrictScorerTests
{
    const string Mcq = "obj_spatial_relation_oo", Single = "depth_prediction_oc", Multi = "depth_prediction_oc_mv", Vci = "view_change_infer";
    const string VciGold = "move_right:0,move_down:0,move_backward:0,rotate_down:5,rotate_left:15";

    public static TheoryData<string, string, string, double, double> Vectors => new()
    {
        { Mcq, "A", "A", 1, 1 },
        { Mcq, "a", "A", 1, 1 },
        { Mcq, "A.", "A", 1, 1 },
        { Mcq, "A. left, above, closer", "A", 1, 1 },
        { Mcq, "", "A", 1, 0 },
        { Mcq, "(A)", "A", 0, 1 },
        { Mcq, "The answer is A", "A", 0, 1 },
        { Mcq, "Answer: B", "A", 1, 0 },
        { Mcq, "Based on the image", "B", 1, 0 },
        { Mcq, "The answer is a chair.", "A", 0, 1 },
        { Mcq, "<answer>because</answer>", "B", 0, 1 },
        { Single, "1.5m (150cm)", "1.5", 1.0, 0 },
        { Multi, "1.5m (150cm)", "1.5", 0, 0 },
        { Single, "-2.3", "-2.3", 0, 1.0 },
        { Multi, "-2.3", "-2.3", 0, 1.0 },
        { Single, "about two meters", "2.0", 0, 1.0 },
        { Single, "1.1", "1.0", 0.9, 0.9 },
        { Single, "0.05", "0", 1.0, 1.0 },
        { Vci, VciGold, VciGold, 1.0, 1.0 },
        { Vci, "move_right:0,move_down:0,move_backward:0,rotate_down:0,rotate_left:0", VciGold, 0.6, 0.6 },
        { Vci, "move_right:0,move_down:0,move_backward:0,rotate_down:5,rotate_left:30", VciGold, 0.82, 0.8 },
        { Vci, "move_right:0,move_down:0,move_backward:0,rotate_down:5,rotate_left:7.5", VciGold, 0.8, 0.82 },
        { Vci, "move right 1", VciGold, 0, 0.6 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Spec_vectors_score_as_listed(string task, string prediction, string gold, double official, double strict)
    {
        Assert.Equal(official, OfficialScorer.Instance.Score(task, prediction, gold), 12);
        Assert.Equal(strict, StrictScorer.Instance.Score(task, prediction, gold), 12);
    }

    [Theory]
    [InlineData("<think>maybe B or C.</think>\nC", "C")]
    [InlineData("<think>maybe B</think>\nC", "B")] // the tail anchor before </think> wins (step 2)
    [InlineData("Let me think.\nOption A: chair\nOption B: desk\n**B**", "B")]
    [InlineData("I pick (C) because it is closer", "C")]
    [InlineData("I pick (c) because it is closer", null)] // line and global scans are case-sensitive
    [InlineData("The red box is left of B and right of D.", null)]
    [InlineData("最终答案：D", "D")]
    public void Letter_cascade(string text, string? letter) => Assert.Equal(letter, StrictLetter.Extract(text));

    [Theory]
    [InlineData("[1.5]", 1.5)]
    [InlineData("[1.5 m]", null)]
    [InlineData("['2 m']", 2.0)]
    [InlineData("1e-3", 0.001)]
    [InlineData(".5", 0.5)]
    [InlineData("2-3 m", -3.0)]
    [InlineData("<answer>3.2 meters</answer> maybe 4", 3.2)]
    [InlineData("<think>1 or 2</think> twelve", 12.0)]
    [InlineData("no idea", null)]
    public void Number_extraction(string text, double? expected) => Assert.Equal(expected, StrictNumber.Extract(text));

    [Theory]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123.0, "123.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    public void Float_repr_matches_python(double value, string repr) => Assert.Equal(repr, PyFormat.FloatRepr(value));

    [Fact]
    public void Strict_aggregation_puts_view_change_in_middle_and_official_does_not()
    {
        SampleScore[] rows =
        [
            new(0, "position_matching", 1.0), new(1, "camera_motion_infer", 0.0), new(2, Vci, 0.4),
            new(3, Single, 0.5), new(4, Mcq, 1.0),
        ];
        var official = BenchAggregation.Official(rows);
        var strict = BenchAggregation.Strict(rows);
        Assert.Equal(0.5, official.Middle);
        Assert.Equal((1.0 + 0.0 + 0.4) / 3, strict.Middle, 15);
        Assert.Equal(0.5, official.Low);
        Assert.Equal(1.0, official.High);
        Assert.Equal((1.0 + 0.0 + 0.4 + 0.5 + 1.0) / 5, official.Overall, 15);
        Assert.Equal(official.Overall * 100.0, official.Score);

        var noHigh = BenchAggregation.Official(rows[..4]);
        Assert.True(double.IsNaN(noHigh.High));
        Assert.Equal(0.0, BenchAggregation.Strict(rows[..4]).High);
    }
}
