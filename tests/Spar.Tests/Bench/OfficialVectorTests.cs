using Spar.Bench.SparBench;
using System.Text.Json;
using Spar.Bench.Scoring;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Tests.Bench;

/// <summary>Every line of the reference vectors produced by the official SPAR scorer must match bit for bit.</summary>
public class OfficialVectorTests
{
    static IEnumerable<JsonElement> Lines(string file) =>
        File.ReadLines(Path.Combine(TestPaths.Vectors, file)).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone());

    static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    [Fact]
    public void Every_per_sample_vector_matches_bit_for_bit()
    {
        var failures = new List<string>();
        int checkedLines = 0;
        foreach (var v in Lines("sparbench_official_samples.jsonl"))
        {
            checkedLines++;
            string id = v.GetProperty("id").GetString()!, task = v.GetProperty("task").GetString()!;
            string raw = v.GetProperty("prediction_raw").GetString()!, gold = v.GetProperty("gold").GetString()!;
            if (PyText.Strip(raw) != v.GetProperty("prediction").GetString())
                failures.Add($"{id}: strip({Show(raw)}) differs from Python's");
            if (v.TryGetProperty("error", out _))
            {
                // The official code raises for tasks outside the 20; so must we (with a clear message).
                try { OfficialScorer.Instance.Score(task, raw, gold); failures.Add($"{id}: task '{task}' did not raise"); }
                catch (SparException e) when (e.Message.Contains("unknown SPAR-Bench task")) { }
                continue;
            }
            double expected = v.GetProperty("value").GetDouble();
            double actual = OfficialScorer.Instance.Score(task, raw, gold);
            if (!SameBits(expected, actual))
                failures.Add($"{id} {task}: pred {Show(raw)} gold {Show(gold)}: expected {expected:R}, got {actual:R}");
        }
        Assert.Equal(3706, checkedLines);
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedLines} lines differ:\n" + string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Every_aggregate_vector_matches_every_key_bit_for_bit()
    {
        var failures = new List<string>();
        int checkedLines = 0;
        foreach (var v in Lines("sparbench_official_aggregates.jsonl"))
        {
            checkedLines++;
            string id = v.GetProperty("id").GetString()!;
            var rows = new List<SampleScore>();
            long n = 0;
            foreach (var s in v.GetProperty("samples").EnumerateArray())
            {
                string task = s.GetProperty("task").GetString()!;
                double value = OfficialScorer.Instance.Score(task, s.GetProperty("prediction").GetString()!, s.GetProperty("gold").GetString()!);
                if (!SameBits(value, s.GetProperty("value").GetDouble())) failures.Add($"{id} sample {n}: value {value:R}");
                rows.Add(new SampleScore(n++, task, value));
            }
            var aggregate = BenchAggregation.Official(rows);
            var actual = aggregate.OfficialKeys().ToList();
            var expectedKeys = v.GetProperty("output_keys_in_order").EnumerateArray().Select(k => k.GetString()!).ToList();
            if (!expectedKeys.SequenceEqual(actual.Select(a => a.Key)))
                failures.Add($"{id}: keys {string.Join(",", actual.Select(a => a.Key))}");
            var output = v.GetProperty("output");
            foreach (var (key, value) in actual)
            {
                if (!output.TryGetProperty(key, out var e)) { failures.Add($"{id}: extra key {key}"); continue; }
                double expected = e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();
                bool same = double.IsNaN(expected) ? double.IsNaN(value) : SameBits(expected, value);
                if (!same) failures.Add($"{id} {key}: expected {expected:R}, got {value:R}");
            }
            if (!SameBits(v.GetProperty("score").GetDouble(), aggregate.Score))
                failures.Add($"{id} score: expected {v.GetProperty("score").GetDouble():R}, got {aggregate.Score:R}");
        }
        Assert.Equal(15, checkedLines);
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(30)));
    }

    static string Show(string s) => JsonSerializer.Serialize(s.Length > 60 ? s[..60] + "…" : s);
}
