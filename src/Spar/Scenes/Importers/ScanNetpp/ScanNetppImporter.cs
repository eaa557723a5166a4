using Spar.Scenes.Importers.ScanNet;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>Which ScanNet++ camera's frames are imported.</summary>
public enum ScanNetppCamera { Iphone, Dslr }

/// <summary>Settings of <c>spar import scannetpp</c>, checked by <see cref="ScanNetppImporter"/>'s constructor.</summary>
public sealed record ScanNetppImportOptions : SceneImportRequest
{
    public ScanNetppImportOptions() { }

    /// <summary>The shared part as <c>spar import</c> parsed it; the source's own settings are set after.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public ScanNetppImportOptions(SceneImportRequest request) : base(request) { }

    /// <summary>The ScanNet++ root (holding <c>data/&lt;scene&gt;/</c>) or its <c>data/</c> folder.</summary>
    public string DataRoot => Input;

    /// <summary>The iPhone's video (default) or the DSLR's undistorted images (<see cref="ScanNetppDslr"/>).</summary>
    public ScanNetppCamera Camera { get; init; } = ScanNetppCamera.Iphone;

    /// <summary>
    /// Keep frames whose number is a multiple of this: the iPhone frame number (60 fps video; default 10, 6 frames a
    /// second), the DSLR image's rank (default 1: the DSLR's images are already sparse).
    /// </summary>
    public int? FrameStep { get; init; }

    /// <summary>Frames of the video subset, uniformly spaced over the frames COLMAP registered.</summary>
    public int VideoFrames { get; init; } = 32;

    /// <summary><see cref="InstanceMaskSource.Render"/> (from the labelled mesh; also <c>auto</c>) or <see cref="InstanceMaskSource.None"/>: ScanNet++ ships no 2D instance masks.</summary>
    public InstanceMaskSource Masks { get; init; } = InstanceMaskSource.Auto;

    public Rendering.SensorDepthAgreement MaskDepthAgreement { get; init; } = Rendering.SensorDepthAgreement.Default;

    /// <summary>
    /// iPhone masks: test each rendered id against the 3×3 depth neighbourhood of its ray (default; erodes object
    /// boundaries across depth edges by about a depth pixel, docs/generation.md "Marker masks from real depth"), or
    /// against the nearest depth pixel only (false: what the measurement compares with).
    /// </summary>
    public bool MaskDepthNeighbourhood { get; init; } = true;

    /// <summary>ScanNet++'s <c>map_benchmark.csv</c> (<see cref="ScanNetppBenchmarkLabels"/>); null: raw labels, normalised.</summary>
    public string? LabelsPath { get; init; }

    /// <summary>A split file (<c>splits/nvs_sem_train.txt</c>: one scene id a line) naming the scenes; exclusive with <see cref="Scenes"/>.</summary>
    public string? SplitFile { get; init; }

    public int MaxSurfacePoints { get; init; } = ScanNetObjects.DefaultMaxSurfacePoints;
}

/// <summary>What was imported for one ScanNet++ scene, and what was skipped (each skip is also a warning).</summary>
public sealed record ScanNetppSceneReport(
    string SceneId,
    ScanNetppCamera Camera,
    int RgbFrames,
    int NotInColmap,
    int ImageFrames,
    int VideoFrames,
    int Objects,
    int ReferableObjects,
    int? UnmappedObjects,
    IReadOnlyList<string> Warnings,
    string OutputFolder) : IImportedScene
{
    /// <summary>With <c>--labels</c>, the objects whose raw label the benchmark map drops or does not list (null without a map).</summary>
    public string Summary =>
        $"{ImageFrames} frames, {VideoFrames} video frames, {Objects} objects ({ReferableObjects} referable" +
        (UnmappedObjects is int u ? $", {u} unmapped" : "") + ") " +
        $"from {RgbFrames} {(Camera == ScanNetppCamera.Dslr ? "DSLR images" : "iPhone frames")} ({NotInColmap} not in COLMAP)";
}

/// <summary>
/// <c>spar import scannetpp</c> on the importer seam (docs/importers.md, docs/scannetpp.md): finds the scenes of a
/// ScanNet++ release (<see cref="ScanNetppSceneFiles"/>), counts their iPhone frames and imports one scene into a
/// <see cref="SceneFolder"/> (<see cref="ScanNetppSceneImporter"/>).
/// </summary>
public sealed class ScanNetppImporter : ISceneImporter<ScanNetppSceneFiles, ScanNetppSceneReport>
{
    public const string Source = "scannetpp";

    readonly ScanNetppImportOptions _options;

    public ScanNetppImporter(ScanNetppImportOptions options)
    {
        if (options.FrameStep is < 1) throw new SparException($"--frame-step must be at least 1 (got {options.FrameStep})");
        if (options.VideoFrames < 0) throw new SparException($"--video-frames must not be negative (got {options.VideoFrames})");
        if (options.MaxSurfacePoints < 1) throw new SparException($"at least one surface point per object is needed (got {options.MaxSurfacePoints})");
        if (options.Masks == InstanceMaskSource.Sensor)
            throw new SparException("--masks sensor: ScanNet++ ships no 2D instance masks; use render (from the annotated mesh) or none");
        _options = options;
        _labels = options.LabelsPath != null ? ScanNetppBenchmarkLabels.Read(options.LabelsPath) : null;
        // Read now so a bad split file stops the run (exit 2) before any scene; Discover reads it again for the seam.
        if (options.SplitFile != null) ScanNetppSceneFiles.Discover(options.DataRoot, options.Scenes, options.SplitFile);
    }

    readonly ScanNetppBenchmarkLabels? _labels;

    public string Name => Source;

    public string WorkUnit => "frame";

    public IReadOnlyList<ScanNetppSceneFiles> Discover(string input, IReadOnlyList<string>? only) => ScanNetppSceneFiles.Discover(input, only, _options.SplitFile);

    public long CountWork(ScanNetppSceneFiles scene) =>
        scene.Missing != null ? throw new SparException(scene.Missing)
        : _options.Camera == ScanNetppCamera.Dslr ? ScanNetppDslr.ListImages(ScanNetppDslr.Read(scene.Folder).ImageDir).Count
        : Dataset.Layout.ScanNetppLayout.ReadRgbFrames(scene.RgbDir)?.Count
        ?? throw new SparException($"{scene.RgbDir}: no iPhone frames folder (extract rgb.mkv to frame_%06d.jpg with the toolkit's prepare_iphone_data.py)");

    public ScanNetppSceneReport Import(ScanNetppSceneFiles scene, SceneFolder folder, SceneImportContext context) =>
        ScanNetppSceneImporter.Import(scene, folder, _options with { Cancel = context.Cancel }, _labels, context.Progress);

    public static SceneImportReport<ScanNetppSceneReport> Run(ScanNetppImportOptions options, IProgress<WorkProgress>? progress = null) =>
        SceneImport.Run(new ScanNetppImporter(options), options, progress);
}
