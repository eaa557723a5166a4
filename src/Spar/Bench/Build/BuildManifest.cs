using System.Text.Json;
using Spar.Dataset;

namespace Spar.Bench.Build;

/// <summary><c>build.json</c>: what was built from what, so a benchmark can be rebuilt and audited.</summary>
internal static class BuildManifest
{
    public static string Json(SparTree tree, BenchBuildOptions options, IReadOnlyList<string> sources, BenchBuildResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = SparJson.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "spar bench build");
            w.WriteString("root", tree.Root);
            w.WriteStartArray("sources");
            foreach (var s in sources) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteString("split", options.Split);
            w.WriteNumber("seed", options.Seed);
            w.WriteNumber("per_task", options.PerTask);
            if (options.Tiny is int t) w.WriteNumber("tiny_per_task", t);
            w.WriteBoolean("markers_drawn", result.MarkersDrawn);
            // Only for RGBD builds, so an RGB-only build.json stays as it was.
            if (options.Rgbd)
            {
                w.WriteBoolean("rgbd", true);
                w.WriteStartArray("scene_roots");
                foreach (var r in options.SceneRoots) w.WriteStringValue(r);
                w.WriteEndArray();
            }
            w.WriteNumber("rows", result.Rows);
            w.WriteNumber("tiny_rows", result.TinyRows);
            w.WriteStartObject("tasks");
            foreach (var (task, n) in result.PerTask)
            {
                w.WriteStartObject(task);
                w.WriteNumber("rows", n);
                w.WriteNumber("available", result.Available[task]);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("rejected");
            foreach (var (reason, (count, first)) in result.Rejected)
            {
                w.WriteStartObject(reason);
                w.WriteNumber("count", count);
                w.WriteString("first_at", first);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
