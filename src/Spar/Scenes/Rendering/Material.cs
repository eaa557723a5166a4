using Spar.Imaging;

namespace Spar.Scenes.Rendering;

/// <summary>An sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Hex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    /// <summary>Scales brightness (factor &gt; 1 lightens), clamped.</summary>
    public Rgb Shade(double factor) => new(Clamp(R * factor), Clamp(G * factor), Clamp(B * factor));

    public Rgb Mix(Rgb other, double t) =>
        new(Clamp(R + (other.R - R) * t), Clamp(G + (other.G - G) * t), Clamp(B + (other.B - B) * t));

    static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}

/// <summary>A procedural surface texture, evaluated in the face's own 2D coordinates (metres).</summary>
public enum SurfacePattern : byte
{
    Plain,
    /// <summary>Grain stripes along the face's longer direction.</summary>
    Wood,
    /// <summary>Fine weave.</summary>
    Fabric,
    /// <summary>Square tiles with grout lines (floors, kitchen walls).</summary>
    Tiles,
    /// <summary>Speckled noise.</summary>
    Carpet,
    /// <summary>Horizontal brushed bands.</summary>
    Metal,
    /// <summary>Dark glossy screen with a soft gradient.</summary>
    Screen,
    /// <summary>Bright sky gradient seen through a window.</summary>
    Glass,
    /// <summary>Large soft blotches (plaster walls, paintings).</summary>
    Plaster,
    /// <summary>Leafy high-contrast noise (plants).</summary>
    Leaves,
    /// <summary>Spines of books: vertical coloured bands.</summary>
    Books,
    /// <summary>Cardboard or paper: faint fibres.</summary>
    Paper,
}

/// <summary>How a rendered part looks: base colour, texture and whether it glows (lamps).</summary>
public readonly record struct Material(Rgb Albedo, SurfacePattern Pattern = SurfacePattern.Plain, bool Emissive = false);
