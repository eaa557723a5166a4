using Spar.Bench.SparBench;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Spar.Bench;
using Spar.Bench.Predictions;
using Spar.Bench.Scoring;

namespace Spar.Benchmarks;

/// <summary>
/// Scoring a full-size SPAR-Bench run: 7,207 predictions (the bench's published row count), made by cycling the
/// official reference vectors (real answer shapes: letters, numbers in text, view-change strings, odd Unicode).
/// </summary>
[MemoryDiagnoser]
public class BenchScoringBenchmarks
{
    const int Rows = 7207;
    BenchAnswer[] _bench = [];
    LocatedPrediction[] _predictions = [];

    [GlobalSetup]
    public void Setup()
    {
        var samples = LoadVectorSamples();
        _bench = new BenchAnswer[Rows];
        _predictions = new LocatedPrediction[Rows];
        for (int i = 0; i < Rows; i++)
        {
            var (task, gold, prediction) = samples[i % samples.Count];
            _bench[i] = new BenchAnswer(i, task, gold);
            _predictions[i] = new LocatedPrediction(new BenchPrediction(i, task, prediction), "mem");
        }
    }

    [Benchmark(Description = "official: score + aggregate 7,207")]
    public double Official() => BenchScoring.Score(SparBenchDefinition.Instance, _bench, _predictions, SparBenchDefinition.Instance.Scorer("official")).Aggregate.Score;

    [Benchmark(Description = "strict: score + aggregate 7,207")]
    public double Strict() => BenchScoring.Score(SparBenchDefinition.Instance, _bench, _predictions, SparBenchDefinition.Instance.Scorer("strict")).Aggregate.Score;

    static List<(string Task, string Gold, string Prediction)> LoadVectorSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "shared", "vectors", "sparbench_official_samples.jsonl");
            if (!File.Exists(file)) file = Path.Combine(dir.FullName, "..", "shared", "vectors", "sparbench_official_samples.jsonl");
            if (!File.Exists(file)) continue;
            return File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => SparBenchDefinition.Instance.IsTask(e.GetProperty("task").GetString()!))
                .Select(e => (e.GetProperty("task").GetString()!, e.GetProperty("gold").GetString()!, e.GetProperty("prediction_raw").GetString()!))
                .ToList();
        }
        throw new FileNotFoundException("shared/vectors/sparbench_official_samples.jsonl not found above " + AppContext.BaseDirectory);
    }
}
