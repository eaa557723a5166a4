using System.CommandLine;
using Spar.Pipeline;

namespace Spar.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "demo-out" };
        var scenes = new Option<int>("--scenes") { Description = "Synthetic scenes to generate", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var threads = CommonOptions.Threads();
        var cmd = new Command("demo", "Run the whole pipeline on the embedded synthetic world: scenes, QA data, dataset tools, gallery, benchmark")
        {
            outDir, scenes, seed, threads,
        };
        cmd.SetAction(p =>
        {
            var o = p.InvocationConfiguration.Output;
            var options = new DemoOptions(p.GetValue(outDir)!, p.GetValue(scenes), p.GetValue(seed), p.GetValue(threads));
            var pipeline = new DemoPipeline(options, o.WriteLine);
            var steps = pipeline.Run();
            o.WriteLine();
            o.WriteLine($"Done in {steps.Sum(s => s.Elapsed.TotalSeconds):F0} s. Where to look:");
            o.WriteLine($"  gallery: {Path.GetFullPath(Path.Combine(pipeline.GalleryDir, "index.html"))}");
            o.WriteLine($"  report:  {Path.GetFullPath(Path.Combine(pipeline.ReportDir, "report.html"))}  (also report.md, charts *.png/*.svg)");
            o.WriteLine($"  data:    {Path.GetFullPath(pipeline.DataRoot)}  (SPAR-7M layout; index and mix files in {Path.GetFullPath(pipeline.IndexDir)})");
            o.WriteLine($"  bench:   {Path.GetFullPath(pipeline.BenchDir)}  (SPAR-Bench parquet + folder, predictions, scores)");
            return 0;
        });
        return cmd;
    }
}
