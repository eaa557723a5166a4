using Spar.Cli;

namespace Spar.Tests.Cli;

/// <summary>The shared progress line: its text (a pure function) and its piped mode (plain lines, throttled).</summary>
public class ProgressLineTests
{
    static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Slow_work_reads_seconds_per_item_with_elapsed_and_remaining()
    {
        // 3 of 6 in 12.3 s: 4.1 s each, 3 left → 12.3 s more.
        Assert.Equal("3/6 scenes · 4.1 s/scene · 00:12 < 00:12", ProgressLine.Format(3, 6, "scene", S(12.3)));
        // 1 of 4 in 100 s: 300 s remaining.
        Assert.Equal("1/4 scenes · 100.0 s/scene · 01:40 < 05:00", ProgressLine.Format(1, 4, "scene", S(100)));
    }

    [Fact]
    public void Fast_work_reads_items_per_second_and_long_runs_show_hours()
    {
        Assert.Equal("500/1000 files · 125.0 files/s · 00:04 < 00:04", ProgressLine.Format(500, 1000, "file", S(4)));
        Assert.Equal("1/3 frames · 3700.0 s/frame · 1:01:40 < 2:03:20", ProgressLine.Format(1, 3, "frame", S(3700)));
    }

    [Fact]
    public void Without_a_total_or_before_the_first_item_only_what_is_known_is_shown()
    {
        Assert.Equal("0/6 scenes · 00:02", ProgressLine.Format(0, 6, "scene", S(2)));
        Assert.Equal("42 records · 21.0 records/s · 00:02", ProgressLine.Format(42, 0, "record", S(2)));
        Assert.Equal("1 record · 2.0 s/record · 00:02", ProgressLine.Format(1, 0, "record", S(2)));
        Assert.Equal("6/6 items · 2.0 items/s · 00:03 < 00:00", ProgressLine.Format(6, 6, "item", S(3)));
    }

    [Fact]
    public void Piped_it_writes_plain_lines_every_few_seconds_and_the_last_one()
    {
        var err = new StringWriter();
        var line = new ProgressLine("generate", err, live: false);
        // Reports every second for 12 s: a line at 0 s, then one per 5 s window, then the finished one.
        for (int s = 0; s <= 12; s++) line.Report(s, 13, "scene", S(s), finished: false);
        line.Report(13, 13, "scene", S(13), finished: true);
        line.Finish();
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["generate: 0/13 scenes · 00:00", "generate: 5/13 scenes · 1.0 scenes/s · 00:05 < 00:08",
            "generate: 10/13 scenes · 1.0 scenes/s · 00:10 < 00:03", "generate: 13/13 scenes · 1.0 scenes/s · 00:13 < 00:00"], lines);
        Assert.DoesNotContain('\r', err.ToString());
        Assert.DoesNotContain('\u001b', err.ToString());
    }

    [Fact]
    public void Live_it_rewrites_one_line_and_a_message_gets_its_own_line()
    {
        var err = new StringWriter();
        var line = new ProgressLine("draw", err, live: true);
        line.Report(1, 4, "record", S(1), "1 images, 0 failed");
        line.Message("a.jsonl:3: warning: repaired");
        line.Report(2, 4, "record", S(2));
        line.Finish();
        Assert.Equal("\rdraw: 1/4 records · 1.0 records/s · 00:01 < 00:03 · 1 images, 0 failed\u001b[K" +
                     "\r\u001b[Ka.jsonl:3: warning: repaired\n" +
                     "\rdraw: 2/4 records · 1.0 records/s · 00:02 < 00:02\u001b[K\n", err.ToString().Replace("\r\n", "\n"));
    }
}
