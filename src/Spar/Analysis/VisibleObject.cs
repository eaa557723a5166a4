using Spar.Geometry;
using Spar.Scenes;

namespace Spar.Analysis;

/// <summary>An inclusive pixel rectangle: columns <see cref="X1"/>…<see cref="X2"/>, rows <see cref="Y1"/>…<see cref="Y2"/>.</summary>
public readonly record struct PixelBox(int X1, int Y1, int X2, int Y2)
{
    public int Width => X2 - X1 + 1;
    public int Height => Y2 - Y1 + 1;
}

/// <summary>A point on SPAR's 0–1000 grid (format.md §2.1).</summary>
public readonly record struct GridPoint(int X, int Y)
{
    public double[][] ToMarker() => [[X, Y]];
}

/// <summary>A box on SPAR's 0–1000 grid, (X1, Y1) top-left.</summary>
public readonly record struct GridBox(int X1, int Y1, int X2, int Y2)
{
    public double[][] ToMarker() => [[X1, Y1, X2, Y2]];
    public override string ToString() => $"[{X1}, {Y1}, {X2}, {Y2}]";
}

/// <summary>
/// One object that passed the visibility rules of generation.md §3 in one frame, with everything the task generators
/// read: camera-frame centre, depth and distance, visible pixels, 2D box and marker point in pixels and on the grid.
/// </summary>
public sealed record VisibleObject(
    SceneObject Object,
    Vec3 CenterCamera,
    long VisiblePixels,
    double VisibleShare,
    PixelBox Box,
    Vec2 MarkerPixel,
    GridBox GridBox,
    GridPoint GridPoint)
{
    public int InstanceId => Object.InstanceId;
    public string Category => Object.Category;

    /// <summary>Camera z of the box centre (generation.md §3 depth).</summary>
    public double DepthMeters => CenterCamera.Z;

    /// <summary>Camera centre to box centre.</summary>
    public double DistanceMeters => CenterCamera.Length;

    /// <summary>Visible, not structural, not marked unreferable by the source.</summary>
    public bool Referable => Object.Referable && !Object.Structural;
}

/// <summary>
/// Pixel → grid: <c>round(x / W · 1000)</c>, clamped to [0, 1000] (generation.md §3). A pixel index i is converted
/// through its centre i + 0.5, so the reference drawer's <c>trunc(g / 1000 · W)</c> maps the value back to pixel i
/// whenever the image is at most 1000 px on that axis (docs/generation.md).
/// </summary>
public static class Grid
{
    /// <summary>Rounds to nearest; an exact tie rounds down, so a 1000-px axis maps pixel i to grid i.</summary>
    public static int FromCoordinate(double x, int size) =>
        (int)Math.Clamp(Math.Ceiling(x / size * 1000 - 0.5), 0, 1000);

    public static int FromPixelIndex(int i, int size) => FromCoordinate(i + 0.5, size);

    /// <summary>The reference drawer's grid → pixel mapping (format.md §2.1).</summary>
    public static int ToPixelIndex(int g, int size) => (int)(g / 1000.0 * size);

    public static GridPoint Point(Vec2 pixelIndex, int width, int height) =>
        new(FromPixelIndex((int)pixelIndex.X, width), FromPixelIndex((int)pixelIndex.Y, height));

    public static GridBox Box(PixelBox b, int width, int height) =>
        new(FromPixelIndex(b.X1, width), FromPixelIndex(b.Y1, height), FromPixelIndex(b.X2, width), FromPixelIndex(b.Y2, height));
}
