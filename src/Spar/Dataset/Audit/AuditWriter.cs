using System.Net;
using System.Text;
using Spar.Util;
using static Spar.Dataset.Audit.AuditFindings;

namespace Spar.Dataset.Audit;

/// <summary>Writes the audit: audit.md, audit.json, audit.html and its charts (PNG and SVG), each file atomically.</summary>
public static class AuditWriter
{
    public static IReadOnlyList<string> Write(string directory, AuditReport report)
    {
        if (File.Exists(directory)) throw new SparException($"{directory}: is a file, expected the output folder");
        Directory.CreateDirectory(directory);
        var charts = AuditCharts.Build(report);
        var files = new List<string>(Charts.Save(charts, directory));
        AtomicFile.WriteAllText(Path.Combine(directory, "audit.md"), Markdown(report));
        AtomicFile.WriteAllText(Path.Combine(directory, "audit.json"), AuditJson.Serialize(report));
        AtomicFile.WriteAllText(Path.Combine(directory, "audit.html"), Html(report, charts));
        files.AddRange(["audit.md", "audit.json", "audit.html"]);
        StaleTemps.Clean(directory, onlyFor: files.ToHashSet(StringComparer.Ordinal));
        return files;
    }

    static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    const string Method =
        "Streams are type × format over all sources and splits. Answer value: select = the correct option's text, judge = yes/no, " +
        "else the normalised answer. Blind baselines see only the question text, 5-fold by a stable hash of the record id: " +
        "letter majority (select), per-template majority (template = question with object names and numbers masked) and " +
        "nearest neighbours on question tokens over a sample per stream. Rules in docs/audit.md.";

