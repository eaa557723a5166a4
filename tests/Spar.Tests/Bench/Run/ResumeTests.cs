using Spar.Bench.SparBench;
using System.Text;
using Spar.Bench.Predictions;
using Spar.Bench.Run;
using Spar.Util;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>Stopping a run at any moment and running the same command again.</summary>
public sealed class ResumeTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static List<BenchPrediction> ReadLines(string path) =>
        [.. File.ReadAllLines(path).Select(l => PredictionLines.Parse(Encoding.UTF8.GetBytes(l)))];

    static string Line(long id, string prediction, string model = "random") =>
        $"{{\"id\":{id},\"task\":\"depth_prediction_oc\",\"prediction\":\"{prediction}\",\"status\":\"ok\",\"error\":null,\"model\":\"{model}\",\"endpoint\":null,\"latency_ms\":0,\"attempts\":1}}\n";

    [Fact]
    public async Task A_run_stopped_mid_flight_resumes_and_every_id_ends_up_done_exactly_once()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        await using var server = new FakeChatServer((request, _) =>
        {
            if (request.Prompt.Contains("Q20:")) stop.Cancel(); // the "kill" lands while several requests are in flight
            return new Reply.Answer("A", DelayMs: 5);
        });
        using var model = new ChatCompletionsModel(ChatRequestBodyTests.Options(server), Spar.Bench.SparBench.BenchPrompt.Build);
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench(Mixed(60));

        var first = await BenchRunner.RunAsync(bench, model, dir["p.jsonl"], new BenchRunOptions(Concurrency: 6), cancel: stop.Token);

        Assert.True(first.Cancelled);
        var partial = File.ReadAllBytes(dir["p.jsonl"]);
        var written = ReadLines(dir["p.jsonl"]);
        Assert.InRange(written.Count, 1, 59);
        Assert.Equal(written.Count, written.Select(l => l.Id).Distinct().Count());
        Assert.Equal((byte)'\n', partial[^1]);

        var second = await BenchRunner.RunAsync(bench, model, dir["p.jsonl"], new BenchRunOptions(Concurrency: 6), cancel: Cancel);

        Assert.False(second.Cancelled);
        Assert.Equal(written.Count, second.AlreadyDone);
        Assert.Equal(60 - written.Count, second.Ok);
        var all = File.ReadAllBytes(dir["p.jsonl"]);
        Assert.Equal(partial, all.AsSpan(0, partial.Length).ToArray());
        var lines = ReadLines(dir["p.jsonl"]);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), lines.Select(l => l.Id).Order());
        Assert.All(lines, l => Assert.True(l.IsOk));
    }

    [Fact]
    public async Task A_torn_last_line_is_cut_and_the_run_continues_after_the_last_whole_line()
    {
        using var dir = new TestPaths.TempDir();
        var whole = Line(0, "1.1") + Line(1, "2.2") + Line(2, "3.3");
        var torn = "{\"id\":3,\"task\":\"depth_predic";
        File.WriteAllText(dir["p.jsonl"], whole + torn);
        var bench = new InMemoryBench([.. Enumerable.Range(0, 5).Select(i => Item(i, "depth_prediction_oc", $"Q{i}", "1", Jpeg))]);

        var summary = await BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(2), cancel: Cancel);

        Assert.Equal(Encoding.UTF8.GetByteCount(torn), summary.TornBytesRemoved);
        Assert.Equal((3, 2), (summary.AlreadyDone, summary.Ok));
        var text = File.ReadAllText(dir["p.jsonl"]);
        Assert.StartsWith(whole, text);
        Assert.DoesNotContain("depth_predic\"", text);
        Assert.Equal([0, 1, 2, 3, 4], ReadLines(dir["p.jsonl"]).Select(l => l.Id).Order());
    }

    [Fact]
    public async Task A_complete_line_missing_only_its_newline_is_kept()
    {
        using var dir = new TestPaths.TempDir();
        var content = Line(0, "1.1") + Line(1, "2.2").TrimEnd('\n');
        File.WriteAllText(dir["p.jsonl"], content);
        var bench = new InMemoryBench([.. Enumerable.Range(0, 3).Select(i => Item(i, "depth_prediction_oc", $"Q{i}", "1", Jpeg))]);

        var summary = await BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel);

        Assert.Equal((0, 2, 1), (summary.TornBytesRemoved, summary.AlreadyDone, summary.Ok));
        Assert.StartsWith(content + "\n", File.ReadAllText(dir["p.jsonl"]));
        Assert.Equal([0, 1, 2], ReadLines(dir["p.jsonl"]).Select(l => l.Id));
    }

    [Fact]
    public async Task A_corrupt_complete_line_is_an_error_naming_file_and_line_and_nothing_is_changed()
    {
        using var dir = new TestPaths.TempDir();
        var content = Line(0, "1.1") + "{\"id\":1,\"task\":\n" + Line(2, "2.2");
        File.WriteAllText(dir["p.jsonl"], content);
        var bench = new InMemoryBench([Item(0, "depth_prediction_oc", "Q", "1", Jpeg)]);

        var e = await Assert.ThrowsAsync<SparException>(() => BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel));

        Assert.Contains("p.jsonl:2:", e.Message);
        Assert.Equal(content, File.ReadAllText(dir["p.jsonl"]));
    }

    [Fact]
    public async Task Resuming_with_another_model_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["p.jsonl"], Line(0, "1.1", model: "gpt-4o"));
        var bench = new InMemoryBench([Item(0, "depth_prediction_oc", "Q", "1", Jpeg)]);

        var e = await Assert.ThrowsAsync<SparException>(() => BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel));

        Assert.Contains("'gpt-4o'", e.Message);
        Assert.Contains("p.jsonl:1:", e.Message);
    }

    [Fact]
    public async Task Two_runs_cannot_write_the_same_file_at_once()
    {
        using var dir = new TestPaths.TempDir();
        using var first = PredictionLog.Open(dir["p.jsonl"], "random");
        var bench = new InMemoryBench([Item(0, "depth_prediction_oc", "Q", "1", Jpeg)]);

        var e = await Assert.ThrowsAsync<SparException>(() => BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel));

        Assert.Contains("another run", e.Message);
    }

    [Fact]
    public async Task Duplicate_ids_in_the_bench_are_an_error_before_any_request()
    {
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench([Item(4, "depth_prediction_oc", "Q", "1", Jpeg), Item(4, "depth_prediction_oc", "Q", "1", Jpeg)], "bench.parquet");

        var e = await Assert.ThrowsAsync<SparException>(() => BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel));

        Assert.Equal("bench.parquet: id 4 occurs more than once", e.Message);
        Assert.False(File.Exists(dir["p.jsonl"])); // not even an empty predictions file is left behind
    }

    [Fact]
    public void Prediction_lines_round_trip_and_escape_newlines()
    {
        var line = new BenchPrediction(12, "view_change_infer", "move_left:0.3\nrotate \"up\"", PredictionStatus.Ok, null, "m", 340, "http://x/v1/chat/completions", 2);

        var bytes = BenchPredictionJson.ToJsonLine(line);

        Assert.Equal(1, bytes.Count(b => b == (byte)'\n'));
        Assert.Equal("{\"id\":12,\"task\":\"view_change_infer\",\"prediction\":\"move_left:0.3\\nrotate \\\"up\\\"\",\"status\":\"ok\",\"error\":null,\"model\":\"m\",\"endpoint\":\"http://x/v1/chat/completions\",\"latency_ms\":340,\"attempts\":2}\n",
            Encoding.UTF8.GetString(bytes));
        Assert.Equal(line, PredictionLines.Parse(bytes.AsSpan(0, bytes.Length - 1)));
    }
}
