using Spar.Export;

namespace Spar.Tests.Export;

public sealed class LoaderPromptTests
{
    [Fact]
    public void Single_prepends_one_token_unless_present()
    {
        Assert.Equal("<image>\nHow far?", LoaderPrompt.Build("depth_prediction_oc", "How far?", 1).Question);
        Assert.Equal("Look <image> here", LoaderPrompt.Build("depth_prediction_oc", "Look <image> here", 1).Question);
    }

    [Fact]
    public void Multi_prepends_one_token_per_image_unless_any_present()
    {
        var p = LoaderPrompt.Build("depth_prediction_oc_mv", "Q", 3);
        Assert.Equal(SampleKind.Multi, p.Kind);
        Assert.Equal("<image>\n<image>\n<image>\nQ", p.Question);
        // Any token already there: nothing added, even when the counts differ (format.md §5).
        Assert.Equal("<image>\nQ", LoaderPrompt.Build("depth_prediction_oc_mv", "<image>\nQ", 3).Question);
        Assert.Equal(1, LoaderPrompt.Build("depth_prediction_oc_mv", "<image>\nQ", 3).TokenCount);
    }

    [Fact]
    public void Video_expands_frames_one_based()
    {
        var p = LoaderPrompt.Build("obj_count", "How many?", 11);
        Assert.Equal(SampleKind.Video, p.Kind);
        var expected = string.Join("\n", Enumerable.Range(1, 11).Select(i => $"Frame-{i}: <image>")) + "\nHow many?";
        Assert.Equal(expected, p.Question);
        Assert.Equal(11, p.TokenCount);
    }

    [Fact]
    public void Nav_is_video_whatever_the_count_and_ten_images_is_multi()
    {
        Assert.Equal("Frame-1: <image>\nFrame-2: <image>\nGo", LoaderPrompt.Build("nav", "Go", 2).Question);
        Assert.Equal(SampleKind.Multi, LoaderPrompt.Build("obj_count", "Q", 10).Kind);
        Assert.Equal("A\nFrame-1: <image>\nB", LoaderPrompt.Build("nav", "A\n<video>\nB", 1).Question);
    }
}
