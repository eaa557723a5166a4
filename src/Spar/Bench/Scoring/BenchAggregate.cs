using Spar.Catalog;
using Spar.PythonCompat;

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

/// <summary>The two aggregations (bench.md §4.3 and §6.4).</summary>
public static class BenchAggregation
{
    /// <summary>
    /// lmms-eval's <c>sparbench_aggregate_results</c>: per-task pandas means in sorted task order, <c>overall</c> as a
    /// plain sum over the tasks present, and the level groups found by stripping the key's last <c>_</c> part, which
    /// drops <c>view_change_infer_vci_metric</c> from Middle (quirk 1). Rows must be in dataset order.
    /// </summary>
    public static BenchAggregate Official(IEnumerable<SampleScore> rows)
    {
        var tasks = TaskMeans(rows).OrderBy(t => t.Task, StringComparer.Ordinal).ToList();
        double sum = 0.0;
        foreach (var t in tasks) sum += t.Value;
        double overall = tasks.Count == 0 ? double.NaN : sum / tasks.Count;

        var low = new List<double>();
        var middle = new List<double>();
        var high = new List<double>();
        foreach (var (key, value) in tasks.Select(t => (t.Key, t.Value)).Append(("overall", overall)))
        {
            int cut = key.LastIndexOf('_');
            string name = cut < 0 ? "" : key[..cut];
            if (!BenchTasks.IsBenchTask(name)) continue;
            switch (BenchTasks.Level(name))
            {
                case TaskLevel.Low: low.Add(value); break;
                case TaskLevel.Medium: middle.Add(value); break;
                default: high.Add(value); break;
            }
        }
        return new BenchAggregate("official", tasks, overall,
            NumpySum.Mean(low.ToArray()), NumpySum.Mean(middle.ToArray()), NumpySum.Mean(high.ToArray()));
    }

    /// <summary>
    /// VLMEvalKit's aggregation: the same task means; Middle includes view_change_infer; an empty level is 0.0;
    /// overall is numpy's mean over multiple-choice tasks (in order of first appearance), then numeric, then VCI.
    /// </summary>
    public static BenchAggregate Strict(IEnumerable<SampleScore> rows)
    {
        var firstSeen = TaskMeans(rows);
        var ordered = firstSeen.Where(t => BenchTasks.Family(t.Task) == BenchFamily.MultipleChoice)
            .Concat(firstSeen.Where(t => BenchTasks.Family(t.Task) == BenchFamily.Numeric))
            .Concat(firstSeen.Where(t => BenchTasks.Family(t.Task) == BenchFamily.ViewChange))
            .ToList();
        double overall = NumpySum.Mean(ordered.Select(t => t.Value).ToArray());
        double Level(TaskLevel level)
        {
            var values = ordered.Where(t => BenchTasks.Level(t.Task) == level).Select(t => t.Value).ToArray();
            return values.Length == 0 ? 0.0 : NumpySum.Mean(values);
        }
        var tasks = firstSeen.OrderBy(t => t.Task, StringComparer.Ordinal).ToList();
        return new BenchAggregate("strict", tasks, ordered.Count == 0 ? 0.0 : overall,
            Level(TaskLevel.Low), Level(TaskLevel.Medium), Level(TaskLevel.High));
    }

    /// <summary>Per-task means (numpy pairwise sums in row order); tasks in order of first appearance.</summary>
    static List<TaskScore> TaskMeans(IEnumerable<SampleScore> rows)
    {
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            if (!values.TryGetValue(row.Task, out var list))
            {
                BenchTasks.Info(row.Task); // unknown task → error
                values[row.Task] = list = [];
                order.Add(row.Task);
            }
            list.Add(row.Value);
        }
        return order.Select(t =>
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values[t]);
            return new TaskScore(t, BenchTasks.ResultKey(t), NumpySum.Mean(span), span.Length);
        }).ToList();
    }
}
