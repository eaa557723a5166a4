using Spar.Bench.Predictions;

namespace Spar.Bench.Run;

/// <summary>Something that answers bench items: a served VLM behind an HTTP API, or a built-in offline baseline.</summary>
public interface IBenchModel
{
    /// <summary>Recorded in every prediction line; a resumed run must use the same name.</summary>
    string Name { get; }

    /// <summary>
    /// Answers one item. A request that fails for good is returned as a failed <see cref="ModelAnswer"/>, not thrown;
    /// only cancellation of <paramref name="cancel"/> escapes.
    /// </summary>
    Task<ModelAnswer> AnswerAsync(BenchItem item, CancellationToken cancel);

    /// <summary>Image parts one request for <paramref name="item"/> carries (for the fix of a server's image limit).</summary>
    int ImagesSent(BenchItem item) => item.Images.Count;
}

/// <param name="Endpoint">The server that gave the final answer or error; null for offline models.</param>
/// <param name="LatencyMs">Duration of the final attempt, in milliseconds.</param>
public sealed record ModelAnswer(string? Prediction, string? Error, string? Endpoint, int Attempts, long LatencyMs)
{
    public bool Ok => Error is null;
    public static ModelAnswer Offline(string prediction) => new(prediction, null, null, 1, 0);

    /// <summary>The predictions-file line for this answer: the text when ok (never null), null when failed.</summary>
    public BenchPrediction ToPrediction(BenchItem item, string model) =>
        new(item.Id, item.Task, Ok ? Prediction ?? "" : null, Ok ? PredictionStatus.Ok : PredictionStatus.Failed, Error, model,
            LatencyMs, Endpoint, Attempts);
}
