using Spar.Determinism;

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

    /// <summary>
    /// Three values drawn first from <paramref name="peers"/> (answers of earlier questions of the same stream: the
    /// distribution the answer itself comes from), each far enough from the answer and from each other, topped up by
    /// <see cref="Numeric"/>'s scaled draws while the stream has too few peers. Scaled copies of the answer are
    /// guessable without the image: they spread wider than real answers and put the answer at a typical rank, so a
    /// text-only model picks the option whose value is most often an answer. Options drawn from the answers' own
    /// distribution are exchangeable with the answer, so neither its value nor its rank tells it apart.
    /// </summary>
    public static double[]? FromPeers(Rng rng, double answer, IReadOnlyList<double> peers, Func<double, double> round, DistractorSettings s,
        double minAbsoluteGap, int count = 3)
    {
        var chosen = new List<double>(count + 1) { answer };
        foreach (var v in rng.Sample(peers, Math.Min(peers.Count, s.Attempts)))
        {
            if (chosen.Count > count) break;
            if (v > 0 && chosen.All(o => FarEnough(o, v, s.MinRelativeGap, minAbsoluteGap))) chosen.Add(v);
        }
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

    /// <summary>
    /// Wrong boxes (generation.md §4): boxes of other objects in the same image whose IoU with the answer is under
    /// <paramref name="maxIou"/>, else jittered copies of the answer (shifted by 0.6–1.5 of its size, clamped to the
    /// grid) with IoU under <paramref name="maxIou"/> to the answer and to every other option. Never the answer; null
    /// when <paramref name="count"/> boxes cannot be found.
    /// </summary>
    public static List<Analysis.GridBox>? Boxes(Rng rng, Analysis.GridBox answer, IReadOnlyList<Analysis.GridBox> others, int count = 3, double maxIou = 0.3)
    {
        var pool = others.Where(b => b != answer && Iou(b, answer) < maxIou).Distinct().ToList();
        var chosen = new List<Analysis.GridBox>();
        foreach (var b in rng.Sample(pool, pool.Count))
            if (chosen.Count < count && chosen.All(c => c != b)) chosen.Add(b);
        int w = answer.X2 - answer.X1, h = answer.Y2 - answer.Y1;
        for (int attempt = 0; attempt < 64 && chosen.Count < count; attempt++)
        {
            int dx = (int)Math.Round((rng.Coin() ? 1 : -1) * rng.Uniform(0.6, 1.5) * Math.Max(w, 20));
            int dy = (int)Math.Round((rng.Coin() ? 1 : -1) * rng.Uniform(0.6, 1.5) * Math.Max(h, 20));
            int x1 = Math.Clamp(answer.X1 + dx, 0, 1000 - w), y1 = Math.Clamp(answer.Y1 + dy, 0, 1000 - h);
            var b = new Analysis.GridBox(x1, y1, x1 + w, y1 + h);
            if (Iou(b, answer) < maxIou && chosen.All(c => Iou(c, b) < maxIou)) chosen.Add(b);
        }
        return chosen.Count == count ? chosen : null;
    }

    /// <summary>Intersection over union of two grid boxes (inclusive corners, as pixel-index boxes).</summary>
    public static double Iou(Analysis.GridBox a, Analysis.GridBox b)
    {
        long iw = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1) + 1, ih = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1) + 1;
        long inter = iw > 0 && ih > 0 ? iw * ih : 0;
        long areaA = (long)(a.X2 - a.X1 + 1) * (a.Y2 - a.Y1 + 1), areaB = (long)(b.X2 - b.X1 + 1) * (b.Y2 - b.Y1 + 1);
        return inter / (double)(areaA + areaB - inter);
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
