using System.CommandLine;
using Spar.Dataset;
using Spar.Drawing.Gallery;

namespace Spar.Cli.Commands;

/// <summary><c>spar show ROOT [--type T] [--n K] [--ids …] --out DIR</c>: one PNG per sample plus an index.html gallery.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var root = CommonOptions.TreeRoot();
        var types = new Option<string[]>("--type") { Description = "only these types (repeatable)", AllowMultipleArgumentsPerToken = true };
        var n = new Option<int>("--n") { Description = "samples per type", DefaultValueFactory = _ => 3 }.InRange(1, 1_000_000);
        var ids = new Option<string[]>("--ids") { Description = "only these record ids", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "output folder (index.html, samples/*.png)", Required = true };
        var threads = CommonOptions.Threads();
        var allowOutside = CommonOptions.AllowOutside();
        var cmd = new Command("show", "Draw samples as a model sees them (marked images, question, answer) into a browsable gallery")
        {
            root, types, n, ids, output, threads, allowOutside,
        };
        cmd.SetStoppableAction((parse, cancel) =>
        {
            var err = parse.InvocationConfiguration.Error;
            var options = new GalleryOptions(parse.GetValue(output)!, CommonOptions.NullIfEmpty(parse.GetValue(types)),
                parse.GetValue(n), CommonOptions.NullIfEmpty(parse.GetValue(ids)), parse.GetValue(threads)) { Paths = CommonOptions.Paths(parse, allowOutside) };
            int errors = 0;
            var tree = CommonOptions.OpenTree(parse, root);
            var summary = ProgressView.Run(err, "show", progress => new GalleryBuilder(options).Build(tree, issue =>
            {
                if (issue.IsError) errors++;
                err.WriteLine(issue);
            }, cancel, progress));
            foreach (var id in summary.MissingIds) err.WriteLine($"error: id {id} not found");
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{summary.Entries.Count} samples in {summary.Entries.Select(e => e.Type).Distinct().Count()} types");
            o.WriteLine($"  {summary.IndexPath}");
            // A sample that could not be drawn, or an asked-for id that is not there, is a failure a script must see.
            return errors > 0 || summary.MissingIds.Count > 0 ? 1 : 0;
        });
        return cmd;
    }
}
