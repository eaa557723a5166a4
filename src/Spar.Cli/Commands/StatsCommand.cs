using System.CommandLine;
using System.Text.Json;
using Spar.Dataset;
using Spectre.Console;

namespace Spar.Cli.Commands;

internal static class StatsCommand
{
    public static Command Create()
    {
        var root = CommonOptions.TreeRoot();
        var sources = CommonOptions.Sources();
        var splits = new Option<string[]>("--split") { Description = "Splits to count (default: all)", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var threads = CommonOptions.Threads();
        var cmd = new Command("stats", "Counts by source × task × format, level and view; select letter balance; images per record")
        {
            root, sources, splits, json, threads,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var tree = CommonOptions.OpenTree(p, root);
            var stats = ProgressView.Run(p.InvocationConfiguration.Error, "stats", progress => DatasetStats.Compute(tree,
                CommonOptions.NullIfEmpty(p.GetValue(sources)), CommonOptions.NullIfEmpty(p.GetValue(splits)), p.GetValue(threads), progress, cancel));
            var output = p.InvocationConfiguration.Output;
            // Lines that are no record are left out of every count: named (the first few) on stderr, counted, exit 1.
            int Skipped()
            {
                if (stats.UnparseableLines == 0) return 0;
                var err = p.InvocationConfiguration.Error;
                foreach (var example in stats.UnparseableExamples) err.WriteLine($"error: {Path.Combine(tree.Root, example)}");
                err.WriteLine($"{stats.UnparseableLines:N0} unparseable line(s) skipped, not counted in any table" +
                              (stats.UnparseableLines > stats.UnparseableExamples.Count ? $" (first {stats.UnparseableExamples.Count} shown)" : "") +
                              "; run spar validate for every problem");
                return 1;
            }
            if (p.GetValue(json))
            {
                output.WriteLine(StatsJson.Serialize(stats));
                return Skipped();
            }
            var console = Render.Console(output);
            var rows = new Table().Title("records").AddColumns("source", "split", "task", "format", "records");
            foreach (var r in stats.Rows) rows.AddRow(r.Source, r.Split, r.Task, r.Format, r.Records.ToString("N0"));
            console.Write(rows);
            console.Write(Pairs("level", stats.ByLevel, stats.Records));
            console.Write(Pairs("view", stats.ByView, stats.Records));
            long selects = stats.SelectLetters.Values.Sum();
            console.Write(Pairs("select answer letter", stats.SelectLetters, selects));
            console.Write(Pairs("images per record", stats.ImagesPerRecord.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), stats.Records));
            console.WriteLine($"{stats.Files:N0} files, {stats.Records:N0} records, {stats.Bytes / 1e6:F1} MB" +
                              (stats.UnparseableLines > 0 ? $", plus {stats.UnparseableLines:N0} unparseable lines, not counted in any table (run spar validate)" : ""));
            return Skipped();
        });
        return cmd;
    }

    static Table Pairs(string title, IReadOnlyDictionary<string, long> counts, long total)
    {
        var t = new Table().Title(title).AddColumns(title, "records", "share");
        foreach (var (k, v) in counts) t.AddRow(k, v.ToString("N0"), total == 0 ? "-" : $"{100.0 * v / total:F2} %");
        return t;
    }
}

static class StatsJson
{
    public static string Serialize(DatasetStats s)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("files", s.Files);
            w.WriteNumber("records", s.Records);
            w.WriteNumber("bytes", s.Bytes);
            w.WriteNumber("unparseable_lines", s.UnparseableLines);
            w.WriteStartArray("rows");
            foreach (var r in s.Rows)
            {
                w.WriteStartObject();
                w.WriteString("source", r.Source);
                w.WriteString("split", r.Split);
                w.WriteString("task", r.Task);
                w.WriteString("format", r.Format);
                w.WriteNumber("records", r.Records);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Map(w, "by_level", s.ByLevel);
            Map(w, "by_view", s.ByView);
            Map(w, "select_letters", s.SelectLetters);
            Map(w, "images_per_record", s.ImagesPerRecord.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> d)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in d) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}
