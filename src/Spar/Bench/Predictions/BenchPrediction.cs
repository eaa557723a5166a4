using System.Buffers;
using System.Text.Json;
using Spar.Dataset;

namespace Spar.Bench.Predictions;

public enum PredictionStatus { Ok, Failed }

/// <summary>
/// One line of spar's predictions JSONL, written by <c>spar bench run</c> and read by <c>spar bench score</c>
/// (docs/bench-run.md "Predictions file", docs/bench.md "Predictions"):
/// <c>{"id","task","prediction","status":"ok"|"failed","error","model","endpoint","latency_ms","attempts"}</c>.
/// <see cref="Prediction"/> is the model's raw text, unstripped (scorers apply their own cleaning); the runner leaves it
/// null when failed. <see cref="Endpoint"/> is null for offline models; imported predictions carry only id, task and text.
/// </summary>
public sealed record BenchPrediction(
    long Id,
    string? Task,
    string? Prediction,
    PredictionStatus Status = PredictionStatus.Ok,
    string? Error = null,
    string? Model = null,
    double? LatencyMs = null,
    string? Endpoint = null,
    int? Attempts = null)
{
    public bool IsOk => Status == PredictionStatus.Ok;
}

/// <summary>
/// The one reader and writer of <see cref="BenchPrediction"/> lines: the runner appends with <see cref="ToJsonLine"/>
/// and resumes with <see cref="TryParse"/>, the scorer reads with <see cref="TryParse"/>.
/// </summary>
public static class BenchPredictionJson
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = SparJson.Options.Encoder };

    /// <summary>
    /// The line's UTF-8 bytes, newline included, ready for a single append. Every field is written (null when absent),
    /// and strings are escaped, so the line never contains another newline.
    /// </summary>
    public static byte[] ToJsonLine(BenchPrediction p)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (p.Prediction?.Length ?? 0) * 2 + (p.Error?.Length ?? 0) * 2);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("id", p.Id);
            w.WriteString("task", p.Task);
            w.WriteString("prediction", p.Prediction);
            w.WriteString("status", p.IsOk ? "ok" : "failed");
            w.WriteString("error", p.Error);
            w.WriteString("model", p.Model);
            w.WriteString("endpoint", p.Endpoint);
            if (p.LatencyMs is double ms) w.WriteNumber("latency_ms", ms); else w.WriteNull("latency_ms");
            if (p.Attempts is int n) w.WriteNumber("attempts", n); else w.WriteNull("attempts");
            w.WriteEndObject();
        }
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>
    /// Parses one line (without its newline); null with a reason when it is not a prediction object.
    /// <paramref name="requireRunFields"/> also demands the string fields a run always writes (<c>status</c>, <c>task</c>,
    /// <c>model</c>): a resumed run must not guess them; the scorer accepts hand-made files without them.
    /// </summary>
    public static BenchPrediction? TryParse(ReadOnlySpan<byte> line, out string? problem, bool requireRunFields = false)
    {
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            // Two objects on one line would otherwise lose the second silently.
            if (reader.Read()) { problem = "text after the JSON object"; return null; }
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problem = "expected a JSON object"; return null; }
            long id;
            if (!root.TryGetProperty("id", out var idEl)) { problem = "missing field 'id'"; return null; }
            if (idEl.ValueKind == JsonValueKind.Number && idEl.TryGetInt64(out id)) { }
            else if (idEl.ValueKind == JsonValueKind.String && long.TryParse(idEl.GetString(), out id)) { }
            else { problem = "'id' is not an integer"; return null; }

            if (WrongType(root, "task", "prediction", "status", "model") is { } wrong) { problem = wrong; return null; }
            if (requireRunFields && MissingString(root, "status", "task", "model") is { } missing)
            {
                problem = $"missing string field '{missing}'";
                return null;
            }
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
            string? prediction = Str(root, "prediction");
            if (prediction is null && status == PredictionStatus.Ok) { problem = "missing string field 'prediction'"; return null; }
            return new BenchPrediction(id, Str(root, "task"), prediction, status, Str(root, "error"), Str(root, "model"),
                root.TryGetProperty("latency_ms", out var ms) && ms.ValueKind == JsonValueKind.Number ? ms.GetDouble() : null,
                Str(root, "endpoint"),
                root.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out int n) ? n : null);
        }
        catch (JsonException e)
        {
            problem = "invalid JSON (" + Util.JsonErrors.AtColumn(e) + ")";
            return null;
        }
    }

    /// <summary>
    /// A field that is present but neither a string nor null: an error saying what it was, rather than "missing"
    /// (a model answering <c>12.5</c> as a JSON number must be told to quote it, not that the field is absent).
    /// </summary>
    static string? WrongType(JsonElement root, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind is JsonValueKind.String or JsonValueKind.Null) continue;
            var raw = v.GetRawText();
            if (raw.Length > 40) raw = raw[..40] + "…";
            return $"'{name}' must be a string, not {Kind(v.ValueKind)} ({raw})";
        }
        return null;
    }

    static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString(),
    };

    static string? MissingString(JsonElement root, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
            if (Str(root, name) is null) return name;
        return null;
    }

    static string? Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
