namespace Spar.Bench.Run;

/// <summary>
/// TEMPORARY copy of the bench.md §3 prompt table so the runner can be built and tested while the prompt builder
/// (<c>BenchPrompt</c>, branch <c>bench</c>) is written in parallel. At merge the lead passes <c>BenchPrompt</c> to the
/// runner instead and deletes this file; the runner only ever sees a <c>Func&lt;BenchItem, string&gt;</c>.
/// </summary>
public static class OfficialPromptsForRun
{
    /// <summary>VLMEvalKit's (and lmms-eval's default) NA post-prompt.</summary>
    public const string NumericPost = "Please answer the question using a single word or phrase.";

    public const string McqPost = "Answer with the option's letter from the given choices directly.";

    public const string BoxScaleNote =
        "The values represent the bounding box coordinates normalized to a 0-1000 scale, with the top-left corner as the origin of the image.";

    public static string Build(BenchItem item)
    {
        var q = item.Question;
        return RunTaskFamilies.Of(item) switch
        {
            RunTaskFamily.Numeric => "" + "\n" + q + "\n" + NumericPost,
            RunTaskFamily.Mcq when item.Task is "position_matching" or "camera_motion_infer" =>
                "\n" + q + "\n" + BoxScaleNote + "\n" + McqPost,
            RunTaskFamily.Mcq => "" + "\n" + q + "\n" + "" + "\n" + McqPost,
            // No format instruction for VCI: the official harness sends none (quirk 16).
            _ => "\n" + q + "\n" + "" + "\n" + "",
        };
    }
}
