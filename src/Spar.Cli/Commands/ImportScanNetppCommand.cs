using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Cli.Commands;

/// <summary><c>spar import scannetpp</c>: ScanNet++'s own options on top of the shared ones (<see cref="SceneImportCommand{TScene, TReport}"/>).</summary>
internal sealed class ImportScanNetppCommand : SceneImportCommand<ScanNetppSceneFiles, ScanNetppSceneReport>
{
    readonly Option<int> _step = new("--frame-step") { Description = "Keep iPhone frames whose number is a multiple of N for image QA", DefaultValueFactory = _ => 10 };
    readonly Option<int> _video = new("--video-frames") { Description = "Frames in the video subset, uniformly spaced over the frames COLMAP registered", DefaultValueFactory = _ => 32 };
    readonly Option<string> _masks = new("--masks")
    {
        Description = "Instance masks: render (from the annotated mesh, checked against depth) or none; default: render when the mesh is annotated",
        DefaultValueFactory = _ => "auto",
    };

    protected override string Name => ScanNetppImporter.Source;

    protected override string Description => "Import ScanNet++ scenes (iPhone frames, COLMAP poses, annotated mesh)";

    protected override Argument<string> Input() =>
        new("data-root") { Description = "ScanNet++ root holding data/<scene_id>/{iphone,scans}/ (or its data/ folder)" };

    protected override string ScenesDescription => "Scene ids, e.g. 0a5c013435,0a7cc12c0e (default: every scene folder)";

    protected override IEnumerable<Option> Options() => [_step, _video, _masks];

    protected override ISceneImporter<ScanNetppSceneFiles, ScanNetppSceneReport> Create(ParseResult p, SceneImportRequest request) => new ScanNetppImporter(new ScanNetppImportOptions
    {
        DataRoot = request.Input,
        OutDir = request.OutDir,
        Scenes = request.Scenes,
        Threads = request.Threads,
        Shard = request.Shard,
        Cancel = request.Cancel,
        FrameStep = p.GetValue(_step),
        VideoFrames = p.GetValue(_video),
        Masks = InstanceMaskSources.Parse(p.GetValue(_masks)!),
    });
}
