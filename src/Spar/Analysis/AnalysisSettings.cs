namespace Spar.Analysis;

/// <summary>Visibility thresholds of generation.md §3, each a setting with the spec's default.</summary>
public sealed record AnalysisSettings
{
    /// <summary>The box centre must be at least this far in front of the camera (camera z, metres).</summary>
    public double MinCenterDepthMeters { get; init; } = 0.1;

    /// <summary>Visible pixels as a share of the object's projected area (see docs/generation.md for the area).</summary>
    public double MinVisibleShare { get; init; } = 0.30;

    /// <summary>Visible pixels as a share of the image.</summary>
    public double MinImageShare { get; init; } = 0.003;

    /// <summary>Surface-point mode: a point is visible when |depth map − point depth| ≤ this + <see cref="DepthToleranceFraction"/>·depth.</summary>
    public double DepthToleranceMeters { get; init; } = 0.1;

    public double DepthToleranceFraction { get; init; } = 0.02;

    /// <summary>Refuse masks and depth maps larger than this many pixels (a guard before decoding).</summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;

    public static readonly AnalysisSettings Default = new();
}
