using Spar.Util;

namespace Spar.Dataset.Audit;

/// <summary>
/// <c>spar audit</c>: a data-quality report for a SPAR-7M-layout tree (docs/audit.md). Streams (type × format) are audited
/// in parallel, each by one worker reading its files in order, so every number is the same whatever the thread count.
/// </summary>
public static class Auditor
{
    public static AuditReport Run(SparTree tree, IReadOnlyList<string>? sources, IReadOnlyList<string>? splits, IReadOnlyList<string>? sceneRoots,
        AuditSettings settings, IProgress<WorkProgress>? progress = null)
    {
        var files = tree.Select(sources, splits);
        var scenes = sceneRoots is { Count: > 0 } ? new SceneLibrary(sceneRoots) : null;
        var streams = files.GroupBy(f => (f.TaskFolder, f.FormatFolder))
            .OrderBy(g => g.Key.TaskFolder, StringComparer.Ordinal).ThenBy(g => g.Key.FormatFolder, StringComparer.Ordinal)
            .Select(g => new StreamAudit(g.Key.TaskFolder, g.Key.FormatFolder, g.ToList(), settings, scenes)).ToList();
        var tracker = new ProgressTracker("audit", "file", streams.Sum(s => s.FileReads), progress);
        var reports = new StreamReport[streams.Count];
        Parallel.For(0, streams.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Threads) },
            i => reports[i] = streams[i].Run(tracker));
        tracker.Done();

        SceneTotals? totals = null;
        if (scenes != null)
        {
            var failures = scenes.Failures;
            var vis = reports.Select(r => r.Visibility).OfType<VisibilitySummary>().ToList();
            var near = reports.Select(r => r.Near).OfType<NearSummary>().ToList();
            totals = new SceneTotals(scenes.Count, vis.Sum(v => v.Marked), vis.Sum(v => v.Measured), vis.Sum(v => v.BelowLow),
                vis.Sum(v => v.BelowVeryLow), vis.Sum(v => v.SilhouetteBelowLow), near.Sum(n => n.Records), near.Sum(n => n.RecordsNear),
                near.Sum(n => n.Decisions), near.Sum(n => n.DecisionsNear), failures.Count, failures.Take(20).ToList());
        }
        var problems = streams.SelectMany(s => s.Problems).Take(50).ToList();
        return new AuditReport(tree.Root, files.Count, reports.Sum(r => r.Records), streams.Sum(s => s.Unparseable), problems, reports, totals, settings);
    }
}
