using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Spar.Tests.Cli;

/// <summary>
/// The built CLI (<c>Spar.Cli.dll</c>, copied beside the tests) run as a child process: what a user's shell or a batch
/// scheduler runs, with its own signals, exit code and unhandled-exception behaviour (which an in-process run hides).
/// </summary>
static partial class SparProcess
{
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Spar.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>) and returns the exit code and both outputs.</summary>
    public static (int Exit, string Out, string Err) Run(TimeSpan timeout, params string[] args)
    {
        using var child = Start(args);
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(timeout))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"spar {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s");
        }
        return (child.ExitCode, output.Result, error.Result);
    }

    public const int SIGINT = 2, SIGTERM = 15;

    /// <summary>Sends a signal (<see cref="Process.Kill()"/> only sends SIGKILL).</summary>
    public static void Signal(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0) throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
