using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Rendering;
using Spar.Determinism;

namespace Spar.Scenes.Synthetic;

/// <summary>An item placed while laying out a room. Virtual items (door swing and window clearances) only block placement.</summary>
sealed record PlacedItem(CategorySpec Spec, OrientedBox Box, Rgb Colour, ulong StyleSeed, bool Virtual = false);

/// <summary>
/// The mutable state of one room's layout: the floor plan, its walls and everything placed so far, with the
/// collision rules every placement obeys (inside the plan, no overlap with walls or other items).
/// </summary>
sealed class RoomLayout(IReadOnlyList<Vec2> polygon, double height, Rng rng)
{
    /// <summary>Gap kept between placed items (metres): touching is allowed only for items standing on a support.</summary>
    public const double Gap = 0.01;
    public const double WallThickness = 0.1;
    /// <summary>Gap kept from walls, floor and ceiling; doors and windows sit this far in front of their wall.</summary>
    public const double StructureGap = 0.002;

    public IReadOnlyList<Vec2> Polygon { get; } = polygon;
    public double Height { get; } = height;
    public Rng Rng { get; } = rng;
    public List<WallSegment> Walls { get; } = Enumerable.Range(0, polygon.Count).Select(i => new WallSegment(polygon[i], polygon[(i + 1) % polygon.Count])).ToList();
    public List<PlacedItem> Structure { get; } = [];
    public List<PlacedItem> Items { get; } = [];

    public int CountOf(string category) => Items.Count(i => !i.Virtual && i.Spec.Name == category);

    /// <summary>Footprint inside the floor plan (every corner, the centre and edge midpoints) and below the ceiling.</summary>
    public bool InsideRoom(OrientedBox box, double margin = StructureGap)
    {
        if (box.MinZ < -1e-9 || box.MaxZ > Height - 0.002) return false;
        var fp = box.Footprint();
        for (var i = 0; i < 4; i++)
        {
            var a = fp[i]; var b = fp[(i + 1) % 4];
            foreach (var p in new[] { a, (a + b) * 0.5 })
                if (!Polygon2.Contains(Polygon, p) || Polygon2.DistanceToBoundary(Polygon, p) < margin) return false;
        }
        // A non-convex plan can cut through a box whose sample points are all inside: also test the plan's vertices.
        foreach (var v in Polygon)
            if (box.Contains(new Vec3(v.X, v.Y, box.Center.Z), -1e-6)) return false;
        return true;
    }

    public bool Collides(OrientedBox box, PlacedItem? ignore = null)
    {
        foreach (var s in Structure) if (s.Box.Overlaps(box, -StructureGap) && !RestsOn(box, s.Box)) return true;
        foreach (var it in Items)
        {
            if (ReferenceEquals(it, ignore)) continue;
            // Items may rest on one another (touching in z), never interpenetrate.
            if (it.Box.Overlaps(box, it.Virtual ? 0 : -Gap) && !RestsOn(box, it.Box) && !RestsOn(it.Box, box)) return true;
        }
        return false;
    }

    /// <summary>Touching from above: the top box starts at (not below) the bottom box's top, within rounding.</summary>
    static bool RestsOn(OrientedBox top, OrientedBox bottom) => top.MinZ >= bottom.MaxZ - 1e-9 && top.MinZ <= bottom.MaxZ + 1e-6;

    /// <summary>Places the item if it fits; returns it or null.</summary>
    public PlacedItem? TryAdd(CategorySpec spec, OrientedBox box, bool isVirtual = false)
    {
        if (!InsideRoom(box) || Collides(box)) return null;
        var item = new PlacedItem(spec, box, isVirtual ? default : Rng.Pick(spec.Palette), Rng.NextU64(), isVirtual);
        Items.Add(item);
        return item;
    }

    /// <summary>Draws a size for the category (depth, width, height), honouring square categories.</summary>
    public Vec3 DrawSize(CategorySpec spec, double scale = 1)
    {
        var d = Rng.Uniform(spec.Depth.Min, spec.Depth.Max) * scale;
        var w = spec.Square ? d : Rng.Uniform(spec.Width.Min, spec.Width.Max) * scale;
        return new Vec3(d, w, Rng.Uniform(spec.Height.Min, spec.Height.Max));
    }

    /// <summary>A box standing against <paramref name="wall"/> at arc length <paramref name="s"/> (its centre), front facing in.</summary>
    public static OrientedBox AgainstWall(WallSegment wall, double s, Vec3 size, double bottomZ, double offset = Gap)
    {
        var p = wall.PointAt(s) + wall.Inward * (size.X / 2 + offset);
        return new OrientedBox(new Vec3(p.X, p.Y, bottomZ + size.Z / 2), size, wall.InwardYaw);
    }

    /// <summary>A uniformly random point inside the floor plan at least <paramref name="margin"/> from its walls.</summary>
    public Vec2? RandomFloorPoint(double margin)
    {
        double minX = Polygon.Min(p => p.X), maxX = Polygon.Max(p => p.X), minY = Polygon.Min(p => p.Y), maxY = Polygon.Max(p => p.Y);
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var p = new Vec2(Rng.Uniform(minX, maxX), Rng.Uniform(minY, maxY));
            if (Polygon2.Contains(Polygon, p) && Polygon2.DistanceToBoundary(Polygon, p) >= margin) return p;
        }
        return null;
    }
}
