using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;

namespace Spar.Cli.Commands;

/// <summary><c>spar import scannet</c>: ScanNet's own options on top of the shared ones (<see cref="SceneImportCommand{TScene, TReport}"/>).</summary>
internal sealed class ImportScanNetCommand : SceneImportCommand<ScanNetSceneFiles, ScanNetSceneReport>
{
    readonly Option<int> _step = new("--frame-step") { Description = "Keep every n-th frame (by ScanNet frame number) for image QA", DefaultValueFactory = _ => 10 };
    readonly Option<int> _video = new("--video-frames") { Description = "Frames in the video subset, uniformly spaced over the frames with a valid pose", DefaultValueFactory = _ => 32 };
    readonly Option<string?> _labels = new("--labels") { Description = "scannetv2-labels.combined.tsv (or the v1 scannet-labels.combined.tsv), to map raw labels to clean category names; labels it lacks are named in the summary" };
    readonly Option<string> _masks = new("--masks")
    {
        Description = "Instance masks: sensor (ScanNet's instance-filt/ projections), render (from the labelled mesh, checked against depth), none; default: sensor if present, else render if the mesh is present",
        DefaultValueFactory = _ => "auto",
    };

    protected override string Name => ScanNetSceneImporter.Source;

    protected override string Description => "Import ScanNet scans (.sens streamed directly, meshes, instance annotations)";

    protected override Argument<string> Input() =>
        new("scans") { Description = "ScanNet scans/ folder (one sub-folder per scan: <scene>.sens or a SensReader export, mesh, segs, aggregation, <scene>.txt)" };

    protected override string ScenesDescription => "Scene ids, e.g. scene0000_00,scene0001_00 (default: every sceneXXXX_YY folder)";

    protected override IEnumerable<Option> Options() => [_step, _video, _labels, _masks];

    protected override ISceneImporter<ScanNetSceneFiles, ScanNetSceneReport> Create(ParseResult p, SceneImportRequest request) => new ScanNetImporter(new ScanNetImportOptions(request)
    {
        FrameStep = p.GetValue(_step),
        VideoFrames = p.GetValue(_video),
        LabelsPath = p.GetValue(_labels),
        Masks = InstanceMaskSources.Parse(p.GetValue(_masks)!),
    });
}
