using System.CommandLine;
using Spar.Dataset;

namespace Spar.Cli.Commands;

internal static class IndexCommand
{
    public static Command Create()
    {
        var root = CommonOptions.TreeRoot();
        var sources = CommonOptions.Sources();
        var split = new Option<string>("--split") { Description = "Split to index", DefaultValueFactory = _ => "train" };
        var outDir = new Option<string>("--out") { Description = "Output folder for <source>_<K>k.json", DefaultValueFactory = _ => "data_jsons" };
        var validate = new Option<bool>("--validate") { Description = "Parse every line; leave files with an unparseable line out (as the official tool does)" };
        var fixNames = new Option<bool>("--fix-names") { Description = "Rename files whose _<N> disagrees with their line count (off: spar never touches input)" };
        var threads = CommonOptions.Threads();
        var cmd = new Command("index", "Build the training index files (data_json) of the official tool, without renaming input files")
        {
            root, sources, split, outDir, validate, fixNames, threads,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var tree = CommonOptions.OpenTree(p, root);
            var options = new IndexOptions
            {
                Sources = CommonOptions.NullIfEmpty(p.GetValue(sources)),
                Split = p.GetValue(split)!,
                OutDir = p.GetValue(outDir)!,
                Validate = p.GetValue(validate),
                FixNames = p.GetValue(fixNames),
                Threads = p.GetValue(threads),
            };
            var report = ProgressView.Run(p.InvocationConfiguration.Error, "index", progress => IndexBuilder.Build(tree, options, progress, cancel));
            var err = p.InvocationConfiguration.Error;
            foreach (var problem in report.Problems)
                err.WriteLine($"{problem.Severity.ToString().ToLowerInvariant()}: {Path.Combine(tree.Root, problem.File)}{(problem.Line > 0 ? ":" + problem.Line : "")}: {problem.Message}");
            var o = p.InvocationConfiguration.Output;
            foreach (var output in report.Outputs)
                o.WriteLine($"{output.Path}: {output.Entries} entries, {output.Records:N0} records");
            return report.HasErrors ? 1 : 0;
        });
        return cmd;
    }
}
