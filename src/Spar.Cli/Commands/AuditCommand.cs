using System.CommandLine;
using Spar.Dataset;
using Spar.Dataset.Audit;

namespace Spar.Cli.Commands;

internal static class AuditCommand
{
    public static Command Create()
    {
        var root = CommonOptions.TreeRoot("SPAR-7M tree (spar's output or the official release)");
        var scenes = new Option<string[]>("--scenes")
        {
            Description = "spar scene folders (scene.json + instance masks): adds visibility and near-threshold checks",
            AllowMultipleArgumentsPerToken = true,
        };
        var outDir = new Option<string?>("--out") { Description = "Write audit.md, audit.json, audit.html and charts here (default: Markdown to stdout)" };
        var sources = CommonOptions.Sources();
        var splits = new Option<string[]>("--split") { Description = "Splits to audit (default: all)", AllowMultipleArgumentsPerToken = true };
        var knn = new Option<int>("--knn-sample") { Description = "Records per stream in the nearest-neighbour sample", DefaultValueFactory = _ => 1000 }
            .InRange(10, 100_000);
        var threads = CommonOptions.Threads();
        var cmd = new Command("audit", "Data-quality report: answer priors, letter balance, blind baselines, duplicates; with --scenes, " +
                                       "visibility of marked objects and near-threshold decisions")
        {
            root, scenes, outDir, sources, splits, knn, threads,
        };
        cmd.SetAction(p =>
        {
            var tree = CommonOptions.OpenTree(p, root);
            var settings = AuditSettings.Default with { Threads = p.GetValue(threads), KnnSample = p.GetValue(knn) };
            var report = ProgressView.Run(p.InvocationConfiguration.Error, "audit", progress => Auditor.Run(tree, CommonOptions.NullIfEmpty(p.GetValue(sources)),
                CommonOptions.NullIfEmpty(p.GetValue(splits)), CommonOptions.NullIfEmpty(p.GetValue(scenes)), settings, progress));
            var output = p.InvocationConfiguration.Output;
            var error = p.InvocationConfiguration.Error ?? Console.Error;
            foreach (var problem in report.Problems) error.WriteLine(problem);
            if (report.Scenes is { Failures: > 0 } sc)
                foreach (var f in sc.FailureMessages) error.WriteLine($"error: {f}");
            if (p.GetValue(outDir) is { } dir)
            {
                var files = AuditWriter.Write(dir, report);
                foreach (var line in AuditFindings.Headline(report)) output.WriteLine(line);
                output.WriteLine($"wrote {files.Count} files to {Path.GetFullPath(dir)}: audit.html, audit.md, audit.json, charts");
            }
            else output.Write(AuditWriter.Markdown(report));
            if (report.UnparseableLines > 0)
                error.WriteLine($"{report.UnparseableLines:N0} unparseable lines were not audited (run spar validate)");
            return report.HasFailures ? 1 : 0;
        });
        return cmd;
    }
}
