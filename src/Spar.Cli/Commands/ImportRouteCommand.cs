using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.Matterport;

namespace Spar.Cli.Commands;

/// <summary><c>spar import rxr</c> and <c>spar import r2r</c>: navigation paths on Matterport3D, one scene per path.</summary>
internal sealed class ImportRouteCommand(string source) : SceneImportCommand<RouteScene, RouteReport>
{
    readonly Option<string> _matterport = new("--matterport") { Description = "Matterport3D scans folder (v1/scans/: undistorted_camera_parameters, undistorted_color_images, undistorted_depth_images of each scan)", Required = true };
    readonly Option<string> _connectivity = new("--connectivity") { Description = "The simulator's connectivity/ folder (<scan>_connectivity.json)", Required = true };
    readonly Option<string[]> _languages = new("--languages") { Description = "Keep only instructions in these languages, comma-separated (RxR: en-IN, en-US, hi-IN, te-IN; R2R: en); paths left with none are skipped" };

    protected override string Name => source;

    protected override string Description => source == "rxr"
        ? "Import RxR guide paths (JSON Lines, may be gzipped) as navigation scenes: one per path, the video walking it on Matterport3D images"
        : "Import R2R paths (JSON) as navigation scenes: one per path, the video walking it on Matterport3D images";

    protected override Argument<string> Input() =>
        new("paths") { Description = source == "rxr" ? "RxR guide file (rxr_<split>_guide.jsonl[.gz])" : "R2R file (R2R_<split>.json)" };

    protected override string ScenesDescription => "Path scenes to import, <scan>_path<path_id>, comma-separated (default: every path)";

    protected override IEnumerable<Option> Options() => [_matterport, _connectivity, _languages];

    protected override ISceneImporter<RouteScene, RouteReport> Create(ParseResult p, SceneImportRequest request) =>
        new RouteImporter(new RouteImportOptions(request, source, p.GetValue(_matterport)!, p.GetValue(_connectivity)!)
        {
            Languages = CommonOptions.NullIfEmpty(p.GetValue(_languages)) is { } l ? new HashSet<string>(l, StringComparer.Ordinal) : null,
        });
}
