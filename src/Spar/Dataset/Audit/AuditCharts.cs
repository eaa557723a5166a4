using ScottPlot;
using Spar.Util;
using static Spar.Util.Charts;

namespace Spar.Dataset.Audit;

/// <summary>The audit page's charts, in the style of the bench report (<see cref="Charts"/>).</summary>
public static class AuditCharts
{
    public static IReadOnlyList<Chart> Build(AuditReport report)
    {
        var charts = new List<Chart>();
        var streams = report.Streams.Where(s => s.Records > 0).ToList();
        if (streams.Count == 0) return charts;
        int wide = Math.Clamp(300 + 22 * streams.Count, 900, 2400);
        charts.Add(new Chart("answer-share", StreamBars("Largest answer-value share per type × format (%)", streams,
            s => 100 * s.Answers.MajorityShare, s => AuditFindings.HasPrior(s, report.Settings), 100 * report.Settings.MaxAnswerShare, "limit (1.1/values when fewer)"), wide, 720));
        var blind = streams.Where(s => s.Baselines?.Chance is not null).ToList();
        if (blind.Count > 0) charts.Add(new Chart("blind-baselines", BlindBars(blind), Math.Clamp(300 + 40 * blind.Count, 900, 2400), 720));
        if (report.Scenes != null)
        {
            var hist = new long[20];
            foreach (var v in streams.Select(s => s.Visibility).OfType<VisibilitySummary>())
                for (int i = 0; i < hist.Length; i++) hist[i] += v.Histogram[i];
            charts.Add(new Chart("visibility", VisibilityHistogram(hist, 100 * report.Settings.LowVisibility), 1000, 560));
            var near = streams.Where(s => s.Near is { Records: > 0 }).ToList();
            if (near.Count > 0)
                charts.Add(new Chart("near-threshold", StreamBars("Decisions within the margin band of their cut-off (%)", near,
                    s => 100 * s.Near!.DecisionRate, _ => false, null, null), Math.Clamp(300 + 40 * near.Count, 900, 2000), 680));
        }
        return charts;
    }

    static void Labels(Plot plot, IReadOnlyList<StreamReport> streams)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, streams.Count).Select(i => (double)i).ToArray(), streams.Select(s => s.Name).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Bottom.MinimumSize = 330;
    }

    /// <summary>One bar per stream, red where <paramref name="flagged"/> says so, with an optional dashed limit line.</summary>
    static Plot StreamBars(string title, IReadOnlyList<StreamReport> streams, Func<StreamReport, double> value, Func<StreamReport, bool> flagged,
        double? limit, string? limitLabel)
    {
        var plot = NewPlot(title);
        var bars = streams.Select((s, i) => new Bar
        {
            Position = i, Value = value(s), Size = 0.8,
            FillColor = flagged(s) ? Colour(3) : Colour(0),
        }).ToList();
        plot.Add.Bars(bars);
        if (limit is double lim)
        {
            var line = plot.Add.HorizontalLine(lim);
            line.LineColor = Colour(3);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{limitLabel} {lim:0} %";
            plot.ShowLegend(Alignment.UpperRight);
        }
        Labels(plot, streams);
        double max = Math.Max(limit ?? 0, streams.Max(value));
        plot.Axes.SetLimits(-0.7, streams.Count - 0.3, 0, Math.Max(5, Math.Min(105, max * 1.15 + 1)));
        plot.YLabel("%");
        return plot;
    }

    static Plot BlindBars(IReadOnlyList<StreamReport> streams)
    {
        var plot = NewPlot("Blind (text-only) baselines vs chance, select and judge streams (% correct)");
        (string Name, Func<BaselineSummary, double?> Pick)[] series =
        [
            ("chance", b => b.Chance), ("per-template majority", b => b.TemplateMajority), ("nearest neighbour (sample)", b => b.Knn),
        ];
        double group = 0.8, width = group / series.Length;
        for (int k = 0; k < series.Length; k++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < streams.Count; i++)
                if (series[k].Pick(streams[i].Baselines!) is double v)
                    bars.Add(new Bar { Position = i - group / 2 + width * (k + 0.5), Value = 100 * v, Size = width * 0.95, FillColor = Colour(k == 0 ? 7 : k - 1) });
            plot.Add.Bars(bars).LegendText = series[k].Name;
        }
        Labels(plot, streams);
        plot.Axes.SetLimits(-0.7, streams.Count - 0.3, 0, 105);
        plot.YLabel("% correct");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static Plot VisibilityHistogram(long[] bins, double low)
    {
        var plot = NewPlot("Marked objects by whole-silhouette visibility share");
        double total = Math.Max(1, bins.Sum());
        var bars = bins.Select((n, i) => new Bar
        {
            Position = 2.5 + 5 * i, Value = 100 * n / total, Size = 4.6, FillColor = 5 * i < low ? Colour(3) : Colour(0),
        }).ToList();
        plot.Add.Bars(bars);
        var line = plot.Add.VerticalLine(low);
        line.LineColor = Colour(3);
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = $"{low:0} % rule";
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimits(0, 100, 0, Math.Max(5, bars.Max(b => b.Value) * 1.15));
        plot.XLabel("visible share of the whole silhouette (%)");
        plot.YLabel("% of marked objects");
        return plot;
    }
}
