using System.Text.Json;
using System.Text.RegularExpressions;

namespace Spar.Util;

/// <summary>
/// A <see cref="JsonException"/> in spar's words: the reason without the reader's 0-based
/// "Path: … | LineNumber: 0 | BytePositionInLine: 13" suffix and without .NET type names, placed at 1-based positions
/// (<c>file:line:column: reason</c>, the column counted in bytes as the reader counts). Every place that shows a JSON
/// error to the user goes through here.
/// </summary>
public static partial class JsonErrors
{
    /// <summary>What is wrong, with the JSON path of the value when the reader knows it.</summary>
    public static string Reason(JsonException e)
    {
        var text = Suffix().Replace(e.Message, "").Trim();
        var converted = NotConverted().Match(text);
        if (converted.Success) text = $"wrong type: expected {Friendly(converted.Groups[1].Value)}";
        text = TypeName().Replace(text, m => Friendly(m.Value));
        text = text.TrimEnd('.');
        return e.Path is { Length: > 1 } path ? $"{text} (at {path})" : text;
    }

    /// <summary><c>file:line:column: reason</c> for a whole JSON document (scene.json, an index or mix file, a report run).</summary>
    public static string InFile(string file, JsonException e) =>
        e.LineNumber is { } line ? $"{file}:{line + 1}:{(e.BytePositionInLine ?? 0) + 1}: {Reason(e)}" : $"{file}: {Reason(e)}";

    /// <summary>
    /// A whole JSON file parsed, every failure a <see cref="SparException"/> naming the file: unreadable
    /// (<c>file: cannot read: …</c>) or malformed (<c>file:line:column: reason (invalid JSON)</c>). The one reader of
    /// the importers' annotation files, so each source's errors read alike.
    /// </summary>
    public static JsonDocument ParseFile(string path, bool allowTrailingCommas = false)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read: {e.Message}", e); }
        try { return JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = allowTrailingCommas }); }
        catch (JsonException e)
        { throw new SparException($"{InFile(path, e)} (invalid JSON)", e); }
    }

    /// <summary>
    /// <c>file:line:column: reason</c> for one line of a JSONL file parsed on its own, <paramref name="fileLine"/> being
    /// the line's 1-based number in the file.
    /// </summary>
    public static string InLine(string file, long fileLine, JsonException e) => $"{file}:{fileLine}:{Column(e)}: {Reason(e)}";

    /// <summary><c>column C: reason</c>, for messages that already name the file and line.</summary>
    public static string AtColumn(JsonException e) => $"column {Column(e)}: {Reason(e)}";

    static long Column(JsonException e) => (e.BytePositionInLine ?? 0) + 1;

    static string Friendly(string typeName)
    {
        var t = typeName.TrimEnd('.');
        if (t.Contains("List`") || t.Contains("[]") || t.Contains("IEnumerable")) return "a list";
        if (t.Contains("Dictionary")) return "an object";
        return t switch
        {
            "System.String" => "a string",
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" or "System.UInt64" or "System.Int16" or "System.Byte" => "an integer",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex Suffix();

    [GeneratedRegex(@"^The JSON value could not be converted to (\S+?)\.?$")]
    private static partial Regex NotConverted();

    [GeneratedRegex(@"\b(System|Spar)\.[\w.`\[\],]+")]
    private static partial Regex TypeName();
}
