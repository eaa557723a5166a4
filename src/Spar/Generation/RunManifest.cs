using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Spar.Util;

namespace Spar.Generation;

/// <summary>What a generate run (or one shard of it) did; shards' stats are summed by merge.</summary>
public sealed record ShardStats
{
    public required string Shard { get; init; }
    /// <summary><see cref="ShardSpec.Roster"/> of the scene list this shard was cut from (null: a shard manifest older than ranked sharding).</summary>
    public string? Roster { get; init; }
    public required IReadOnlyList<string> Inputs { get; init; }
    public int Scenes { get; init; }
    public int ScenesResumed { get; init; }
    public long FramesAnalysed { get; init; }
    public long Records { get; init; }
    public double WallSeconds { get; init; }
    public SortedDictionary<string, double> StageSeconds { get; init; } = new(StringComparer.Ordinal);

    public byte[] ToJson() => RunManifest.Json(w =>
    {
        w.WriteString("shard", Shard);
        if (Roster is not null) w.WriteString("roster", Roster);
        w.WriteStartArray("inputs");
        foreach (var i in Inputs) w.WriteStringValue(i);
        w.WriteEndArray();
        w.WriteNumber("scenes", Scenes);
        w.WriteNumber("scenes_resumed", ScenesResumed);
        w.WriteNumber("frames_analysed_this_session", FramesAnalysed);
        w.WriteNumber("records_this_session", Records);
        w.WriteNumber("wall_seconds", Math.Round(WallSeconds, 3));
        RunManifest.WriteMap(w, "stage_seconds", StageSeconds, v => w.WriteNumberValue(Math.Round(v, 3)));
    });

    public static ShardStats Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var r = doc.RootElement;
            var stages = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in r.GetProperty("stage_seconds").EnumerateObject()) stages[p.Name] = p.Value.GetDouble();
            return new ShardStats
            {
                Shard = r.GetProperty("shard").GetString()!,
                Roster = r.TryGetProperty("roster", out var roster) ? roster.GetString() : null,
                Inputs = r.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToList(),
                Scenes = r.GetProperty("scenes").GetInt32(),
                ScenesResumed = r.GetProperty("scenes_resumed").GetInt32(),
                FramesAnalysed = r.GetProperty("frames_analysed_this_session").GetInt64(),
                Records = r.GetProperty("records_this_session").GetInt64(),
                WallSeconds = r.GetProperty("wall_seconds").GetDouble(),
                StageSeconds = stages,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new SparException($"{path}: damaged shard manifest: {(e is JsonException j ? JsonErrors.InFile(path, j) : e.Message)}", e);
        }
    }
}

/// <summary>
/// The run manifest <c>&lt;out&gt;/generate_manifest.json</c>: version, settings, inputs, shards, scenes per split, frames,
/// records per output file, generated and rejected candidates per type × format (by reason), wall time.
/// </summary>
public static class RunManifest
{
    public const string FileName = "generate_manifest.json";

    /// <summary>
    /// The scene folders a generated tree was made from (its manifest's <c>inputs</c>), or null when
    /// <paramref name="outRoot"/> has no readable manifest (a tree spar did not generate).
    /// </summary>
    public static IReadOnlyList<string>? ReadInputs(string outRoot)
    {
        var path = Path.Combine(outRoot, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array
                ? [.. inputs.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null; // only a search hint; the build names what it then cannot find
        }
    }

    public static void Write(string outRoot, string fingerprintText, IReadOnlyList<ShardStats> shards, AssemblyResult assembly, double assembleSeconds)
    {
        var generated = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var rejected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in assembly.Scenes)
        {
            foreach (var (k, v) in s.Counts) generated[k] = generated.GetValueOrDefault(k) + v;
            foreach (var (k, v) in s.Rejects) rejected[k] = rejected.GetValueOrDefault(k) + v;
        }
        var bytes = Json(w =>
        {
            w.WriteString("generator", GeneratorVersion.Value);
            w.WriteString("spar_version", Spar.Util.SparVersion.Text);
            w.WriteStartObject("settings");
            foreach (var line in fingerprintText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = line.IndexOf('=');
                w.WriteString(line[..eq], line[(eq + 1)..]);
            }
            w.WriteEndObject();
            w.WriteStartArray("inputs");
            foreach (var i in shards.SelectMany(s => s.Inputs).Distinct().Order(StringComparer.Ordinal)) w.WriteStringValue(i);
            w.WriteEndArray();
            w.WriteStartArray("shards");
            foreach (var s in shards.OrderBy(s => s.Shard, StringComparer.Ordinal)) w.WriteStringValue(s.Shard);
            w.WriteEndArray();
            w.WriteStartObject("scenes");
            w.WriteNumber("total", assembly.Scenes.Count);
            foreach (var g in assembly.Scenes.GroupBy(s => s.Split).OrderBy(g => g.Key, StringComparer.Ordinal)) w.WriteNumber(g.Key, g.Count());
            w.WriteEndObject();
            w.WriteStartObject("frames");
            w.WriteNumber("total", assembly.Scenes.Sum(s => (long)s.Frames));
            w.WriteNumber("analysed", assembly.Scenes.Sum(s => (long)s.FramesAnalysed));
            w.WriteEndObject();
            WriteMap(w, "records", assembly.Written, v => w.WriteNumberValue(v));
            w.WriteNumber("records_total", assembly.Written.Values.Sum());
            w.WriteNumber("records_dropped_by_cap", assembly.Capped);
            WriteMap(w, "generated", generated, v => w.WriteNumberValue(v));
            WriteMap(w, "rejected", rejected, v => w.WriteNumberValue(v));
            w.WriteNumber("generate_wall_seconds", Math.Round(shards.Sum(s => s.WallSeconds), 3));
            w.WriteNumber("assemble_wall_seconds", Math.Round(assembleSeconds, 3));
            var stages = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var s in shards) foreach (var (k, v) in s.StageSeconds) stages[k] = stages.GetValueOrDefault(k) + v;
            WriteMap(w, "stage_seconds", stages, v => w.WriteNumberValue(Math.Round(v, 3)));
        });
        AtomicFile.WriteAllBytes(Path.Combine(outRoot, FileName), bytes);
    }

    internal static void WriteMap<T>(Utf8JsonWriter w, string name, SortedDictionary<string, T> map, Action<T> value)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map) { w.WritePropertyName(k); value(v); }
        w.WriteEndObject();
    }

    internal static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
