using System.CommandLine;
using Spar.Dataset;
using Spar.Drawing.Gallery;

namespace Spar.Cli.Commands;

/// <summary><c>spar show ROOT [--type T] [--n K] [--ids …] --out DIR</c>: one PNG per sample plus an index.html gallery.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var root = new Argument<string>("root") { Description = "SPAR-7M root (the folder holding scannet/, rxr/, …)" };
        var types = new Option<string[]>("--type") { Description = "only these types (repeatable)", AllowMultipleArgumentsPerToken = true };
        var n = new Option<int>("--n") { Description = "samples per type", DefaultValueFactory = _ => 3 };
        var ids = new Option<string[]>("--ids") { Description = "only these record ids", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "output folder (index.html, samples/*.png)", Required = true };
        var threads = CommonOptions.Threads();
        var cmd = new Command("show", "Draw samples as a model sees them (marked images, question, answer) into a browsable gallery")
        {
            root, types, n, ids, output, threads,
        };
        cmd.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            var options = new GalleryOptions(parse.GetValue(output)!, CommonOptions.NullIfEmpty(parse.GetValue(types)),
                Math.Max(1, parse.GetValue(n)), CommonOptions.NullIfEmpty(parse.GetValue(ids)), parse.GetValue(threads));
            var summary = new GalleryBuilder(options).Build(SparTree.Open(parse.GetValue(root)!), issue => err.WriteLine(issue));
            foreach (var id in summary.MissingIds) err.WriteLine($"warning: id {id} not found");
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{summary.Entries.Count} samples in {summary.Entries.Select(e => e.Type).Distinct().Count()} types");
            o.WriteLine($"  {summary.IndexPath}");
            return 0;
        });
        return cmd;
    }
}
