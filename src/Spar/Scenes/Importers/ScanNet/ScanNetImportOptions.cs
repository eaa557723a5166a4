namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Settings of <c>spar import scannet</c>.</summary>
public sealed record ScanNetImportOptions : SceneImportRequest
{
    public ScanNetImportOptions() { }

    /// <summary>The shared part as <c>spar import</c> parsed it; the source's own settings are set after.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public ScanNetImportOptions(SceneImportRequest request) : base(request) { }

    /// <summary>ScanNet's <c>scans/</c> folder: one sub-folder per scan.</summary>
    public string ScansDir => Input;

    /// <summary>Keep every n-th frame of the stream (by ScanNet frame number) for single-/multi-view QA.</summary>
    public int FrameStep { get; init; } = 10;

    /// <summary>Frames of the video subset, uniformly spaced over the frames with a finite pose.</summary>
    public int VideoFrames { get; init; } = 32;

    /// <summary><c>scannetv2-labels.combined.tsv</c>, to map raw labels to clean category names (optional).</summary>
    public string? LabelsPath { get; init; }

    /// <summary>Where <c>image_instance/</c> masks come from (<c>--masks</c>); see <see cref="ScanNetMeshMasks.Resolve"/>.</summary>
    public InstanceMaskSource Masks { get; init; } = InstanceMaskSource.Auto;

    /// <summary>Depth test of mesh-rendered masks against the sensor depth.</summary>
    public Rendering.SensorDepthAgreement MaskDepthAgreement { get; init; } = Rendering.SensorDepthAgreement.Default;

    /// <summary>
    /// Threads encoding and writing one scene's frames while one reads its stream. <see cref="ScanNetImporter"/> sets
    /// it from the threads <see cref="SceneImport"/> leaves to each scene, so that importing fewer scenes than threads
    /// still uses every core.
    /// </summary>
    public int FrameThreads { get; init; } = 1;

    public int MaxSurfacePoints { get; init; } = ScanNetObjects.DefaultMaxSurfacePoints;

    public string ImagesRoot => SceneImport.ImagesRoot(OutDir, ScanNetSceneImporter.Source);
}

/// <summary>What was imported for one scene, and what was skipped (never silently).</summary>
public sealed record ScanNetSceneReport(
    string SceneId,
    string FramesFrom,
    long StreamFrames,
    long InvalidPoseFrames,
    int ImageFrames,
    int VideoFrames,
    int Objects,
    int ReferableObjects,
    ScanNetObjectSkips ObjectSkips,
    IReadOnlyList<string> Warnings,
    string OutputFolder) : IImportedScene
{
    public string Summary =>
        $"{ImageFrames} frames, {VideoFrames} video frames, {Objects} objects ({ReferableObjects} referable) " +
        $"from {StreamFrames} {FramesFrom} frames ({InvalidPoseFrames} without pose)";
}
