using Spar.Bench.SparBench;

namespace Spar.Bench.Scoring;

/// <param name="Key">The official result key, e.g. <c>depth_prediction_oc_MRA:.5:.95:.05</c>.</param>
/// <param name="Value">The task mean as a fraction (0–1).</param>
public sealed record TaskScore(string Task, string Key, double Value, int Count);

/// <summary>
/// A whole-benchmark result. All values are fractions; <see cref="Score"/> is lmms-eval's returned number
/// (overall × 100). <see cref="Low"/>, <see cref="Middle"/> and <see cref="High"/> are NaN when the official scorer
/// finds an empty group.
/// </summary>
public sealed record BenchAggregate(string Scorer, IReadOnlyList<TaskScore> Tasks, double Overall, double Low, double Middle, double High)
{
    /// <summary>The benchmark definition's name (<c>SPAR-Bench</c>): recorded in the score file beside the scorer.</summary>
    public string Benchmark { get; init; } = "";

    public double Score => Overall * 100.0;

    /// <summary>The official output dict in insertion order: task keys (sorted task names), overall, Low, Middle, High.</summary>
    public IEnumerable<KeyValuePair<string, double>> OfficialKeys()
    {
        foreach (var t in Tasks) yield return new(t.Key, t.Value);
        yield return new("overall", Overall);
        yield return new("Low", Low);
        yield return new("Middle", Middle);
        yield return new("High", High);
    }
}

/// <summary>One scored row: what the per-sample output and the aggregation consume.</summary>
public readonly record struct SampleScore(long Id, string Task, double Value);
