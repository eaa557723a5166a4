using Spar.Catalog;

namespace Spar.Bench.SparBench;

/// <summary>
/// SPAR-Bench (bench.md): the 20 catalogue tasks with bench facts, the official prompt (<see cref="BenchPrompt"/>), the
/// <c>official</c> scorer (lmms-eval's, quirks included) and the <c>strict</c> one (VLMEvalKit's fixes), each with its
/// aggregation (<see cref="BenchAggregation"/>), and the Low / Medium / High report groups.
/// </summary>
public static class SparBenchDefinition
{
    public const string Name = "SPAR-Bench";

    public static readonly BenchmarkDefinition Instance = new(
        Name,
        TaskCatalog.Bench.Select(BenchmarkTask.FromCatalogue),
        (task, question, modelKind) => BenchPrompt.Build(task, question, modelKind),
        [
            new("official", "bit-compatible with the SPAR repo", OfficialScorer.Instance, BenchAggregation.Official),
            new("strict", "VLMEvalKit fixes", StrictScorer.Instance, BenchAggregation.Strict),
        ],
        [new("Low", TaskLevel.Low), new("Medium", TaskLevel.Medium), new("High", TaskLevel.High)]);
}
