using Spar.Bench.SparBench;
using Spar.Bench.Scoring;
using Spar.Catalog;
using Spar.Tasks.MultiView;

namespace Spar.Tests.Catalog;

public class ViewChangeAxesTests
{
    [Fact]
    public void The_gold_keys_and_the_official_polarity_are_the_documented_ones()
    {
        // generation.md §5: a zero takes move_right, move_down, move_forward, rotate_left, rotate_down.
        Assert.Equal(["move_right", "move_down", "move_forward", "rotate_left", "rotate_down"], ViewChangeAxes.All.Select(a => a.Key));
        // bench.md §4.1: compute_vci_metric subtracts left from right, down from up, backward from forward, left from
        // right and down from up.
        Assert.Equal(["move_right", "move_up", "move_forward", "rotate_right", "rotate_up"], ViewChangeAxes.All.Select(a => a.OfficialPositive));
        Assert.Equal(["move_left", "move_down", "move_backward", "rotate_left", "rotate_down"], ViewChangeAxes.All.Select(a => a.OfficialNegative));
    }

    [Fact]
    public void Phrases_name_the_direction_of_each_key()
    {
        Assert.Equal("0.3 meters to the right", ViewChangeAxes.Phrase("move_right", "0.3"));
        Assert.Equal("1.2 meters up", ViewChangeAxes.Phrase("move_up", "1.2"));
        Assert.Equal("0.4 meters backward", ViewChangeAxes.Phrase("move_backward", "0.4"));
        Assert.Equal("15 degrees to the right", ViewChangeAxes.Phrase("rotate_right", "15"));
        Assert.Equal("5 degrees down", ViewChangeAxes.Phrase("rotate_down", "5"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ViewChangeAxes.Phrase("move_sideways", "1"));
    }

    [Fact]
    public void A_generated_answer_scores_one_against_itself_and_the_sign_convention_matters()
    {
        // Camera moved 0.31 m left, 1.24 m up, 1.96 m back, yawed 14.6° right, pitched 5.2° up (generator's components).
        var gold = ViewChangeTasks.Format([-0.31, -1.24, -1.96, -14.6, -5.2]);
        Assert.Equal("move_left:0.3,move_up:1.2,move_backward:2.0,rotate_right:15,rotate_up:5", gold);
        Assert.Equal(1.0, OfficialScorer.ViewChange(gold, gold));
        // Spelling the same motion with the opposite keys and negated values is the same motion to the metric.
        Assert.Equal(1.0, OfficialScorer.ViewChange("move_right:-0.3,move_down:-1.2,move_forward:-2.0,rotate_left:-15,rotate_down:-5", gold));
        // The opposite motion is not: every axis misses by 200%.
        Assert.Equal(0.0, OfficialScorer.ViewChange("move_right:0.3,move_down:1.2,move_forward:2.0,rotate_left:15,rotate_down:5", gold));
    }
}
