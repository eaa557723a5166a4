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

    /// <summary>
    /// Visible, not structural, not marked unreferable by the source, and not named by a catch-all class only
    /// ("otherprop", "objects": <see cref="Scenes.Labels.CatchAllCategories"/>), which no question may name.
    /// </summary>
    public bool Referable => Object.Referable && !Object.Structural && !Scenes.Labels.CatchAllCategories.IsCatchAll(Object.Category);
}

/// <summary>
/// Pixel → grid (generation.md §3, docs/generation.md "Grid"): a pixel index i is converted through its centre,
/// <c>g = round((i + 0.5) / W · 1000)</c>, a tie rounding down, clamped to [0, 1000]. The reference drawer maps back with
/// <c>trunc(g / 1000 · W)</c>: up to 1000 px per axis every pixel comes back to itself; above, the 1,001 grid values
/// cannot address every pixel, and a pixel comes back to itself exactly when it is <see cref="IsAddressable"/> (then the
/// pixel-centre value is the only one that does). Markers are therefore placed on addressable pixels, and box edges
/// are moved outward to the nearest value that maps back onto or just outside the bound (within one grid step).
/// </summary>
public static class Grid
{
    /// <summary>Rounds to nearest; an exact tie rounds down, so a 1000-px axis maps pixel i to grid i.</summary>
    public static int FromCoordinate(double x, int size) =>
        (int)Math.Clamp(Math.Ceiling(x / size * 1000 - 0.5), 0, 1000);

    public static int FromPixelIndex(int i, int size) => FromCoordinate(i + 0.5, size);

    /// <summary>The reference drawer's grid → pixel mapping (format.md §2.1).</summary>
    public static int ToPixelIndex(int g, int size) => (int)(g / 1000.0 * size);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool[]> AddressableBySize = new();

    /// <summary>Per pixel index of an axis of this size: whether the drawer can put a marker exactly on it.</summary>
    public static bool[] Addressable(int size) => AddressableBySize.GetOrAdd(size, n =>
    {
        var a = new bool[n];
        for (int g = 0; g <= 1000; g++) { int i = ToPixelIndex(g, n); if (i < n) a[i] = true; }
        // Only the pixel-centre value is used, so a pixel counts when that value itself maps back (it always does
        // when any value does; the check guards against floating-point edge cases).
        for (int i = 0; i < n; i++) a[i] = a[i] && ToPixelIndex(FromPixelIndex(i, n), n) == i;
        return a;
    });

    public static bool IsAddressable(int i, int size) => i >= 0 && i < size && Addressable(size)[i];

    /// <summary>Grid value of a box's low edge (x1 or y1): the pixel-centre value, lowered until it maps onto or before pixel i.</summary>
    public static int LowEdge(int i, int size)
    {
        int g = FromPixelIndex(i, size);
        while (g > 0 && ToPixelIndex(g, size) > i) g--;
        return g;
    }

    /// <summary>Grid value of a box's high edge (x2 or y2): the pixel-centre value, raised until it maps onto or after pixel i.</summary>
    public static int HighEdge(int i, int size)
    {
        int g = FromPixelIndex(i, size);
        while (g < 1000 && ToPixelIndex(g, size) < i) g++;
        return g;
    }

    public static GridPoint Point(Vec2 pixelIndex, int width, int height) =>
        new(FromPixelIndex((int)pixelIndex.X, width), FromPixelIndex((int)pixelIndex.Y, height));

    public static GridBox Box(PixelBox b, int width, int height) =>
        new(LowEdge(b.X1, width), LowEdge(b.Y1, height), HighEdge(b.X2, width), HighEdge(b.Y2, height));
}
