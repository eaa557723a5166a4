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
        AuditCommand.Create(),
        DemoCommand.Create(),
        DrawCommand.Create(),
        ExportCommand.Create(),
        BenchCommand.Create(),
        ImportCommand.Create(),
        LayoutCommand.Create(),
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

    /// <param name="stop">Stops the command when requested (the process entry point passes one that listens to
    /// SIGINT and SIGTERM); null: no stop.</param>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, StopRequest? stop = null)
    {
        var root = Root();
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            EnableDefaultExceptionHandler = false,
            // Signals are StopRequest's: System.CommandLine's own handler would end the process 2 s after a Ctrl-C
            // (exit 130/143), before a long command has stopped cleanly.
            ProcessTerminationTimeout = null,
        };
        try
        {
            var parsed = root.Parse(args);
            // A usage error is a diagnostic: the help System.CommandLine prints with it goes to stderr, not into the result.
            if (parsed.Errors.Count > 0) config.Output = config.Error;
            int rc = parsed.InvokeAsync(config, stop?.Token ?? CancellationToken.None).GetAwaiter().GetResult();
            // Usage errors (unknown option, missing or malformed value) are bad input like any other: exit 2, so a
            // script can tell them from 1, which the commands use for "ran, but some items failed".
            return parsed.Errors.Count > 0 && rc != 0 ? 2 : rc;
        }
        catch (Exception e) when (Failure(e, stop) is var (message, exit))
        {
            (stderr ?? Console.Error).WriteLine(message);
            return exit;
        }
    }

    /// <summary>
    /// What the user is told about an exception that ends a command, and the exit code; null for a bug (its stack
    /// trace is the useful report). Exceptions of parallel workers are unwrapped first, so a full disk in
    /// <c>generate</c> reads like one in <c>index</c>.
    /// </summary>
    static (string Message, int Exit)? Failure(Exception e, StopRequest? stop)
    {
        if (e is AggregateException aggregate) e = Workers.Unwrap(aggregate);
        return e switch
        {
            SparException => ($"error: {e.Message}", 2),
            // File-system failures at the edges (an output path that is a file, a full disk, a read-only folder…).
            IOException or UnauthorizedAccessException => ($"error: {ErrorText.Io(e)}", 2),
            OperationCanceledException when stop is { Token.IsCancellationRequested: true } =>
                ($"stopped by {stop.Reason}: no half-written output is left; run the command again to finish", 1),
            _ => null,
        };
    }
}
