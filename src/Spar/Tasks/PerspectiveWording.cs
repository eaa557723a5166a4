namespace Spar.Tasks;

/// <summary>
/// Wording shared by the perspective-taking families (spatial_imagination_* single-view, multi-view and video):
/// slot-word phrases, option legends and the question/answer paraphrase pools. One place so the families cannot drift.
/// </summary>
public static class PerspectiveWording
{
    /// <summary>Phrases for observer-centred slot words.</summary>
    public static string ObserverPhrase(string word) => word switch
    {
        "left" => "to your left",
        "right" => "to your right",
        "above" => "above you",
        "below" => "below you",
        "front" => "in front of you",
        "behind" => "behind you",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    /// <summary>Phrases for object–object slot words (red relative to yellow, as seen by the observer).</summary>
    public static string PairPhrase(string word) => word switch
    {
        "left" => "to the left of",
        "right" => "to the right of",
        "above" => "above",
        "below" => "below",
        "closer" => "closer to you than",
        "farther" => "farther from you than",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    public const string OcLegend = "Each option gives left/right, above/below and front/behind from your new position; an empty slot means neither.";

    public const string OoLegend = "Each option gives, from your new position: red left/right of yellow, above/below it, closer/farther than it, then whether red and yellow are each in front or behind; an empty slot means neither.";

    public static readonly Paraphrases<(string Red, string Blue, string Green)> OcQuestions = new(
        v => $"Imagine you are standing at the {v.Green} and facing the {v.Blue}. Where is the {v.Red} relative to you?",
        v => $"Suppose you move to the position of the {v.Green} and look toward the {v.Blue}. Is the {v.Red} to your left or right, above or below you, and in front of or behind you?",
        v => $"If you stood at the center of the {v.Green}, facing the {v.Blue} horizontally, where would the {v.Red} be?",
        v => $"Picture yourself at the {v.Green}, looking at the {v.Blue}. Describe where the {v.Red} is from that viewpoint.");

    public static readonly Paraphrases<(string Red, string Phrases)> OcAnswers = new(
        v => $"From there, the {v.Red} is {v.Phrases}.",
        v => $"Standing at that spot, you would find the {v.Red} {v.Phrases}.",
        v => $"In that position, the {v.Red} would be {v.Phrases}.");

    public static readonly Paraphrases<(string Red, string Blue, string Green, string Yellow)> OoQuestions = new(
        v => $"Imagine you are standing at the {v.Green} and facing the {v.Blue}. Where is the {v.Red} relative to the {v.Yellow}?",
        v => $"Suppose you move to the position of the {v.Green} and look toward the {v.Blue}. How is the {v.Red} placed with respect to the {v.Yellow}?",
        v => $"If you stood at the center of the {v.Green}, facing the {v.Blue} horizontally, where would the {v.Red} be compared with the {v.Yellow}?",
        v => $"Picture yourself at the {v.Green}, looking at the {v.Blue}. Describe the position of the {v.Red} relative to the {v.Yellow} from that viewpoint.");

    public static readonly Paraphrases<(string Relation, string Sides)> OoAnswers = new(
        v => $"From there, {v.Relation}{v.Sides}.",
        v => $"Standing at that spot, {v.Relation}{v.Sides}.",
        v => $"In that position, {v.Relation}{v.Sides}.");

    /// <summary>Distractor pools: every oc tuple (lr, ab, fb) and every oo tuple (lr, ab, cf, fb red, fb yellow).</summary>
    public static readonly List<RelationTuple> OcPool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.FrontBehind);
    public static readonly List<RelationTuple> OoPool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.CloserFarther,
        Relations.FrontBehind, Relations.FrontBehind);
}
