using Spar.Bench.Scoring;
using Spar.Catalog;
using System.Text;
using Spar.PythonCompat;

namespace Spar.Bench.SparBench;

/// <summary>
/// The repo's lmms-eval scorer, reproduced bit for bit (bench.md §4.1): lenient MCQ matching, the first/last-number
/// rule for numeric answers, and the view-change metric with its swapped arguments. Every parse failure scores 0,
/// as the official code's bare <c>except</c> does.
/// </summary>
public sealed class OfficialScorer : ISampleScorer
{
    public static readonly OfficialScorer Instance = new();

    public string Name => "official";

    /// <summary>Scores the model's raw output; lmms-eval strips it first (Python <c>str.strip</c>), and so does this.</summary>
    public double Score(string task, string rawPrediction, string gold)
    {
        string prediction = PyText.Strip(rawPrediction);
        return SparBenchDefinition.Instance.Task(task).Family switch
        {
            BenchFamily.MultipleChoice => MultipleChoice(prediction, gold),
            BenchFamily.Numeric => Numeric(task, prediction, gold),
            _ => ViewChange(prediction, gold),
        };
    }

    /// <summary><c>exact_match</c>: equal, a substring of the gold (so "" always matches), or a first character
    /// equal to the whole gold; all after Python's <c>lower()</c>.</summary>
    public static double MultipleChoice(string prediction, string gold)
    {
        string p = PyText.Lower(prediction), t = PyText.Lower(gold);
        if (p == t) return 1.0;
        if (t.Contains(p, StringComparison.Ordinal)) return 1.0;
        return PyText.FirstCodePoint(p) == t ? 1.0 : 0.0;
    }

    /// <summary><c>MRA(to_float(process_na(pred)), to_float(gold))</c>, 0 on any exception.</summary>
    public static double Numeric(string task, string prediction, string gold)
    {
        var numbers = OfficialNumbers.FindAll(prediction);
        // The official code converts every match with int()/float() before choosing one, so an over-long integer
        // anywhere in the answer raises.
        foreach (var n in numbers)
            if (!n.HasDot && n.Ascii.Length > PyFloat.MaxIntDigits) return 0.0;

        double p;
        if (SparBenchDefinition.Instance.Task(task).Facts.Pick == NumberPick.Last)
        {
            if (numbers.Count == 0) p = -1.0;
            else if (!numbers[^1].TryToDouble(out p)) return 0.0;
        }
        else
        {
            if (numbers.Count == 0 || !numbers[0].TryToDouble(out p)) return 0.0;
        }
        if (!PyFloat.TryParse(gold, out double t)) return 0.0;
        return Mra.Score(p, t);
    }

    /// <summary>The official metric's (positive, negative) word per axis, in its order, from <see cref="ViewChangeAxes"/>.</summary>
    internal static readonly (string Positive, string Negative)[] Motions =
        ViewChangeAxes.All.Select(a => (a.OfficialPositive, a.OfficialNegative)).ToArray();

    /// <summary><c>compute_vci_metric</c>: strict <c>k:v</c> parsing, then MRA with gold and prediction swapped.</summary>
    public static double ViewChange(string prediction, string gold)
    {
        var answer = ParseInstruction(prediction);
        var truth = ParseInstruction(gold);
        if (answer is null || truth is null) return 0.0;
        return MotionMean(answer, truth, goldAsPrediction: true);
    }

    /// <summary>
    /// The mean over the five axes of MRA between the signed movements (positive minus negative word, 0 where absent).
    /// Both scorers share it; the official code passes gold as the prediction (<paramref name="goldAsPrediction"/>),
    /// the strict scorer the right way round.
    /// </summary>
    internal static double MotionMean(Dictionary<string, double> answer, Dictionary<string, double> truth, bool goldAsPrediction)
    {
        Span<double> m = stackalloc double[Motions.Length];
        for (int i = 0; i < Motions.Length; i++)
        {
            var (pos, neg) = Motions[i];
            double a = answer.GetValueOrDefault(pos) - answer.GetValueOrDefault(neg);
            double g = truth.GetValueOrDefault(pos) - truth.GetValueOrDefault(neg);
            m[i] = goldAsPrediction ? Mra.Score(g, a) : Mra.Score(a, g);
        }
        return NumpySum.Mean(m);
    }

    /// <summary><c>{k: float(v) for k, v in [item.split(":") for item in s.split(",")]}</c>; null where Python raises.</summary>
    internal static Dictionary<string, double>? ParseInstruction(string s)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in s.Split(','))
        {
            int colon = item.IndexOf(':');
            if (colon < 0 || item.IndexOf(':', colon + 1) >= 0) return null;
            if (!PyFloat.TryParse(item[(colon + 1)..], out double v)) return null;
            result[item[..colon]] = v;
        }
        return result;
    }
}

/// <summary>The official numeric pattern <c>(?&lt;!\^)\d+\.\d+|(?&lt;!\^)\d+</c> with Python's Unicode <c>\d</c>,
/// matched left to right without overlap.</summary>
static class OfficialNumbers
{
    public readonly record struct Match(string Ascii, bool HasDot)
    {
        /// <summary><c>to_float(float(m))</c> or <c>to_float(int(m))</c>; false where that yields None.</summary>
        public bool TryToDouble(out double value) =>
            HasDot ? PyFloat.TryParse(Ascii, out value) : PyFloat.TryIntToDouble(Ascii, out value);
    }

    public static List<Match> FindAll(string s)
    {
        var matches = new List<Match>();
        int i = 0;
        while (i < s.Length)
        {
            bool afterCaret = i > 0 && s[i - 1] == '^';
            if (!afterCaret && TryDigits(s, i, out int end, out string digits))
            {
                // First alternative: digits '.' digits (greedy digit runs cannot give back a '.').
                if (end < s.Length && s[end] == '.' && TryDigits(s, end + 1, out int end2, out string frac))
                {
                    matches.Add(new Match(digits + "." + frac, true));
                    i = end2;
                }
                else
                {
                    matches.Add(new Match(digits, false));
                    i = end;
                }
                continue;
            }
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        }
        return matches;
    }

    /// <summary>A maximal run of decimal digits at <paramref name="start"/>, mapped to ASCII.</summary>
    static bool TryDigits(string s, int start, out int end, out string ascii)
    {
        var sb = new StringBuilder();
        int i = start;
        while (i < s.Length && Rune.DecodeFromUtf16(s.AsSpan(i), out var r, out int used) == System.Buffers.OperationStatus.Done
               && PyText.IsDecimal(r))
        {
            sb.Append((char)('0' + PyText.DecimalValue(r)));
            i += used;
        }
        end = i;
        ascii = sb.ToString();
        return i > start;
    }
}
