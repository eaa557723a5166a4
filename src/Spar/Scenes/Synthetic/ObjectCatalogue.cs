using Spar.Imaging;
using Spar.Scenes.Rendering;

namespace Spar.Scenes.Synthetic;

/// <summary>Where a category may stand.</summary>
public enum Placement
{
    /// <summary>Anywhere on the floor, free-standing.</summary>
    Floor,
    /// <summary>On the floor with its back against a wall, facing the room.</summary>
    AgainstWall,
    /// <summary>On top of a supporting surface (table, desk, dresser, shelf…).</summary>
    OnSurface,
    /// <summary>Hanging on a wall.</summary>
    OnWall,
    /// <summary>Hanging from the ceiling.</summary>
    Ceiling,
}

/// <summary>The composite shape the renderer builds inside the object's box.</summary>
public enum ShapeKind
{
    Block, Table, Chair, OfficeChair, Stool, Sofa, Bed, Bookshelf, Cabinet, Wardrobe, Drawers, Appliance, Lamp, FloorLamp,
    Monitor, Laptop, Tv, Plant, Vessel, Bowl, Picture, Mirror, Clock, Board, WallShelf, CeilingLight, Door, Window, Radiator, Piano,
}

/// <summary>A size range in metres.</summary>
public readonly record struct SizeRange(double Min, double Max);

/// <summary>
/// One catalogue category. Sizes are the box extents: <see cref="Depth"/> front-to-back (the box's local x axis, the
/// front facing +x), <see cref="Width"/> side to side (local y), <see cref="Height"/> (z).
/// </summary>
/// <param name="Surface">Other objects may stand on its top.</param>
/// <param name="MaxPerRoom">1 for unique categories; more for categories with several instances.</param>
/// <param name="Square">Width equals depth (round or square things).</param>
public sealed record CategorySpec(
    string Name, Placement Placement, SizeRange Depth, SizeRange Width, SizeRange Height, ShapeKind Shape,
    IReadOnlyList<Rgb> Palette, SurfacePattern Pattern, bool Surface = false, int MaxPerRoom = 1, bool Square = false);

/// <summary>The indoor categories of the synthetic world with realistic sizes (metres) and placement rules.</summary>
public static class ObjectCatalogue
{
    static SizeRange R(double a, double b) => new(a, b);
    static Rgb[] C(params uint[] hex) => hex.Select(Rgb.Hex).ToArray();

    static readonly Rgb[] Woods = C(0x8B5A2B, 0xA0703C, 0x6B4226, 0xC19A6B, 0x5C3A21);
    static readonly Rgb[] Fabrics = C(0x3F5E8C, 0x7A2E2E, 0x4F6F4A, 0x8C8C8C, 0xB08D57, 0x5B4B7A);
    static readonly Rgb[] Whites = C(0xE8E8E4, 0xD9D6CF, 0xF2F0EA);

