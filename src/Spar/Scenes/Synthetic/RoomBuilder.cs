using Spar.Geometry;
using Spar.Determinism;

namespace Spar.Scenes.Synthetic;

/// <summary>
/// Builds the shell of a room: a rectangular or L-shaped floor plan (sides 3–8 m), 2.4–3.2 m high, wall, floor and
/// ceiling slabs, doors and windows set into the walls.
/// </summary>
static class RoomBuilder
{
    public static RoomLayout Create(Rng rng)
    {
        var height = Math.Round(rng.Uniform(2.4, 3.2), 2);
        IReadOnlyList<Vec2> polygon;
        if (rng.Chance(0.6))
        {
            double w = Math.Round(rng.Uniform(3, 8), 2), d = Math.Round(rng.Uniform(3, 8), 2);
            polygon = [new(0, 0), new(w, 0), new(w, d), new(0, d)];
        }
        else polygon = LShape(rng);
        var layout = new RoomLayout(polygon, height, rng);
        AddShell(layout);
        AddDoorsAndWindows(layout);
        return layout;
    }

    /// <summary>A bounding rectangle of 4.5–8 m with a 30–50 % notch cut from one corner; counter-clockwise.</summary>
    static Vec2[] LShape(Rng rng)
    {
        double w = Math.Round(rng.Uniform(4.5, 8), 2), d = Math.Round(rng.Uniform(4.5, 8), 2);
        double nw = Math.Round(w * rng.Uniform(0.3, 0.5), 2), nd = Math.Round(d * rng.Uniform(0.3, 0.5), 2);
        Vec2[] notchedTopRight = [new(0, 0), new(w, 0), new(w, d - nd), new(w - nw, d - nd), new(w - nw, d), new(0, d)];
        // Rotate the notch to a random corner by mirroring, then restore counter-clockwise order.
        var corner = rng.Int(0, 4);
        var pts = notchedTopRight.Select(p => new Vec2((corner & 1) != 0 ? w - p.X : p.X, (corner & 2) != 0 ? d - p.Y : p.Y)).ToArray();
        if (Polygon2.SignedArea(pts) < 0) Array.Reverse(pts);
        return pts;
    }

    static void AddShell(RoomLayout layout)
    {
        var rng = layout.Rng;
        var poly = layout.Polygon;
        var t = RoomLayout.WallThickness;
        var h = layout.Height;
        var n = poly.Count;
        var wallColour = rng.Pick(ObjectCatalogue.Wall.Palette);
        for (var i = 0; i < n; i++)
        {
            var wall = layout.Walls[i];
            // Extend past convex corners so neighbouring walls close the corner; never at the reflex corner of an L,
            // where the extension would poke into the room.
            var startConvex = IsConvex(poly, i);
            var endConvex = IsConvex(poly, (i + 1) % n);
            double s0 = startConvex ? -t : 0, s1 = wall.Length + (endConvex ? t : 0);
            var mid = wall.PointAt((s0 + s1) / 2) - wall.Inward * (t / 2);
            var box = new OrientedBox(new Vec3(mid.X, mid.Y, h / 2), new Vec3(t, s1 - s0, h), wall.InwardYaw);
            layout.Structure.Add(new PlacedItem(ObjectCatalogue.Wall, box, wallColour, rng.NextU64()));
        }
        double minX = poly.Min(p => p.X) - t, maxX = poly.Max(p => p.X) + t, minY = poly.Min(p => p.Y) - t, maxY = poly.Max(p => p.Y) + t;
        var centre = new Vec2((minX + maxX) / 2, (minY + maxY) / 2);
        var slab = new Vec3(maxX - minX, maxY - minY, t);
        var floor = ObjectCatalogue.Floor;
        layout.Structure.Add(new PlacedItem(floor, new OrientedBox(new Vec3(centre.X, centre.Y, -t / 2), slab, 0), rng.Pick(floor.Palette), rng.NextU64()));
        layout.Structure.Add(new PlacedItem(ObjectCatalogue.Ceiling, new OrientedBox(new Vec3(centre.X, centre.Y, h + t / 2), slab, 0), ObjectCatalogue.Ceiling.Palette[0], rng.NextU64()));
    }

    /// <summary>Vertex i of a counter-clockwise polygon is convex when the turn there is to the left.</summary>
    static bool IsConvex(IReadOnlyList<Vec2> poly, int i)
    {
        var n = poly.Count;
        var prev = poly[(i + n - 1) % n]; var cur = poly[i]; var next = poly[(i + 1) % n];
        return (cur - prev).Cross(next - cur) > 0;
    }

    static void AddDoorsAndWindows(RoomLayout layout)
    {
        var rng = layout.Rng;
        var doors = rng.Chance(0.2) ? 2 : 1;
        for (var placed = 0; placed < doors;)
        {
            var ok = false;
            for (var attempt = 0; attempt < 30 && !ok; attempt++) ok = TryDoor(layout);
            if (!ok) break;
            placed++;
        }
        var windows = rng.Int(0, 4);
        for (var i = 0; i < windows; i++)
            for (var attempt = 0; attempt < 20; attempt++)
                if (TryWindow(layout)) break;
    }

    static bool TryDoor(RoomLayout layout)
    {
        var rng = layout.Rng;
        var spec = ObjectCatalogue.Door;
        var wall = rng.Pick(layout.Walls);
        var size = layout.DrawSize(spec);
        if (wall.Length < size.Y + 0.5) return false;
        var s = rng.Uniform(0.25 + size.Y / 2, wall.Length - 0.25 - size.Y / 2);
        var box = RoomLayout.AgainstWall(wall, s, size, 0, offset: 1.5 * RoomLayout.StructureGap);
        // The swing area in front of the door stays free of furniture.
        var swing = RoomLayout.AgainstWall(wall, s, new Vec3(0.9, size.Y + 0.1, size.Z), 0, offset: size.X + 2 * RoomLayout.StructureGap);
        if (layout.Collides(box) || layout.Collides(swing)) return false;
        if (layout.TryAdd(spec, box) == null) return false;
        layout.Items.Add(new PlacedItem(spec, swing, default, 0, Virtual: true));
        return true;
    }

    static bool TryWindow(RoomLayout layout)
    {
        var rng = layout.Rng;
        var spec = ObjectCatalogue.Window;
        var wall = rng.Pick(layout.Walls);
        var size = layout.DrawSize(spec);
        var sill = rng.Uniform(0.8, 1.0);
        if (sill + size.Z > layout.Height - 0.15) size = size with { Z = layout.Height - 0.15 - sill };
        if (size.Z < 0.6 || wall.Length < size.Y + 0.6) return false;
        var s = rng.Uniform(0.3 + size.Y / 2, wall.Length - 0.3 - size.Y / 2);
        var box = RoomLayout.AgainstWall(wall, s, size, sill, offset: 1.5 * RoomLayout.StructureGap);
        // Nothing tall stands in front of a window: a virtual slab from just below the sill to its top.
        var clearance = RoomLayout.AgainstWall(wall, s, new Vec3(0.35, size.Y, size.Z + 0.05), sill - 0.05, offset: size.X + 2 * RoomLayout.StructureGap);
        if (layout.Collides(box) || layout.Collides(clearance)) return false;
        if (layout.TryAdd(spec, box) == null) return false;
        layout.Items.Add(new PlacedItem(spec, clearance, default, 0, Virtual: true));
        return true;
    }
}
