using System.CommandLine;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.Structured3D;

namespace Spar.Cli.Commands;

/// <summary><c>spar import structured3d</c>: Structured3D's own option on top of the shared ones.</summary>
internal sealed class ImportStructured3DCommand : SceneImportCommand<Structured3DRoomFiles, Structured3DRoomReport>
{
    readonly Option<string> _lighting = new("--lighting")
    {
        Description = "Colour render to import: rawlight, warmlight or coldlight (rgb_<lighting>.png; else rgb_rawlight, rgb_nolight, rgb_shading as the official layout script, with a warning)",
        DefaultValueFactory = _ => "rawlight",
    };

    readonly Option<string?> _errata = new("--errata")
    {
        Description = "The toolkit's metadata/errata.txt (lines scene_XXXXX or scene_XXXXX_room_<roomID>, # comments): listed houses and rooms are skipped and counted",
    };

    protected override string Name => Structured3DImporter.Source;

    protected override string Description => "Import Structured3D rooms (perspective views, bbox_3d.json boxes, annotation_3d.json floor plans), one scene per room";

    protected override Argument<string> Input() =>
        new("houses") { Description = "Folder of Structured3D houses (scene_XXXXX/ with annotation_3d.json, bbox_3d.json, 2D_rendering/)" };

    protected override string ScenesDescription => "Houses (scene_00000: all its rooms) or rooms (scene_00000_485142) to import (default: every room with perspective views)";

    protected override IEnumerable<Option> Options() => [_lighting, _errata];

    protected override ISceneImporter<Structured3DRoomFiles, Structured3DRoomReport> Create(ParseResult p, SceneImportRequest request) =>
        new Structured3DImporter(new Structured3DImportOptions(request)
        {
            Lighting = p.GetValue(_lighting)!,
            ErrataPath = p.GetValue(_errata),
        });

    protected override string? RunNote(ISceneImporter<Structured3DRoomFiles, Structured3DRoomReport> importer) =>
        ((Structured3DImporter)importer).ErrataSummary;
}
