using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spar.Dataset;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(QaRecord))]
[JsonSerializable(typeof(Turn))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal partial class SparJsonContext : JsonSerializerContext;

/// <summary>Serializer settings shared by every spar writer: compact, UTF-8 kept as is (SPAR's files are not ASCII-escaped).</summary>
public static class SparJson
{
    public static readonly JsonSerializerOptions Options = new(SparJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly SparJsonContext Context = new(Options);

    internal static System.Text.Json.Serialization.Metadata.JsonTypeInfo<QaRecord> Record => Context.QaRecord;

    public static QaRecord ParseRecord(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var record = JsonSerializer.Deserialize(ref reader, Record) ?? throw new JsonException("record is null");
        // The official loader's json.loads(line) refuses more content after the record ("Extra data"); so does spar.
        var rest = utf8[(int)reader.BytesConsumed..];
        int extra = rest.IndexOfAnyExcept(" \t\r\n"u8);
        if (extra >= 0) throw new JsonException($"more content after the record at byte {reader.BytesConsumed + extra} (json.loads: Extra data)");
        return record;
    }

    public static byte[] SerializeRecord(QaRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, Record);

    public static void WriteRecord(Utf8JsonWriter writer, QaRecord record) => JsonSerializer.Serialize(writer, record, Record);
}
