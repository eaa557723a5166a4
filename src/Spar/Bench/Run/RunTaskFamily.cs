using Spar.Catalog;
using Spar.Util;

namespace Spar.Bench.Run;

/// <summary>The scorer's three task families (bench.md §1), as far as the runner needs them: prompt and baselines.</summary>
public enum RunTaskFamily { Mcq, Numeric, ViewChange }

public static class RunTaskFamilies
{
    public const string ViewChangeTask = "view_change_infer";

    /// <summary>
    /// NA = the Low-level bench tasks, VCI = <c>view_change_infer</c>, MCQ = every other bench task; read from the
    /// catalogue so the 20 names are not repeated here.
    /// </summary>
    public static RunTaskFamily Of(BenchItem item)
    {
        if (!TaskCatalog.TryGet(item.Task, out var info) || !info.InBench)
            throw new SparException($"item {item.Id}: '{item.Task}' is not one of the 20 SPAR-Bench tasks");
        if (info.Type == ViewChangeTask) return RunTaskFamily.ViewChange;
        return info.Level == TaskLevel.Low ? RunTaskFamily.Numeric : RunTaskFamily.Mcq;
    }
}
