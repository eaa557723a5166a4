using System.Text;
using Spar.Bench.Run;
using Spar.Tests.Cli;
using Spar.Util;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>
/// Which bytes after the last newline of a predictions file may be cut on open (issue 13, defect 1): only a tail that
/// a spar prediction line can have left. Any other file given as <c>--out</c> is refused and left byte-identical.
/// </summary>
public sealed class TornTailTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static string Line(long id, string prediction) =>
        $"{{\"id\":{id},\"task\":\"depth_prediction_oc\",\"prediction\":\"{prediction}\",\"status\":\"ok\",\"error\":null,\"model\":\"random\",\"endpoint\":null,\"latency_ms\":0,\"attempts\":1}}\n";

    static InMemoryBench Bench(int n) => new([.. Enumerable.Range(0, n).Select(i => Item(i, "depth_prediction_oc", $"Q{i}", "1", Jpeg))]);

    /// <summary>Files that are not predictions files, or whose tail no spar line can have left.</summary>
    public static TheoryData<string, string> Foreign => new()
    {
        { "minified json.dump results", "{\"results\":{\"depth\":0.5,\"n\":3},\"model\":\"qwen\"}" },
        { "python json.dump of a list", "[{\"id\": 1, \"prediction\": \"A\"}]" },
        { "short text file", "remember to rerun the 7B model" },
        { "complete object that is not a prediction line", "{\"id\":1,\"task\":\"x\"}" },
        { "prediction-like start with foreign field order", "{\"id\":3,\"acc\":0.52,\"task\":\"depth" },
        { "JSON with spaces, not spar's compact form", "{\"id\": 3, \"task\": \"depth" },
        { "torn-looking tail after lines that are only blank", "\n\n{\"id\":3,\"task\":\"depth_predic" },
        { "torn-looking tail after a line that is not a prediction", "a note\n{\"id\":3,\"task\":\"depth_predic" },
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task A_tail_spar_cannot_have_written_is_refused_and_the_file_is_unchanged(string what, string content)
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["p.jsonl"], content);

        var e = await Assert.ThrowsAnyAsync<SparException>(() => BenchRunner.RunAsync(Bench(3), new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel));

        Assert.Contains(dir["p.jsonl"], e.Message);
        Assert.Equal(content, File.ReadAllText(dir["p.jsonl"]));
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void A_1_5_GiB_file_without_newline_is_refused_and_keeps_its_bytes()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["results.bin"];
        const long size = 3L << 29; // 1.5 GiB, sparse: costs no disk
        using (var f = new FileStream(path, FileMode.CreateNew))
        {
            f.Write("{\"id\":0,\"task\":\""u8);
            f.SetLength(size);
            f.Position = size - 5;
            f.Write("tail!"u8);
        }

        var (exit, _, err) = CliRunner.Run("bench", "run", WriteBench(dir), "--model", "random", "--out", path);

        Assert.Equal(2, exit);
        Assert.Contains(path, err);
        Assert.Equal(size, new FileInfo(path).Length);
        using var check = File.OpenRead(path);
        var head = new byte[16];
        check.ReadExactly(head);
        Assert.Equal("{\"id\":0,\"task\":\"", Encoding.ASCII.GetString(head));
        check.Position = size - 5;
        var end = new byte[5];
        check.ReadExactly(end);
        Assert.Equal("tail!", Encoding.ASCII.GetString(end));
    }

    [Fact]
    public void The_CLI_refuses_a_minified_results_file_with_exit_2_naming_it()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["results.json"];
        const string content = "{\"overall\":0.4211,\"per_task\":{\"depth_prediction_oc\":0.3}}";
        File.WriteAllText(path, content);

        var (exit, stdout, err) = CliRunner.Run("bench", "run", WriteBench(dir), "--model", "random", "--out", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path}:", err);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Equal("", stdout);
    }

    /// <summary>Tails a killed (or disk-full) spar can leave: cut, and the run goes on after the last whole line.</summary>
    public static TheoryData<string, string, string> SparTails => new()
    {
        { "after whole lines, mid string", Line(0, "1.1") + Line(1, "2.2"), "{\"id\":2,\"task\":\"depth_predic" },
        { "after whole lines, just the brace", Line(0, "1.1"), "{" },
        { "after whole lines, mid number", Line(0, "1.1"), "{\"id\":1" },
        { "after whole lines, mid field name", Line(0, "1.1"), "{\"id\":1,\"task\":\"depth_prediction_oc\",\"predi" },
        { "after whole lines, inside a multi-byte character", Line(0, "1.1"), "{\"id\":1,\"task\":\"depth_prediction_oc\",\"prediction\":\"\u00e9\u00e9" },
        { "after whole lines, almost complete", Line(0, "1.1"), Line(1, "2.2")[..^2] },
        { "a torn first line in a file spar created", "", "{\"id\":0,\"task\":\"depth_prediction_oc\",\"prediction\":\"1." },
    };

    [Theory]
    [MemberData(nameof(SparTails))]
    public async Task A_tail_a_spar_line_can_have_left_is_cut(string what, string whole, string tail)
    {
        using var dir = new TestPaths.TempDir();
        var bytes = Encoding.UTF8.GetBytes(whole + tail);
        if (what.Contains("multi-byte")) bytes = bytes[..^1]; // cut inside the second é
        File.WriteAllBytes(dir["p.jsonl"], bytes);
        int wholeBytes = Encoding.UTF8.GetByteCount(whole);

        var summary = await BenchRunner.RunAsync(Bench(3), new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel);

        Assert.Equal(bytes.Length - wholeBytes, summary.TornBytesRemoved);
        var after = File.ReadAllBytes(dir["p.jsonl"]);
        Assert.Equal(bytes.AsSpan(0, wholeBytes).ToArray(), after.AsSpan(0, wholeBytes).ToArray());
        Assert.Equal(3, summary.AlreadyDone + summary.Ok);
    }

    [Fact]
    public async Task A_prediction_like_tail_longer_than_any_spar_line_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        var content = Line(0, "1.1") + "{\"id\":1,\"task\":\"depth_prediction_oc\",\"prediction\":\"" + new string('x', PredictionLog.MaxLineBytes);
        File.WriteAllText(dir["p.jsonl"], content);

        var e = await Assert.ThrowsAnyAsync<SparException>(() => BenchRunner.RunAsync(Bench(3), new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1), cancel: Cancel));

        Assert.Contains("longer than", e.Message);
        Assert.Equal(content, File.ReadAllText(dir["p.jsonl"]));
    }

    [Fact]
    public void An_answer_that_would_make_a_line_longer_than_the_limit_is_recorded_as_failed_and_the_line_stays_short()
    {
        using var dir = new TestPaths.TempDir();
        using (var log = PredictionLog.Open(dir["p.jsonl"], "m"))
            log.Append(new(7, "depth_prediction_oc", new string('9', PredictionLog.MaxLineBytes), Spar.Bench.Predictions.PredictionStatus.Ok, null, "m", 1, null, 1));

        var bytes = File.ReadAllBytes(dir["p.jsonl"]);
        Assert.InRange(bytes.Length, 1, PredictionLog.MaxLineBytes);
        var line = PredictionLines.Parse(bytes.AsSpan(0, bytes.Length - 1));
        Assert.Equal((7L, false, null), (line.Id, line.IsOk, line.Prediction));
        Assert.Contains("longer than", line.Error);
        using var reopened = PredictionLog.Open(dir["p.jsonl"], "m");
        Assert.Empty(reopened.FinishedOk); // a rerun asks item 7 again
    }

    static string WriteBench(TestPaths.TempDir dir)
    {
        var folder = dir["bench"];
        Spar.Bench.Data.ParquetBenchWriter.Write(Path.Combine(folder, "bench.parquet"), Bench(3).Items());
        return Path.Combine(folder, "bench.parquet");
    }
}
