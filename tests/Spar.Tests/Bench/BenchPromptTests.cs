using Spar.Bench.SparBench;

namespace Spar.Tests.Bench;

public class BenchPromptTests
{
    const string Q = "How far is the red point from the camera?";

    [Fact]
    public void Numeric_prompt_is_newline_question_newline_post_prompt()
    {
        Assert.Equal("\n" + Q + "\nPlease answer the question using a single word or phrase.",
            BenchPrompt.Build("depth_prediction_oc", Q));
        Assert.Equal("\n" + Q + "\nDo not response anything other than a single number!",
            BenchPrompt.Build("distance_prediction_oo_mv", Q, "gpt4v"));
        Assert.Equal("\n" + Q + "\nDo not response anything other than a single number!",
            BenchPrompt.Build("depth_prediction_oo", Q, "gemini_api"));
        Assert.Equal("\n" + Q + "\nPlease answer the question using a single word or phrase.",
            BenchPrompt.Build("depth_prediction_oo", Q, "openai_compatible"));
    }

    [Fact]
    public void Choice_prompt_has_an_empty_line_before_the_instruction()
    {
        Assert.Equal("\n" + Q + "\n\nAnswer with the option's letter from the given choices directly.",
            BenchPrompt.Build("obj_spatial_relation_oo", Q));
        Assert.Equal("\n" + Q + "\n\nAnswer with the option's letter from the given choices directly.",
            BenchPrompt.Build("spatial_imagination_oc_mv", Q, "gpt4v"));
    }

    [Theory]
    [InlineData("position_matching")]
    [InlineData("camera_motion_infer")]
    public void Box_tasks_state_the_0_1000_scale(string task) =>
        Assert.Equal("\n" + Q + "\nThe values represent the bounding box coordinates normalized to a 0-1000 scale, with the top-left corner " +
            "as the origin of the image.\nAnswer with the option's letter from the given choices directly.", BenchPrompt.Build(task, Q));

    [Fact]
    public void View_change_gets_no_instruction() => Assert.Equal("\n" + Q + "\n\n", BenchPrompt.Build("view_change_infer", Q));

    [Fact]
    public void Unknown_task_is_a_clear_error()
    {
        var e = Assert.Throws<Spar.Util.SparException>(() => BenchPrompt.Build("obj_count", Q));
        Assert.Contains("obj_count", e.Message);
    }
}
