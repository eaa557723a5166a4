using Spar.Cli;

namespace Spar.Tests.Cli;

/// <summary>Runs the spar CLI in-process and captures what it prints.</summary>
static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = SparCli.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }
}