    public static string Markdown(AuditReport r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# spar audit: {r.Root}").AppendLine();
        sb.AppendLine($"{r.Files:N0} files, {r.Records:N0} records, {r.Streams.Count} type × format streams" +
                      (r.UnparseableLines > 0 ? $"; **{r.UnparseableLines:N0} unparseable lines, not counted**" : "") + ".").AppendLine();
        sb.AppendLine(Method).AppendLine();
        sb.AppendLine("## Headline").AppendLine();
        foreach (var line in Headline(r)) sb.AppendLine("- " + line);
        sb.AppendLine().AppendLine("## Streams").AppendLine();
        sb.AppendLine("| type | format | records | top answer value | share | distinct | balance | chance | letter maj. | template maj. | kNN (n) | duplicates | flags |");
        sb.AppendLine("|---|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---|");
        foreach (var s in r.Streams)
        {
            var b = s.Baselines;
            sb.AppendLine($"| {s.Type} | {s.Format} | {s.Records:N0} | {Cell(Short(s.Answers.MajorityValue, 40))} | {Percent(s.Answers.MajorityShare)}" +
                          $"{(s.Answers.MaxUndercount > 0 ? "±" + Percent(s.Answers.MaxUndercount / (double)Math.Max(1, s.Records)) : "")} | " +
                          $"{(s.Answers.Distinct?.ToString("N0") ?? $">{r.Settings.AnswerCounters}")} | {Balance(s)} | {Percent(b?.Chance)} | {Percent(b?.LetterMajority)} | " +
                          $"{(b == null ? "–" : Percent(b.TemplateMajority))} | {(b?.Knn is double k ? $"{Percent(k)} ({b.KnnEvaluated:N0})" : "–")} | " +
                          $"{Count(s.Duplicates.Records)}{(s.Duplicates.Conflicting > 0 ? $" ({Count(s.Duplicates.Conflicting)} conflicting)" : "")} | " +
                          $"{string.Join(", ", Flags(s, r.Settings))} |");
        }
        if (r.Scenes is { } sc)
        {
            sb.AppendLine().AppendLine($"## Scenes ({sc.Scenes:N0} given)").AppendLine();
            sb.AppendLine("| type | format | marked objects | measured | < 10 % | < 30 % | mask ÷ silhouette < 30 % | relation records | near records | near decisions |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in r.Streams.Where(s => s.Visibility != null || s.Near != null))
            {
                var v = s.Visibility;
                var n = s.Near;
                sb.AppendLine($"| {s.Type} | {s.Format} | {v?.Marked.ToString("N0") ?? "–"} | {v?.Measured.ToString("N0") ?? "–"} | " +
                              $"{(v == null ? "–" : Percent(Share(v.BelowVeryLow, v.Measured)))} | {(v == null ? "–" : Percent(Share(v.BelowLow, v.Measured)))} | " +
                              $"{(v == null ? "–" : Percent(Share(v.SilhouetteBelowLow, v.Measured)))} | {n?.Records.ToString("N0") ?? "–"} | " +
                              $"{(n == null ? "–" : Percent(n.RecordRate))} | {(n == null ? "–" : $"{Percent(n.DecisionRate)} of {n.Decisions:N0}")} |");
            }
            var unresolved = r.Streams.Select(s => s.Visibility).OfType<VisibilitySummary>().SelectMany(v => v.Unresolved)
                .GroupBy(kv => kv.Key).Select(g => (g.Key, g.Sum(kv => kv.Value))).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
            if (unresolved.Count > 0)
                sb.AppendLine().AppendLine("Marked objects not measured: " + string.Join("; ", unresolved.Select(u => $"{u.Key}: {u.Item2:N0}")) + ".");
            var worst = r.Streams.Select(s => s.Visibility).OfType<VisibilitySummary>().SelectMany(v => v.Worst.Take(1)).Take(15).ToList();
            if (worst.Count > 0)
            {
                sb.AppendLine().AppendLine("Least visible marked object per stream:").AppendLine();
                foreach (var w in worst) sb.AppendLine("- " + w);
            }
            var near = r.Streams.Select(s => s.Near).OfType<NearSummary>().SelectMany(n => n.Examples.Take(1)).Take(15).ToList();
            if (near.Count > 0)
            {
                sb.AppendLine().AppendLine("Closest decision to its cut-off per stream:").AppendLine();
                foreach (var n in near) sb.AppendLine("- " + n);
            }
            if (sc.Failures > 0)
            {
                sb.AppendLine().AppendLine($"**{sc.Failures} scene files or masks could not be read:**").AppendLine();
                foreach (var f in sc.FailureMessages) sb.AppendLine("- " + f);
            }
        }
        var dups = r.Streams.SelectMany(s => s.Duplicates.Examples.Take(2).Select(e => $"{s.Name}: {e}")).Take(10).ToList();
        if (dups.Count > 0)
        {
            sb.AppendLine().AppendLine("## Duplicate examples").AppendLine();
            foreach (var d in dups) sb.AppendLine("- " + d);
        }
        if (r.Problems.Count > 0)
        {
            sb.AppendLine().AppendLine("## Problems").AppendLine();
            foreach (var p in r.Problems) sb.AppendLine("- " + p);
        }
        return sb.ToString();
    }

    static string H(string s) => WebUtility.HtmlEncode(s);

    static string Html(AuditReport r, IReadOnlyList<Chart> charts)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>spar audit</title>");
        sb.AppendLine("<style>body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:90%}" +
                      "td,th{border:1px solid #ccc;padding:.25em .5em}td.n{text-align:right;font-variant-numeric:tabular-nums}td.flag{color:#b00}" +
                      "figure{margin:1em 0}svg{max-width:100%;height:auto}li{margin:.2em 0}</style></head><body>");
        sb.AppendLine($"<h1>spar audit</h1><p><code>{H(r.Root)}</code>: {r.Files:N0} files, {r.Records:N0} records, {r.Streams.Count} streams" +
                      (r.UnparseableLines > 0 ? $"; <strong>{r.UnparseableLines:N0} unparseable lines, not counted</strong>" : "") + ".</p>");
        sb.AppendLine($"<p>{H(Method)}</p><h2>Headline</h2><ul>");
        foreach (var line in Headline(r)) sb.AppendLine($"<li>{H(line)}</li>");
        sb.AppendLine("</ul>");
        foreach (var c in charts) sb.AppendLine($"<figure><a href=\"{c.Name}.png\">{Charts.InlineSvg(c)}</a></figure>");
        sb.AppendLine("<h2>Streams</h2><table><tr><th>type</th><th>format</th><th>records</th><th>top answer value</th><th>share</th><th>distinct</th>" +
                      "<th>balance</th><th>chance</th><th>letter maj.</th><th>template maj.</th><th>kNN</th><th>duplicates</th><th>flags</th></tr>");
        foreach (var s in r.Streams)
        {
            var b = s.Baselines;
            sb.AppendLine($"<tr><td>{H(s.Type)}</td><td>{H(s.Format)}</td><td class=\"n\">{s.Records:N0}</td><td>{H(Short(s.Answers.MajorityValue, 50))}</td>" +
                          $"<td class=\"n\">{Percent(s.Answers.MajorityShare)}</td><td class=\"n\">{(s.Answers.Distinct?.ToString("N0") ?? $">{r.Settings.AnswerCounters}")}</td>" +
                          $"<td>{H(Balance(s))}</td><td class=\"n\">{Percent(b?.Chance)}</td><td class=\"n\">{Percent(b?.LetterMajority)}</td>" +
                          $"<td class=\"n\">{(b == null ? "–" : Percent(b.TemplateMajority))}</td><td class=\"n\">{Percent(b?.Knn)}</td>" +
                          $"<td class=\"n\">{Count(s.Duplicates.Records)}</td><td class=\"flag\">{H(string.Join(", ", Flags(s, r.Settings)))}</td></tr>");
        }
        sb.AppendLine("</table>");
        if (r.Scenes != null)
        {
            sb.AppendLine("<h2>Scenes</h2><table><tr><th>type</th><th>format</th><th>marked</th><th>measured</th><th>&lt; 10 %</th><th>&lt; 30 %</th>" +
                          "<th>relation records</th><th>near records</th><th>near decisions</th></tr>");
            foreach (var s in r.Streams.Where(s => s.Visibility != null || s.Near != null))
            {
                var v = s.Visibility;
                var n = s.Near;
                sb.AppendLine($"<tr><td>{H(s.Type)}</td><td>{H(s.Format)}</td><td class=\"n\">{v?.Marked.ToString("N0") ?? "–"}</td><td class=\"n\">{v?.Measured.ToString("N0") ?? "–"}</td>" +
                              $"<td class=\"n\">{(v == null ? "–" : Percent(Share(v.BelowVeryLow, v.Measured)))}</td><td class=\"n\">{(v == null ? "–" : Percent(Share(v.BelowLow, v.Measured)))}</td>" +
                              $"<td class=\"n\">{n?.Records.ToString("N0") ?? "–"}</td><td class=\"n\">{(n == null ? "–" : Percent(n.RecordRate))}</td>" +
                              $"<td class=\"n\">{(n == null ? "–" : Percent(n.DecisionRate))}</td></tr>");
            }
            sb.AppendLine("</table>");
        }
        if (r.Problems.Count > 0)
        {
            sb.AppendLine("<h2>Problems</h2><ul>");
            foreach (var p in r.Problems) sb.AppendLine($"<li>{H(p)}</li>");
            sb.AppendLine("</ul>");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }
}
