using Spar.Bench.SparBench;
using System.Text.Json;
using Spar.Catalog;
using Spar.Util;

namespace Spar.Bench.Report;

/// <summary>
/// One column of a report: a scored run or a published reference row. Values are percentages (0–100). Levels follow the
/// README convention (Medium includes view_change_infer); the run file's own Middle (the official scorer leaves
/// view_change_infer out of it, the strict one keeps it) is kept as <see cref="ScoredMiddle"/>.
/// </summary>
public sealed record ReportRun(
    string Label,
    IReadOnlyDictionary<string, double> TaskPercent,
    double Average,
    double Low,
    double Medium,
    double High,
    bool IsReference = false,
    double? ScoredMiddle = null,
    string? Note = null,
    int? RowsScored = null,
    int? RowsInBenchmark = null,
    int? RowsFailed = null,
    int? RowsMissing = null,
    string? ScoredOn = null,
    string? ScoredWith = null)
{
    /// <summary>Fewer rows answered than the benchmark has (failed requests, or <c>bench score --partial</c> leaving rows
    /// out): its averages are not comparable with full runs.</summary>
    public bool IsPartial => RowsScored < RowsInBenchmark;

    /// <summary>"400 / 400", "50 / 400 (partial)", "published" for a reference row, or "not recorded" for an older run file.</summary>
    public string Coverage =>
        IsReference ? $"published ({ScoredOn})"
        : RowsScored is int scored && RowsInBenchmark is int total ? $"{scored} / {total}{(IsPartial ? " (partial)" : "")}"
        : "not recorded";

    /// <summary>"SPAR-Bench · official" from the run file's <c>benchmark</c> and <c>scorer</c>; "published (…)" for a
    /// reference row; "not recorded" for a run file written before these keys existed.</summary>
    public string ScoredBy =>
        IsReference ? $"published ({ScoredOn})"
        : ScoredOn is null && ScoredWith is null ? "not recorded"
        : string.Join(" · ", new[] { ScoredOn, ScoredWith }.OfType<string>());

    /// <summary>Why rows are not answered: "240 failed", "10 missing", both, "" when complete or a reference, "not recorded"
    /// for a partial run file written before these counts existed.</summary>
    public string Gaps =>
        !IsPartial ? ""
        : RowsFailed is null && RowsMissing is null ? "not recorded"
        : string.Join(", ", new[] { (RowsFailed, "failed"), (RowsMissing, "missing") }.Where(x => x.Item1 > 0).Select(x => $"{x.Item1} {x.Item2}"));

    /// <summary>Builds the summary from per-task values: each level is the mean over its tasks present (NaN if none).</summary>
    public static ReportRun FromTasks(string label, IReadOnlyDictionary<string, double> taskPercent, bool isReference = false,
        double? scoredMiddle = null, string? note = null, int? rowsScored = null, int? rowsInBenchmark = null, BenchmarkDefinition? benchmark = null)
    {
        var b = benchmark ?? SparBenchDefinition.Instance;
        double Mean(IEnumerable<double> values)
        {
            var list = values.ToList();
            return list.Count == 0 ? double.NaN : list.Sum() / list.Count;
        }
        double Level(TaskLevel level) =>
            Mean(b.Tasks.Where(t => t.Level == level && taskPercent.ContainsKey(t.Name)).Select(t => taskPercent[t.Name]));
        return new ReportRun(label, taskPercent, Mean(b.TaskNames.Where(taskPercent.ContainsKey).Select(t => taskPercent[t])),
            Level(TaskLevel.Low), Level(TaskLevel.Medium), Level(TaskLevel.High), isReference, scoredMiddle, note, rowsScored, rowsInBenchmark);
    }

    /// <summary>Reads the JSON written by <c>spar bench score --json</c>; <paramref name="spec"/> is <c>PATH</c> or <c>LABEL=PATH</c>.</summary>
    public static ReportRun Load(string spec, BenchmarkDefinition? benchmark = null)
    {
        var b = benchmark ?? SparBenchDefinition.Instance;
        int eq = spec.IndexOf('=');
        string path = eq > 0 && !File.Exists(spec) ? spec[(eq + 1)..] : spec;
        string label = eq > 0 && !File.Exists(spec) ? spec[..eq] : Path.GetFileNameWithoutExtension(path);
        if (!File.Exists(path)) throw new SparException($"{path}: no such run file (expected the JSON of 'spar bench score --json')");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new SparException($"{Util.JsonErrors.InFile(path, e)} (invalid JSON)", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SparException($"{path}: expected a JSON object");
            var tasks = new Dictionary<string, double>(StringComparer.Ordinal);
            double? middle = null;
            int? scored = null, inBenchmark = null, failed = null, missing = null;
            double? score = null;
            string? scoredOn = null, scorer = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "Middle" && p.Value.ValueKind == JsonValueKind.Number) middle = p.Value.GetDouble() * 100;
                if (p.Name == "rows_scored") scored = Count(path, p);
                if (p.Name == "rows_in_benchmark") inBenchmark = Count(path, p);
                if (p.Name == "rows_failed") failed = Count(path, p);
                // score = overall × 100: the run's Avg exactly as bench score printed it (the mean recomputed from
                // the rounded-trip task values can differ in the last bit, and so in the second decimal at a half).
                if (p.Name == "score" && p.Value.ValueKind == JsonValueKind.Number) score = p.Value.GetDouble();
                if (p.Name == "benchmark" && p.Value.ValueKind == JsonValueKind.String) scoredOn = p.Value.GetString();
                if (p.Name == "scorer" && p.Value.ValueKind == JsonValueKind.String) scorer = p.Value.GetString();
                if (p.Name == "rows_missing") missing = Count(path, p);
                var task = b.TryTaskOfResultKey(p.Name, out var t) ? t.Name : null;
                if (task is null) continue;
                if (p.Value.ValueKind != JsonValueKind.Number) throw new SparException($"{path}: '{p.Name}' is not a number");
                tasks[task] = p.Value.GetDouble() * 100;
            }
            if (tasks.Count == 0) throw new SparException($"{path}: no per-task keys (like 'depth_prediction_oc_MRA:.5:.95:.05')");
            if ((scored is null) != (inBenchmark is null) || scored > inBenchmark)
                throw new SparException($"{path}: rows_scored ({scored?.ToString() ?? "missing"}) and rows_in_benchmark ({inBenchmark?.ToString() ?? "missing"}) do not fit together");
            if (scored + (failed ?? 0) + (missing ?? 0) > inBenchmark)
                throw new SparException($"{path}: rows_scored ({scored}) + rows_failed ({failed ?? 0}) + rows_missing ({missing ?? 0}) exceed rows_in_benchmark ({inBenchmark})");
            var run = FromTasks(label, tasks, scoredMiddle: middle, rowsScored: scored, rowsInBenchmark: inBenchmark, benchmark: b) with
            {
                RowsFailed = failed, RowsMissing = missing, ScoredOn = scoredOn, ScoredWith = scorer,
            };
            return score is double s ? run with { Average = s } : run;
        }
    }

    static int Count(string path, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n) && n >= 0 ? n
            : throw new SparException($"{path}: '{p.Name}' must be a whole number ≥ 0");
}
