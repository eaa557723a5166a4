using System.CommandLine;
using Spar.Scenes.Importers;

namespace Spar.Cli.Commands;

/// <summary>One scene importer's subcommand, as <see cref="ImportCommand"/> lists them.</summary>
internal interface ISceneImportCommand
{
    Command Build();
}

/// <summary>
/// <c>spar import &lt;name&gt; INPUT --out OUT [--scenes …] [--threads N]</c> for any
/// <see cref="ISceneImporter{TScene, TReport}"/>: the arguments every importer shares, the run
/// (<see cref="SceneImport.Run"/>) and the report, the same for every source. A source adds only its own options and
/// how its importer is made from them.
/// </summary>
internal abstract class SceneImportCommand<TScene, TReport> : ISceneImportCommand
    where TScene : IFoundScene
    where TReport : IImportedScene
{
    /// <summary>The importer's <see cref="ISceneImporter{TScene, TReport}.Name"/>: the subcommand's name.</summary>
    protected abstract string Name { get; }

    protected abstract string Description { get; }

    /// <summary>The positional argument: the dataset's folder as the user has it.</summary>
    protected abstract Argument<string> Input();

    protected virtual string ScenesDescription => "Scene ids to import, comma-separated (default: every scene found)";

    /// <summary>The source's own options, in help order (between <c>--scenes</c> and <c>--threads</c>).</summary>
    protected abstract IEnumerable<Option> Options();

    /// <summary>The importer configured from the source's own options (the shared ones are in <paramref name="request"/>).</summary>
    protected abstract ISceneImporter<TScene, TReport> Create(ParseResult parse, SceneImportRequest request);

    /// <summary>A source's extra line after the run (e.g. rooms skipped by a list), or null for none.</summary>
    protected virtual string? RunNote(ISceneImporter<TScene, TReport> importer) => null;

    public Command Build()
    {
        var input = Input();
        var outDir = new Option<string>("--out") { Description = $"Output root; scenes are written to <out>/{Name}/images/<scene>/", Required = true };
        var scenes = new Option<string[]>("--scenes") { Description = ScenesDescription };
        var shard = new Option<string?>("--shard") { Description = "K/N: import only the scenes of shard K of N (the stable scene hash generate --shard uses), for job arrays" };
        var threads = CommonOptions.Threads();
        var cmd = new Command(Name, Description) { input, outDir, scenes };
        foreach (var option in Options()) cmd.Options.Add(option);
        cmd.Options.Add(shard);
        cmd.Options.Add(threads);
        cmd.SetStoppableAction((p, cancel) =>
        {
            var request = new SceneImportRequest
            {
                Input = p.GetValue(input)!,
                OutDir = p.GetValue(outDir)!,
                Scenes = CommonOptions.NullIfEmpty(p.GetValue(scenes)),
                Threads = p.GetValue(threads),
                Shard = p.GetValue(shard) is { } k ? Generation.ShardSpec.Parse(k) : Generation.ShardSpec.Whole,
                Cancel = cancel,
            };
            var importer = Create(p, request);
            if (importer.Name != Name) throw new InvalidOperationException($"spar import {Name} made the importer '{importer.Name}'");
            var err = p.InvocationConfiguration.Error;
            var report = ProgressView.Run(err, $"import {Name}", progress => SceneImport.Run(importer, request, progress));
            int code = Render(report, request, p.InvocationConfiguration.Output, err);
            if (RunNote(importer) is { } note) p.InvocationConfiguration.Output.WriteLine(note);
            return code;
        });
        return cmd;
    }

    /// <summary>A line per imported scene on stdout, its warnings and the failures on stderr; exit 1 when a scene failed.</summary>
    static int Render(SceneImportReport<TReport> report, SceneImportRequest request, TextWriter o, TextWriter err)
    {
        foreach (var s in report.Scenes)
        {
            o.WriteLine($"{s.SceneId}: {s.Summary} -> {s.OutputFolder}");
            foreach (var w in s.Warnings) err.WriteLine($"warning: {s.SceneId}: {w}");
        }
        foreach (var f in report.Failures) err.WriteLine($"error: {f.SceneId}: {f.Message}");
        o.WriteLine($"imported {report.Scenes.Count} scene(s), {report.Failures.Count} failed" + (request.Shard.IsWhole ? "" : $" (shard {request.Shard})"));
        return report.Failures.Count > 0 ? 1 : 0;
    }
}
