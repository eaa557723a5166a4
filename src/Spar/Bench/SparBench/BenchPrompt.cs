using Spar.Bench.Scoring;
using Spar.Catalog;
namespace Spar.Bench.SparBench;

/// <summary>
/// The official SPAR-Bench prompt text (bench.md §3), verbatim. Images are not part of the text: they go to the model
/// as separate inputs, in row order, before it.
/// </summary>
public static class BenchPrompt
{
    public const string NumericPostPrompt = "Please answer the question using a single word or phrase.";

    /// <summary>lmms-eval's post prompt for the <c>gemini_api</c> and <c>gpt4v</c> model kinds, grammar included.</summary>
    public const string NumericPostPromptApi = "Do not response anything other than a single number!";

    public const string ChoiceInstruction = "Answer with the option's letter from the given choices directly.";

    public const string BoxScaleNote =
        "The values represent the bounding box coordinates normalized to a 0-1000 scale, with the top-left corner as the origin of the image.";

    /// <summary>lmms-eval model names that get <see cref="NumericPostPromptApi"/>.</summary>
    public static readonly IReadOnlyList<string> ApiModelKinds = ["gemini_api", "gpt4v"];

    /// <summary>The prompt for one row.</summary>
    /// <param name="modelKind">lmms-eval's model name (<c>gpt4v</c>, <c>gemini_api</c>, …); null or anything else uses
    /// the default numeric post prompt, as VLMEvalKit always does.</param>
    public static string Build(BenchItem item, string? modelKind)
    {
        try { return Build(item.Task, item.Question, modelKind); }
        catch (Util.SparException e) { throw new Util.SparException($"item {item.Id}: {e.Message}", e); }
    }

    /// <summary>The default (VLMEvalKit) prompt of one row; the shape the runner takes.</summary>
    public static string Build(BenchItem item)
    {
        try { return Build(item.Task, item.Question, null); }
        catch (Util.SparException e) { throw new Util.SparException($"item {item.Id}: {e.Message}", e); }
    }

    public static string Build(string task, string question, string? modelKind = null)
    {
        const string prePrompt = "";
        return SparBenchDefinition.Instance.Task(task).Family switch
        {
            BenchFamily.Numeric => prePrompt + "\n" + question + "\n" + NumericPost(modelKind),
            BenchFamily.ViewChange => prePrompt + "\n" + question + "\n" + "" + "\n" + "",
            _ when SparBenchDefinition.Instance.Task(task).Facts.Note == PromptNote.BoxScale =>
                prePrompt + "\n" + question + "\n" + BoxScaleNote + "\n" + ChoiceInstruction,
            _ => prePrompt + "\n" + question + "\n" + "" + "\n" + ChoiceInstruction,
        };
    }

    static string NumericPost(string? modelKind) =>
        modelKind is not null && ApiModelKinds.Contains(modelKind) ? NumericPostPromptApi : NumericPostPrompt;
}
