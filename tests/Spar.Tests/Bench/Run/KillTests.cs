using Spar.Bench.SparBench;
using System.Diagnostics;
using System.Text;
using Spar.Bench.Predictions;
using Spar.Bench.Run;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>
/// A real <c>kill -9</c>: the test starts a second test host that runs the bench against this process's server, kills
/// it with SIGKILL mid-run, then resumes in-process.
/// </summary>
public sealed class KillTests
{
    const string ChildOutVariable = "SPAR_TEST_BENCH_RUN_CHILD_OUT";
    const string ChildUrlVariable = "SPAR_TEST_BENCH_RUN_CHILD_URL";
    const int Items = 120;

    public static bool IsChild => Environment.GetEnvironmentVariable(ChildOutVariable) is not null;

    static InMemoryBench Bench => new(Mixed(Items));

    static ChatModelOptions Options(string url) =>
        new("kill-test-model", [new Uri(url)], null, new GenerationSettings(), TimeSpan.FromSeconds(10),
            new RetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromSeconds(1)));

    /// <summary>The child's side; skipped in normal runs.</summary>
    [Fact(Skip = "entry point of the child process started by Killed_run_resumes_without_corrupt_or_duplicate_lines", SkipUnless = nameof(IsChild))]
    public async Task Child_process_entry()
    {
        using var model = new ChatCompletionsModel(Options(Environment.GetEnvironmentVariable(ChildUrlVariable)!), Spar.Bench.SparBench.BenchPrompt.Build);
        await BenchRunner.RunAsync(Bench, model, Environment.GetEnvironmentVariable(ChildOutVariable)!, new BenchRunOptions(Concurrency: 6),
            cancel: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Killed_run_resumes_without_corrupt_or_duplicate_lines()
    {
        if (IsChild) return; // never recurse
        var cancel = TestContext.Current.CancellationToken;
        Process? child = null;
        int requests = 0, requestsAtKill = 0;
        await using var server = new FakeChatServer((request, _) =>
        {
            // The kill comes from the server thread at the 30th request, so it lands mid-run whatever the scheduling.
            if (Interlocked.Increment(ref requests) == 30)
            {
                requestsAtKill = 30;
                child!.Kill(); // SIGKILL: no cleanup, the requests in flight are lost
            }
            return new Reply.Answer($"A{IdOf(request.Prompt)}", DelayMs: 40);
        });
        using var dir = new TestPaths.TempDir();
        var output = dir["p.jsonl"];
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "Spar.Tests.dll"), "-noLogo", "-method", $"{typeof(KillTests).FullName}.{nameof(Child_process_entry)}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [ChildOutVariable] = output, [ChildUrlVariable] = server.BaseUrl + "/chat/completions" },
        };
        child = Process.Start(start)!;
        using var childProcess = child;
        var childOutput = child.StandardOutput.ReadToEndAsync(cancel);
        _ = child.StandardError.ReadToEndAsync(cancel);
        await child.WaitForExitAsync(cancel).WaitAsync(TimeSpan.FromSeconds(60), cancel);
        Assert.True(requestsAtKill == 30, "child ended before it was killed: " + await childOutput);

        var killed = File.ReadAllBytes(output);
        var before = ParseAll(output);
        Assert.True(before.Count is > 0 and < Items, $"{before.Count} lines after {requestsAtKill} requests");
        Assert.Equal(before.Count, before.Select(l => l.Id).Distinct().Count());
        Assert.True(requestsAtKill > before.Count, "some requests were in flight when the child died");

        using var model = new ChatCompletionsModel(Options(server.BaseUrl + "/chat/completions"), Spar.Bench.SparBench.BenchPrompt.Build);
        var resumed = await BenchRunner.RunAsync(Bench, model, output, new BenchRunOptions(Concurrency: 6), cancel: cancel);

        Assert.Equal((before.Count, Items - before.Count, 0), (resumed.AlreadyDone, resumed.Ok, resumed.Failed));
        var after = File.ReadAllBytes(output);
        int kept = killed.Length - resumed.TornBytesRemoved;
        Assert.Equal(killed.AsSpan(0, kept).ToArray(), after.AsSpan(0, kept).ToArray());
        var lines = ParseAll(output);
        Assert.Equal(Enumerable.Range(0, Items).Select(i => (long)i), lines.Select(l => l.Id).Order());
        Assert.All(lines, l => Assert.Equal($"A{l.Id}", l.Prediction));
    }

    static List<BenchPrediction> ParseAll(string path)
    {
        var text = File.ReadAllText(path);
        // A kill between write calls cannot tear a line; the repair on resume covers the rest.
        var whole = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        return [.. whole.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l)))];
    }
}
