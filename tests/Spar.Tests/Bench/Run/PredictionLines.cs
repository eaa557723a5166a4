using Spar.Bench.Predictions;

namespace Spar.Tests.Bench.Run;

/// <summary>Parses a line the runner wrote, as a resumed run does; a line it would refuse fails the test.</summary>
static class PredictionLines
{
    public static BenchPrediction Parse(ReadOnlySpan<byte> utf8) =>
        BenchPredictionJson.TryParse(utf8, out var problem, requireRunFields: true) ?? throw new FormatException(problem);
}
