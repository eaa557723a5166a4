using ScottPlot;
using Spar.Util;
using static Spar.Util.Charts;

namespace Spar.Bench.Report;

/// <summary>The SPAR-Bench report's charts (the drawing style and font are <see cref="Charts"/>', shared with spar audit).</summary>
public static class ReportCharts
{
    public static IReadOnlyList<Chart> Build(IReadOnlyList<ReportRun> runs)
    {
        var withTasks = runs.Where(r => r.TaskPercent.Count > 0).ToList();
        var charts = new List<Chart>();
        if (withTasks.Count > 0)
        {
            charts.Add(new Chart("tasks", TaskBars(withTasks), 1500, 650));
            charts.Add(new Chart("radar", Radar(withTasks), 900, 900));
        }
        charts.Add(new Chart("levels", LevelBars(runs), 1000, 560));
        return charts;
    }

    static Plot TaskBars(IReadOnlyList<ReportRun> runs)
    {
        var plot = NewPlot("SPAR-Bench per task (%)");
        var tasks = BenchTasks.Names;
        double groupWidth = 0.8, barWidth = groupWidth / runs.Count;
        for (int r = 0; r < runs.Count; r++)
        {
            var bars = new List<Bar>();
            for (int t = 0; t < tasks.Count; t++)
            {
                if (!runs[r].TaskPercent.TryGetValue(tasks[t], out double v)) continue;
                bars.Add(new Bar { Position = t - groupWidth / 2 + barWidth * (r + 0.5), Value = v, Size = barWidth * 0.95, FillColor = Colour(r) });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = runs[r].Label;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, tasks.Count).Select(i => (double)i).ToArray(), tasks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 210;
        plot.Axes.SetLimits(-0.7, tasks.Count - 0.3, 0, 105);
        plot.YLabel("score (%)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static Plot LevelBars(IReadOnlyList<ReportRun> runs)
    {
        var plot = NewPlot("SPAR-Bench summary (%): Avg and levels (Medium includes view_change_infer)");
        string[] groups = ["Avg", "Low", "Medium", "High"];
        double groupWidth = 0.85, barWidth = groupWidth / runs.Count;
        for (int r = 0; r < runs.Count; r++)
        {
            double[] values = [runs[r].Average, runs[r].Low, runs[r].Medium, runs[r].High];
            var bars = new List<Bar>();
            for (int g = 0; g < groups.Length; g++)
            {
                if (double.IsNaN(values[g])) continue;
                bars.Add(new Bar
                {
                    Position = g - groupWidth / 2 + barWidth * (r + 0.5), Value = values[g], Size = barWidth * 0.95, FillColor = Colour(r),
                    Label = runs.Count <= 6 ? values[g].ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "",
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = runs[r].Label;
            plottable.ValueLabelStyle.FontName = FontName;
            plottable.ValueLabelStyle.FontSize = 11;
        }
        plot.Axes.Bottom.SetTicks([0, 1, 2, 3], groups);
        plot.Axes.SetLimits(-0.6, groups.Length - 0.4, 0, 105);
        plot.YLabel("score (%)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    static Plot Radar(IReadOnlyList<ReportRun> runs)
    {
        var plot = NewPlot("SPAR-Bench radar over the 20 tasks (%)");
        var tasks = BenchTasks.Names;
        var radar = plot.Add.Radar();
        for (int r = 0; r < runs.Count; r++)
        {
            var values = tasks.Select(t => runs[r].TaskPercent.TryGetValue(t, out double v) ? v : 0.0).ToArray();
            var colour = Colour(r);
            radar.Series.Add(new RadarSeries
            {
                Values = values, LegendText = runs[r].Label, LineColor = colour, FillColor = colour.WithAlpha(0.15), LineWidth = 2,
            });
        }
        radar.PolarAxis.SetSpokes(tasks.ToArray(), 108);
        radar.PolarAxis.SetCircles([20, 40, 60, 80, 100], ["20", "40", "60", "80", "100"]);
        foreach (var spoke in radar.PolarAxis.Spokes)
        {
            spoke.LabelStyle.FontName = FontName;
            spoke.LabelStyle.FontSize = 11;
        }
        foreach (var circle in radar.PolarAxis.Circles)
        {
            circle.LabelStyle.FontName = FontName;
        }
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-165, 165, -165, 165);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