    public static readonly IReadOnlyList<CategorySpec> All =
    [
        // against walls
        new("bed", Placement.AgainstWall, R(1.95, 2.15), R(0.95, 1.8), R(0.9, 1.15), ShapeKind.Bed, C(0xEDE6D6, 0xC9D6E3, 0xE3CFC9), SurfacePattern.Fabric),
        new("wardrobe", Placement.AgainstWall, R(0.55, 0.65), R(0.9, 1.8), R(1.85, 2.2), ShapeKind.Wardrobe, Woods, SurfacePattern.Wood),
        new("bookshelf", Placement.AgainstWall, R(0.3, 0.4), R(0.7, 1.2), R(1.5, 2.0), ShapeKind.Bookshelf, Woods, SurfacePattern.Wood, MaxPerRoom: 2),
        new("dresser", Placement.AgainstWall, R(0.45, 0.55), R(0.8, 1.4), R(0.75, 0.95), ShapeKind.Drawers, Woods, SurfacePattern.Wood, Surface: true),
        new("sofa", Placement.AgainstWall, R(0.85, 1.0), R(1.6, 2.4), R(0.75, 0.9), ShapeKind.Sofa, Fabrics, SurfacePattern.Fabric),
        new("cabinet", Placement.AgainstWall, R(0.4, 0.6), R(0.6, 1.2), R(0.8, 1.0), ShapeKind.Cabinet, C(0xD8D2C4, 0x9A7B5A, 0x5F6B73), SurfacePattern.Wood, Surface: true, MaxPerRoom: 2),
        new("refrigerator", Placement.AgainstWall, R(0.65, 0.75), R(0.6, 0.9), R(1.7, 1.9), ShapeKind.Appliance, C(0xE9ECEE, 0xB8BCC0), SurfacePattern.Metal),
        new("tv stand", Placement.AgainstWall, R(0.4, 0.5), R(1.2, 1.8), R(0.45, 0.6), ShapeKind.Cabinet, C(0x2F2F2F, 0x6B4226, 0xD8D2C4), SurfacePattern.Wood, Surface: true),
        new("desk", Placement.AgainstWall, R(0.6, 0.8), R(1.1, 1.6), R(0.72, 0.76), ShapeKind.Table, C(0xC19A6B, 0xF0EEE8, 0x4A4A4A, 0x8B5A2B), SurfacePattern.Wood, Surface: true, MaxPerRoom: 2),
        new("nightstand", Placement.AgainstWall, R(0.38, 0.45), R(0.4, 0.55), R(0.5, 0.65), ShapeKind.Drawers, Woods, SurfacePattern.Wood, Surface: true, MaxPerRoom: 2),
        new("kitchen counter", Placement.AgainstWall, R(0.6, 0.65), R(1.5, 2.5), R(0.88, 0.92), ShapeKind.Cabinet, C(0xF2F0EA, 0x6F8FA6, 0x3C4A3E), SurfacePattern.Plain, Surface: true),
        new("piano", Placement.AgainstWall, R(0.55, 0.65), R(1.4, 1.55), R(1.1, 1.3), ShapeKind.Piano, C(0x111111, 0x3B2416), SurfacePattern.Plain),
        new("radiator", Placement.AgainstWall, R(0.08, 0.12), R(0.6, 1.2), R(0.5, 0.7), ShapeKind.Radiator, C(0xF4F4F2), SurfacePattern.Plain, MaxPerRoom: 2),
        new("washing machine", Placement.AgainstWall, R(0.55, 0.6), R(0.59, 0.61), R(0.84, 0.86), ShapeKind.Appliance, C(0xF4F4F4), SurfacePattern.Plain),
        new("stove", Placement.AgainstWall, R(0.6, 0.62), R(0.6, 0.62), R(0.88, 0.92), ShapeKind.Appliance, C(0x2B2B2B, 0xD9D9D9), SurfacePattern.Metal),
        // free-standing on the floor
        new("table", Placement.Floor, R(0.8, 1.0), R(1.2, 1.8), R(0.72, 0.76), ShapeKind.Table, Woods, SurfacePattern.Wood, Surface: true),
        new("coffee table", Placement.Floor, R(0.5, 0.7), R(0.9, 1.3), R(0.38, 0.48), ShapeKind.Table, C(0x5C3A21, 0x2F2F2F, 0xC19A6B), SurfacePattern.Wood, Surface: true),
        new("chair", Placement.Floor, R(0.45, 0.55), R(0.42, 0.5), R(0.8, 0.95), ShapeKind.Chair, C(0x8B5A2B, 0x2F2F2F, 0xB22222, 0x556B2F, 0xD2B48C), SurfacePattern.Wood, MaxPerRoom: 6),
        new("office chair", Placement.Floor, R(0.55, 0.65), R(0.55, 0.65), R(0.9, 1.15), ShapeKind.OfficeChair, C(0x1E1E1E, 0x243B55, 0x4A4A4A), SurfacePattern.Fabric, MaxPerRoom: 2),
        new("armchair", Placement.Floor, R(0.75, 0.9), R(0.75, 0.9), R(0.75, 0.95), ShapeKind.Sofa, Fabrics, SurfacePattern.Fabric, MaxPerRoom: 2),
        new("stool", Placement.Floor, R(0.35, 0.4), R(0.35, 0.4), R(0.45, 0.75), ShapeKind.Stool, C(0x8B5A2B, 0x3A3A3A, 0xC0392B), SurfacePattern.Wood, MaxPerRoom: 3, Square: true),
        new("ottoman", Placement.Floor, R(0.45, 0.6), R(0.45, 0.6), R(0.4, 0.45), ShapeKind.Block, Fabrics, SurfacePattern.Fabric, Square: true),
        new("floor lamp", Placement.Floor, R(0.3, 0.4), R(0.3, 0.4), R(1.5, 1.8), ShapeKind.FloorLamp, C(0xF5E6C8, 0xFFFFFF), SurfacePattern.Plain, MaxPerRoom: 2, Square: true),
        new("potted plant", Placement.Floor, R(0.35, 0.5), R(0.35, 0.5), R(0.6, 1.4), ShapeKind.Plant, C(0x2E7D32, 0x558B2F, 0x33691E), SurfacePattern.Leaves, MaxPerRoom: 3, Square: true),
        new("trash can", Placement.Floor, R(0.25, 0.35), R(0.25, 0.35), R(0.35, 0.6), ShapeKind.Vessel, C(0x9E9E9E, 0x37474F, 0x1565C0), SurfacePattern.Metal, MaxPerRoom: 2, Square: true),
        new("box", Placement.Floor, R(0.3, 0.6), R(0.3, 0.6), R(0.25, 0.5), ShapeKind.Block, C(0xC8A165, 0xB8915A), SurfacePattern.Paper, MaxPerRoom: 3),
        new("laundry basket", Placement.Floor, R(0.4, 0.5), R(0.35, 0.45), R(0.45, 0.6), ShapeKind.Vessel, C(0xD7CCC8, 0x90A4AE), SurfacePattern.Fabric),
        new("suitcase", Placement.Floor, R(0.25, 0.3), R(0.45, 0.55), R(0.6, 0.75), ShapeKind.Block, C(0x1A237E, 0x212121, 0xB71C1C), SurfacePattern.Metal),
        new("bench", Placement.Floor, R(0.35, 0.45), R(1.0, 1.5), R(0.42, 0.48), ShapeKind.Table, Woods, SurfacePattern.Wood),
        // on surfaces
        new("table lamp", Placement.OnSurface, R(0.2, 0.3), R(0.2, 0.3), R(0.35, 0.55), ShapeKind.Lamp, C(0xF5E6C8, 0xFFF3E0, 0xE0C097), SurfacePattern.Plain, MaxPerRoom: 3, Square: true),
        new("monitor", Placement.OnSurface, R(0.15, 0.22), R(0.5, 0.7), R(0.35, 0.5), ShapeKind.Monitor, C(0x1B1B1B), SurfacePattern.Screen, MaxPerRoom: 2),
        new("laptop", Placement.OnSurface, R(0.22, 0.26), R(0.32, 0.36), R(0.2, 0.24), ShapeKind.Laptop, C(0xB0B3B8, 0x2B2B2B), SurfacePattern.Metal),
        new("book", Placement.OnSurface, R(0.15, 0.24), R(0.2, 0.3), R(0.02, 0.05), ShapeKind.Block, C(0xB71C1C, 0x0D47A1, 0x1B5E20, 0xF9A825, 0x4A148C), SurfacePattern.Paper, MaxPerRoom: 6),
        new("vase", Placement.OnSurface, R(0.1, 0.18), R(0.1, 0.18), R(0.2, 0.4), ShapeKind.Vessel, C(0x1E88E5, 0xD84315, 0xECEFF1, 0x00897B), SurfacePattern.Plain, MaxPerRoom: 2, Square: true),
        new("cup", Placement.OnSurface, R(0.07, 0.09), R(0.07, 0.09), R(0.08, 0.11), ShapeKind.Vessel, C(0xFFFFFF, 0xE53935, 0x3949AB), SurfacePattern.Plain, MaxPerRoom: 4, Square: true),
        new("bowl", Placement.OnSurface, R(0.14, 0.2), R(0.14, 0.2), R(0.06, 0.09), ShapeKind.Bowl, C(0xFAFAFA, 0xFFB74D, 0x4DB6AC), SurfacePattern.Plain, MaxPerRoom: 2, Square: true),
        new("bottle", Placement.OnSurface, R(0.07, 0.09), R(0.07, 0.09), R(0.22, 0.32), ShapeKind.Vessel, C(0x2E7D32, 0x6D4C41, 0x90CAF9), SurfacePattern.Plain, MaxPerRoom: 3, Square: true),
        new("keyboard", Placement.OnSurface, R(0.13, 0.16), R(0.42, 0.46), R(0.02, 0.03), ShapeKind.Block, C(0x212121, 0xEEEEEE), SurfacePattern.Tiles),
        new("tv", Placement.OnSurface, R(0.08, 0.2), R(0.9, 1.4), R(0.55, 0.85), ShapeKind.Tv, C(0x111111), SurfacePattern.Screen),
        new("microwave", Placement.OnSurface, R(0.35, 0.4), R(0.45, 0.55), R(0.28, 0.32), ShapeKind.Appliance, C(0xDADADA, 0x222222), SurfacePattern.Metal),
        new("kettle", Placement.OnSurface, R(0.15, 0.2), R(0.15, 0.2), R(0.2, 0.25), ShapeKind.Vessel, C(0xC0C0C0, 0xE53935, 0x212121), SurfacePattern.Metal, Square: true),
        new("telephone", Placement.OnSurface, R(0.16, 0.2), R(0.18, 0.22), R(0.07, 0.1), ShapeKind.Block, C(0x212121, 0xEEEEEE), SurfacePattern.Plain),
        new("printer", Placement.OnSurface, R(0.35, 0.42), R(0.42, 0.48), R(0.2, 0.28), ShapeKind.Appliance, C(0xECEFF1, 0x37474F), SurfacePattern.Plain),
        new("small plant", Placement.OnSurface, R(0.12, 0.2), R(0.12, 0.2), R(0.2, 0.35), ShapeKind.Plant, C(0x43A047, 0x2E7D32), SurfacePattern.Leaves, MaxPerRoom: 2, Square: true),
        // on walls
        new("picture", Placement.OnWall, R(0.02, 0.04), R(0.4, 1.0), R(0.3, 0.8), ShapeKind.Picture, C(0xC62828, 0x1565C0, 0xF9A825, 0x2E7D32, 0x6A1B9A), SurfacePattern.Plaster, MaxPerRoom: 3),
        new("mirror", Placement.OnWall, R(0.02, 0.03), R(0.4, 0.8), R(0.6, 1.2), ShapeKind.Mirror, C(0xCFD8DC), SurfacePattern.Glass),
        new("clock", Placement.OnWall, R(0.04, 0.06), R(0.25, 0.35), R(0.25, 0.35), ShapeKind.Clock, C(0xFAFAFA, 0xFFF8E1), SurfacePattern.Plain, Square: true),
        new("whiteboard", Placement.OnWall, R(0.02, 0.03), R(1.2, 1.8), R(0.8, 1.2), ShapeKind.Board, C(0xFBFBFB), SurfacePattern.Plain),
        new("shelf", Placement.OnWall, R(0.2, 0.28), R(0.6, 1.2), R(0.03, 0.04), ShapeKind.WallShelf, Woods, SurfacePattern.Wood, Surface: true, MaxPerRoom: 2),
        // ceiling
        new("ceiling light", Placement.Ceiling, R(0.3, 0.6), R(0.3, 0.6), R(0.08, 0.15), ShapeKind.CeilingLight, C(0xFFFDE7), SurfacePattern.Plain, Square: true),
    ];

