using System.Buffers;
using System.Text.Json;
using Spar.Catalog;

namespace Spar.Dataset;

/// <summary>
/// Reads one JSONL line for <c>validate</c>: the line must be what the official <c>json.loads(line)</c> accepts (one value,
/// nothing after it) and must fit the record shape. <c>NaN</c>/<c>Infinity</c> pass json.loads, so they are read, and each is
/// reported by field path (an error in a field spar knows, a warning elsewhere) instead of failing the whole line.
/// </summary>
public static class RecordLine
{
    /// <summary>The record fields spar reads (format.md §2); a non-finite number elsewhere is only a warning.</summary>
    static readonly HashSet<string> KnownFields = new(
        ["id", "conversations", "image", "type", "depth", MarkerFields.PointImageIndex, MarkerFields.BoxImageIndex, MarkerFields.PointList,
            MarkerFields.BoxList, .. MarkerFields.Singles.Select(s => s.Name)], StringComparer.Ordinal);

    /// <summary>The record, or null with an <c>invalid-json</c> / <c>field-type</c> issue; non-finite literals are added as issues.</summary>
    public static QaRecord? Parse(ReadOnlySpan<byte> line, List<RecordIssue> issues)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            var record = JsonSerializer.Deserialize(ref reader, SparJson.Record);
            if (record != null && line[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty) return record;
        }
        catch (JsonException)
        {
            // Fall through: the json.loads check below says whether the line or only its shape is wrong.
        }

        if (!PythonJsonLine.Accepts(line, out var error, out var literals))
        {
            issues.Add(new(Severity.Error, "invalid-json", error));
            return null;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(line.Length);
        try
        {
            var readable = literals.Count > 0 ? PythonJsonLine.Blank(line, literals, buffer) : line;
            foreach (var (path, field, literal) in PathsOf(readable, literals))
                issues.Add(KnownFields.Contains(field)
                    ? new(Severity.Error, "non-finite", $"\"{path}\" is {literal}: json.loads reads it, but it is not a usable number")
                    : new(Severity.Warning, "non-finite", $"\"{path}\" is {literal} (a field spar does not check)"));
            try
            {
                var reader = new Utf8JsonReader(readable, new JsonReaderOptions { MaxDepth = 1000 });
                return JsonSerializer.Deserialize(ref reader, SparJson.Record) ?? throw new JsonException("the line is null, not a record object");
            }
            catch (JsonException e)
            {
                issues.Add(new(Severity.Error, "field-type", $"valid JSON but not a SPAR record: {FirstSentence(e.Message)}"));
                return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The JSON path (<c>red_point[0][1]</c>) and top-level field of each blanked literal.</summary>
    static List<(string Path, string Field, string Literal)> PathsOf(ReadOnlySpan<byte> blanked, IReadOnlyList<NonFiniteLiteral> literals)
    {
        var found = new List<(string, string, string)>();
        if (literals.Count == 0) return found;
        var byOffset = literals.ToDictionary(l => l.Offset);
        var stack = new List<(bool IsArray, string Name, int Index)>();
        var reader = new Utf8JsonReader(blanked, new JsonReaderOptions { MaxDepth = 1000 });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    stack[^1] = (false, reader.GetString() ?? "", 0);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.RemoveAt(stack.Count - 1);
                    break;
                default:
                    if (stack.Count > 0 && stack[^1].IsArray) stack[^1] = stack[^1] with { Index = stack[^1].Index + 1 };
                    if (reader.TokenType == JsonTokenType.Number && byOffset.TryGetValue((int)reader.TokenStartIndex, out var literal))
                        found.Add((Path(stack), stack.Count > 0 ? stack[0].Name : "", literal.Text));
                    if (reader.TokenType is JsonTokenType.StartObject) stack.Add((false, "", 0));
                    else if (reader.TokenType is JsonTokenType.StartArray) stack.Add((true, "", -1));
                    break;
            }
        }
        return found;
    }

    static string Path(List<(bool IsArray, string Name, int Index)> stack) =>
        string.Concat(stack.Select((f, i) => f.IsArray ? $"[{f.Index}]" : i == 0 ? f.Name : "." + f.Name));

    static string FirstSentence(string message)
    {
        int i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return i > 0 ? message[..i].TrimEnd() : message;
    }
}
