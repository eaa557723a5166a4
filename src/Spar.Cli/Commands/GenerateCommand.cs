using System.CommandLine;
using Spar.Catalog;
using Spar.Generation;
using Spar.Tasks;
using Spar.Util;
using Spectre.Console;

namespace Spar.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create()
    {
        var scenes = new Option<string[]>("--scenes") { Description = "Scene folders (holding scene.json) or folders searched for them", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output root: <out>/<source>/qa_jsonl/<split>/<type>/<format>/<format>_<N>.jsonl", Required = true };
        var tasks = new Option<string[]>("--tasks") { Description = "Task types (default: all with a generator)", AllowMultipleArgumentsPerToken = true };
        var formats = new Option<string[]>("--formats") { Description = "Formats: fill select sentence judge (default: each task's formats)", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<long>("--seed") { Description = "Random seed (default 0)" };
        var perScene = new Option<int>("--per-scene") { Description = "Records per scene per type × format (default 40)", DefaultValueFactory = _ => 40 };
        var framesPerScene = new Option<int>("--frames-per-scene") { Description = "Frames per scene questions are asked on, each analysed once (default 32; 0 = all)", DefaultValueFactory = _ => 32 };
        var cap = new Option<long>("--cap") { Description = "At most this many records per output file (default 0: no cap)" };
        var val = new Option<double>("--val-fraction") { Description = "Share of scenes in val, by stable hash of the scene id (default 0.1)", DefaultValueFactory = _ => 0.1 };
        var shard = new Option<string>("--shard") { Description = "Process shard K of N (e.g. 3/8) and write part files; combine with `spar merge`" };
        var images = new Option<string>("--images") { Description = "How used images reach <out>/<source>/images: link (hard link, else copy), copy, none (default link)", DefaultValueFactory = _ => "link" };
        var margin = new Option<double>("--margin") { Description = "Drop relation and choice candidates within this many metres of a threshold (default 0.05; 0 = off)", DefaultValueFactory = _ => 0.05 };
        var marginDegrees = new Option<double>("--margin-degrees") { Description = "Likewise for the 10° bearing threshold, in degrees (default 3; 0 = off)", DefaultValueFactory = _ => 3 };
        var threads = CommonOptions.Threads();
        var cmd = new Command("generate", "Generate SPAR-7M-style QA records from scenes (scene.json + images, masks, depth)")
        {
            scenes, output, tasks, formats, seed, perScene, framesPerScene, cap, val, shard, images, margin, marginDegrees, threads,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var options = new GenerateOptions
            {
                Scenes = p.GetValue(scenes)!,
                Out = p.GetValue(output)!,
                Tasks = CommonOptions.NullIfEmpty(p.GetValue(tasks)),
                Formats = CommonOptions.NullIfEmpty(p.GetValue(formats))?.Select(ParseFormat).ToList(),
                Seed = p.GetValue(seed),
                PerScene = p.GetValue(perScene),
                FramesPerScene = p.GetValue(framesPerScene),
                Cap = p.GetValue(cap),
                ValFraction = p.GetValue(val),
                Shard = p.GetValue(shard) is { } s ? ShardSpec.Parse(s) : ShardSpec.Whole,
                Images = ParseImages(p.GetValue(images)!),
                Threads = p.GetValue(threads),
                TaskSettings = TaskSettings.Default with
                {
                    Relations = RelationSettings.Default with { MarginMeters = p.GetValue(margin), MarginDegrees = p.GetValue(marginDegrees) },
                },
            };
            var report = ProgressView.Run(p.InvocationConfiguration.Error, "generate", progress => Generator.Run(options, progress, cancel));
            // Failures and repairs are diagnostics (stderr); the counts, the table and the manifest are the result (stdout).
            var diag = Render.Console(p.InvocationConfiguration.Error);
            var console = Render.Console(p.InvocationConfiguration.Output);
            foreach (var f in report.Failures) diag.MarkupLineInterpolated($"[red]error:[/] {f}");
            if (report.TempsRemoved.Count > 0)
                diag.WriteLine($"removed {report.TempsRemoved.Count:N0} temp file(s) a killed run left in the images folders");
            console.WriteLine($"{report.ScenesInShard:N0} scenes ({report.ScenesResumed:N0} already done" +
                (report.ScenesChanged > 0 ? $", {report.ScenesChanged:N0} generated again because their scene.json or the scene list changed" : "") +
                $"), {report.RecordsThisSession:N0} records generated, "
                + $"{report.FramesAnalysedThisSession:N0} frames analysed, {report.Wall.TotalSeconds:F1} s");
            // A bad depth map leaves its frame out (no record references it); that is a failure of the input, so exit 1.
            long badDepth = report.Analysis.BadDepthFrames;
            if (badDepth > 0)
                diag.MarkupLineInterpolated($"[yellow]warning:[/] {badDepth:N0} frame(s) left out because their depth map is unusable; first: {report.Analysis.FirstBadDepth}");
            if (report.Failures.Count > 0)
            {
                diag.WriteLine($"{report.Failures.Count} scene(s) failed; fix or remove them and re-run (finished scenes are kept)");
                return 1;
            }
            if (report.Stopped)
            {
                diag.WriteLine($"stopped: {report.ScenesResumed + report.ScenesGenerated:N0} of {report.ScenesInShard:N0} scenes done, nothing assembled; rerun to resume");
                return 1;
            }
            if (report.Assembly is { } a)
            {
                var table = new Table().AddColumns("output", "records");
                foreach (var (k, v) in a.Written) table.AddRow(Markup.Escape(k), v.ToString("N0"));
                console.Write(table);
                console.WriteLine($"manifest: {Path.Combine(options.Out, RunManifest.FileName)}");
            }
            else console.WriteLine($"shard {options.Shard} done; combine all shards with: spar merge <shard outs…> --out ROOT");
            return badDepth > 0 ? 1 : 0;
        });
        return cmd;
    }

    static QaFormat ParseFormat(string s) =>
        QaFormats.TryParse(s, out var f) ? f : throw new SparException($"--formats: unknown format '{s}' (fill, select, sentence, judge)");

    internal static ImageMode ParseImages(string s) => s switch
    {
        "link" => ImageMode.Link,
        "copy" => ImageMode.Copy,
        "none" => ImageMode.None,
        _ => throw new SparException($"--images: '{s}' is not link, copy or none"),
    };
}
