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
    string? Note = null)
{
    /// <summary>Builds the summary from per-task values: each level is the mean over its tasks present (NaN if none).</summary>
    public static ReportRun FromTasks(string label, IReadOnlyDictionary<string, double> taskPercent, bool isReference = false,
        double? scoredMiddle = null, string? note = null)
    {
        double Mean(IEnumerable<double> values)
        {
            var list = values.ToList();
            return list.Count == 0 ? double.NaN : list.Sum() / list.Count;
        }
        double Level(TaskLevel level) =>
            Mean(BenchTasks.Names.Where(t => BenchTasks.Level(t) == level && taskPercent.ContainsKey(t)).Select(t => taskPercent[t]));
        return new ReportRun(label, taskPercent, Mean(BenchTasks.Names.Where(taskPercent.ContainsKey).Select(t => taskPercent[t])),
            Level(TaskLevel.Low), Level(TaskLevel.Medium), Level(TaskLevel.High), isReference, scoredMiddle, note);
    }

    /// <summary>Reads the JSON written by <c>spar bench score --json</c>; <paramref name="spec"/> is <c>PATH</c> or <c>LABEL=PATH</c>.</summary>
    public static ReportRun Load(string spec)
    {
        int eq = spec.IndexOf('=');
        string path = eq > 0 && !File.Exists(spec) ? spec[(eq + 1)..] : spec;
        string label = eq > 0 && !File.Exists(spec) ? spec[..eq] : Path.GetFileNameWithoutExtension(path);
        if (!File.Exists(path)) throw new SparException($"{path}: no such run file (expected the JSON of 'spar bench score --json')");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new SparException($"{path}: invalid JSON ({e.Message})", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SparException($"{path}: expected a JSON object");
            var tasks = new Dictionary<string, double>(StringComparer.Ordinal);
            double? middle = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "Middle" && p.Value.ValueKind == JsonValueKind.Number) middle = p.Value.GetDouble() * 100;
                var task = TaskOfKey(p.Name);
                if (task is null) continue;
                if (p.Value.ValueKind != JsonValueKind.Number) throw new SparException($"{path}: '{p.Name}' is not a number");
                tasks[task] = p.Value.GetDouble() * 100;
            }
            if (tasks.Count == 0) throw new SparException($"{path}: no per-task keys (like 'depth_prediction_oc_MRA:.5:.95:.05')");
            return FromTasks(label, tasks, scoredMiddle: middle);
        }
    }

    static string? TaskOfKey(string key)
    {
        foreach (var suffix in new[] { "_MRA:.5:.95:.05", "_accuracy", "_vci_metric" })
            if (key.EndsWith(suffix, StringComparison.Ordinal))
            {
                var task = key[..^suffix.Length];
                return BenchTasks.IsBenchTask(task) ? task : null;
            }
        return null;
    }
}
