using System.Diagnostics;
using Spar.Util;

namespace Spar.Tests.Util;

public sealed class OutputLockTests
{
    [Fact]
    public void A_second_holder_is_refused_at_once_naming_the_first_and_admitted_after_release()
    {
        using var dir = new TestPaths.TempDir();
        var path = OutputLock.PathIn(dir["out"], "spar-test");
        var first = OutputLock.Acquire(path, "test --out X");

        // A second open of the lock file (its own open file description, as another process's would be) is shut out.
        var e = Assert.Throws<SparException>(() => OutputLock.Acquire(path, "test --out X"));
        Assert.StartsWith("test --out X: another spar run is writing there (", e.Message);
        Assert.Contains($"pid {Environment.ProcessId} on host {Environment.MachineName}, started 20", e.Message);
        Assert.Contains(Environment.GetCommandLineArgs()[0], e.Message);
        Assert.True(File.Exists(path + ".holder"));

        first.Dispose();
        Assert.False(File.Exists(path + ".holder")); // no description of a run that no longer holds it
        Assert.True(File.Exists(path)); // the lock file stays (deleting it would race with a run opening it)
        using var second = OutputLock.Acquire(path, "test --out X");
        Assert.True(OutputLock.IsLockFile(Path.GetFileName(path)) && OutputLock.IsLockFile(Path.GetFileName(path) + ".holder"));
        Assert.False(OutputLock.IsLockFile("build.json") || OutputLock.IsLockFile("x.lock"));
    }

    [Fact]
    public void A_lock_held_by_another_process_blocks_until_that_process_is_killed()
    {
        using var dir = new TestPaths.TempDir();
        var path = OutputLock.PathIn(dir.Path, "spar-test");
        // A killed run's leftovers: the lock file and a holder file naming a dead process.
        File.WriteAllText(path, "");
        File.WriteAllText(path + ".holder", $"{{\"pid\":{StaleTempsTests.DeadPid()},\"host\":\"h\",\"started\":\"2026-01-01T00:00:00Z\",\"command\":\"spar generate\"}}\n");
        // They do not block: the kernel released the dead run's lock with it.
        OutputLock.Acquire(path, "t").Dispose();

        // flock(1) takes the same advisory lock (flock(2), exclusive) that FileShare.None takes: a real second process.
        // -o: the lock stays with flock itself, not with the sleep it starts.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-o", path, "sleep", "30"]) { UseShellExecute = false })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        SparException? refused = null;
        while (refused == null && DateTime.UtcNow < deadline)
        {
            try { OutputLock.Acquire(path, "t").Dispose(); Thread.Sleep(20); }
            catch (SparException e) { refused = e; }
        }
        Assert.NotNull(refused);
        Assert.Contains("another spar run is writing there (holder unknown", refused.Message);

        holder.Kill(entireProcessTree: true); // SIGKILL: no clean-up of any kind
        holder.WaitForExit();
        using var taken = OutputLock.Acquire(path, "t");
        Assert.True(File.Exists(path + ".holder"));
    }
}
