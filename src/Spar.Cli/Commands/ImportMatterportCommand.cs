using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.Matterport;

namespace Spar.Cli.Commands;

/// <summary><c>spar import matterport</c>: Matterport3D's own options on top of the shared ones.</summary>
internal sealed class ImportMatterportCommand : SceneImportCommand<MatterportRegionScene, MatterportRegionReport>
{
    readonly Option<string[]> _scans = new("--scans") { Description = "Scan (house) ids to import, comma-separated, every region of each (default: every scan found)" };
    readonly Option<string> _masks = new("--masks")
    {
        Description = "Instance masks: render (from region_segmentations/region<k>.ply, checked against depth) or none; default: render when the region mesh is there",
        DefaultValueFactory = _ => "auto",
    };

    protected override string Name => MatterportImporter.Source;

    protected override string Description => "Import Matterport3D houses (undistorted images, .house regions and objects, region meshes), one scene per region";

    protected override Argument<string> Input() =>
        new("scans") { Description = "Matterport3D scans folder (v1/scans/ holding <scan>/house_segmentations, undistorted_camera_parameters, undistorted_color_images, undistorted_depth_images, region_segmentations)" };

    protected override string ScenesDescription => "Region scenes to import, <scan>_region<k>, comma-separated (default: every region of the scans)";

    protected override IEnumerable<Option> Options() => [_scans, _masks];

    protected override ISceneImporter<MatterportRegionScene, MatterportRegionReport> Create(ParseResult p, SceneImportRequest request) =>
        new MatterportImporter(new MatterportImportOptions(request)
        {
            Scans = CommonOptions.NullIfEmpty(p.GetValue(_scans)),
            Masks = InstanceMaskSources.Parse(p.GetValue(_masks)!),
        });
}
