using System.CommandLine;

namespace Spar.Cli.Commands;

static class CommonOptions
{
    public static Option<int> Threads() => new Option<int>("--threads", "-j")
    {
        Description = "Worker threads (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.InRange(1, 1024);

    /// <summary>Makes a value outside [<paramref name="min"/>, <paramref name="max"/>] a usage error instead of a silent clamp.</summary>
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max) result.AddError($"{option.Name} must be between {min} and {max}, not {value}");
        });
        return option;
    }

    public static Option<string[]> Sources() => new("--sources")
    {
        Description = "Sources to include (default: every source present), e.g. --sources scannet scannetpp",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// A synchronous action that receives the run's stop token (Ctrl-C, SIGTERM; see <see cref="StopRequest"/>). A
    /// command that passes it on stops at the library's next safe point; SparCli reports the stop.
    /// </summary>
    public static void SetStoppableAction(this Command command, Func<ParseResult, CancellationToken, int> action) =>
        command.SetAction((parse, cancel) => Task.FromResult(action(parse, cancel)));

    /// <summary><c>--allow-outside DIR</c> (repeatable): folders records may point into besides their root (docs/guarantees.md).</summary>
    public static Option<string[]> AllowOutside() => new("--allow-outside")
    {
        Description = "A folder records' image paths (symlinks included) may lead into besides their root, e.g. the ScanNet download a symlink farm points at; repeatable",
    };

    /// <summary>The path rule for a run, from its <c>--allow-outside</c> values.</summary>
    public static Spar.Dataset.PathRule Paths(System.CommandLine.ParseResult parse, Option<string[]> allowOutside) =>
        new(parse.GetValue(allowOutside) ?? []);

    public static IReadOnlyList<string>? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;
}
