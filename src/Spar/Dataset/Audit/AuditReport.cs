namespace Spar.Dataset.Audit;

/// <summary>The audit's settings: sample sizes and the thresholds it measures against (generation.md §3–4 defaults).</summary>
public sealed record AuditSettings
{
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Records per stream in the nearest-neighbour sample.</summary>
    public int KnnSample { get; init; } = 1000;

    /// <summary>Counters of the answer-value summary per stream (exact while a stream has no more distinct values).</summary>
    public int AnswerCounters { get; init; } = 512;

    /// <summary>Distinct (question, images) keys tracked per stream before duplicates are estimated from a hash sample.</summary>
    public int DuplicateKeys { get; init; } = 1 << 16;

    /// <summary>Relation cut-offs: offsets (metres) and bearings (degrees), and the band around each counted as "near".</summary>
    public double OffsetCutMeters { get; init; } = 0.15;
    public double BearingCutDegrees { get; init; } = 10;
    public double OffsetBandMeters { get; init; } = 0.05;
    public double BearingBandDegrees { get; init; } = 3;

    /// <summary>A marked object under this whole-silhouette share counts as mostly not visible (the generator's 30 % rule).</summary>
    public double LowVisibility { get; init; } = 0.30;
    public double VeryLowVisibility { get; init; } = 0.10;

    /// <summary>An answer value over this share of a stream is flagged (generation.md §4: 40 %).</summary>
    public double MaxAnswerShare { get; init; } = 0.40;

    /// <summary>A select/judge baseline more than this many points over chance is flagged.</summary>
    public double MaxPointsOverChance { get; init; } = 10;

    public static readonly AuditSettings Default = new();
}

public sealed record AuditReport(
    string Root,
    int Files,
    long Records,
    long UnparseableLines,
    IReadOnlyList<string> Problems,
    IReadOnlyList<StreamReport> Streams,
    SceneTotals? Scenes,
    AuditSettings Settings)
{
    /// <summary>Problems that make the run incomplete (unparseable lines, unreadable scenes or masks): exit code 1.</summary>
    public bool HasFailures => UnparseableLines > 0 || (Scenes?.Failures ?? 0) > 0;
}

/// <summary>One type × format stream (all sources and splits of that task folder and format folder).</summary>
public sealed record StreamReport(
    string Task,
    string Type,
    string Format,
    int Files,
    long Records,
    AnswerSummary Answers,
    LetterSummary? Letters,
    BaselineSummary? Baselines,
    DuplicateSummary Duplicates,
    VisibilitySummary? Visibility,
    NearSummary? Near)
{
    public string Name => $"{Type} / {Format}";

    /// <summary>Share of the most common select letter (null for other formats).</summary>
    public double? TopLetterShare => Format == "select" && Letters is { } l && l.Counts.Values.Sum() is > 0 and var n ? l.Counts.Values.Max() / (double)n : null;

    /// <summary>The largest share a prior-following guess gets: the top answer value, or for select the top letter if larger.</summary>
    public double PriorShare => Math.Max(Answers.MajorityShare, TopLetterShare ?? 0);
}

/// <summary>The answer values (select: the correct option's text; judge: yes/no; else the normalised answer).</summary>
/// <param name="Top">The most common values, largest first.</param>
/// <param name="Distinct">Distinct values, or null when there were more than the summary's counters.</param>
/// <param name="MaxUndercount">How far a count may be low (0: exact).</param>
public sealed record AnswerSummary(IReadOnlyList<(string Value, long Count)> Top, int? Distinct, long MaxUndercount, long Records)
{
    public double MajorityShare => Records == 0 || Top.Count == 0 ? 0 : Top[0].Count / (double)Records;
    public string? MajorityValue => Top.Count == 0 ? null : Top[0].Value;
}

/// <summary>Select: answer letters, option counts and chance (mean of 1/options). Judge: yes/no (as letters "Yes"/"No").</summary>
public sealed record LetterSummary(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<int, long> OptionCounts, double Chance);

/// <summary>Blind (text-only) baselines, k-fold: accuracies in [0, 1]; null where a baseline does not apply.</summary>
public sealed record BaselineSummary(
    int Folds,
    double? Chance,
    double? LetterMajority,
    double TemplateMajority,
    long TemplateEvaluated,
    int Templates,
    bool TemplatesOverflowed,
    double? Knn,
    long KnnEvaluated)
{
    /// <summary>The strongest blind baseline (letter majority, per-template majority, nearest neighbours).</summary>
    public double Best => Math.Max(Math.Max(TemplateMajority, Knn ?? 0), LetterMajority ?? 0);
}

public sealed record DuplicateSummary(double Records, double Groups, double Conflicting, bool Exact, IReadOnlyList<string> Examples);

/// <summary>Whole-silhouette visibility of the marked objects (docs/audit.md).</summary>
public sealed record VisibilitySummary(
    long Marked,
    long Measured,
    long BelowLow,
    long BelowVeryLow,
    long SilhouetteBelowLow,
    long[] Histogram,
    IReadOnlyDictionary<string, long> Unresolved,
    IReadOnlyList<string> Worst);

/// <summary>Relation / choice decisions within the band around their cut-off, recomputed from the scene.</summary>
public sealed record NearSummary(long Records, long RecordsNear, long Decisions, long DecisionsNear, IReadOnlyDictionary<string, long> Unresolved,
    IReadOnlyList<string> Examples)
{
    public double RecordRate => Records == 0 ? 0 : RecordsNear / (double)Records;
    public double DecisionRate => Decisions == 0 ? 0 : DecisionsNear / (double)Decisions;
}

public sealed record SceneTotals(int Scenes, long Marked, long Measured, long BelowLow, long BelowVeryLow, long SilhouetteBelowLow,
    long NearRecords, long NearRecordsNear, long Decisions, long DecisionsNear, long Failures, IReadOnlyList<string> FailureMessages);
