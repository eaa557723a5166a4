using ScottPlot;
using SkiaSharp;
using Spar.Util;

namespace Spar.Bench.Report;

/// <summary>The report's charts, drawn with ScottPlot using the embedded DejaVu Sans (never a system font, which a
/// headless Linux machine may lack).</summary>
public static class ReportCharts
{
    public const string FontName = EmbeddedFont.DejaVuSansName;

    public sealed record Chart(string Name, Plot Plot, int Width, int Height);

    public static IReadOnlyList<Chart> Build(IReadOnlyList<ReportRun> runs)
    {
        EnsureFont();
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

    /// <summary>Writes <c>NAME.png</c> and <c>NAME.svg</c> for each chart; returns the file names.</summary>
    public static IReadOnlyList<string> Save(IReadOnlyList<Chart> charts, string directory)
    {
        var files = new List<string>();
        foreach (var c in charts)
        {
            var png = c.Plot.GetImage(c.Width, c.Height).GetImageBytes(ImageFormat.Png);
            Util.AtomicFile.WriteAllBytes(Path.Combine(directory, c.Name + ".png"), png);
            Util.AtomicFile.WriteAllText(Path.Combine(directory, c.Name + ".svg"), c.Plot.GetSvgXml(c.Width, c.Height));
            files.Add(c.Name + ".png");
            files.Add(c.Name + ".svg");
        }
        return files;
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

    static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 16);
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 12;
        return plot;
    }

    static readonly ScottPlot.Palettes.Category10 Strong = new();
    static readonly ScottPlot.Palettes.Category20 Paired = new();

    /// <summary>Ten distinct hues first, then the light variants, so neighbouring runs never share a hue.</summary>
    static Color Colour(int i) => i < 10 ? Strong.GetColor(i) : Paired.GetColor(((i - 10) * 2 + 1) % 20);

    static int _fontRegistered;

    /// <summary>Registers the embedded DejaVu Sans with ScottPlot once per process.</summary>
    static void EnsureFont()
    {
        if (Interlocked.Exchange(ref _fontRegistered, 1) == 1) return;
        Fonts.FontResolvers.Add(new EmbeddedFontResolver());
        Fonts.Default = FontName;
    }

    sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == FontName ? EmbeddedFont.DejaVuSans : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == FontName ? EmbeddedFont.DejaVuSans : null;
    }
}