    /// <summary>Door and window: placed in walls by the room builder, referable like furniture.</summary>
    public static readonly CategorySpec Door = new("door", Placement.AgainstWall, R(0.04, 0.04), R(0.8, 1.0), R(2.0, 2.1), ShapeKind.Door, C(0xF5F5F0, 0x8B5A2B, 0x6D4C41), SurfacePattern.Wood);
    public static readonly CategorySpec Window = new("window", Placement.OnWall, R(0.04, 0.04), R(0.8, 1.6), R(1.0, 1.4), ShapeKind.Window, C(0xFFFFFF), SurfacePattern.Glass);

    /// <summary>Structural elements (not referable): one wall box per floor-plan edge, a floor slab and a ceiling slab.</summary>
    public static readonly CategorySpec Wall = new("wall", Placement.AgainstWall, R(0.1, 0.1), R(1, 8), R(2.4, 3.2), ShapeKind.Block, C(0xE9E4DA, 0xDCE3E8, 0xEDE3CF, 0xD8E2D3, 0xF0EDE5), SurfacePattern.Plaster);
    public static readonly CategorySpec Floor = new("floor", Placement.Floor, R(0.1, 0.1), R(3, 8), R(0.1, 0.1), ShapeKind.Block, C(0xA67B5B, 0x8C6A4F, 0xBFA98A, 0x9E9E9E, 0x7B8B99), SurfacePattern.Wood);
    public static readonly CategorySpec Ceiling = new("ceiling", Placement.Ceiling, R(0.1, 0.1), R(3, 8), R(0.1, 0.1), ShapeKind.Block, C(0xF7F7F4), SurfacePattern.Plain);

    static readonly Dictionary<string, CategorySpec> ByName = All.Append(Door).Append(Window).ToDictionary(c => c.Name);

    public static CategorySpec Get(string name) =>
        ByName.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"no catalogue category '{name}'");

    /// <summary>Every category name the synthetic world can produce (furniture, door, window; not wall/floor/ceiling).</summary>
    public static IEnumerable<string> Names => All.Select(c => c.Name).Append(Door.Name).Append(Window.Name);
}
