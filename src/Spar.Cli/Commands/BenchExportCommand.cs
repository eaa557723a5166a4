using System.CommandLine;
using Spar.Bench.Data;
using Spar.Bench.Export;

namespace Spar.Cli.Commands;

/// <summary><c>spar bench export BENCH --to lmms-eval|vlmevalkit DIR</c>: a benchmark in the form another evaluator runs (docs/bench-export.md).</summary>
internal static class BenchExportCommand
{
    public static Command Create()
    {
        var benchArg = new Argument<string>("bench") { Description = "Benchmark (any form spar reads, or a bench build --out folder: its parquet/)" };
        var dirArg = new Argument<string>("dir") { Description = "Output folder" };
        var toOpt = new Option<string>("--to") { Description = "lmms-eval (a task YAML pointing lmms-eval's SPAR-Bench task at the parquet) or vlmevalkit (the SparBench TSV)", Required = true };
        toOpt.OneOf("lmms-eval", "vlmevalkit");
        var nameOpt = new Option<string?>("--name") { Description = $"Task name (lmms-eval, default {LmmsEvalExport.DefaultTask}) or dataset name (VLMEvalKit, default {VlmEvalKitExport.DefaultDataset})" };
        var cmd = new Command("export", "Write a benchmark as lmms-eval or VLMEvalKit run it") { benchArg, dirArg, toOpt, nameOpt };
        cmd.SetAction(parse =>
        {
            var source = BenchSource.Open(parse.GetValue(benchArg)!);
            if (source.Note is { } note) parse.InvocationConfiguration.Error.WriteLine(note);
            var dir = parse.GetValue(dirArg)!;
            var name = parse.GetValue(nameOpt);
            var result = parse.GetValue(toOpt) == "lmms-eval"
                ? LmmsEvalExport.Write(source, dir, name ?? LmmsEvalExport.DefaultTask)
                : VlmEvalKitExport.Write(source, dir, name ?? VlmEvalKitExport.DefaultDataset);
            parse.InvocationConfiguration.Output.WriteLine($"{result.Rows} rows → {dir}: {string.Join(", ", result.Files)}" +
                (result.Md5 is { } md5 ? $" (md5 {md5})" : "") + "; see README.md there for the command");
            return 0;
        });
        return cmd;
    }
}
