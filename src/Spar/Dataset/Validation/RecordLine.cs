using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Spar.Catalog;
using Spar.PythonCompat;

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

    /// <summary>
    /// The record, or null with an <c>invalid-json</c> / <c>invalid-utf8</c> / <c>lone-surrogate</c> / <c>field-type</c> issue;
    /// non-finite literals and lone surrogates in fields spar does not check are added as issues.
    /// </summary>
    public static QaRecord? Parse(ReadOnlySpan<byte> line, List<RecordIssue> issues)
    {
        try
        {
            // The common path: one deserializer pass plus vectorized scans. Unknown fields are kept as JsonElement, which
            // checks neither UTF-8 nor surrogate pairs, so those two are checked here (a line that fails goes the slow way).
            var reader = new Utf8JsonReader(line);
            var record = JsonSerializer.Deserialize(ref reader, SparJson.Record);
            if (record != null && line[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty && Utf8.IsValid(line) && !MayHaveSurrogateEscape(line))
                return record;
        }
        catch (JsonException)
        {
            // Fall through: the json.loads check below says whether the line or only its shape is wrong.
        }

        if (!PythonJsonLine.Accepts(line, out var kind, out var error, out var literals))
        {
            issues.Add(new(Severity.Error, kind, error));
            return null;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(line.Length);
        try
        {
            var readable = literals.Count > 0 ? PythonJsonLine.Blank(line, literals, buffer) : line;
            bool unusableText = false;
            foreach (var (path, field, finding) in Findings(readable, literals))
            {
                // A key with a lone surrogate cannot even be kept as an unknown field: always an error.
                bool known = KnownFields.Contains(field) || finding == LoneSurrogateKey;
                if (finding is LoneSurrogate or LoneSurrogateKey)
                {
                    unusableText |= known;
                    issues.Add(known
                        ? new(Severity.Error, "lone-surrogate", $"\"{path}\" has a lone surrogate escape (\\ud800–\\udfff without its pair): json.loads reads it, but it is not Unicode text and cannot be encoded as UTF-8 for training")
                        : new(Severity.Warning, "lone-surrogate", $"\"{path}\" has a lone surrogate escape (a field spar does not check; it cannot be encoded as UTF-8)"));
                }
                else
                {
                    issues.Add(known
                        ? new(Severity.Error, "non-finite", $"\"{path}\" is {finding}: json.loads reads it, but it is not a usable number")
                        : new(Severity.Warning, "non-finite", $"\"{path}\" is {finding} (a field spar does not check)"));
                }
            }
            if (unusableText)
            {
                // Move the first such error last: the caller reports the last issue as why the record is invalid.
                int i = issues.FindIndex(x => x.Kind == "lone-surrogate" && x.Severity == Severity.Error);
                var why = issues[i];
                issues.RemoveAt(i);
                issues.Add(why);
                return null;
            }
            try
            {
                var reader = new Utf8JsonReader(readable, new JsonReaderOptions { MaxDepth = 1000 });
                return JsonSerializer.Deserialize(ref reader, SparJson.Record) ?? throw new JsonException("the line is null, not a record object");
            }
            catch (JsonException e)
            {
                issues.Add(new(Severity.Error, "field-type", $"valid JSON but not a SPAR record: {Util.JsonErrors.Reason(e)}"));
                return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    const string LoneSurrogate = "lone surrogate";
    const string LoneSurrogateKey = "lone surrogate in a key";

    /// <summary>An escape <c>\uD…</c> (either case) may start a surrogate; a false hit only sends the line the slow way.</summary>
    static bool MayHaveSurrogateEscape(ReadOnlySpan<byte> line) => line.IndexOf("\\ud"u8) >= 0 || line.IndexOf("\\uD"u8) >= 0;

    /// <summary>
    /// The JSON path (<c>red_point[0][1]</c>) and top-level field of each blanked literal (named by its text) and of each
    /// string or key with a lone surrogate escape (<see cref="LoneSurrogate"/>).
    /// </summary>
    static List<(string Path, string Field, string Finding)> Findings(ReadOnlySpan<byte> blanked, IReadOnlyList<NonFiniteLiteral> literals)
    {
        var found = new List<(string, string, string)>();
        var byOffset = literals.ToDictionary(l => l.Offset);
        var stack = new List<(bool IsArray, string Name, int Index)>();
        var reader = new Utf8JsonReader(blanked, new JsonReaderOptions { MaxDepth = 1000 });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = TryGetText(ref reader);
                    stack[^1] = (false, name ?? Encoding.UTF8.GetString(reader.ValueSpan), 0);
                    if (name == null) found.Add((Path(stack), stack[0].Name, LoneSurrogateKey));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.RemoveAt(stack.Count - 1);
                    break;
                default:
                    if (stack.Count > 0 && stack[^1].IsArray) stack[^1] = stack[^1] with { Index = stack[^1].Index + 1 };
                    if (reader.TokenType == JsonTokenType.Number && byOffset.TryGetValue((int)reader.TokenStartIndex, out var literal))
                        found.Add((Path(stack), stack.Count > 0 ? stack[0].Name : "", literal.Text));
                    if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && TryGetText(ref reader) == null)
                        found.Add((Path(stack), stack.Count > 0 ? stack[0].Name : "", LoneSurrogate));
                    if (reader.TokenType is JsonTokenType.StartObject) stack.Add((false, "", 0));
                    else if (reader.TokenType is JsonTokenType.StartArray) stack.Add((true, "", -1));
                    break;
            }
        }
        return found;
    }

    /// <summary>The string, or null when its escapes decode to a lone surrogate (the reader refuses to make such a string).</summary>
    static string? TryGetText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.GetString();
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    static string Path(List<(bool IsArray, string Name, int Index)> stack) =>
        string.Concat(stack.Select((f, i) => f.IsArray ? $"[{f.Index}]" : i == 0 ? f.Name : "." + f.Name));
}
