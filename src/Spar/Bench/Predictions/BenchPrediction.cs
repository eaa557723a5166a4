using System.Text.Json;
using Spar.Dataset;

namespace Spar.Bench.Predictions;

public enum PredictionStatus { Ok, Failed }

/// <summary>
/// One line of spar's predictions JSONL (docs/bench.md "Predictions file"):
/// <c>{"id", "task", "prediction", "status": "ok"|"failed", "error", "model", "latency_ms"}</c>.
/// <see cref="Prediction"/> is the model's raw text, unstripped: scorers apply their own cleaning.
/// </summary>
public sealed record BenchPrediction(
    long Id,
    string? Task,
    string Prediction,
    PredictionStatus Status = PredictionStatus.Ok,
    string? Error = null,
    string? Model = null,
    double? LatencyMs = null)
{
    public bool IsOk => Status == PredictionStatus.Ok;
}

/// <summary>Reads and writes <see cref="BenchPrediction"/> lines; the runner appends with <see cref="ToJsonLine"/>.</summary>
public static class BenchPredictionJson
{
    /// <summary>The line's UTF-8 bytes, newline included, ready for a single append.</summary>
    public static byte[] ToJsonLine(BenchPrediction p)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SparJson.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteNumber("id", p.Id);
            if (p.Task is not null) w.WriteString("task", p.Task);
            w.WriteString("prediction", p.Prediction);
            w.WriteString("status", p.IsOk ? "ok" : "failed");
            if (p.Error is not null) w.WriteString("error", p.Error);
            if (p.Model is not null) w.WriteString("model", p.Model);
            if (p.LatencyMs is double ms) w.WriteNumber("latency_ms", ms);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Parses one line; null with a reason when it is not a prediction object.</summary>
    public static BenchPrediction? TryParse(ReadOnlySpan<byte> line, out string? problem)
    {
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problem = "expected a JSON object"; return null; }
            long id;
            if (!root.TryGetProperty("id", out var idEl)) { problem = "missing field 'id'"; return null; }
            if (idEl.ValueKind == JsonValueKind.Number && idEl.TryGetInt64(out id)) { }
            else if (idEl.ValueKind == JsonValueKind.String && long.TryParse(idEl.GetString(), out id)) { }
            else { problem = "'id' is not an integer"; return null; }

            var status = PredictionStatus.Ok;
            if (root.TryGetProperty("status", out var st) && st.ValueKind == JsonValueKind.String)
            {
                switch (st.GetString())
                {
                    case "ok": break;
                    case "failed": status = PredictionStatus.Failed; break;
                    case var other: problem = $"'status' must be \"ok\" or \"failed\", not \"{other}\""; return null;
                }
            }
            string? prediction = root.TryGetProperty("prediction", out var pr) && pr.ValueKind == JsonValueKind.String ? pr.GetString() : null;
            if (prediction is null && status == PredictionStatus.Ok) { problem = "missing string field 'prediction'"; return null; }
            return new BenchPrediction(id, Str(root, "task"), prediction ?? "", status, Str(root, "error"), Str(root, "model"),
                root.TryGetProperty("latency_ms", out var ms) && ms.ValueKind == JsonValueKind.Number ? ms.GetDouble() : null);
        }
        catch (JsonException e)
        {
            problem = "invalid JSON (" + e.Message + ")";
            return null;
        }
    }

    static string? Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
