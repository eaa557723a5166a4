using Spar.Bench.Scoring;
using Spar.Catalog;
using Spar.PythonCompat;

namespace Spar.Bench.SparBench;

/// <summary>The two aggregations (bench.md §4.3 and §6.4).</summary>
public static class BenchAggregation
{
    static BenchmarkDefinition Definition => SparBenchDefinition.Instance;

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
            if (!Definition.IsTask(name)) continue;
            switch (Definition.Task(name).Level)
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
        var ordered = firstSeen.Where(t => Definition.Task(t.Task).Family == BenchFamily.MultipleChoice)
            .Concat(firstSeen.Where(t => Definition.Task(t.Task).Family == BenchFamily.Numeric))
            .Concat(firstSeen.Where(t => Definition.Task(t.Task).Family == BenchFamily.ViewChange))
            .ToList();
        double overall = NumpySum.Mean(ordered.Select(t => t.Value).ToArray());
        double Level(TaskLevel level)
        {
            var values = ordered.Where(t => Definition.Task(t.Task).Level == level).Select(t => t.Value).ToArray();
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
                Definition.Task(row.Task); // unknown task → error
                values[row.Task] = list = [];
                order.Add(row.Task);
            }
            list.Add(row.Value);
        }
        return order.Select(t =>
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values[t]);
            return new TaskScore(t, Definition.Task(t).ResultKey, NumpySum.Mean(span), span.Length);
        }).ToList();
    }
}
