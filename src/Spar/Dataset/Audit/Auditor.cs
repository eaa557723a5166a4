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
            .Select(g => (g.Key.TaskFolder, g.Key.FormatFolder, Files: (IReadOnlyList<QaFile>)g.ToList())).ToList();
        var tracker = new ProgressTracker("audit", "file", streams.Sum(s => StreamAudit.FileReadsOf(s.FormatFolder, s.Files.Count)), progress);
        var reports = new StreamReport[streams.Count];
        var problems = new List<string>[streams.Count];
        var unparseable = new long[streams.Count];
        // A stream's counters and samples live only while it is audited: at most -j streams hold memory at once.
        Parallel.For(0, streams.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Threads) }, i =>
        {
            var audit = new StreamAudit(streams[i].TaskFolder, streams[i].FormatFolder, streams[i].Files, settings, scenes);
            reports[i] = audit.Run(tracker);
            problems[i] = audit.Problems;
            unparseable[i] = audit.Unparseable;
        });
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
        return new AuditReport(tree.Root, files.Count, reports.Sum(r => r.Records), unparseable.Sum(), problems.SelectMany(p => p).Take(50).ToList(),
            reports, totals, settings);
    }
}
