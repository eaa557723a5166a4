using System.CommandLine;

namespace Spar.Cli.Commands;

static class CommonOptions
{
    public static Option<int> Threads() => new("--threads", "-j")
    {
        Description = "Worker threads (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<string[]> Sources() => new("--sources")
    {
        Description = "Sources to include (default: every source present), e.g. --sources scannet scannetpp",
        AllowMultipleArgumentsPerToken = true,
    };

    public static IReadOnlyList<string>? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;
}
