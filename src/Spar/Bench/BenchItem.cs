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
    string Answer)
{
    /// <summary>The SPAR-Bench-RGBD columns (bench.md §2.1), one entry per image; null for an RGB-only benchmark.</summary>
    public BenchRgbd? Rgbd { get; init; }
}

/// <summary>
/// The RGBD variant's extra columns of one row, each parallel to <see cref="BenchItem.Images"/>: the depth map, the
/// camera-to-world pose and the colour and depth intrinsics, each matrix 16 float32 values in row-major order (as the
/// published files store them).
/// </summary>
public sealed record BenchRgbd(IReadOnlyList<BenchDepth> Depth, IReadOnlyList<float[]> Pose, IReadOnlyList<float[]> IntrinsicColor,
    IReadOnlyList<float[]> IntrinsicDepth)
{
    /// <summary>Refuses a row whose columns are not one per image or whose matrices are not 16 values, naming the row.</summary>
    public void CheckShape(long id, int images)
    {
        foreach (var (name, count) in new[] { ("depth", Depth.Count), ("pose", Pose.Count), ("intrinsic_color", IntrinsicColor.Count), ("intrinsic_depth", IntrinsicDepth.Count) })
            if (count != images) throw new Util.SparException($"row id {id}: {name} has {count} entries for {images} image(s); the RGBD columns hold one per image");
        foreach (var (name, list) in new[] { ("pose", Pose), ("intrinsic_color", IntrinsicColor), ("intrinsic_depth", IntrinsicDepth) })
            for (int k = 0; k < list.Count; k++)
                if (list[k].Length != 16) throw new Util.SparException($"row id {id}: {name}[{k}] has {list[k].Length} values, a 4×4 matrix has 16");
    }
}

/// <param name="Load">Decodes the map only when asked (a run that does not send depth never reads it).</param>
/// <param name="Path">The stored file name, when the source has one (the folder form's 16-bit PNG).</param>
public sealed record BenchDepth(Func<DepthMap> Load, string? Path);

/// <summary>A depth map as the RGBD parquet stores it: <see cref="Height"/> rows of <see cref="Width"/> float32 metres, 0 = no measurement.</summary>
public sealed record DepthMap(int Width, int Height, float[] Metres)
{
    /// <summary>Millimetres as ScanNet's and SPAR-7M-RGBD's 16-bit PNGs store them: rounded, 0 for no or invalid depth, clamped to 65535.</summary>
    public ushort[] Millimetres()
    {
        var mm = new ushort[Metres.Length];
        for (int i = 0; i < mm.Length; i++)
        {
            float m = Metres[i];
            mm[i] = float.IsFinite(m) && m > 0 ? (ushort)Math.Min(65535.0, Math.Round(m * 1000.0)) : (ushort)0;
        }
        return mm;
    }

    /// <summary>From a 16-bit millimetre map: metres as float32 (mm / 1000), which <see cref="Millimetres"/> turns back exactly.</summary>
    public static DepthMap FromMillimetres(int width, int height, ReadOnlySpan<ushort> mm)
    {
        var metres = new float[mm.Length];
        for (int i = 0; i < mm.Length; i++) metres[i] = mm[i] / 1000f;
        return new DepthMap(width, height, metres);
    }
}

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

    /// <summary>Whether the rows carry the RGBD columns (SPAR-Bench-RGBD), known from the schema or the first row.</summary>
    bool HasRgbd => false;

    /// <summary>
    /// The same benchmark with <see cref="BenchItem.Rgbd"/> filled in. Forms that read the RGBD columns at no extra cost
    /// fill it always and return themselves; the parquet reader reads them (megabytes of depth per row) only from this one.
    /// </summary>
    IBenchSource WithRgbd() => this;
}
