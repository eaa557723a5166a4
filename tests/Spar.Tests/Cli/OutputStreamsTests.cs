namespace Spar.Tests.Cli;

/// <summary>
/// Results on stdout, diagnostics and progress on stderr (issue 24): a few commands run with the two streams captured
/// apart, on a small synthetic tree, so <c>spar stats ROOT &gt; stats.txt</c> holds the table and nothing else.
/// </summary>
public class OutputStreamsTests
{
    [Fact]
    public void Each_command_puts_its_result_on_stdout_and_its_progress_on_stderr()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, output, err) = CliRunner.Run("scenes", "synth", "--count", "2", "--seed", "3", "--out", dir["scenes"],
            "--frames", "3", "--video-frames", "2", "--width", "64", "--height", "48", "--threads", "1");
        Assert.True(exit == 0, err);
        Assert.Matches(@"^2 scenes, \d+ frames, \d+ objects in .*\n$", output);
        AssertProgressOnly(err, "synth", "frame");

        (exit, output, err) = CliRunner.Run("generate", "--scenes", dir["scenes"], "--out", dir["spar"], "--tasks", "depth_prediction_oc,obj_count", "--threads", "1");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("generate:", output);
        Assert.Contains("records", output);
        AssertProgressOnly(err, "generate", "scene");

        (exit, output, err) = CliRunner.Run("stats", dir["spar"], "--threads", "1");
        Assert.True(exit == 0, err);
        Assert.Contains("depth_prediction_oc", output);
        Assert.DoesNotContain("stats:", output);
        AssertProgressOnly(err, "stats", "file");
        // Captured output is not wrapped at 80 columns: within each table every row is one line, all as wide.
        var blocks = string.Join('\n', output.Split('\n').Select(l => l.StartsWith('│') ? l.Length.ToString() : "")).Split("\n\n");
        Assert.All(blocks.Select(b => b.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Where(b => b.Length > 0), b => Assert.Single(b.Distinct()));

        (exit, output, err) = CliRunner.Run("tasks");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(37, lines.Length); // a header, one line per type however wide, the count
        Assert.True(lines.Max(l => l.Length) > 80);

        (exit, output, err) = CliRunner.Run("validate", dir["spar"], "--threads", "1");
        Assert.True(exit == 0, err + output);
        Assert.Matches(@"^\d+ files, \d+ records, [\d.]+ MB: 0 errors, 0 warnings\n$", output);
        AssertProgressOnly(err, "validate", "file");
    }

    [Fact]
    public void A_usage_error_prints_its_message_and_help_on_stderr_only()
    {
        var (exit, output, err) = CliRunner.Run("tasks", "--no-such-option");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("--no-such-option", err);
        Assert.Contains("Usage:", err);
    }

    /// <summary>stderr holds only this command's progress lines (piped form), the last one complete and written once.</summary>
    static void AssertProgressOnly(string err, string label, string unit)
    {
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches($@"^{label}: \d+/\d+ {unit}s( · [\d.]+ (s/{unit}|{unit}s/s))? · \d\d:\d\d( < \d\d:\d\d)?( · [\d.]+ MB)?$", l));
        var last = lines[^1];
        var counts = System.Text.RegularExpressions.Regex.Match(last, @"(\d+)/(\d+)");
        Assert.Equal(counts.Groups[2].Value, counts.Groups[1].Value);
        Assert.Single(lines, last);
    }
}
