using System.Globalization;
using Spar.Analysis;
using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>Naming, numbers and the fixed sentences of generation.md §4, in one place.</summary>
public static class Wording
{
    /// <summary>The geometry reference sentence every geometric question carries.</summary>
    public const string GeometrySentence = "Calculate or judge based on the 3D center points of these objects.";

    /// <summary>The perspective-taking questions' note that up and down do not turn with the imagined observer.</summary>
    public const string WorldUp = "Up and down are judged in world coordinates.";

    /// <summary><c>chair (red point)</c>, <c>table (blue bbox)</c>.</summary>
    public static string Name(VisibleObject o, MarkerColor color, MarkerShape shape) => Name(o.Category, color, shape);

    public static string Name(string category, MarkerColor color, MarkerShape shape) =>
        $"{category} ({MarkerFields.ColorName(color)} {(shape == MarkerShape.Point ? "point" : "bbox")})";

    /// <summary>Depths and distances: metres rounded half away from zero to one decimal.</summary>
    public static double Meters1(double meters) => Math.Round(meters, 1, MidpointRounding.AwayFromZero);

    public static string MetersText(double roundedMeters) => roundedMeters.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Sizes: integer centimetres, half away from zero.</summary>
    public static int Centimeters(double meters) => (int)Math.Round(meters * 100, MidpointRounding.AwayFromZero);

    public static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The select closing line for n options: "… one of options A, B, C or D."</summary>
    public static string SelectClosing(int n)
    {
        var letters = Enumerable.Range(0, n).Select(i => ((char)('A' + i)).ToString()).ToArray();
        var list = n == 1 ? letters[0] : string.Join(", ", letters[..^1]) + " or " + letters[^1];
        return $"Your answer can only include one of options {list}.";
    }

    /// <summary>"a, b and c".</summary>
    public static string JoinAnd(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
    };

    /// <summary>"a, b or c".</summary>
    public static string JoinOr(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + " or " + parts[^1],
    };

    /// <summary>Upper-cases the first letter (sentence answers start with an object name).</summary>
    public static string Capitalize(string s) => s.Length == 0 || char.IsUpper(s[0]) ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>The closing instructions, one drawn per question (generation.md §4).</summary>
public static class Instructions
{
    public static readonly string[] FillMeters =
    [
        "The unit is meter.",
        "Answer with a single number in meters.",
        "Give only the number, in meters.",
        "Reply with the value in meters and nothing else.",
    ];

    public static readonly string[] FillCentimeters =
    [
        "Answer as length, width, height in centimeters.",
        "Give the three sizes in centimeters, in the form length, width, height.",
        "Reply with three integers in centimeters: length, width, height.",
        "The unit is centimeter; answer with length, width, height.",
    ];

    public static readonly string[] FillObjectName =
    [
        "Answer with the object's name only.",
        "Reply with just the name of the object.",
        "Give only the object's name.",
        "Respond with the object name and nothing else.",
    ];

    public static readonly string[] Sentence =
    [
        "Answer in one sentence.",
        "Please answer with a complete sentence.",
        "Respond with a short sentence.",
        "Give your answer as one full sentence.",
    ];

    public static readonly string[] Judge =
    [
        "Answer with Yes or No.",
        "Reply Yes or No only.",
        "Please answer Yes or No.",
        "Respond with a single word: Yes or No.",
    ];
}

/// <summary>A pool of wordings for one slot; <see cref="Pick"/> draws one from the stream's generator.</summary>
public sealed class Paraphrases<T>(params Func<T, string>[] forms)
{
    public int Count => forms.Length;
    public string Pick(Rng rng, T values) => forms[rng.Next(forms.Length)](values);
    public string At(int i, T values) => forms[i](values);
}
