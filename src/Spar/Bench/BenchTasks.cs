using Spar.Catalog;

namespace Spar.Bench;

/// <summary>The 20 SPAR-Bench tasks as the scorer and the prompt builder see them, derived from <see cref="TaskCatalog"/>.</summary>
public static class BenchTasks
{
    /// <summary>Task names in ordinal order: the order pandas' groupby gives the official aggregation.</summary>
    public static readonly IReadOnlyList<string> Names =
        TaskCatalog.Bench.Select(t => t.Type).Order(StringComparer.Ordinal).ToArray();

    static readonly Dictionary<string, TaskInfo> ByName =
        TaskCatalog.Bench.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public static bool IsBenchTask(string task) => ByName.ContainsKey(task);

    public static TaskInfo Info(string task) =>
        ByName.TryGetValue(task, out var info) ? info : throw UnknownTask(task);

    /// <summary>The task's bench facts (family, number pick, prompt note, baseline range) from the catalogue.</summary>
    public static BenchFacts Facts(string task) => Info(task).Bench!;

    public static BenchFamily Family(string task) => Facts(task).Family;

    /// <summary>The official result key: <c>&lt;task&gt;_accuracy</c>, <c>&lt;task&gt;_MRA:.5:.95:.05</c> or <c>view_change_infer_vci_metric</c>.</summary>
    public static string ResultKey(string task) => Facts(task).ResultKey(task);

    public static string MetricName(string task) => Facts(task).Metric;

    public static TaskLevel Level(string task) => Info(task).Level;

    public static Spar.Util.SparException UnknownTask(string task) =>
        new($"unknown SPAR-Bench task '{task}' (expected one of: {string.Join(", ", Names)})");
}
