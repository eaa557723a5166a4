using System.CommandLine;
using System.Globalization;
using Spar.Bench;
using Spar.Bench.Build;
using Spar.Bench.Data;
using Spar.Bench.Predictions;
using Spar.Bench.SparBench;
using Spar.Bench.Report;
using Spar.Bench.Scoring;
using Spectre.Console;

namespace Spar.Cli.Commands;

/// <summary><c>spar bench</c>: build, score and report SPAR-Bench (docs/bench.md).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "SPAR-Bench: build a benchmark, score predictions, write reports");
        bench.Subcommands.Add(Build());
        bench.Subcommands.Add(Score());
        bench.Subcommands.Add(Report());
        bench.Subcommands.Add(BenchRunCommand.Create(BenchSource.Open, (item, modelKind) => SparBenchDefinition.Instance.Prompt(item, modelKind)));
        bench.Subcommands.Add(BenchExportCommand.Create());
        return bench;
    }

    static Command Build()
    {
        var rootArg = CommonOptions.TreeRoot("SPAR-7M-style tree");
        var outOpt = new Option<string>("--out") { Description = "Output folder (folder/, parquet/, tiny/, build.json); a rebuild replaces those whole and keeps other files", Required = true };
        var perTaskOpt = new Option<int>("--per-task") { Description = "Rows per task", DefaultValueFactory = _ => 400 };
        var tinyOpt = new Option<int>("--tiny") { Description = "Rows per task of the tiny benchmark (0: none)", DefaultValueFactory = _ => 50 };
        var splitOpt = new Option<string>("--split") { Description = "Split folder under qa_jsonl/", DefaultValueFactory = _ => "val" };
        var seedOpt = new Option<ulong>("--seed") { Description = "Sampling seed (same inputs + seed = identical output)", DefaultValueFactory = _ => 0UL };
        var allowOutside = CommonOptions.AllowOutside();
        var rgbdOpt = new Option<bool>("--rgbd") { Description = "Build SPAR-Bench-RGBD: add depth (metres), pose (camera-to-world) and intrinsic_color/intrinsic_depth per image (needs SPAR-7M-RGBD records with depth)" };
        var scenesOpt = new Option<string[]>("--scenes") { Description = "With --rgbd: scene folder(s) holding <scene>/pose/ and intrinsic/ when the tree's images/ lacks them (a spar-generated tree's own scene inputs are searched too)" };
        var cmd = new Command("build", "Build a SPAR-Bench-format benchmark (parquet and folder forms) from generated data")
            { rootArg, outOpt, perTaskOpt, tinyOpt, splitOpt, seedOpt, allowOutside, rgbdOpt, scenesOpt };
        cmd.SetStoppableAction((parse, cancel) =>
        {
            int tiny = parse.GetValue(tinyOpt);
            var options = new BenchBuildOptions(parse.GetValue(perTaskOpt), tiny > 0 ? tiny : null, parse.GetValue(splitOpt)!, parse.GetValue(seedOpt))
            {
                Markers = Spar.Bench.Build.BenchMarkerBurner.Instance,
                Paths = CommonOptions.Paths(parse, allowOutside),
                Rgbd = parse.GetValue(rgbdOpt),
                SceneRoots = [.. (parse.GetValue(scenesOpt) ?? []).Select(Path.GetFullPath)],
            };
            if (options.SceneRoots.Count > 0 && !options.Rgbd) throw new Spar.Util.SparException("--scenes is only used with --rgbd");
            foreach (var dir in options.SceneRoots)
                if (!Directory.Exists(dir)) throw new Spar.Util.SparException($"--scenes {dir}: folder not found");
            var output = parse.InvocationConfiguration.Output;
            var console = Console(output);
            // Progress on stderr like every command; the table and totals below are the result, on stdout.
            var line = ProgressLine.For("bench build", parse.InvocationConfiguration.Error);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            BenchBuildResult result;
            try
            {
                var progress = new SynchronousProgress<BenchBuildProgress>(p => line.Report(p.Done, 0, "record", clock.Elapsed, p.Stage));
                result = BenchBuilder.Build(CommonOptions.OpenTree(parse, rootArg), parse.GetValue(outOpt)!, options, progress, cancel);
            }
            finally { line.Finish(); }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("task").AddColumn(new TableColumn("rows").RightAligned())
                .AddColumn(new TableColumn("available").RightAligned());
            foreach (var (task, n) in result.PerTask) table.AddRow(task, n.ToString(CultureInfo.InvariantCulture), result.Available[task].ToString("N0", CultureInfo.InvariantCulture));
            console.Write(table);
            console.MarkupLine($"{result.Rows} rows (tiny: {result.TinyRows}) → {Markup.Escape(string.Join(", ", result.Outputs))}");
            if (result.CleanedUp.Count > 0)
                console.MarkupLine($"removed {result.CleanedUp.Count} temp file(s)/folder(s) left by a killed build: {Markup.Escape(string.Join(", ", result.CleanedUp.Select(Path.GetFileName)))}");
            if (!result.MarkersDrawn)
                console.MarkupLine("[yellow]markers were not drawn into the images (no marker renderer is wired in)[/]");
            // Skipped records make an incomplete benchmark: named on stderr, counted, exit 1.
            var err = parse.InvocationConfiguration.Error;
            foreach (var failure in result.ImageFailures) err.WriteLine($"error: {failure}");
            foreach (var (reason, (count, first)) in result.Rejected)
                err.WriteLine($"skipped {count:N0} record(s): {reason} (first at {first})");
            if (result.Skipped == 0) return 0;
            err.WriteLine($"{result.Skipped:N0} record(s) skipped; the benchmark was built from the rest (run spar validate on the tree for every problem)");
            return 1;
        });
        return cmd;
    }

    static Command Score()
    {
        var benchArg = new Argument<string>("bench") { Description = "Benchmark: parquet file or folder of shards, VLMEvalKit TSV, folder with bench.jsonl, or a bench build --out folder (its parquet/)" };
        var predArg = new Argument<string[]>("predictions")
        {
            Description = "Prediction files: spar JSONL, lmms-eval --log_samples output (.jsonl/.json), VLMEvalKit predictions (.xlsx, .tsv, .csv, .json records)",
            Arity = ArgumentArity.OneOrMore,
        };
        var benchmark = SparBenchDefinition.Instance;
        var scorerOpt = new Option<string>("--scorer")
        {
            Description = string.Join(" or ", benchmark.Scorers.Select(s => $"{s.Name} ({s.Description})")),
            DefaultValueFactory = _ => benchmark.Scorers[0].Name,
        };
        scorerOpt.OneOf([.. benchmark.ScorerNames]);
        var jsonOpt = new Option<bool>("--json") { Description = "Print the aggregate as JSON (official keys as fractions, plus score = overall × 100)" };
        var perSampleOpt = new Option<string?>("--per-sample") { Description = "Write one JSONL line per scored row: {id, task, metric, value}" };
        var partialOpt = new Option<bool>("--partial") { Description = "Score an incomplete run: rows without prediction are left out (like lmms-eval --limit), failed requests score 0; otherwise either is an error" };

        var worldOpt = new Option<int>("--world-size")
        {
            Description = "Aggregate in the order lmms-eval uses with that many processes (audits; last-bit differences only)",
            DefaultValueFactory = _ => 1,
        };
        var cmd = new Command("score", "Score predictions against a benchmark") { benchArg, predArg, scorerOpt, jsonOpt, perSampleOpt, partialOpt, worldOpt };
        cmd.SetAction(parse =>
        {
            var source = BenchSource.Open(parse.GetValue(benchArg)!);
            if (source.Note is { } note) parse.InvocationConfiguration.Error.WriteLine(note);
            var files = parse.GetValue(predArg)!;
            var scorer = benchmark.Scorer(parse.GetValue(scorerOpt)!);
            var result = BenchScoring.Score(benchmark, BenchAnswers.Of(source), files.SelectMany(PredictionFile.Read), scorer, parse.GetValue(partialOpt), parse.GetValue(worldOpt));
            if (!parse.GetValue(partialOpt)) BenchScoring.RequireComplete(result);
            if (parse.GetValue(perSampleOpt) is { } perSample) ScoreOutput.WritePerSample(perSample, result.Samples);

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(jsonOpt)) output.WriteLine(ScoreOutput.ScoreJson(result));
            else RenderScore(Console(output), source.Location, result);
            return 0;
        });
        return cmd;
    }

    static Command Report()
    {
        var runsArg = new Argument<string[]>("runs")
        {
            Description = "Score files from 'spar bench score --json' (PATH or LABEL=PATH), shown side by side",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var outOpt = new Option<string>("--out") { Description = "Output folder", Required = true };
        var referenceOpt = new Option<bool>("--reference") { Description = "Add the published reference rows (paper README, SpaceR README)" };
        var cmd = new Command("report", "Write a report (Markdown, CSV, JSON, HTML with charts) for one or more scored runs") { runsArg, outOpt, referenceOpt };
        cmd.SetAction(parse =>
        {
            var runs = parse.GetValue(runsArg)!.Select(spec => ReportRun.Load(spec, SparBenchDefinition.Instance)).ToList();
            if (parse.GetValue(referenceOpt)) runs.AddRange(PublishedResults.ReferenceRuns());
            var dir = parse.GetValue(outOpt)!;
            var files = ReportWriter.Write(dir, runs);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {files.Count} files to {dir}: {string.Join(", ", files)}");
            return 0;
        });
        return cmd;
    }

    static void RenderScore(IAnsiConsole console, string location, ScoreResult result)
    {
        var a = result.Aggregate;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"SPAR-Bench · {Markup.Escape(location)} · scorer [bold]{a.Scorer}[/]")
            .AddColumn("task").AddColumn("level").AddColumn(new TableColumn("n").RightAligned())
            .AddColumn("metric").AddColumn(new TableColumn("score").RightAligned());
        foreach (var t in a.Tasks)
            table.AddRow(t.Task, SparBenchDefinition.Instance.Task(t.Task).Level.ToString(), t.Count.ToString(CultureInfo.InvariantCulture),
                SparBenchDefinition.Instance.Task(t.Task).Metric, Percent(t.Value));
        table.AddEmptyRow();
        table.AddRow("[bold]Low[/]", "", "", "", Percent(a.Low));
        table.AddRow(a.Scorer == "official" ? "[bold]Middle[/] [dim](no VCI)[/]" : "[bold]Middle[/]", "", "", "", Percent(a.Middle));
        table.AddRow("[bold]High[/]", "", "", "", Percent(a.High));
        table.AddRow("[bold]overall[/]", "", result.Samples.Count.ToString(CultureInfo.InvariantCulture), "", $"[bold]{Percent(a.Overall)}[/]");
        console.Write(table);
        string rows = result.Samples.Count == result.BenchRows
            ? $"rows {result.BenchRows}"
            : $"rows {result.Samples.Count} scored / {result.BenchRows} in the benchmark";
        console.MarkupLine($"score = {a.Score.ToString("R", CultureInfo.InvariantCulture)} · {rows}" +
            (result.Failed > 0 ? $" · [red]{result.Failed} failed requests scored 0[/]" : "") +
            (result.Missing > 0 ? $" · [red]{result.Missing} rows without prediction left out (--partial)[/]" : ""));
        if (!result.Coverage.IsComplete)
            console.MarkupLine($"[red bold]incomplete run: {result.Coverage.Answered} of {result.BenchRows} rows answered ({result.Coverage.Gaps}); " +
                "this score is not comparable with complete runs[/]");
    }

    static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "n/a" : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture);

    internal static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = ReferenceEquals(writer, System.Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(writer, System.Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });
}
