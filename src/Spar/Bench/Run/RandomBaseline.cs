using Spar.Bench.SparBench;
using Spar.Catalog;
using System.Globalization;
using System.Text;
using Spar.Dataset;
using Spar.Util;
using Spar.Determinism;

namespace Spar.Bench.Run;

/// <summary>
/// The "random" baseline: a uniform choice among the option letters of the question, or a plausible value for fill
/// tasks. Each answer is a pure function of (seed, item id), so reruns and any concurrency give the same file content.
/// </summary>
public sealed class RandomBaseline(int seed, BenchmarkDefinition benchmark) : IBenchModel
{
    /// <summary>The random baseline on SPAR-Bench.</summary>
    public RandomBaseline(int seed) : this(seed, SparBenchDefinition.Instance) { }

    public const string ModelName = "random";

    public string Name => ModelName;

    public Task<ModelAnswer> AnswerAsync(BenchItem item, CancellationToken cancel) =>
        Task.FromResult(ModelAnswer.Offline(Answer(item)));

    public string Answer(BenchItem item) => benchmark.Task(item.Task).Family switch
    {
        BenchFamily.MultipleChoice => PickOption(item),
        BenchFamily.Numeric => PlausibleMeters(item),
        _ => PlausibleViewChange(item),
    };

    string PickOption(BenchItem item)
    {
        var letters = SelectOptions.Letters(item.Question);
        if (letters.Count == 0) throw new SparException($"item {item.Id}: no option lines ('A. …') in the question");
        return letters[StableHash.Below(letters.Count, (ulong)seed, (ulong)item.Id, 1)].ToString();
    }

    /// <summary>
    /// Uniform in the task's range from the catalogue (<see cref="Catalog.BenchFacts.Baseline"/>), one decimal as in
    /// SPAR's answers: depths and camera distances 0.5–5 m (indoor rooms), object–object distances 0.2–4 m, depth
    /// differences (the <c>_oo</c> depth tasks) 0.1–2 m.
    /// </summary>
    string PlausibleMeters(BenchItem item)
    {
        var (lo, hi) = benchmark.Task(item.Task).Facts.Baseline
            ?? throw new InvalidOperationException($"the catalogue gives numeric task {item.Task} no baseline range");
        double value = lo + (hi - lo) * StableHash.UnitOf((ulong)seed, (ulong)item.Id, 2);
        return Math.Round(value, 1).ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One key per axis with a random direction, in the gold format (generation.md §5): translations 0–1.5 m with one
    /// decimal, rotations 0–45 integer degrees.
    /// </summary>
    string PlausibleViewChange(BenchItem item)
    {
        var axes = ViewChangeAxes.All;
        var sb = new StringBuilder();
        for (int a = 0; a < axes.Count; a++)
        {
            ulong salt = 16 + (ulong)a * 2;
            var axis = axes[a];
            bool degrees = axis.Degrees;
            var key = StableHash.Below(2, (ulong)seed, (ulong)item.Id, salt) == 0 ? axis.Key : axis.Opposite;
            double u = StableHash.UnitOf((ulong)seed, (ulong)item.Id, salt + 1);
            var value = degrees
                ? ((int)(u * 46)).ToString(CultureInfo.InvariantCulture)
                : Math.Round(u * 1.5, 1).ToString("0.0", CultureInfo.InvariantCulture);
            if (a > 0) sb.Append(',');
            sb.Append(key).Append(':').Append(value);
        }
        return sb.ToString();
    }
}
