using Spar.Geometry;
using Spar.Determinism;

namespace Spar.Scenes.Synthetic;

/// <summary>
/// Furnishes a room shell following a theme: big pieces against walls, free-standing furniture, groups (chairs round
/// a table, a chair at each desk, a coffee table before the sofa, nightstands beside the bed, a tv on its stand),
/// small things on surfaces, things on walls and a ceiling light; then fillers until the room holds enough objects.
/// Every placement goes through <see cref="RoomLayout.TryAdd"/>, so nothing interpenetrates or leaves the room.
/// </summary>
static class FurnitureLayout
{
    const int Attempts = 40;

    public static void Furnish(RoomLayout layout, RoomTheme theme)
    {
        var rng = layout.Rng;
        var area = Math.Abs(Polygon2.SignedArea(layout.Polygon));
        var scale = Math.Clamp(area / 20, 0.7, 2.2); // bigger rooms get more instances
        var target = (int)Math.Clamp(Math.Round(8 + area * 0.6), 12, 45);
        foreach (var entry in theme.Furniture)
        {
            if (!rng.Chance(entry.Probability)) continue;
            var spec = ObjectCatalogue.Get(entry.Category);
            var count = Math.Min(spec.MaxPerRoom, (int)Math.Round(rng.Int(entry.Min, entry.Max + 1) * (entry.Max > 1 ? scale : 1)));
            for (var i = 0; i < count; i++) Place(layout, spec);
        }
        for (var misses = 0; RealItems(layout) < target && misses < 60;)
        {
            var spec = ObjectCatalogue.Get(rng.Pick(theme.Fillers));
            if (layout.CountOf(spec.Name) >= spec.MaxPerRoom + 2 || Place(layout, spec) == null) misses++;
        }
    }

    static int RealItems(RoomLayout layout) => layout.Items.Count(i => !i.Virtual);

    /// <summary>Places one instance of a category by its placement rule, with its group if it has one.</summary>
    public static PlacedItem? Place(RoomLayout layout, CategorySpec spec)
    {
        var item = spec.Placement switch
        {
            Placement.AgainstWall => TryAgainstWall(layout, spec),
            Placement.Floor => TryOnFloor(layout, spec),
            Placement.OnSurface => TryOnSurface(layout, spec),
            Placement.OnWall => TryOnWall(layout, spec),
            Placement.Ceiling => TryCeiling(layout, spec),
            _ => null,
        };
        if (item != null) AddGroup(layout, item);
        return item;
    }

    static PlacedItem? TryAgainstWall(RoomLayout layout, CategorySpec spec)
    {
        var rng = layout.Rng;
        for (var a = 0; a < Attempts; a++)
        {
            var wall = rng.Pick(layout.Walls);
            var size = layout.DrawSize(spec, a < Attempts / 2 ? 1 : 0.85);
            if (wall.Length < size.Y + 0.05) continue;
            var s = rng.Uniform(size.Y / 2 + 0.02, wall.Length - size.Y / 2 - 0.02);
            if (layout.TryAdd(spec, RoomLayout.AgainstWall(wall, s, size, 0)) is { } item) return item;
        }
        return null;
    }

    static PlacedItem? TryOnFloor(RoomLayout layout, CategorySpec spec)
    {
        var rng = layout.Rng;
        for (var a = 0; a < Attempts; a++)
        {
            var size = layout.DrawSize(spec);
            if (layout.RandomFloorPoint(Math.Max(size.X, size.Y) / 2 + 0.05) is not { } p) continue;
            // People align furniture with the room, loosely; small things end up at any angle.
            var yaw = rng.Chance(0.7) ? rng.Int(0, 4) * Math.PI / 2 + rng.Uniform(-0.15, 0.15) : rng.Uniform(-Math.PI, Math.PI);
            if (layout.TryAdd(spec, new OrientedBox(new Vec3(p.X, p.Y, size.Z / 2), size, yaw)) is { } item) return item;
        }
        return null;
    }

    /// <summary>Supports a category prefers; any surface otherwise.</summary>
    static string[] PreferredSupports(string category) => category switch
    {
        "tv" => ["tv stand"],
        "monitor" or "keyboard" or "printer" => ["desk"],
        "microwave" or "kettle" => ["kitchen counter"],
        "table lamp" => ["nightstand", "desk", "dresser", "cabinet"],
        _ => [],
    };

    static PlacedItem? TryOnSurface(RoomLayout layout, CategorySpec spec)
    {
        var rng = layout.Rng;
        var supports = layout.Items.Where(i => !i.Virtual && i.Spec.Surface).ToList();
        var preferred = PreferredSupports(spec.Name);
        if (preferred.Length > 0)
        {
            var best = supports.Where(s => preferred.Contains(s.Spec.Name)).ToList();
            if (best.Count > 0 || spec.Name is "tv" or "monitor" or "keyboard") supports = best;
        }
        if (supports.Count == 0) return null;
        for (var a = 0; a < Attempts; a++)
        {
            var support = rng.Pick(supports);
            var size = layout.DrawSize(spec);
            var sb = support.Box;
            // Screens and appliances face the same way as their support; loose things lie at any angle.
            var faces = spec.Shape is ShapeKind.Tv or ShapeKind.Monitor or ShapeKind.Laptop or ShapeKind.Appliance or ShapeKind.Lamp;
            var yaw = sb.Yaw + (faces ? rng.Uniform(-0.2, 0.2) : rng.Uniform(-Math.PI, Math.PI));
            var reach = HalfExtentAlong(size, yaw - sb.Yaw);
            double freeX = sb.Size.X / 2 - reach.X - 0.01, freeY = sb.Size.Y / 2 - reach.Y - 0.01;
            if (freeX < 0 || freeY < 0) continue;
            var local = new Vec3(rng.Uniform(-freeX, freeX), rng.Uniform(-freeY, freeY), sb.Size.Z / 2 + size.Z / 2);
            var box = new OrientedBox(sb.ToWorld(local), size, yaw);
            if (layout.TryAdd(spec, box) is { } item) return item;
        }
        return null;
    }

