using System.Diagnostics;
using Spar.Util;

namespace Spar.Tests.Util;

public class StaleTempsTests
{
    /// <summary>The id of a process that has exited (and been reaped), as a killed run's id is.</summary>
    internal static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    static string Temp(string name, int pid) => $".{name}.{pid}.{Guid.NewGuid():N}.tmp";

    [Fact]
    public void AtomicFile_temps_are_recognised_and_a_live_writers_temp_is_kept()
    {
        using var dir = new TestPaths.TempDir();
        string? seen = null;
        IReadOnlyList<string>? removedWhileWriting = null;
        AtomicFile.WriteAllBytes(dir["a.bin"], [1, 2, 3]);
        AtomicFile.Write(dir["b.bin"], s =>
        {
            s.WriteByte(1);
            seen = Directory.EnumerateFiles(dir.Path, ".b.bin.*").Single();
            removedWhileWriting = StaleTemps.Clean(dir.Path);
        });
        Assert.True(StaleTemps.TryParse(Path.GetFileName(seen!), out int pid, out var name));
        Assert.Equal((Environment.ProcessId, "b.bin"), (pid, name));
        Assert.Empty(removedWhileWriting!);
        Assert.Equal([1], File.ReadAllBytes(dir["b.bin"]));
    }

    [Fact]
    public void Temps_of_exited_processes_are_removed_and_nothing_else()
    {
        using var dir = new TestPaths.TempDir();
        int dead = DeadPid();
        var deadFile = dir[Temp("bench.jsonl", dead)];
        var deadFolder = dir[Temp("bench-build", dead)];
        var live = dir[Temp("out.parquet", Environment.ProcessId)];
        File.WriteAllText(deadFile, "half");
        Directory.CreateDirectory(Path.Combine(deadFolder, "folder"));
        File.WriteAllText(Path.Combine(deadFolder, "folder", "x.jpg"), "x");
        File.WriteAllText(live, "in progress");
        var liveFolder = dir[Temp("bench-build", Environment.ProcessId)];
        Directory.CreateDirectory(Path.Combine(liveFolder, "folder"));
        string[] kept = ["bench.jsonl", $".bench.jsonl.{dead}.tmp", $".bench.jsonl.{dead}.{new string('a', 31)}.tmp", $"bench.jsonl.{dead}.{Guid.NewGuid():N}.tmp"];
        foreach (var k in kept) File.WriteAllText(dir[k], "user");

        var removed = StaleTemps.Clean(dir.Path);

        Assert.Equal(new[] { deadFile, deadFolder }.Order(StringComparer.Ordinal), removed);
        Assert.False(File.Exists(deadFile) || Directory.Exists(deadFolder));
        Assert.True(File.Exists(live));
        Assert.True(Directory.Exists(Path.Combine(liveFolder, "folder")));
        Assert.All(kept, k => Assert.True(File.Exists(dir[k]), k));
    }

    [Fact]
    public void A_reused_process_id_does_not_keep_an_older_temp_alive()
    {
        using var dir = new TestPaths.TempDir();
        // Our own id, but written long before this process started: the writer was another process with the same id.
        var old = dir[Temp("build.json", Environment.ProcessId)];
        File.WriteAllText(old, "{");
        File.SetLastWriteTimeUtc(old, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal([old], StaleTemps.Clean(dir.Path));
    }

    [Fact]
    public void All_directories_looks_below_and_top_only_does_not()
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir["out/folder"]);
        var deep = dir[Path.Combine("out", "folder", Temp("bench.jsonl", DeadPid()))];
        File.WriteAllText(deep, "");
        Assert.Empty(StaleTemps.Clean(dir["out"]));
        Assert.Equal([deep], StaleTemps.Clean(dir["out"], SearchOption.AllDirectories));
        Assert.Empty(StaleTemps.Clean(dir["missing"]));
    }

    [Fact]
    public void Only_for_limits_the_cleaning_to_temps_of_the_named_files()
    {
        using var dir = new TestPaths.TempDir();
        int dead = DeadPid();
        var mine = dir[Temp("report.md", dead)];
        var other = dir[Temp("notes.md", dead)];
        File.WriteAllText(mine, "");
        File.WriteAllText(other, "");
        Assert.Equal([mine], StaleTemps.Clean(dir.Path, onlyFor: new HashSet<string> { "report.md" }));
        Assert.True(File.Exists(other));
    }
}
