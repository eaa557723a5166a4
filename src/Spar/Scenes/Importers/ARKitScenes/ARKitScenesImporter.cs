using Spar.Scenes.Importers.ScanNet;
using Spar.Util;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>Settings of <c>spar import arkitscenes</c>, checked by <see cref="ARKitScenesImporter"/>'s constructor.</summary>
public sealed record ARKitScenesImportOptions : SceneImportRequest
{
    public ARKitScenesImportOptions() { }

    /// <summary>The shared part as <c>spar import</c> parsed it; the source's own settings are set after.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public ARKitScenesImportOptions(SceneImportRequest request) : base(request) { }

    /// <summary>The download root (holding <c>3dod/</c> or <c>raw/</c>), a dataset folder, or one split folder.</summary>
    public string Root => Input;

    /// <summary><c>Training</c> or <c>Validation</c>; null: both that exist.</summary>
    public string? Split { get; init; }

    public ARKitScenesFrames Frames { get; init; } = ARKitScenesFrames.Lowres;

    /// <summary>Keep every N-th frame that has a pose (by rank among them) for image QA.</summary>
    public int FrameStep { get; init; } = 10;

    /// <summary>Frames of the video subset, uniformly spaced over the frames with a pose.</summary>
    public int VideoFrames { get; init; } = 32;

    public Rendering.SensorDepthAgreement MaskDepthAgreement { get; init; } = Rendering.SensorDepthAgreement.Default;

    public int MaxSurfacePoints { get; init; } = ScanNetObjects.DefaultMaxSurfacePoints;

    public static ARKitScenesFrames ParseFrames(string text) => text switch
    {
        "lowres" => ARKitScenesFrames.Lowres,
        "wide" => ARKitScenesFrames.Wide,
        _ => throw new SparException($"--frames must be lowres or wide (got '{text}')"),
    };
}

/// <summary>What was imported for one scan, and what was skipped (each skip is also a warning).</summary>
public sealed record ARKitScenesScanReport(
    string SceneId,
    string ColorFolder,
    int ColorFrames,
    int WithoutPose,
    int WithoutIntrinsics,
    int WithoutDepth,
    int ImageFrames,
    int VideoFrames,
    int Objects,
    int UnknownLabels,
    bool AnnotationSkipped,
    SkyDirection Sky,
    bool SkyFromPoses,
    IReadOnlyList<string> Warnings,
    string OutputFolder) : IImportedScene
{
    public string Summary =>
        $"{ImageFrames} frames, {VideoFrames} video frames, {Objects} objects" +
        (UnknownLabels > 0 ? $" ({UnknownLabels} box(es) outside the 17 classes skipped)" : "") +
        (AnnotationSkipped ? " (annotation marked skipped)" : "") +
        $" from {ColorFrames} {ColorFolder} frames ({WithoutPose} without a pose within {TimestampMatch<int>.ToleranceSeconds} s" +
        (WithoutIntrinsics > 0 ? $", {WithoutIntrinsics} without intrinsics" : "") +
        (WithoutDepth > 0 ? $", {WithoutDepth} without depth" : "") +
        $"); {ARKitScenes.Sky.Describe(Sky)}{(SkyFromPoses ? " from the poses" : "")}";
}

/// <summary>
/// <c>spar import arkitscenes</c> on the importer seam (docs/importers.md, docs/arkitscenes.md): finds the scans of an
/// ARKitScenes download (<see cref="ARKitScenesLayout"/>), counts their colour frames and imports one scan into a
/// <see cref="SceneFolder"/> (<see cref="ARKitScenesSceneImporter"/>).
/// </summary>
public sealed class ARKitScenesImporter : ISceneImporter<ARKitScenesScan, ARKitScenesScanReport>
{
    public const string Source = "arkitscenes";

    readonly ARKitScenesImportOptions _options;

    public ARKitScenesImporter(ARKitScenesImportOptions options)
    {
        if (options.FrameStep < 1) throw new SparException($"--frame-step must be at least 1 (got {options.FrameStep})");
        if (options.VideoFrames < 0) throw new SparException($"--video-frames must not be negative (got {options.VideoFrames})");
        if (options.MaxSurfacePoints < 1) throw new SparException($"at least one surface point per object is needed (got {options.MaxSurfacePoints})");
        if (options.Split != null && !ARKitScenesLayout.Splits.Contains(options.Split))
            throw new SparException($"--split must be Training or Validation (got '{options.Split}')");
        _options = options;
    }

    public string Name => Source;

    public string WorkUnit => "frame";

    public IReadOnlyList<ARKitScenesScan> Discover(string input, IReadOnlyList<string>? only) => ARKitScenesLayout.Discover(input, _options.Split, only);

    public long CountWork(ARKitScenesScan scene)
    {
        var (color, _) = scene.ColorDirs(_options.Frames);
        return ARKitScenesLayout.ReadTimed(color, scene.SceneId, ".png")?.Count
            ?? throw new SparException($"{color}: no colour frames folder (unzip {Path.GetFileName(color)}.zip there{(_options.Frames == ARKitScenesFrames.Wide ? "; wide/ is in the raw dataset only" : "")})");
    }

    public ARKitScenesScanReport Import(ARKitScenesScan scene, SceneFolder folder, SceneImportContext context) =>
        ARKitScenesSceneImporter.Import(scene, folder, _options with { Cancel = context.Cancel }, context.Progress);

    public static SceneImportReport<ARKitScenesScanReport> Run(ARKitScenesImportOptions options, IProgress<WorkProgress>? progress = null) =>
        SceneImport.Run(new ARKitScenesImporter(options), options, progress);
}
