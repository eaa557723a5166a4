using Spar.Bench.SparBench;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Spar.Util;

namespace Spar.Bench.Report;

/// <summary>Writes a report folder: report.md, report.csv, report.json, report.html and the charts (PNG and SVG).</summary>
public static class ReportWriter
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<ReportRun> runs, BenchmarkDefinition? benchmark = null)
    {
        benchmark ??= SparBenchDefinition.Instance;
        if (runs.Count == 0) throw new SparException("nothing to report: give at least one run (or --reference)");
        CheckDistinctLabels(runs);
        Directory.CreateDirectory(directory);
        // The charts have no table to carry the coverage, so a partial run says so in its legend label.
        var charts = ReportCharts.Build(runs.Select(r =>
            r.IsPartial ? r with { Label = $"{r.Label} (partial: {r.RowsScored} of {r.RowsInBenchmark} rows)" }
            : r.IsReference ? r with { Label = $"{r.Label} · published, {r.ScoredOn}" }
            : r).ToList(), benchmark);
        var files = new List<string>(Charts.Save(charts, directory));
        AtomicFile.WriteAllText(Path.Combine(directory, "report.md"), Markdown(runs, benchmark));
        AtomicFile.WriteAllText(Path.Combine(directory, "report.csv"), Csv(runs, benchmark));
        AtomicFile.WriteAllText(Path.Combine(directory, "report.json"), Json(runs, benchmark));
        AtomicFile.WriteAllText(Path.Combine(directory, "report.html"), Html(runs, charts, benchmark));
        files.AddRange(["report.md", "report.csv", "report.json", "report.html"]);
        // Temps of these files left by a killed earlier run (AtomicFile names them after the file).
        StaleTemps.Clean(directory, onlyFor: files.ToHashSet(StringComparer.Ordinal));
        return files;
    }

    /// <summary>Columns are told apart by label only: two runs with one label (or one file given twice) would be indistinguishable.</summary>
    static void CheckDistinctLabels(IReadOnlyList<ReportRun> runs)
    {
        var twice = runs.GroupBy(r => r.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice != null)
            throw new SparException($"{twice.Count()} runs are labelled '{twice.Key}': their columns could not be told apart. Give each run its own " +
                                    "label with LABEL=PATH (the label defaults to the file name; the same file given twice is refused too)");
    }

    const string PartialNote = "A partial run (failed requests, or bench score --partial leaving rows out) has fewer rows answered than " +
                               "the benchmark has: failed rows score 0, missing rows are left out, so its Avg and levels are not comparable with full runs.";

    const string ReferenceNote = "Rows marked (reference) are published numbers (bench.md §7), scored on the official SPAR-Bench " +
                                 "(its Tiny split where the label says tiny) by the paper or the SpaceR README, not on the benchmark of the runs above: " +
                                 "a run on another benchmark (a spar-built one, say) is not directly comparable with them.";

    static string F(double v) => ReportNumbers.Format(v);

    static IEnumerable<(string Task, string Level)> TaskRows(BenchmarkDefinition benchmark) =>
        benchmark.Tasks.Select(t => (t.Name, t.Level.ToString()));

    public static string Markdown(IReadOnlyList<ReportRun> runs, BenchmarkDefinition? benchmark = null)
    {
        benchmark ??= SparBenchDefinition.Instance;
        var sb = new StringBuilder();
        sb.AppendLine("# SPAR-Bench report").AppendLine();
        sb.AppendLine("Scores in percent. Avg is the unweighted mean over the tasks present; Low / Medium / High are means over")
          .AppendLine("each level's tasks, Medium **including** view_change_infer (the README's convention). *Middle as scored* is")
          .AppendLine("the run file's own Middle: the official scorer leaves view_change_infer out of it (quirk 1), the strict one keeps it.").AppendLine();
        sb.AppendLine("## Summary").AppendLine();
        sb.AppendLine("| run | Avg | Low | Medium | High | Middle as scored | rows scored | failed / missing | scored on · scorer |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in runs)
            sb.AppendLine($"| {Escape(r.Label)}{(r.IsReference ? " *(reference)*" : "")} | {F(r.Average)} | {F(r.Low)} | {F(r.Medium)} | {F(r.High)} | " +
                          $"{(r.ScoredMiddle is double m ? F(m) : "")} | {(r.IsPartial ? "**" + r.Coverage + "**" : r.Coverage)} | {(r.IsPartial ? "**" + r.Gaps + "**" : "")} | {Escape(r.ScoredBy)} |");
        if (runs.Any(r => r.IsPartial)) sb.AppendLine().AppendLine("**" + PartialNote + "**");
        if (runs.Any(r => r.IsReference)) sb.AppendLine().AppendLine(ReferenceNote);
        var withTasks = runs.Where(r => r.TaskPercent.Count > 0).ToList();
        if (withTasks.Count > 0)
        {
            sb.AppendLine().AppendLine("## Per task").AppendLine();
            sb.AppendLine("| task | level | " + string.Join(" | ", withTasks.Select(r => Escape(r.Label))) + " |");
            sb.AppendLine("|---|---|" + string.Concat(withTasks.Select(_ => "---:|")));
            foreach (var (task, level) in TaskRows(benchmark))
                sb.AppendLine($"| {task} | {level} | " + string.Join(" | ", withTasks.Select(r => r.TaskPercent.TryGetValue(task, out var v) ? F(v) : "–")) + " |");
        }
        sb.AppendLine().AppendLine("Charts: tasks.png, levels.png, radar.png (and .svg).");
        return sb.ToString();
    }

    static string Escape(string s) => s.Replace("|", "\\|");

    /// <summary>Wide CSV: one row per task, then Avg/Low/Medium/High; one column per run.</summary>
    public static string Csv(IReadOnlyList<ReportRun> runs, BenchmarkDefinition? benchmark = null)
    {
        benchmark ??= SparBenchDefinition.Instance;
        var sb = new StringBuilder();
        sb.AppendLine("row,level," + string.Join(",", runs.Select(r => CsvCell(r.Label))));
        foreach (var (task, level) in TaskRows(benchmark))
            sb.AppendLine($"{task},{level}," + string.Join(",", runs.Select(r => r.TaskPercent.TryGetValue(task, out var v) ? Num(v) : "")));
        foreach (var (name, pick) in new (string, Func<ReportRun, double>)[] { ("Avg", r => r.Average), ("Low", r => r.Low), ("Medium", r => r.Medium), ("High", r => r.High) })
            sb.AppendLine($"{name},," + string.Join(",", runs.Select(r => Num(pick(r)))));
        // Coverage: a partial run's Avg is over fewer rows (empty for published references and older run files).
        sb.AppendLine("scored_on,," + string.Join(",", runs.Select(r => CsvCell(r.ScoredOn ?? ""))));
        sb.AppendLine("scorer,," + string.Join(",", runs.Select(r => CsvCell(r.ScoredWith ?? ""))));
        sb.AppendLine("rows_scored,," + string.Join(",", runs.Select(r => r.RowsScored?.ToString(Inv) ?? "")));
        sb.AppendLine("rows_in_benchmark,," + string.Join(",", runs.Select(r => r.RowsInBenchmark?.ToString(Inv) ?? "")));
        sb.AppendLine("rows_failed,," + string.Join(",", runs.Select(r => r.RowsFailed?.ToString(Inv) ?? "")));
        sb.AppendLine("rows_missing,," + string.Join(",", runs.Select(r => r.RowsMissing?.ToString(Inv) ?? "")));
        return sb.ToString();
    }

    static string Num(double v) => ReportNumbers.Format(v, missing: "");

    static string CsvCell(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string Json(IReadOnlyList<ReportRun> runs, BenchmarkDefinition? benchmark = null)
    {
        benchmark ??= SparBenchDefinition.Instance;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Dataset.SparJson.Options.Encoder }))
        {
            // Rounded as the tables are (ReportNumbers), so the JSON and the page never disagree.
            void Number(string name, double v) { if (ReportNumbers.Round(v) is decimal d) w.WriteNumber(name, d); else w.WriteNull(name); }
            w.WriteStartObject();
            w.WriteString("unit", "percent");
            w.WriteString("levels", "Medium includes view_change_infer; scored_middle is the run file's Middle (official scorer: without view_change_infer)");
            w.WriteString("coverage", "rows_scored of rows_in_benchmark; partial = true: " + PartialNote + " null: not recorded (reference row or older run file)");
            w.WriteStartArray("runs");
            foreach (var r in runs)
            {
                w.WriteStartObject();
                w.WriteString("label", r.Label);
                w.WriteBoolean("reference", r.IsReference);
                if (r.Note is not null) w.WriteString("source", r.Note);
                if (r.ScoredOn is not null) w.WriteString("scored_on", r.ScoredOn); else w.WriteNull("scored_on");
                if (r.ScoredWith is not null) w.WriteString("scorer", r.ScoredWith); else w.WriteNull("scorer");
                Number("avg", r.Average);
                Number("low", r.Low);
                Number("medium", r.Medium);
                Number("high", r.High);
                if (r.ScoredMiddle is double m) Number("scored_middle", m);
                if (r.RowsScored is int scored && r.RowsInBenchmark is int total)
                {
                    w.WriteNumber("rows_scored", scored);
                    w.WriteNumber("rows_in_benchmark", total);
                    w.WriteBoolean("partial", r.IsPartial);
                    if (r.RowsFailed is int f) w.WriteNumber("rows_failed", f); else w.WriteNull("rows_failed");
                    if (r.RowsMissing is int miss) w.WriteNumber("rows_missing", miss); else w.WriteNull("rows_missing");
                }
                else
                {
                    w.WriteNull("rows_scored");
                    w.WriteNull("rows_in_benchmark");
                    w.WriteNull("partial");
                    w.WriteNull("rows_failed");
                    w.WriteNull("rows_missing");
                }
                w.WriteStartObject("tasks");
                foreach (var task in benchmark.TaskNames)
                    if (r.TaskPercent.TryGetValue(task, out var v)) Number(task, v);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A self-contained page: the charts inline as SVG, then the tables.</summary>
    static string Html(IReadOnlyList<ReportRun> runs, IReadOnlyList<Chart> charts, BenchmarkDefinition benchmark)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>SPAR-Bench report</title>");
        sb.AppendLine("<style>body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
            "td,th{border:1px solid #ccc;padding:.3em .6em}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.ref{color:#666}" +
            "tr.incomplete td,.incomplete{color:#c00}" +
            "figure{margin:1em 0}svg{max-width:100%;height:auto}.wide{overflow-x:auto;max-width:100%}" +
            "@media (max-width:760px){body{margin:.6em}figure{overflow-x:auto}figure svg{max-width:none;width:760px}}</style></head><body>");
        sb.AppendLine("<h1>SPAR-Bench report</h1>");
        sb.AppendLine("<p>Scores in percent. Avg is the unweighted mean over the tasks present; Medium includes view_change_infer " +
            "(README convention). <em>Middle as scored</em> is the run file's own Middle; the official scorer leaves view_change_infer out of it.</p>");
        sb.AppendLine("<h2>Summary</h2><div class=\"wide\"><table><tr><th>run</th><th>Avg</th><th>Low</th><th>Medium</th><th>High</th><th>Middle as scored</th><th>rows scored</th><th>failed / missing</th><th>scored on · scorer</th></tr>");
        foreach (var r in runs)
            sb.AppendLine($"<tr{(r.IsReference ? " class=\"ref\"" : r.IsPartial ? " class=\"incomplete\"" : "")}><td>{WebUtility.HtmlEncode(r.Label)}{(r.IsReference ? " (reference)" : "")}</td>" +
                $"<td class=\"n\">{F(r.Average)}</td><td class=\"n\">{F(r.Low)}</td><td class=\"n\">{F(r.Medium)}</td><td class=\"n\">{F(r.High)}</td>" +
                $"<td class=\"n\">{(r.ScoredMiddle is double m ? F(m) : "")}</td>" +
                $"<td class=\"n\">{(r.IsPartial ? "<strong>" + r.Coverage + "</strong>" : r.Coverage)}</td>" +
                $"<td>{(r.IsPartial ? "<strong>" + r.Gaps + "</strong>" : "")}</td><td>{WebUtility.HtmlEncode(r.ScoredBy)}</td></tr>");
        sb.AppendLine("</table></div>");
        if (runs.Any(r => r.IsPartial)) sb.AppendLine($"<p class=\"incomplete\"><strong>{PartialNote}</strong></p>");
        if (runs.Any(r => r.IsReference)) sb.AppendLine($"<p>{WebUtility.HtmlEncode(ReferenceNote)}</p>");
        foreach (var c in charts)
        {
            sb.AppendLine($"<figure><a href=\"{c.Name}.png\">{Charts.InlineSvg(c)}</a></figure>");
        }
        var withTasks = runs.Where(r => r.TaskPercent.Count > 0).ToList();
        if (withTasks.Count > 0)
        {
            sb.AppendLine("<h2>Per task</h2><div class=\"wide\"><table><tr><th>task</th><th>level</th>" +
                string.Concat(withTasks.Select(r => $"<th>{WebUtility.HtmlEncode(r.Label)}</th>")) + "</tr>");
            foreach (var (task, level) in TaskRows(benchmark))
                sb.AppendLine($"<tr><td>{task}</td><td>{level}</td>" +
                    string.Concat(withTasks.Select(r => $"<td class=\"n\">{(r.TaskPercent.TryGetValue(task, out var v) ? F(v) : "–")}</td>")) + "</tr>");
            sb.AppendLine("</table></div>");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }
}
