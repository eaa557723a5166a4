using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace Spar.Util;

/// <summary>A named chart and the size it is drawn at.</summary>
public sealed record Chart(string Name, Plot Plot, int Width, int Height);

/// <summary>
/// What every spar report chart shares (bench reports, spar audit): ScottPlot with the embedded DejaVu Sans (never a system
/// font, which a headless Linux machine may lack), one palette, PNG + SVG files and inline SVG for the HTML pages.
/// </summary>
public static class Charts
{
    public const string FontName = EmbeddedFont.DejaVuSansName;

    /// <summary>Writes <c>NAME.png</c> and <c>NAME.svg</c> for each chart; returns the file names.</summary>
    public static IReadOnlyList<string> Save(IReadOnlyList<Chart> charts, string directory)
    {
        var files = new List<string>();
        foreach (var c in charts)
        {
            var png = c.Plot.GetImage(c.Width, c.Height).GetImageBytes(ImageFormat.Png);
            AtomicFile.WriteAllBytes(Path.Combine(directory, c.Name + ".png"), png);
            AtomicFile.WriteAllText(Path.Combine(directory, c.Name + ".svg"), c.Plot.GetSvgXml(c.Width, c.Height));
            files.Add(c.Name + ".png");
            files.Add(c.Name + ".svg");
        }
        return files;
    }

    /// <summary>The chart as SVG for inline use in HTML: no XML declaration, and a viewBox so CSS can scale it.</summary>
    public static string InlineSvg(Chart c)
    {
        string svg = c.Plot.GetSvgXml(c.Width, c.Height);
        svg = svg[Math.Max(0, svg.IndexOf("<svg", StringComparison.Ordinal))..];
        // Without a viewBox, max-width would clip the chart instead of scaling it to the page.
        if (!svg.Contains("viewBox", StringComparison.Ordinal))
            svg = string.Concat("<svg viewBox=\"0 0 ", c.Width.ToString(CultureInfo.InvariantCulture), " ",
                c.Height.ToString(CultureInfo.InvariantCulture), "\"", svg[4..]);
        return svg;
    }

    /// <summary>A plot with the embedded font and the reports' title and legend style.</summary>
    public static Plot NewPlot(string title)
    {
        EnsureFont();
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
    public static Color Colour(int i) => i < 10 ? Strong.GetColor(i) : Paired.GetColor(((i - 10) * 2 + 1) % 20);

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
