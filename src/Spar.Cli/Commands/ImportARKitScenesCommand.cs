using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ARKitScenes;

namespace Spar.Cli.Commands;

/// <summary><c>spar import arkitscenes</c>: ARKitScenes' own options on top of the shared ones (<see cref="SceneImportCommand{TScene, TReport}"/>).</summary>
internal sealed class ImportARKitScenesCommand : SceneImportCommand<ARKitScenesScan, ARKitScenesScanReport>
{
    readonly Option<string?> _split = new("--split") { Description = "Training or Validation (default: both that exist)" };
    readonly Option<string> _frames = new("--frames")
    {
        Description = "Colour stream: lowres (lowres_wide/, 256×192, the depth's own grid) or wide (wide/, 1920×1440, raw only; depth upscaled to it)",
        DefaultValueFactory = _ => "lowres",
    };
    readonly Option<int> _step = new("--frame-step") { Description = "Keep every N-th frame that has a pose for image QA", DefaultValueFactory = _ => 10 };
    readonly Option<int> _video = new("--video-frames") { Description = "Frames in the video subset, uniformly spaced over the frames with a pose", DefaultValueFactory = _ => 32 };

    protected override string Name => ARKitScenesImporter.Source;

    protected override string Description => "Import ARKitScenes scans (lowres_wide frames, lowres_wide.traj poses, 3dod boxes and mesh), upright when captured in portrait";

    protected override Argument<string> Input() =>
        new("download") { Description = "ARKitScenes download holding 3dod/ or raw/ (or one of them, or a Training/ or Validation/ folder) with <split>/<video_id>/" };

    protected override string ScenesDescription => "Video ids, e.g. 41048143,41048169 (default: every scan of the split(s))";

    protected override IEnumerable<Option> Options() => [_split, _frames, _step, _video];

    protected override ISceneImporter<ARKitScenesScan, ARKitScenesScanReport> Create(ParseResult p, SceneImportRequest request) => new ARKitScenesImporter(new ARKitScenesImportOptions(request)
    {
        Split = p.GetValue(_split),
        Frames = ARKitScenesImportOptions.ParseFrames(p.GetValue(_frames)!),
        FrameStep = p.GetValue(_step),
        VideoFrames = p.GetValue(_video),
    });
}
