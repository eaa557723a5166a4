using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Spar.Bench.Run;

/// <summary>
/// One line of a predictions file: the final state of one attempt to answer one item.
/// <c>{"id":…,"task":…,"prediction":…,"status":"ok"|"failed","error":…,"model":…,"endpoint":…,"latency_ms":…,"attempts":…}</c>;
/// <c>prediction</c> is null when failed, <c>error</c> null when ok, <c>endpoint</c> null for offline models.
/// </summary>
public sealed record PredictionLine(
    long Id, string Task, string? Prediction, bool Ok, string? Error, string Model, string? Endpoint, long LatencyMs, int Attempts)
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Status => Ok ? "ok" : "failed";

    public static PredictionLine From(BenchItem item, string model, ModelAnswer answer) =>
        new(item.Id, item.Task, answer.Ok ? answer.Prediction ?? "" : null, answer.Ok, answer.Error, model,
            answer.Endpoint, answer.LatencyMs, answer.Attempts);

    /// <summary>The UTF-8 line including its final <c>\n</c>; strings are escaped, so it never contains another newline.</summary>
    public byte[] ToUtf8Line()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (Prediction?.Length ?? 0) * 2 + (Error?.Length ?? 0) * 2);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("id", Id);
            w.WriteString("task", Task);
            w.WriteString("prediction", Prediction);
            w.WriteString("status", Status);
            w.WriteString("error", Error);
            w.WriteString("model", Model);
            w.WriteString("endpoint", Endpoint);
            w.WriteNumber("latency_ms", LatencyMs);
            w.WriteNumber("attempts", Attempts);
            w.WriteEndObject();
        }
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>Parses one line (without its newline). Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static PredictionLine Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            doc = JsonDocument.ParseValue(ref reader);
            if (reader.Read()) throw new FormatException("text after the JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException("not valid JSON: " + e.Message, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("not a JSON object");
            var status = RequiredString(root, "status");
            if (status is not ("ok" or "failed")) throw new FormatException($"status '{status}' is neither ok nor failed");
            if (!root.TryGetProperty("id", out var id) || !id.TryGetInt64(out long idValue))
                throw new FormatException("missing or non-integer \"id\"");
            return new PredictionLine(idValue, RequiredString(root, "task"), OptionalString(root, "prediction"), status == "ok",
                OptionalString(root, "error"), RequiredString(root, "model"), OptionalString(root, "endpoint"),
                root.TryGetProperty("latency_ms", out var l) && l.TryGetInt64(out long ms) ? ms : 0,
                root.TryGetProperty("attempts", out var a) && a.TryGetInt32(out int n) ? n : 0);
        }
    }

    static string RequiredString(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FormatException($"missing or non-string \"{name}\"");

    static string? OptionalString(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
