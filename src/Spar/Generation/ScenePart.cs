using System.Text;
using System.Text.Json;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Generation;

/// <summary>What one scene contributed: counts per "type/format", rejected candidates per "type/format/reason", frames.</summary>
public sealed class SceneSummary
{
    public required string SceneId { get; init; }
    public required string Source { get; init; }
    public required string Split { get; init; }
    public int Frames { get; init; }
    public int FramesAnalysed { get; init; }
    /// <summary>Content hash of the scene.json the part was made from: a changed scene makes its part stale.</summary>
    public string SceneJsonHash { get; init; } = "";
    /// <summary>The scene's rank in the run (<see cref="SceneLetterRanks"/>): it decides some letters, so a part made
    /// for another scene list is stale too (-1: a part from before ranks were recorded).</summary>
    public int LetterRank { get; init; } = -1;
    public SortedDictionary<string, long> Counts { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Rejects { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A scene's committed output (the unit of resume and of sharding): line 1 is the JSON summary, then one line per
/// record, <c>type TAB format TAB record-json</c>, in stream order. Written atomically, so a file that exists is complete.
/// </summary>
public static class ScenePartFile
{
    public const string Extension = ".part";

    public static string PathFor(string partsDir, string source, string sceneId) => Path.Combine(partsDir, source, sceneId + Extension);

    public static void Write(string path, SceneSummary summary, ReadOnlySpan<byte> recordLines)
    {
        var header = Header(summary);
        var body = recordLines.ToArray();
        AtomicFile.Write(path, s => { s.Write(header); s.WriteByte((byte)'\n'); s.Write(body); });
    }

    static byte[] Header(SceneSummary s)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("scene", s.SceneId);
            w.WriteString("source", s.Source);
            w.WriteString("split", s.Split);
            w.WriteNumber("frames", s.Frames);
            w.WriteNumber("frames_analysed", s.FramesAnalysed);
            w.WriteString("scene_json_sha256", s.SceneJsonHash);
            w.WriteNumber("letter_rank", s.LetterRank);
            WriteMap(w, "counts", s.Counts);
            WriteMap(w, "rejects", s.Rejects);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    static void WriteMap(Utf8JsonWriter w, string name, SortedDictionary<string, long> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map) w.WriteNumber(k, v);
        w.WriteEndObject();
    }

    public static SceneSummary ReadSummary(string path)
    {
        using var reader = JsonlLineReader.Open(path);
        if (!reader.TryReadLine(out var line)) throw new SparException($"{path}: empty part file");
        return ParseHeader(line, path);
    }

    static SceneSummary ParseHeader(ReadOnlySpan<byte> line, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            return new SceneSummary
            {
                SceneId = root.GetProperty("scene").GetString()!,
                Source = root.GetProperty("source").GetString()!,
                Split = root.GetProperty("split").GetString()!,
                Frames = root.GetProperty("frames").GetInt32(),
                FramesAnalysed = root.GetProperty("frames_analysed").GetInt32(),
                SceneJsonHash = root.TryGetProperty("scene_json_sha256", out var h) ? h.GetString() ?? "" : "",
                LetterRank = root.TryGetProperty("letter_rank", out var lr) ? lr.GetInt32() : -1,
                Counts = Map(root.GetProperty("counts")),
                Rejects = Map(root.GetProperty("rejects")),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SparException($"{path}:1: damaged part file header: {(e is JsonException j ? JsonErrors.Reason(j) : e.Message)}", e);
        }
    }

    static SortedDictionary<string, long> Map(JsonElement e)
    {
        var m = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject()) m[p.Name] = p.Value.GetInt64();
        return m;
    }

    /// <summary>Streams the record lines: (type, format, record JSON bytes without newline).</summary>
    public static IEnumerable<(string Type, string Format, byte[] Json)> ReadRecords(string path)
    {
        using var reader = JsonlLineReader.Open(path);
        if (!reader.TryReadLine(out _)) yield break;
        while (true)
        {
            string type, format; byte[] json;
            if (!reader.TryReadLine(out var line)) yield break;
            if (line.IsEmpty) continue;
            int t1 = line.IndexOf((byte)'\t');
            int t2 = t1 < 0 ? -1 : line[(t1 + 1)..].IndexOf((byte)'\t');
            if (t1 < 0 || t2 < 0) throw new SparException($"{path}:{reader.LineNumber}: damaged part file line (expected type, format and record separated by tabs)");
            type = Encoding.UTF8.GetString(line[..t1]);
            format = Encoding.UTF8.GetString(line.Slice(t1 + 1, t2));
            json = line[(t1 + t2 + 2)..].ToArray();
            yield return (type, format, json);
        }
    }
}
