using System.Text.Json;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Predictions;

/// <summary>
/// Imports lmms-eval's <c>--log_samples</c> output: the JSONL form (one sample per line) and the older JSON form
/// (<c>{"logs": [...]}</c>). The id is the SPAR-Bench <c>id</c> kept in the sample (<c>sparbench_score.id</c> or
/// <c>doc.id</c>), else <c>doc_id</c> (the row position, which equals the id unless the docs were shuffled). The
/// prediction is <c>filtered_resps[0]</c>, else <c>resps[0][0]</c>, unstripped.
/// </summary>
public static class LmmsEvalSamples
{
    public static IEnumerable<LocatedPrediction> Read(string path)
    {
        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
            catch (JsonException e) { throw new SparException($"{Util.JsonErrors.InFile(path, e)} (invalid JSON)", e); }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("logs", out var logs) || logs.ValueKind != JsonValueKind.Array)
                    throw new SparException($"{path}: not an lmms-eval samples file (expected an object with a 'logs' list)");
                int n = 0;
                var result = new List<LocatedPrediction>();
                foreach (var entry in logs.EnumerateArray())
                    result.Add(Convert(entry, $"{path}: logs[{n++}]"));
                if (result.Count == 0) throw new SparException($"{path}: 'logs' is empty");
                foreach (var r in result) yield return r;
            }
            yield break;
        }

        using var lines = JsonlLineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            string where = $"{path}:{lines.LineNumber}";
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line.ToArray()); }
            catch (JsonException e) { throw new SparException($"{where}: invalid JSON: {Util.JsonErrors.AtColumn(e)}", e); }
            using (doc) yield return Convert(doc.RootElement, where);
        }
    }

    static LocatedPrediction Convert(JsonElement entry, string where)
    {
        if (entry.ValueKind != JsonValueKind.Object) throw new SparException($"{where}: expected a JSON object");
        var score = Child(entry, "sparbench_score");
        var doc = Child(entry, "doc");
        long? id = Int(score, "id") ?? Int(doc, "id") ?? Int(entry, "doc_id");
        if (id is null) throw new SparException($"{where}: no 'doc_id' (nor sparbench_score.id / doc.id)");
        string? task = Str(score, "task") ?? Str(doc, "task");
        string? prediction = FirstString(entry, "filtered_resps") ?? FirstString(entry, "resps")
            ?? Str(score, "prediction");
        if (prediction is null) throw new SparException($"{where}: no model response ('filtered_resps' or 'resps')");
        return new LocatedPrediction(new BenchPrediction(id.Value, task, prediction), where);
    }

    static JsonElement? Child(JsonElement e, string name) =>
        e.TryGetProperty(name, out var c) && c.ValueKind == JsonValueKind.Object ? c : null;

    static long? Int(JsonElement? e, string name) =>
        e is { } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) ? x : null;

    static string? Str(JsonElement? e, string name) =>
        e is { } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The first string inside a (possibly nested) list: <c>["x"]</c> or <c>[["x"]]</c>.</summary>
    static string? FirstString(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        while (v.ValueKind == JsonValueKind.Array)
        {
            if (v.GetArrayLength() == 0) return null;
            v = v[0];
        }
        return v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
