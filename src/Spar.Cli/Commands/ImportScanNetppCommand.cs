using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Cli.Commands;

/// <summary><c>spar import scannetpp</c>: ScanNet++'s own options on top of the shared ones (<see cref="SceneImportCommand{TScene, TReport}"/>).</summary>
internal sealed class ImportScanNetppCommand : SceneImportCommand<ScanNetppSceneFiles, ScanNetppSceneReport>
{
    readonly Option<string> _camera = new("--camera")
    {
        Description = "iphone (the video, its depth) or dslr (the toolkit's undistorted DSLR images; depth rendered from the mesh)",
        DefaultValueFactory = _ => "iphone",
    };
    readonly Option<int?> _step = new("--frame-step") { Description = "Keep frames whose number is a multiple of N for image QA: iPhone frame number (default 10), DSLR image rank (default 1)" };
    readonly Option<int> _video = new("--video-frames") { Description = "Frames in the video subset, uniformly spaced over the frames COLMAP registered", DefaultValueFactory = _ => 32 };
    readonly Option<string> _masks = new("--masks")
    {
        Description = "Instance masks: render (from the annotated mesh, checked against depth) or none; default: render when the mesh is annotated",
        DefaultValueFactory = _ => "auto",
    };

    readonly Option<string?> _labels = new("--labels") { Description = "ScanNet++'s metadata/semantic_benchmark/map_benchmark.csv: raw labels to benchmark classes (unmapped ones counted)" };
    readonly Option<string?> _split = new("--split-file") { Description = "Scenes listed in a split file, e.g. splits/nvs_sem_train.txt (relative paths also tried under the data root); missing scenes fail" };

    protected override string Name => ScanNetppImporter.Source;

    protected override string Description => "Import ScanNet++ scenes (iPhone frames, COLMAP poses, annotated mesh)";

    protected override Argument<string> Input() =>
        new("data-root") { Description = "ScanNet++ root holding data/<scene_id>/{iphone,scans}/ (or its data/ folder)" };

    protected override string ScenesDescription => "Scene ids, e.g. 0a5c013435,0a7cc12c0e (default: every scene folder)";

    protected override IEnumerable<Option> Options() => [_split, _camera, _step, _video, _labels, _masks];

    protected override ISceneImporter<ScanNetppSceneFiles, ScanNetppSceneReport> Create(ParseResult p, SceneImportRequest request) => new ScanNetppImporter(new ScanNetppImportOptions(request)
    {
        Camera = p.GetValue(_camera) switch
        {
            "iphone" => ScanNetppCamera.Iphone,
            "dslr" => ScanNetppCamera.Dslr,
            var other => throw new Spar.Util.SparException($"--camera must be iphone or dslr (got '{other}')"),
        },
        FrameStep = p.GetValue(_step),
        VideoFrames = p.GetValue(_video),
        Masks = InstanceMaskSources.Parse(p.GetValue(_masks)!),
        LabelsPath = p.GetValue(_labels),
        SplitFile = p.GetValue(_split),
    });
}
