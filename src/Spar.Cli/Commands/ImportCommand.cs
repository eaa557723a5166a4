using System.CommandLine;

namespace Spar.Cli.Commands;

/// <summary><c>spar import &lt;source&gt;</c>: real datasets into canonical scenes + the SPAR-7M-RGBD image layout.</summary>
internal static class ImportCommand
{
    /// <summary>
    /// The scene importers, one <c>spar import &lt;name&gt;</c> each: the one list a new source is added to
    /// (docs/importers.md). Made afresh for every command tree, since an option belongs to one command.
    /// </summary>
    static IEnumerable<ISceneImportCommand> SceneImporters() =>
    [
        new ImportScanNetCommand(),
        new ImportScanNetppCommand(),
        new ImportStructured3DCommand(),
        new ImportARKitScenesCommand(),
        new ImportMatterportCommand(),
        new ImportRouteCommand("rxr"),
        new ImportRouteCommand("r2r"),
    ];

    public static Command Create()
    {
        var import = new Command("import", "Import a real 3D dataset into scene.json files and the SPAR-7M-RGBD image layout");
        foreach (var importer in SceneImporters()) import.Subcommands.Add(importer.Build());
        // The Hub parquet of SPAR-7M holds QA records, not scenes: nothing to discover per scene, no scene folder to
        // write, so it is a command of its own beside the scene importers rather than an ISceneImporter.
        import.Subcommands.Add(ImportSpar7mCommand.Create());
        return import;
    }
}
