using System.Text;

namespace Spar.Tests.Dataset;

/// <summary>Writes small SPAR-7M trees for tests: records as JSON text, images as tiny files.</summary>
sealed class TreeBuilder(string root)
{
    public string Root { get; } = root;

    public static string Record(string id, string type, string question, string answer, string[] images, string markers = "") =>
        $$"""{"id": "{{id}}", "conversations": [{"from": "human", "value": {{Json(question)}}}, {"from": "gpt", "value": {{Json(answer)}}}], "image": [{{string.Join(", ", images.Select(Json))}}], "type": "{{type}}"{{(markers.Length > 0 ? ", " + markers : "")}}}""";

    static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    public string File(string source, string split, string task, string format, string name, string content)
    {
        var path = Path.Combine(Root, source, "qa_jsonl", split, task, format, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public string Lines(string source, string split, string task, string format, params string[] records) =>
        File(source, split, task, format, $"{format}_{records.Length}.jsonl", string.Concat(records.Select(r => r + "\n")));

    public void Image(string source, string rel)
    {
        var path = Path.Combine(Root, source, "images", rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF]);
    }
}
