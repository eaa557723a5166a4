using Spar.Catalog;

namespace Spar.Bench;

/// <summary>How the scorer treats a task (bench.md §4.1): multiple choice, numeric answer, or the view-change string.</summary>
public enum BenchFamily { MultipleChoice, Numeric, ViewChange }

/// <summary>The 20 SPAR-Bench tasks as the scorer and the prompt builder see them, derived from <see cref="TaskCatalog"/>.</summary>
public static class BenchTasks
{
    public const string ViewChangeInfer = "view_change_infer";

    /// <summary>Task names in ordinal order: the order pandas' groupby gives the official aggregation.</summary>
    public static readonly IReadOnlyList<string> Names =
        TaskCatalog.Bench.Select(t => t.Type).Order(StringComparer.Ordinal).ToArray();

    static readonly Dictionary<string, TaskInfo> ByName =
        TaskCatalog.Bench.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public static bool IsBenchTask(string task) => ByName.ContainsKey(task);

    public static TaskInfo Info(string task) =>
        ByName.TryGetValue(task, out var info) ? info : throw UnknownTask(task);

    public static BenchFamily Family(string task)
    {
        var info = Info(task);
        if (info.Type == ViewChangeInfer) return BenchFamily.ViewChange;
        return info.Level == TaskLevel.Low ? BenchFamily.Numeric : BenchFamily.MultipleChoice;
    }

    /// <summary>The four <c>_mv</c> numeric tasks read the last number of an answer; the single-view ones the first.</summary>
    public static bool IsMultiViewNumeric(string task) => Family(task) == BenchFamily.Numeric && Info(task).View == ViewKind.Multi;

    /// <summary>The official result key: <c>&lt;task&gt;_accuracy</c>, <c>&lt;task&gt;_MRA:.5:.95:.05</c> or <c>view_change_infer_vci_metric</c>.</summary>
    public static string ResultKey(string task) => Family(task) switch
    {
        BenchFamily.MultipleChoice => task + "_accuracy",
        BenchFamily.Numeric => task + "_MRA:.5:.95:.05",
        _ => task + "_vci_metric",
    };

    public static string MetricName(string task) => Family(task) switch
    {
        BenchFamily.MultipleChoice => "accuracy",
        BenchFamily.Numeric => "MRA:.5:.95:.05",
        _ => "vci_metric",
    };

    public static TaskLevel Level(string task) => Info(task).Level;

    public static Spar.Util.SparException UnknownTask(string task) =>
        new($"unknown SPAR-Bench task '{task}' (expected one of: {string.Join(", ", Names)})");
}
