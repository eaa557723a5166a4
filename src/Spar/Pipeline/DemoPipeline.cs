using Spar.Bench.SparBench;
using System.Diagnostics;
using Spar.Bench;
using Spar.Bench.Build;
using Spar.Bench.Data;
using Spar.Bench.Predictions;
using Spar.Bench.Report;
using Spar.Bench.Run;
using Spar.Bench.Scoring;
using Spar.Dataset;
using Spar.Drawing;
using Spar.Drawing.Gallery;
using Spar.Generation;
using Spar.Scenes.Synthetic;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Pipeline;

/// <param name="Frames">Trajectory frames per synthetic scene (the world's default is 300; the demo keeps it small).</param>
/// <param name="ValFraction">Share of scenes in the val split; the demo raises it so a few scenes give a benchmark.</param>
public sealed record DemoOptions(string OutDir, int Scenes = 8, int Seed = 1, int Threads = 0, int Frames = 120, double ValFraction = 0.34)
{
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}

/// <summary>One step's outcome, for the closing summary.</summary>
public sealed record DemoStep(string Name, string Summary, TimeSpan Elapsed);

/// <summary>
/// The whole spar pipeline on the embedded synthetic default: scenes → QA generation → index/mix/validate/stats →
/// gallery → SPAR-Bench build, the two offline baselines, scoring and report. Everything is written under
/// <see cref="DemoOptions.OutDir"/>; re-running resumes (rendered scenes and generated parts are reused).
/// </summary>
public sealed class DemoPipeline(DemoOptions options, Action<string> log)
{
    readonly List<DemoStep> _steps = [];

    public string DataRoot => Path.Combine(options.OutDir, "spar");
    public string IndexDir => Path.Combine(options.OutDir, "data_jsons");
    public string GalleryDir => Path.Combine(options.OutDir, "gallery");
    public string BenchDir => Path.Combine(options.OutDir, "bench");
    public string ReportDir => Path.Combine(options.OutDir, "report");
    string ImagesRoot => SparTree.ForWriting(DataRoot).ImagesDir(SyntheticWorld.SourceName);

    public IReadOnlyList<DemoStep> Run()
    {
        Directory.CreateDirectory(options.OutDir);
        Step("synthetic scenes", Synthesize);
        Step("QA generation", Generate);
        Step("dataset tools", IndexValidateStats);
        Step("gallery", Gallery);
        Step("SPAR-Bench", Benchmark);
        return _steps;
    }

    void Step(string name, Func<string> body)
    {
        log($"== {name}");
        var clock = Stopwatch.StartNew();
        var summary = body();
        _steps.Add(new DemoStep(name, summary, clock.Elapsed));
        log($"   {summary} ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    string Synthesize()
    {
        var marker = Path.Combine(ImagesRoot, $".demo-{options.Seed}-{options.Scenes}-{options.Frames}");
        if (File.Exists(marker)) return $"{options.Scenes} scenes already rendered in {ImagesRoot}";
        var synth = SyntheticDataset.Write(DataRoot, options.Seed, options.Scenes,
            new SynthOptions(Frames: options.Frames), options.EffectiveThreads);
        File.WriteAllText(marker, "");
        return $"{synth.SceneIds.Count} scenes, {synth.Frames:N0} frames, {synth.Objects:N0} objects rendered (RGB, depth, instance masks, poses)";
    }

    string Generate()
    {
        var report = Generator.Run(new GenerateOptions
        {
            Scenes = [ImagesRoot],
            Out = DataRoot,
            Seed = options.Seed,
            ValFraction = options.ValFraction,
            Threads = options.EffectiveThreads,
        });
        long total = report.Assembly?.Written.Values.Sum() ?? report.RecordsThisSession;
        return $"{total:N0} QA records from {report.ScenesFound} scenes ({report.ScenesResumed} resumed)" +
               (report.Failures.Count > 0 ? $"; {report.Failures.Count} scene failures: {string.Join("; ", report.Failures)}" : "");
    }

    string IndexValidateStats()
    {
        var tree = SparTree.Open(DataRoot);
        var index = IndexBuilder.Build(tree, new IndexOptions { OutDir = IndexDir, Threads = options.EffectiveThreads });
        var mix = Mixer.Mix(IndexDir, MixConfig.Official.WithIndexFilesIn(IndexDir));
        var report = new Validator(tree, new ValidateOptions { Threads = options.EffectiveThreads }).Run(p => { if (p.Severity == Severity.Error) log("   " + p); });
        var stats = DatasetStats.Compute(tree, null, null, options.EffectiveThreads);
        return $"index: {index.Outputs.Sum(o => o.Entries)} keys; mix: {Path.GetFileName(mix.OutputPath)}; " +
               $"validate: {report.Records:N0} records, {report.Errors} errors; stats: {stats.Rows.Count} source×split×task×format rows";
    }

    string Gallery()
    {
        var summary = new GalleryBuilder(new GalleryOptions(GalleryDir, PerType: 2, Threads: options.EffectiveThreads))
            .Build(SparTree.Open(DataRoot), issue => log("   " + issue));
        return $"{summary.Entries.Count} samples drawn with their markers (JPEG: {ImageCodec.JpegCodecName}) → {summary.IndexPath}";
    }

    string Benchmark()
    {
        string split = "val";
        BenchBuildResult built;
        var buildOptions = new BenchBuildOptions(PerTask: 20, Tiny: 5, Split: split, Seed: (ulong)options.Seed) { Markers = BenchMarkerBurner.Instance };
        try { built = BenchBuilder.Build(DataRoot, BenchDir, buildOptions); }
        catch (SparException e)
        {
            log($"   no usable val split ({e.Message}); building the demo benchmark from train instead");
            split = "train";
            built = BenchBuilder.Build(DataRoot, BenchDir, buildOptions with { Split = split });
        }
        var bench = BenchSource.Open(Path.Combine(BenchDir, "folder"));

        var models = new IBenchModel[] { new RandomBaseline(options.Seed), BlindPrior.FromTrainingTree(DataRoot) };
        var runs = new List<ReportRun>();
        var parts = new List<string>();
        foreach (var model in models)
        {
            var predictions = Path.Combine(BenchDir, "predictions", model.Name + ".jsonl");
            BenchRunner.RunAsync(bench, model, predictions, new BenchRunOptions(Concurrency: 4)).GetAwaiter().GetResult();
            var result = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(bench), PredictionFile.Read(predictions), SparBenchDefinition.Instance.Scorer("official"));
            var scorePath = Path.Combine(BenchDir, "scores", model.Name + ".json");
            AtomicFile.WriteAllText(scorePath, ScoreOutput.ScoreJson(result));
            var run = ReportRun.Load($"{model.Name}={scorePath}");
            runs.Add(run);
            // The report's own Avg, rounded by the report's own rule: the summary and the page cannot disagree.
            parts.Add($"{model.Name} {ReportNumbers.Format(run.Average)}");
        }
        var files = ReportWriter.Write(ReportDir, [.. runs, .. PublishedResults.ReferenceRuns()]);
        return $"{built.Rows} benchmark rows from {split} (markers burned in); official score: {string.Join(", ", parts)}; report → {Path.Combine(ReportDir, "report.html")}";
    }
}
