using System.CommandLine;
using Spar.Generation;
using Spectre.Console;

namespace Spar.Cli.Commands;

internal static class MergeCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("shards") { Description = "The --out folders of `spar generate --shard K/N` runs (or one shared folder)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Output root for the merged SPAR-7M layout", Required = true };
        var images = new Option<string>("--images") { Description = "link (default), copy or none", DefaultValueFactory = _ => "link" };
        var cmd = new Command("merge", "Combine generate shards into the SPAR-7M layout with <format>_<N>.jsonl names") { inputs, output, images };
        cmd.SetAction(p =>
        {
            var result = ProgressView.Run(p.InvocationConfiguration.Error, "merge", progress => Generator.Merge(p.GetValue(inputs)!, p.GetValue(output)!,
                GenerateCommand.ParseImages(p.GetValue(images)!), progress));
            var console = Render.Console(p.InvocationConfiguration.Output);
            var table = new Table().AddColumns("output", "records");
            foreach (var (k, v) in result.Written) table.AddRow(Markup.Escape(k), v.ToString("N0"));
            console.Write(table);
            console.WriteLine($"{result.Scenes.Count:N0} scenes, {result.Written.Values.Sum():N0} records");
            return 0;
        });
        return cmd;
    }
}