    /// <summary>Half extents, along a support's axes, of a box turned by <paramref name="relativeYaw"/> on it.</summary>
    static Vec2 HalfExtentAlong(Vec3 size, double relativeYaw)
    {
        double c = Math.Abs(Math.Cos(relativeYaw)), s = Math.Abs(Math.Sin(relativeYaw));
        return new Vec2((c * size.X + s * size.Y) / 2, (s * size.X + c * size.Y) / 2);
    }

    static PlacedItem? TryOnWall(RoomLayout layout, CategorySpec spec)
    {
        var rng = layout.Rng;
        for (var a = 0; a < Attempts; a++)
        {
            var wall = rng.Pick(layout.Walls);
            var size = layout.DrawSize(spec);
            if (wall.Length < size.Y + 0.1) continue;
            var centreZ = spec.Shape switch
            {
                ShapeKind.Board => rng.Uniform(1.3, 1.6),
                ShapeKind.WallShelf => rng.Uniform(1.1, 1.7),
                ShapeKind.Mirror => rng.Uniform(1.3, 1.6),
                _ => rng.Uniform(1.35, 1.95),
            };
            var bottom = Math.Min(centreZ - size.Z / 2, layout.Height - 0.15 - size.Z);
            var s = rng.Uniform(size.Y / 2 + 0.05, wall.Length - size.Y / 2 - 0.05);
            if (layout.TryAdd(spec, RoomLayout.AgainstWall(wall, s, size, bottom)) is { } item) return item;
        }
        return null;
    }

    static PlacedItem? TryCeiling(RoomLayout layout, CategorySpec spec)
    {
        var rng = layout.Rng;
        for (var a = 0; a < Attempts; a++)
        {
            var size = layout.DrawSize(spec);
            var centroid = Centroid(layout.Polygon);
            var p = a == 0 && Polygon2.Contains(layout.Polygon, centroid) ? centroid : layout.RandomFloorPoint(0.8);
            if (p is not { } q) continue;
            var box = new OrientedBox(new Vec3(q.X, q.Y, layout.Height - RoomLayout.Gap - size.Z / 2), size, 0);
            if (layout.TryAdd(spec, box) is { } item) return item;
        }
        return null;
    }

    static Vec2 Centroid(IReadOnlyList<Vec2> poly) => new(poly.Average(p => p.X), poly.Average(p => p.Y));

    static void AddGroup(RoomLayout layout, PlacedItem anchor)
    {
        var rng = layout.Rng;
        var b = anchor.Box;
        switch (anchor.Spec.Name)
        {
            case "desk":
                if (rng.Chance(0.9)) Beside(layout, rng.Chance(0.7) ? "office chair" : "chair", b, b.AxisX, b.Size.X / 2 + 0.05, b.Yaw + Math.PI);
                break;
            case "table":
                var chairs = rng.Int(2, 7);
                var slots = new List<(Vec3 dir, double dist, double along)>
                {
                    (b.AxisX, b.Size.X / 2, -0.3 * b.Size.Y), (-b.AxisX, b.Size.X / 2, 0.3 * b.Size.Y),
                    (b.AxisX, b.Size.X / 2, 0.3 * b.Size.Y), (-b.AxisX, b.Size.X / 2, -0.3 * b.Size.Y),
                    (b.AxisY, b.Size.Y / 2, 0), (-b.AxisY, b.Size.Y / 2, 0),
                };
                for (var i = 0; i < chairs; i++)
                {
                    var (dir, dist, along) = slots[i];
                    var shifted = b with { Center = b.Center + b.AxisY * along * (Math.Abs(dir.Dot(b.AxisX)) > 0.5 ? 1 : 0) };
                    Beside(layout, "chair", shifted, dir, dist + 0.03, Math.Atan2(-dir.Y, -dir.X));
                }
                break;
            case "sofa":
                if (rng.Chance(0.75)) Beside(layout, "coffee table", b, b.AxisX, b.Size.X / 2 + rng.Uniform(0.35, 0.55), b.Yaw);
                break;
            case "bed":
                foreach (var side in new[] { 1.0, -1.0 })
                {
                    if (!rng.Chance(0.8)) continue;
                    var spec = ObjectCatalogue.Get("nightstand");
                    var size = layout.DrawSize(spec);
                    var back = b.Center - b.AxisX * (b.Size.X / 2);
                    var c = back + b.AxisX * (size.X / 2) + b.AxisY * side * (b.Size.Y / 2 + 0.04 + size.Y / 2);
                    layout.TryAdd(spec, new OrientedBox(c with { Z = size.Z / 2 }, size, b.Yaw));
                }
                break;
            case "tv stand":
                Place(layout, ObjectCatalogue.Get("tv"));
                break;
        }
    }

    /// <summary>
    /// Puts a <paramref name="category"/> item on the floor next to <paramref name="anchor"/>: its centre
    /// <paramref name="distance"/> + half its depth from the anchor's centre along <paramref name="direction"/>.
    /// </summary>
    static PlacedItem? Beside(RoomLayout layout, string category, OrientedBox anchor, Vec3 direction, double distance, double yaw)
    {
        var spec = ObjectCatalogue.Get(category);
        var size = layout.DrawSize(spec);
        var c = anchor.Center + direction * (distance + size.X / 2);
        return layout.TryAdd(spec, new OrientedBox(new Vec3(c.X, c.Y, size.Z / 2), size, yaw));
    }
}
