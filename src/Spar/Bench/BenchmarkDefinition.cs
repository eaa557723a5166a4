using Spar.Bench.Scoring;
using Spar.Catalog;
using Spar.Util;

namespace Spar.Bench;

/// <summary>One task of a benchmark as prompting, scoring and reporting see it.</summary>
/// <param name="ResultKey">The key of the task's mean in the score file, e.g. <c>depth_prediction_oc_MRA:.5:.95:.05</c>.</param>
public sealed record BenchmarkTask(string Name, BenchFamily Family, TaskLevel Level, ViewKind View, string Metric, string ResultKey, BenchFacts Facts)
{
    /// <summary>The row a catalogue task with bench facts gives.</summary>
    public static BenchmarkTask FromCatalogue(TaskInfo task)
    {
        var facts = task.Bench ?? throw new ArgumentException($"{task.Type} has no bench facts in the catalogue", nameof(task));
        return new(task.Type, facts.Family, task.Level, task.View, facts.Metric, facts.ResultKey(task.Type), facts);
    }
}

/// <summary>A scorer a benchmark offers (<c>--scorer NAME</c>): how one row is scored and how the rows are aggregated.</summary>
public sealed record BenchmarkScorer(string Name, string Description, ISampleScorer Sample, Func<IEnumerable<SampleScore>, BenchAggregate> Aggregate);

/// <summary>A group of tasks a report averages (Low / Medium / High).</summary>
public sealed record ReportGroup(string Name, TaskLevel Level);

/// <summary>The prompt text of one row: task, question, and lmms-eval's model kind (null for the default).</summary>
public delegate string BenchPromptBuilder(string task, string question, string? modelKind);

/// <summary>
/// Everything that makes a benchmark one: its name, its task table (family, level, view, result key), its prompt
/// builder, its named scorers with their aggregations and the groups its report averages. Scoring, running, building and
/// reporting take a definition rather than knowing "the" benchmark; <see cref="SparBench.SparBenchDefinition"/> is the
/// first one.
/// </summary>
public sealed class BenchmarkDefinition
{
    readonly Dictionary<string, BenchmarkTask> _byName;
    readonly Dictionary<string, BenchmarkTask> _byResultKey;
    readonly BenchPromptBuilder _prompt;

    public BenchmarkDefinition(string name, IEnumerable<BenchmarkTask> tasks, BenchPromptBuilder prompt,
        IReadOnlyList<BenchmarkScorer> scorers, IReadOnlyList<ReportGroup> groups)
    {
        Name = name;
        // Ordinal order: the order pandas' groupby gives the official aggregation, and the report's row order.
        Tasks = tasks.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        TaskNames = Tasks.Select(t => t.Name).ToArray();
        _byName = Tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _byResultKey = Tasks.ToDictionary(t => t.ResultKey, StringComparer.Ordinal);
        _prompt = prompt;
        if (scorers.Count == 0) throw new ArgumentException("a benchmark needs a scorer", nameof(scorers));
        Scorers = scorers;
        Groups = groups;
    }

    /// <summary>Recorded in score files as <c>benchmark</c> (e.g. <c>SPAR-Bench</c>).</summary>
    public string Name { get; }

    public IReadOnlyList<BenchmarkTask> Tasks { get; }

    /// <summary>Task names in ordinal order.</summary>
    public IReadOnlyList<string> TaskNames { get; }

    /// <summary>The first scorer is the default one.</summary>
    public IReadOnlyList<BenchmarkScorer> Scorers { get; }

    public IReadOnlyList<string> ScorerNames => Scorers.Select(s => s.Name).ToArray();

    public IReadOnlyList<ReportGroup> Groups { get; }

    public bool IsTask(string task) => _byName.ContainsKey(task);

    public BenchmarkTask Task(string task) => _byName.TryGetValue(task, out var t) ? t : throw UnknownTask(task);

    /// <summary>The task whose result key this is (<c>view_change_infer_vci_metric</c> → view_change_infer).</summary>
    public bool TryTaskOfResultKey(string key, out BenchmarkTask task) => _byResultKey.TryGetValue(key, out task!);

    public SparException UnknownTask(string task) =>
        new($"unknown {Name} task '{task}' (expected one of: {string.Join(", ", TaskNames)})");

    public BenchmarkScorer Scorer(string name) =>
        Scorers.FirstOrDefault(s => s.Name == name)
        ?? throw new SparException($"unknown scorer '{name}' for {Name} (expected {string.Join(" or ", ScorerNames)})");

    public string Prompt(string task, string question, string? modelKind = null) => _prompt(task, question, modelKind);

    /// <summary>The prompt of one row; an error names the row.</summary>
    public string Prompt(BenchItem item, string? modelKind = null)
    {
        try { return _prompt(item.Task, item.Question, modelKind); }
        catch (SparException e) { throw new SparException($"item {item.Id}: {e.Message}", e); }
    }
}
