using Spar.Bench.Predictions;
using Spar.Util;

namespace Spar.Bench.Scoring;

/// <param name="Failed">The request failed (status <c>failed</c>): scored 0 whatever the scorer would say about "".</param>
public sealed record ScoredSample(long Id, string Task, string Metric, double Value, bool Failed);

/// <summary>The outcome of scoring one prediction set against a benchmark.</summary>
/// <param name="Missing">Benchmark rows without a prediction (only non-zero with <c>allowPartial</c>; they are left out,
/// as lmms-eval's <c>--limit</c> leaves rows out).</param>
public sealed record ScoreResult(BenchAggregate Aggregate, IReadOnlyList<ScoredSample> Samples, int BenchRows, int Failed, int Missing)
{
    /// <summary>Rows answered, failed and missing against the benchmark's size (they add up to it).</summary>
    public RowCoverage Coverage => new(Samples.Count - Failed, Failed, Missing, BenchRows);
}

/// <summary>
/// How much of a benchmark a score covers: <paramref name="Answered"/> rows have a model answer, <paramref name="Failed"/>
/// rows a request that failed for good (scored 0), <paramref name="Missing"/> rows no prediction at all (left out).
/// </summary>
public sealed record RowCoverage(int Answered, int Failed, int Missing, int InBenchmark)
{
    public bool IsComplete => Answered == InBenchmark;

    /// <summary>"400 / 400", or "160 / 400 (partial: 240 failed)".</summary>
    public override string ToString() =>
        IsComplete ? $"{Answered} / {InBenchmark}" : $"{Answered} / {InBenchmark} (partial: {Gaps})";

    /// <summary>"240 failed, 10 missing" (only the non-zero parts).</summary>
    public string Gaps => string.Join(", ", new[] { (Failed, "failed"), (Missing, "missing") }.Where(g => g.Item1 > 0).Select(g => $"{g.Item1} {g.Item2}"));
}

/// <summary>Joins a benchmark with predictions, checks them, scores every row in benchmark order and aggregates.</summary>
public static class BenchScoring
{
    /// <summary>
    /// <c>bench score</c> prints no headline for a run with failed rows unless <c>--partial</c>: those rows score 0,
    /// so the number would be read as the model's when it is partly the server's (missing rows already stop
    /// <see cref="Score"/>).
    /// </summary>
    public static void RequireComplete(ScoreResult result)
    {
        if (result.Failed == 0) return;
        var first = result.Samples.Where(s => s.Failed).Take(5).Select(s => s.Id);
        throw new SparException($"{result.Failed} of {result.BenchRows} benchmark rows are failed requests (first ids: {string.Join(", ", first)}): " +
            "a score would count them as 0. Rerun 'spar bench run' with --retry-failed (its failure table names the cause), " +
            "or pass --partial to score anyway (the score then records rows_failed and is marked incomplete)");
    }

    /// <param name="worldSize">Emulates lmms-eval run on that many processes, for audits: rank r scores rows r, r+W, …
    /// and the results are concatenated rank by rank before aggregation, which changes sums in the last bit only.</param>
    /// <param name="benchmark">Whose tasks the rows must be; recorded in the aggregate (the score file's <c>benchmark</c>).</param>
    /// <param name="scorer">One of the benchmark's scorers: its sample scorer and its aggregation.</param>
    public static ScoreResult Score(BenchmarkDefinition benchmark, IEnumerable<BenchAnswer> bench, IEnumerable<LocatedPrediction> predictions,
        BenchmarkScorer scorer, bool allowPartial = false, int worldSize = 1)
    {
        if (worldSize < 1) throw new SparException("the world size must be at least 1");
        var byId = Index(benchmark, predictions);
        var samples = new List<ScoredSample>();
        var seen = new HashSet<long>();
        int rows = 0, failed = 0;
        var missing = new List<long>();
        foreach (var row in bench)
        {
            rows++;
            if (!benchmark.IsTask(row.Task))
                throw new SparException($"benchmark row id {row.Id}: {benchmark.UnknownTask(row.Task).Message}");
            if (!seen.Add(row.Id)) throw new SparException($"benchmark has id {row.Id} twice");
            if (!byId.Remove(row.Id, out var located)) { missing.Add(row.Id); continue; }
            var p = located.Prediction;
            if (p.Task is not null && p.Task != row.Task)
                throw new SparException($"{located.Where}: id {row.Id} is task '{p.Task}' in the predictions but '{row.Task}' in the benchmark");
            // Readers never give an ok line without text; a hand-built one without text scores 0, not as "" (which MCQs pass).
            double value = p is { IsOk: true, Prediction: { } text } ? scorer.Sample.Score(row.Task, text, row.Answer) : 0.0;
            if (!p.IsOk) failed++;
            samples.Add(new ScoredSample(row.Id, row.Task, benchmark.Task(row.Task).Metric, value, !p.IsOk));
        }
        if (byId.Count > 0)
        {
            var stray = byId.Values.OrderBy(l => l.Prediction.Id).First();
            throw new SparException($"{stray.Where}: id {stray.Prediction.Id} is not in the benchmark" +
                (byId.Count > 1 ? $" ({byId.Count} predictions have ids the benchmark lacks)" : ""));
        }
        if (rows == 0) throw new SparException("the benchmark has no rows");
        if (missing.Count > 0 && !allowPartial)
            throw new SparException($"{missing.Count} of {rows} benchmark rows have no prediction (first ids: " +
                $"{string.Join(", ", missing.Take(5))}); finish the run, or pass --partial to score only the rows predicted");
        if (samples.Count == 0) throw new SparException("no benchmark row has a prediction");

        var scores = Enumerable.Range(0, worldSize)
            .SelectMany(rank => samples.Where((_, i) => i % worldSize == rank))
            .Select(s => new SampleScore(s.Id, s.Task, s.Value));
        var aggregate = scorer.Aggregate(scores) with { Benchmark = benchmark.Name };
        return new ScoreResult(aggregate, samples, rows, failed, missing.Count);
    }

    /// <summary>
    /// One prediction per id. A <c>failed</c> line followed by another line for the same id is a retry and is replaced;
    /// two answered lines for one id are an error (which would we score?).
    /// </summary>
    static Dictionary<long, LocatedPrediction> Index(BenchmarkDefinition benchmark, IEnumerable<LocatedPrediction> predictions)
    {
        var byId = new Dictionary<long, LocatedPrediction>();
        foreach (var located in predictions)
        {
            var p = located.Prediction;
            if (p.Task is not null && !benchmark.IsTask(p.Task))
                throw new SparException($"{located.Where}: {benchmark.UnknownTask(p.Task).Message}");
            if (byId.TryGetValue(p.Id, out var earlier))
            {
                if (earlier.Prediction.IsOk && p.IsOk)
                    throw new SparException($"{located.Where}: id {p.Id} is duplicated (first at {earlier.Where})");
                if (earlier.Prediction.IsOk) continue; // an answer outranks a later failure
            }
            byId[p.Id] = located;
        }
        if (byId.Count == 0) throw new SparException("no predictions (the prediction files are empty)");
        return byId;
    }
}
