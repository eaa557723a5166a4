using Spar.Bench.Scoring;
using Spar.Catalog;
using Spar.PythonCompat;

namespace Spar.Bench.SparBench;

/// <summary>
/// The <c>strict</c> scorer (bench.md §6): VLMEvalKit's fixes. Letters are extracted, not substring-matched; numbers
/// keep their sign and exponent and the last one counts; the view-change metric is relative to the gold and parses
/// leniently. MRA and its thresholds are the official ones.
/// </summary>
public sealed class StrictScorer : ISampleScorer
{
    public static readonly StrictScorer Instance = new();

    public string Name => "strict";

    public double Score(string task, string rawPrediction, string gold) => SparBenchDefinition.Instance.Task(task).Family switch
    {
        BenchFamily.MultipleChoice => MultipleChoice(rawPrediction, gold),
        BenchFamily.Numeric => Numeric(rawPrediction, gold),
        _ => ViewChange(rawPrediction, gold),
    };

    /// <summary>1 when both the prediction and the gold yield a letter and they agree; two failures are not a hit.</summary>
    public static double MultipleChoice(string prediction, string gold)
    {
        var p = StrictLetter.Extract(prediction);
        var g = StrictLetter.Extract(PyText.Strip(gold));
        return p is not null && g is not null && p == g ? 1.0 : 0.0;
    }

    public static double Numeric(string prediction, string gold)
    {
        var p = StrictNumber.Extract(prediction);
        if (p is null || !PyFloat.TryParse(gold, out double t) || double.IsNaN(t)) return 0.0;
        return Mra.Score(p.Value, t);
    }

    /// <summary>The official metric's five signed movements, MRA relative to the gold (not swapped).</summary>
    public static double ViewChange(string prediction, string gold) =>
        OfficialScorer.MotionMean(Parse(prediction), Parse(gold), goldAsPrediction: false);

    /// <summary>Trimmed <c>key:value</c> items; items that are empty, lack a colon or have no number are skipped.</summary>
    static Dictionary<string, double> Parse(string s)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in s.Split(','))
        {
            var item = PyText.Strip(raw);
            int colon = item.IndexOf(':');
            if (item.Length == 0 || colon < 0) continue;
            if (PyFloat.TryParse(PyText.Strip(item[(colon + 1)..]), out double v))
                result[PyText.Strip(item[..colon])] = v;
        }
        return result;
    }
}
