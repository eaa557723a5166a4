using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// <c>spar import scannet</c> on the importer seam: finds the scans in ScanNet's <c>scans/</c> folder
/// (<see cref="ScanNetSceneFiles"/>), counts their frames for the progress line and imports one scan into a
/// <see cref="SceneFolder"/> (<see cref="ScanNetSceneImporter"/>). Everything else — locks, refusing folders spar did
/// not write, parallel scenes, one failed scene not stopping the others — is <see cref="SceneImport"/>'s.
/// </summary>
public sealed class ScanNetImporter : ISceneImporter<ScanNetSceneFiles, ScanNetSceneReport>
{
    readonly ScanNetImportOptions _options;
    readonly ScanNetLabelMap _labels;

    /// <summary>Checks the settings and reads the label map once, before any scene is looked at.</summary>
    public ScanNetImporter(ScanNetImportOptions options)
    {
        ScanNetSceneImporter.Validate(options);
        _options = options;
        _labels = options.LabelsPath != null ? ScanNetLabelMap.Read(options.LabelsPath) : ScanNetLabelMap.Identity;
    }

    public string Name => ScanNetSceneImporter.Source;

    public string WorkUnit => "frame";

    public IReadOnlyList<ScanNetSceneFiles> Discover(string input, IReadOnlyList<string>? only) => ScanNetSceneFiles.Discover(input, only);

    public long CountWork(ScanNetSceneFiles scene)
    {
        using var frames = scene.OpenFrames();
        return frames.FrameCount;
    }

    public ScanNetSceneReport Import(ScanNetSceneFiles scene, SceneFolder folder, SceneImportContext context) =>
        ScanNetSceneImporter.Import(scene, folder, _options with { FrameThreads = context.Threads, Cancel = context.Cancel }, _labels, context.Progress);

    /// <summary>The whole <c>spar import scannet</c> run: the chosen scans of <see cref="ScanNetImportOptions.ScansDir"/>, in parallel.</summary>
    public static SceneImportReport<ScanNetSceneReport> Run(ScanNetImportOptions options, IProgress<WorkProgress>? progress = null) =>
        SceneImport.Run(new ScanNetImporter(options), options, progress);
}

/// <summary>A scan found in <c>scans/</c> is the seam's found scene (its id and folder).</summary>
public sealed partial record ScanNetSceneFiles : IFoundScene;
