namespace Spar.Bench;

/// <summary>
/// One SPAR-Bench row (bench.md §2.1): the question with its images (markers already drawn) and the gold answer.
/// Readers for the parquet, VLMEvalKit TSV and folder forms all produce this.
/// </summary>
/// <param name="Id">Row id (0…N−1 in SPAR-Bench; the TSV's <c>index</c>).</param>
/// <param name="Task">One of the 20 benchmark task names.</param>
/// <param name="FormatType"><c>select</c> or <c>fill</c>.</param>
/// <param name="ImageType"><c>single_view</c> or <c>multi_view</c>.</param>
/// <param name="Images">Encoded image bytes (JPEG or PNG), in row order.</param>
public sealed record BenchItem(
    long Id,
    string Task,
    string FormatType,
    string ImageType,
    string Source,
    IReadOnlyList<BenchImage> Images,
    string Question,
    string Answer);

/// <param name="Bytes">The encoded image; loaded lazily by readers that can, so a run does not hold every image.</param>
/// <param name="Path">The stored file name, when the source has one.</param>
public sealed record BenchImage(Func<byte[]> Bytes, string? Path);

/// <summary>A benchmark in any of the supported forms, enumerated in row order without loading all images at once.</summary>
public interface IBenchSource
{
    /// <summary>Where it was read from (file or folder), for messages.</summary>
    string Location { get; }

    /// <summary>What the user should know about how the path was read (e.g. which benchmark of a build was picked); null if nothing.</summary>
    string? Note => null;

    IEnumerable<BenchItem> Items();
}
