using System.CommandLine;
using Spar.Util;

namespace Spar.Cli;

public static class SparCli
{
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var root = new RootCommand("spar: spatial QA data for vision-language models (SPAR-7M / SPAR-Bench toolkit)");
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
        };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (SparException e)
        {
            (stderr ?? Console.Error).WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
