using System.CommandLine;
using Spar.Cli.Commands;
using Spar.Util;

namespace Spar.Cli;

public static class SparCli
{
    /// <summary>Every top-level command. Each lives in its own file under Commands/ and only parses, calls the library and renders.</summary>
    static IEnumerable<Command> Commands() =>
    [
        IndexCommand.Create(),
        MixCommand.Create(),
        ValidateCommand.Create(),
        StatsCommand.Create(),
        DemoCommand.Create(),
        DrawCommand.Create(),
        ExportCommand.Create(),
        BenchCommand.Create(),
        ImportCommand.Create(),
        GenerateCommand.Create(),
        MergeCommand.Create(),
        ScenesCommand.Create(),
        ShowCommand.Create(),
        TasksCommand.Create(),
    ];

    /// <summary>The whole command tree with the shared option conventions applied (CommonOptions.ApplyConventions).</summary>
    internal static Command Root()
    {
        // A plain command named "spar" rather than RootCommand, whose name would be the assembly's (Spar.Cli).
        var root = new Command("spar", "spar: spatial QA data for vision-language models (SPAR-7M / SPAR-Bench toolkit)")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        foreach (var c in Commands()) root.Subcommands.Add(c);
        CommonOptions.ApplyConventions(root);
        return root;
    }

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var root = Root();
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            var parsed = root.Parse(args);
            int rc = parsed.Invoke(config);
            // Usage errors (unknown option, missing or malformed value) are bad input like any other: exit 2, so a
            // script can tell them from 1, which the commands use for "ran, but some items failed".
            return parsed.Errors.Count > 0 && rc != 0 ? 2 : rc;
        }
        catch (SparException e)
        {
            (stderr ?? Console.Error).WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // File-system failures at the edges (an output path that is a file, a full disk…): the message names the path.
            (stderr ?? Console.Error).WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
