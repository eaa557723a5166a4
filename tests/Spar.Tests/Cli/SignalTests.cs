using System.Diagnostics;
using System.Text;
using Spar.Bench.Data;
using Spar.Bench.Predictions;
using Spar.Scenes.Synthetic;
using Spar.Tests.Bench.Run;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Cli;

/// <summary>
/// Ctrl-C and SIGTERM sent to a real child <c>spar</c> mid-run (issue 13, defect 7): the command stops cleanly — its
/// summary, exit 1, no temp file left — and running it again finishes the job with what an uninterrupted run writes.
/// </summary>
public sealed class SignalTests
{
    static readonly SynthOptions Small = new(Frames: 24, VideoFrames: 8, ExtraViews: 4, Width: 160, Height: 120);

    [Fact]
    public async Task Bench_run_stopped_by_SIGINT_prints_its_summary_exits_1_and_a_rerun_completes_the_file()
    {
        const int items = 40;
        int requests = 0;
        await using var server = new FakeChatServer((request, _) =>
        {
            Interlocked.Increment(ref requests);
            return new Reply.Answer($"A{IdOf(request.Prompt)}", DelayMs: 150);
        });
        using var dir = new TestPaths.TempDir();
        var bench = dir["bench.parquet"];
        ParquetBenchWriter.Write(bench, Mixed(items));
        string[] Args(string output) => ["bench", "run", bench, "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--concurrency", "2", "--out", output];

        using var child = SparProcess.Start(Args(dir["p.jsonl"]));
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        // The child locks its predictions file, so progress is read off the server: 6 requests = at least 4 answered.
        WaitUntil(child, () => Volatile.Read(ref requests) >= 6, "6 requests");
        SparProcess.Signal(child, SparProcess.SIGINT);
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(20)), "bench run did not stop after SIGINT");

        Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}\n{await stderr}");
        Assert.Contains("(stopped; rerun to resume)", await stdout);
        var stopped = File.ReadAllText(dir["p.jsonl"]);
        Assert.EndsWith("\n", stopped);
        int linesAtStop = stopped.Count(c => c == '\n');
        Assert.InRange(linesAtStop, 4, items - 1);
        AssertNoTemps(dir.Path);

        var (exit, _, err) = CliRunner.Run(Args(dir["p.jsonl"]));
        Assert.True(exit == 0, err);
        var (fresh, _, freshErr) = CliRunner.Run(Args(dir["fresh.jsonl"]));
        Assert.True(fresh == 0, freshErr);
        // Lines are in completion order and carry their latency, so the comparison is per id: the same answers, each
        // id ok exactly once, and the stopped run's lines kept byte for byte at the head of the file.
        Assert.StartsWith(stopped, File.ReadAllText(dir["p.jsonl"]));
        Assert.Equal(Answers(dir["fresh.jsonl"]), Answers(dir["p.jsonl"]));
    }

    [Fact]
    public async Task Generate_stopped_by_SIGTERM_exits_1_leaves_no_temps_and_a_rerun_writes_the_bytes_of_an_uninterrupted_run()
    {
        using var dir = new TestPaths.TempDir();
        SyntheticDataset.Write(dir["scenes"], seed: 3, count: 6, Small, threads: 2);
        string[] Args(string output) => ["generate", "--scenes", dir["scenes"], "--out", output, "--per-scene", "8", "-j", "1"];
        var parts = dir["stopped/" + Spar.Generation.Generator.WorkFolder];

        using var child = SparProcess.Start(Args(dir["stopped"]));
        var stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        WaitUntil(child, () => Directory.Exists(parts) && Directory.EnumerateFiles(parts, "*.part", SearchOption.AllDirectories).Any(), "the first scene part");
        SparProcess.Signal(child, SparProcess.SIGTERM);
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), "generate did not stop after SIGTERM");

        var err = await stderr;
        Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}\n{err}");
        Assert.Contains("stopped: ", err);
        Assert.Contains("rerun to resume", err);
        Assert.False(File.Exists(Path.Combine(dir["stopped"], Spar.Generation.RunManifest.FileName)));
        AssertNoTemps(dir["stopped"]);
        int partsAtStop = Directory.EnumerateFiles(parts, "*.part", SearchOption.AllDirectories).Count();
        Assert.InRange(partsAtStop, 1, 5);

        var (exit, rerunOut, rerunErr) = CliRunner.Run(Args(dir["stopped"]));
        Assert.True(exit == 0, rerunErr);
        Assert.Contains($"({partsAtStop} already done", rerunOut); // the summary is the result: stdout
        var (fresh, _, freshErr) = CliRunner.Run(Args(dir["fresh"]));
        Assert.True(fresh == 0, freshErr);
        GeneratedTree.AssertSame(GeneratedTree.Snapshot(dir["fresh"]), GeneratedTree.Snapshot(dir["stopped"]));
    }

    [Fact]
    public async Task Scenes_synth_stopped_by_SIGINT_exits_1_and_a_rerun_writes_the_bytes_of_an_uninterrupted_run()
    {
        using var dir = new TestPaths.TempDir();
        string[] Args(string output) => ["scenes", "synth", "--count", "5", "--seed", "4", "--out", output, "--frames", "24", "--video-frames", "8",
            "--extra-views", "4", "--width", "160", "--height", "120", "-j", "1"];
        var images = dir["stopped/synthetic/images"];

        using var child = SparProcess.Start(Args(dir["stopped"]));
        var stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        WaitUntil(child, () => Directory.Exists(images) && Directory.EnumerateFiles(images, "scene.json", SearchOption.AllDirectories).Any(), "the first finished scene");
        SparProcess.Signal(child, SparProcess.SIGINT);
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), "scenes synth did not stop after SIGINT");

        var err = await stderr;
        Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}\n{err}");
        Assert.Contains("stopped by SIGINT", err);
        Assert.DoesNotContain("   at ", err);
        AssertNoTemps(dir["stopped"]);

        var (exit, _, rerunErr) = CliRunner.Run(Args(dir["stopped"]));
        Assert.True(exit == 0, rerunErr);
        var (fresh, _, freshErr) = CliRunner.Run(Args(dir["fresh"]));
        Assert.True(fresh == 0, freshErr);
        Assert.Equal(Files(dir["fresh"]), Files(dir["stopped"]));
    }

    /// <summary>Polls until <paramref name="ready"/>; fails if the child ends first (the signal would prove nothing).</summary>
    static void WaitUntil(Process child, Func<bool> ready, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            if (child.HasExited) Assert.Fail($"the child exited ({child.ExitCode}) before {what}: {child.StandardError.ReadToEnd()}");
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) { child.Kill(); Assert.Fail($"no {what} after 60 s"); }
            Thread.Sleep(10);
        }
    }

    static void AssertNoTemps(string root) =>
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories),
            p => Spar.Util.StaleTemps.TryParse(Path.GetFileName(p), out _, out _));

    /// <summary>id → answer of each ok line; an id answered twice fails.</summary>
    static SortedDictionary<long, string?> Answers(string path)
    {
        var result = new SortedDictionary<long, string?>();
        foreach (var line in File.ReadAllLines(path).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l))).Where(l => l.IsOk))
            Assert.True(result.TryAdd(line.Id, line.Prediction), $"id {line.Id} ok twice");
        return result;
    }

    /// <summary>Relative path → SHA-256 of every file below <paramref name="root"/>.</summary>
    static SortedDictionary<string, string> Files(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);
}
