using Spar.Bench.SparBench;
using ScottPlot;
using Spar.Util;
using static Spar.Util.Charts;

namespace Spar.Bench.Report;

/// <summary>The SPAR-Bench report's charts (the drawing style and font are <see cref="Charts"/>', shared with spar audit).</summary>
public static class ReportCharts
{
    public static IReadOnlyList<Chart> Build(IReadOnlyList<ReportRun> runs, BenchmarkDefinition? benchmark = null)
    {
        benchmark ??= SparBenchDefinition.Instance;
        var withTasks = runs.Where(r => r.TaskPercent.Count > 0).ToList();
        var charts = new List<Chart>();
        if (withTasks.Count > 0)
        {
            charts.Add(new Chart("tasks", TaskBars(withTasks, benchmark), 1500, 650));
            charts.Add(new Chart("radar", Radar(withTasks, benchmark), 900, 900));
        }
        charts.Add(new Chart("levels", LevelBars(runs), 1000, LevelChartHeight(runs.Count)));
        return charts;
    }

    static Plot TaskBars(IReadOnlyList<ReportRun> runs, BenchmarkDefinition benchmark)
    {
        var plot = NewPlot($"{benchmark.Name} per task (%)");
        var tasks = benchmark.TaskNames;
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
        // Beyond a few runs the legend would cover the bars: put it beside the plot.
        if (runs.Count > 6) plot.ShowLegend(Edge.Right); else plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// One row per run, its four values as short horizontal bars, the run's label on the axis: readable with any number
    /// of runs (the chart grows with them), where vertical groups with a legend of run names stop being readable beyond
    /// a handful (a legend of 35 names overflows the chart, and 20 colours repeat). The legend has the four levels only.
    /// </summary>
    static Plot LevelBars(IReadOnlyList<ReportRun> runs)
    {
        var plot = NewPlot("SPAR-Bench summary: Avg and levels (%)");
        string[] groups = ["Avg", "Low", "Medium", "High"];
        int n = runs.Count;
        double rowHeight = 0.84, barHeight = rowHeight / groups.Length;
        for (int g = 0; g < groups.Length; g++)
        {
            var bars = new List<Bar>();
            for (int r = 0; r < n; r++)
            {
                var run = runs[r];
                double v = g switch { 0 => run.Average, 1 => run.Low, 2 => run.Medium, _ => run.High };
                if (double.IsNaN(v)) continue;
                bars.Add(new Bar
                {
                    // The first run on top.
                    Position = (n - 1 - r) + rowHeight / 2 - barHeight * (g + 0.5), Value = v, Size = barHeight * 0.92, FillColor = Colour(g),
                    Label = g == 0 ? ReportNumbers.Format(v) : "",
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.Horizontal = true;
            plottable.LegendText = groups[g];
            plottable.ValueLabelStyle.FontName = FontName;
            plottable.ValueLabelStyle.FontSize = 11;
        }
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, n).Select(r => (double)(n - 1 - r))], [.. runs.Select(r => r.Label)]);
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Axes.SetLimits(0, 105, -0.6, n - 0.4);
        plot.XLabel("score (%); Medium includes view_change_infer");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>The summary chart's height: a fixed frame plus a row per run.</summary>
    public static int LevelChartHeight(int runs) => 150 + 34 * Math.Max(runs, 3);

    static Plot Radar(IReadOnlyList<ReportRun> runs, BenchmarkDefinition benchmark)
    {
        var plot = NewPlot($"{benchmark.Name} radar over the {benchmark.Tasks.Count} tasks (%)");
        var tasks = benchmark.TaskNames;
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
