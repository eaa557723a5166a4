namespace Spar.Bench;

/// <summary>What scoring needs from a benchmark row: no question text, no images.</summary>
public sealed record BenchAnswer(long Id, string Task, string Answer);

/// <summary>A benchmark form that can list its answers without decoding images (parquet skips the image column).</summary>
public interface IBenchAnswerSource
{
    IEnumerable<BenchAnswer> Answers();
}

public static class BenchAnswers
{
    public static IEnumerable<BenchAnswer> Of(IBenchSource source) =>
        source is IBenchAnswerSource fast ? fast.Answers() : source.Items().Select(i => new BenchAnswer(i.Id, i.Task, i.Answer));
}
