namespace Spar.Tasks;

/// <summary>Distractor settings (generation.md §4 defaults).</summary>
public sealed record DistractorSettings
{
    public double MinFactor { get; init; } = 0.4;
    public double MaxFactor { get; init; } = 2.2;
    /// <summary>Every two options differ by at least this share of the larger one…</summary>
    public double MinRelativeGap { get; init; } = 0.15;
    /// <summary>…and by at least this much after rounding (in the option's unit: 0.1 m, 1 cm).</summary>
    public double MinAbsoluteGap { get; init; } = 0.1;
    public int Attempts { get; init; } = 64;
    public static readonly DistractorSettings Default = new();
}

/// <summary>Wrong options for select questions: numeric (scaled ground truth) and tuple (other valid tuples).</summary>
public static class Distractors
{
    /// <summary>
    /// Three values: the (rounded) answer scaled by factors in [MinFactor, MaxFactor], rounded with
    /// <paramref name="round"/>, positive, each far enough from the answer and from each other. Null when the draws
    /// cannot satisfy the spacing (the candidate is then dropped).
    /// </summary>
    public static double[]? Numeric(Rng rng, double answer, Func<double, double> round, DistractorSettings s, double minAbsoluteGap, int count = 3)
    {
        var chosen = new List<double>(count + 1) { answer };
        for (int attempt = 0; attempt < s.Attempts && chosen.Count <= count; attempt++)
        {
            var v = round(answer * rng.Uniform(s.MinFactor, s.MaxFactor));
            if (v <= 0) continue;
            if (chosen.All(o => FarEnough(o, v, s.MinRelativeGap, minAbsoluteGap))) chosen.Add(v);
        }
        return chosen.Count == count + 1 ? chosen.Skip(1).ToArray() : null;
    }

    /// <summary>The §4 spacing rule for two option values.</summary>
    public static bool FarEnough(double a, double b, double minRelative, double minAbsolute)
    {
        double gap = Math.Abs(a - b);
        return gap >= minAbsolute - 1e-9 && gap >= minRelative * Math.Max(Math.Abs(a), Math.Abs(b)) - 1e-9;
    }

    /// <summary>Up to <paramref name="count"/> distinct wrong tuples from <paramref name="pool"/> (which may contain the answer).</summary>
    public static List<T> FromPool<T>(Rng rng, T answer, IReadOnlyList<T> pool, int count) where T : notnull
    {
        var wrong = pool.Where(t => !EqualityComparer<T>.Default.Equals(t, answer)).Distinct().ToList();
        return rng.Sample(wrong, count);
    }
}

/// <summary>
/// Lettered options with the correct one placed on the stream's target letter, so the correct letter cycles evenly
/// over the available letters across each (scene, type, format) stream and therefore across a run.
/// </summary>
public sealed record OptionList(IReadOnlyList<string> Options, int CorrectIndex)
{
    public char CorrectLetter => (char)('A' + CorrectIndex);

    public static OptionList Place(Rng rng, string correct, IReadOnlyList<string> distractors, int targetIndex)
    {
        var shuffled = rng.Sample(distractors, distractors.Count);
        var options = new List<string>(shuffled.Count + 1);
        options.AddRange(shuffled);
        options.Insert(targetIndex, correct);
        return new OptionList(options, targetIndex);
    }

    /// <summary>The option block: <c>A. …</c> one per line, then the closing line.</summary>
    public string Block() =>
        string.Join("\n", Options.Select((o, i) => $"{(char)('A' + i)}. {o}")) + "\n" + Wording.SelectClosing(Options.Count);
}
