using System.Globalization;
using Spar.Imaging;

namespace Spar.Drawing;

/// <summary>A point on SPAR's 0–1000 grid (format.md §2.1).</summary>
public readonly record struct GridPoint(double X, double Y);

/// <summary>A box on the 0–1000 grid, (X1, Y1) top-left, (X2, Y2) bottom-right.</summary>
public readonly record struct GridBox(double X1, double Y1, double X2, double Y2);

/// <summary>How a labelled OpenCV box is captioned.</summary>
public enum LabelStyle
{
    /// <summary>spatial_imagination_map_mv: green 8-connected text below the box (above it near the bottom edge).</summary>
    MapText,
    /// <summary>spatial_imagination_o?_video: white anti-aliased text on a tag filled with the box colour.</summary>
    VideoTag,
}

/// <summary>One marker to draw on image <see cref="Image"/> of a record, in the drawer's order.</summary>
public abstract record MarkerOp(int Image)
{
    /// <summary>A stable text form of what this op draws (not where): the content key of a burned image.</summary>
    public abstract string Key { get; }

    protected static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    protected static string C(Rgb c) => $"{c.R},{c.G},{c.B}";
}

/// <summary>PIL filled disc of radius 20 (format.md §4.1).</summary>
public sealed record PointMarker(int Image, GridPoint At, Rgb Color) : MarkerOp(Image)
{
    public override string Key => $"pt({F(At.X)},{F(At.Y)};{C(Color)})";
}

/// <summary>PIL box outline of width 20, grown by 17.5 px (format.md §4.2).</summary>
public sealed record BoxMarker(int Image, GridBox Box, Rgb Color) : MarkerOp(Image)
{
    public override string Key => $"box({F(Box.X1)},{F(Box.Y1)},{F(Box.X2)},{F(Box.Y2)};{C(Color)})";
}

/// <summary>OpenCV box of thickness 20 with a Hershey label (format.md §4.3 a, c).</summary>
public sealed record LabelledBoxMarker(int Image, GridBox Box, Rgb Color, string Label, LabelStyle Style) : MarkerOp(Image)
{
    public override string Key => $"lbox({F(Box.X1)},{F(Box.Y1)},{F(Box.X2)},{F(Box.Y2)};{C(Color)};{Label};{Style})";
}

/// <summary>OpenCV filled circle of radius 20 with a green Hershey label (format.md §4.3 b).</summary>
public sealed record LabelledPointMarker(int Image, GridPoint At, string Label) : MarkerOp(Image)
{
    public override string Key => $"lpt({F(At.X)},{F(At.Y)};{Label})";
}

/// <summary>What a record draws: the ops in drawing order, plus what was repaired on the way (clamped coordinates…).</summary>
public sealed record MarkerPlan(IReadOnlyList<MarkerOp> Ops, IReadOnlyList<string> Warnings)
{
    public static readonly MarkerPlan Empty = new([], []);

    public IEnumerable<MarkerOp> OnImage(int image) => Ops.Where(o => o.Image == image);

    /// <summary>The marker set drawn on one image as a stable string; empty when the image carries none.</summary>
    public string KeyFor(int image) => string.Join("|", OnImage(image).Select(o => o.Key));
}

/// <summary>The colours each drawer actually produces (format.md §4; including the BGR-tuple quirks).</summary>
public static class MarkerColors
{
    /// <summary>PIL named colours: red, blue, green = (0,128,0), yellow.</summary>
    public static Rgb Pil(Catalog.MarkerColor c) => c switch
    {
        Catalog.MarkerColor.Red => new(255, 0, 0),
        Catalog.MarkerColor.Blue => new(0, 0, 255),
        Catalog.MarkerColor.Green => new(0, 128, 0),
        Catalog.MarkerColor.Yellow => new(255, 255, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>The video-tag variant converts to BGR properly, but its "yellow" tuple (225,225,0) comes out cyan (0,225,225).</summary>
    public static Rgb VideoTag(Catalog.MarkerColor c) => c switch
    {
        Catalog.MarkerColor.Red => new(255, 0, 0),
        Catalog.MarkerColor.Blue => new(0, 0, 255),
        Catalog.MarkerColor.Green => new(0, 255, 0),
        Catalog.MarkerColor.Yellow => new(0, 225, 225),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>The BGR tuple (0,0,255) applied to an RGB array: blue.</summary>
    public static readonly Rgb CvBoxOnRgb = new(0, 0, 255);

    /// <summary>Label text of the map and video-point variants, tuple (0,255,0): green either way.</summary>
    public static readonly Rgb CvLabelText = new(0, 255, 0);

    public static readonly Rgb White = new(255, 255, 255);
}
