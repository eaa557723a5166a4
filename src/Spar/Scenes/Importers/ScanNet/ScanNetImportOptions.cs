namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Settings of <c>spar import scannet</c>.</summary>
public sealed record ScanNetImportOptions
{
    /// <summary>ScanNet's <c>scans/</c> folder: one sub-folder per scan.</summary>
    public required string ScansDir { get; init; }

    /// <summary>Output root; scenes go to <c>&lt;OutDir&gt;/scannet/images/&lt;scene&gt;/</c>.</summary>
    public required string OutDir { get; init; }

    /// <summary>Stops the import (Ctrl-C, SIGTERM): scenes being imported are dropped with their staging folders.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>Scene ids to import (null: every scene folder).</summary>
    public IReadOnlyList<string>? Scenes { get; init; }

    /// <summary>Keep every n-th frame of the stream (by ScanNet frame number) for single-/multi-view QA.</summary>
    public int FrameStep { get; init; } = 10;

    /// <summary>Frames of the video subset, uniformly spaced over the frames with a finite pose.</summary>
    public int VideoFrames { get; init; } = 32;

    /// <summary><c>scannetv2-labels.combined.tsv</c>, to map raw labels to clean category names (optional).</summary>
    public string? LabelsPath { get; init; }

    public int Threads { get; init; } = 1;

    /// <summary>
    /// <c>--shard K/N</c>: import only the scenes whose stable hash falls in shard K of N — the hash
    /// <c>spar generate --shard</c> uses (<see cref="Generation.ShardSpec.Contains"/>), so a job array of N imports
    /// writes disjoint scene sets whose union is the unsharded import, and a scene's shard is the same in both commands.
    /// </summary>
    public Generation.ShardSpec Shard { get; init; } = Generation.ShardSpec.Whole;

    /// <summary>Where <c>image_instance/</c> masks come from (<c>--masks</c>); see <see cref="ScanNetMeshMasks.Resolve"/>.</summary>
    public InstanceMaskSource Masks { get; init; } = InstanceMaskSource.Auto;

    /// <summary>Depth test of mesh-rendered masks against the sensor depth.</summary>
    public Rendering.SensorDepthAgreement MaskDepthAgreement { get; init; } = Rendering.SensorDepthAgreement.Default;

    /// <summary>
    /// Threads encoding and writing one scene's frames while one reads its stream. <see cref="ScanNetImporter"/> sets
    /// it from <see cref="Threads"/> so that importing fewer scenes than threads still uses every core.
    /// </summary>
    public int FrameThreads { get; init; } = 1;

    public int MaxSurfacePoints { get; init; } = ScanNetObjects.DefaultMaxSurfacePoints;

    public string ImagesRoot => Path.Combine(OutDir, "scannet", "images");
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
    string OutputFolder);

/// <summary>A scene that could not be imported, with the reason; other scenes still are.</summary>
public sealed record ScanNetSceneFailure(string SceneId, string Message);

public sealed record ScanNetImportReport(IReadOnlyList<ScanNetSceneReport> Scenes, IReadOnlyList<ScanNetSceneFailure> Failures);
