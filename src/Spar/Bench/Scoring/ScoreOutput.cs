using System.Text.Json;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Scoring;

/// <summary>The machine-readable outputs of <c>spar bench score</c>.</summary>
public static class ScoreOutput
{
    /// <summary>
    /// The official keys as fractions (null for NaN, as Python's nan has no JSON form) plus <c>score</c> = overall × 100, and,
    /// when given, the coverage: <c>rows_scored</c> (rows with a model answer), <c>rows_in_benchmark</c>,
    /// <c>rows_failed</c> (requests that failed, scored 0) and <c>rows_missing</c> (no prediction, left out), which add
    /// up to the benchmark's size; <c>bench report</c> shows it so an incomplete run is not read as a full one. Last come
    /// <c>benchmark</c> (the definition's name) and <c>scorer</c>.
    /// </summary>
    public static void WriteAggregate(Utf8JsonWriter w, BenchAggregate aggregate, RowCoverage? rows = null)
    {
        w.WriteStartObject();
        foreach (var (key, value) in aggregate.OfficialKeys()) Number(w, key, value);
        Number(w, "score", aggregate.Score);
        if (rows is { } r)
        {
            w.WriteNumber("rows_scored", r.Answered);
            w.WriteNumber("rows_in_benchmark", r.InBenchmark);
            w.WriteNumber("rows_failed", r.Failed);
            w.WriteNumber("rows_missing", r.Missing);
        }
        // After every key the official code writes, so the official keys keep their order: which benchmark definition
        // and which of its scorers produced these numbers (a report tells an official run from a strict one by it).
        if (aggregate.Benchmark.Length > 0) w.WriteString("benchmark", aggregate.Benchmark);
        w.WriteString("scorer", aggregate.Scorer);
        w.WriteEndObject();
    }

    public static string AggregateJson(BenchAggregate aggregate, bool indented = true, RowCoverage? rows = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = SparJson.Options.Encoder }))
            WriteAggregate(w, aggregate, rows);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary><see cref="AggregateJson"/> of a scoring result, with its row coverage.</summary>
    public static string ScoreJson(ScoreResult result) => AggregateJson(result.Aggregate, rows: result.Coverage);

    /// <summary>One line per scored row, in benchmark order: <c>{"id", "task", "metric", "value"}</c>.</summary>
    public static void WritePerSample(string path, IEnumerable<ScoredSample> samples)
    {
        WritePerSampleFile(path, samples);
        // A killed earlier run may have left its temp of this file beside it.
        StaleTemps.Clean(Path.GetDirectoryName(Path.GetFullPath(path))!, onlyFor: new HashSet<string>([Path.GetFileName(path)], StringComparer.Ordinal));
    }

    static void WritePerSampleFile(string path, IEnumerable<ScoredSample> samples) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream);
            foreach (var s in samples)
            {
                w.WriteStartObject();
                w.WriteNumber("id", s.Id);
                w.WriteString("task", s.Task);
                w.WriteString("metric", s.Metric);
                Number(w, "value", s.Value);
                if (s.Failed) w.WriteBoolean("failed", true);
                w.WriteEndObject();
                w.Flush();
                stream.WriteByte((byte)'\n');
                w.Reset(stream);
            }
        });

    static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
