using Spar.Imaging;

namespace Spar.Scenes.Rendering;

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
