namespace Spar.Geometry;

/// <summary>
/// A 3D box rotated only about world Z: centre (metres), full extents along its own x, y, z axes (metres) and yaw
/// (radians, counter-clockwise seen from above; 0 = axis-aligned). The box's z axis is world Z.
/// </summary>
public readonly record struct OrientedBox(Vec3 Center, Vec3 Size, double Yaw)
{
    public Vec3 HalfSize => Size * 0.5;
    public double MinZ => Center.Z - Size.Z / 2;
    public double MaxZ => Center.Z + Size.Z / 2;
    public double Volume => Size.X * Size.Y * Size.Z;

    /// <summary>The box's x axis in the world (its y axis is this turned 90° counter-clockwise).</summary>
    public Vec3 AxisX { get { var (s, c) = Math.SinCos(Yaw); return new(c, s, 0); } }
    public Vec3 AxisY { get { var (s, c) = Math.SinCos(Yaw); return new(-s, c, 0); } }

    /// <summary>A world point in box coordinates (origin at the centre, axes along the box).</summary>
    public Vec3 ToLocal(Vec3 pWorld)
    {
        var d = pWorld - Center;
        var (s, c) = Math.SinCos(Yaw);
        return new(c * d.X + s * d.Y, -s * d.X + c * d.Y, d.Z);
    }

    public Vec3 ToWorld(Vec3 pLocal)
    {
        var (s, c) = Math.SinCos(Yaw);
        return Center + new Vec3(c * pLocal.X - s * pLocal.Y, s * pLocal.X + c * pLocal.Y, pLocal.Z);
    }

    /// <summary>
    /// The 8 corners: bottom face first, counter-clockwise from the (−x, −y) corner seen from above, then the top face
    /// in the same order.
    /// </summary>
    public Vec3[] Corners()
    {
        var h = HalfSize;
        var result = new Vec3[8];
        ReadOnlySpan<(int sx, int sy)> order = [(-1, -1), (1, -1), (1, 1), (-1, 1)];
        for (var i = 0; i < 4; i++)
        {
            result[i] = ToWorld(new Vec3(order[i].sx * h.X, order[i].sy * h.Y, -h.Z));
            result[i + 4] = ToWorld(new Vec3(order[i].sx * h.X, order[i].sy * h.Y, h.Z));
        }
        return result;
    }

    /// <summary>The footprint in world XY: the bottom corners, counter-clockwise.</summary>
    public Vec2[] Footprint() => Corners()[..4].Select(c => c.XY).ToArray();

    /// <summary>True when the point is inside or within <paramref name="tolerance"/> metres of the box.</summary>
    public bool Contains(Vec3 pWorld, double tolerance = 0)
    {
        var l = ToLocal(pWorld);
        var h = HalfSize;
        return Math.Abs(l.X) <= h.X + tolerance && Math.Abs(l.Y) <= h.Y + tolerance && Math.Abs(l.Z) <= h.Z + tolerance;
    }

    /// <summary>
    /// Slab test: the parameter interval [enter, exit] where the line origin + t·direction is inside the box.
    /// Returns false when the line misses the box (or exits before t = 0).
    /// </summary>
    public bool TryIntersect(Ray ray, out double enter, out double exit)
    {
        var o = ToLocal(ray.Origin);
        var (s, c) = Math.SinCos(Yaw);
        var d = new Vec3(c * ray.Direction.X + s * ray.Direction.Y, -s * ray.Direction.X + c * ray.Direction.Y, ray.Direction.Z);
        var h = HalfSize;
        enter = double.NegativeInfinity;
        exit = double.PositiveInfinity;
        if (!Slab(o.X, d.X, h.X, ref enter, ref exit) || !Slab(o.Y, d.Y, h.Y, ref enter, ref exit) || !Slab(o.Z, d.Z, h.Z, ref enter, ref exit))
            return false;
        return exit >= Math.Max(enter, 0);
    }

    static bool Slab(double o, double d, double h, ref double enter, ref double exit)
    {
        if (d == 0) return Math.Abs(o) <= h;
        var t1 = (-h - o) / d;
        var t2 = (h - o) / d;
        if (t1 > t2) (t1, t2) = (t2, t1);
        enter = Math.Max(enter, t1);
        exit = Math.Min(exit, t2);
        return enter <= exit;
    }

    /// <summary>
    /// Where the ray first enters the box through its outside surface (t ≥ 0), or null when it misses or starts inside:
    /// what a camera sees of a closed box.
    /// </summary>
    public double? RayHit(Ray ray) => TryIntersect(ray, out var enter, out _) && enter >= 0 ? enter : null;

    /// <summary>
    /// True when the two boxes' interiors overlap after shrinking each side by <paramref name="clearance"/>
    /// (negative clearance demands a gap). Separating-axis test on the footprints plus the Z intervals.
    /// </summary>
    public bool Overlaps(OrientedBox other, double clearance = 0)
    {
        if (MinZ + clearance >= other.MaxZ || other.MinZ + clearance >= MaxZ) return false;
        Span<Vec2> axes = [AxisX.XY, AxisY.XY, other.AxisX.XY, other.AxisY.XY];
        var a = Footprint();
        var b = other.Footprint();
        foreach (var axis in axes)
        {
            var (aMin, aMax) = ProjectOnto(a, axis);
            var (bMin, bMax) = ProjectOnto(b, axis);
            if (aMax <= bMin + clearance || bMax <= aMin + clearance) return false;
        }
        return true;
    }

    static (double min, double max) ProjectOnto(Vec2[] pts, Vec2 axis)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var p in pts) { var d = p.Dot(axis); min = Math.Min(min, d); max = Math.Max(max, d); }
        return (min, max);
    }

    public bool IsValid => Center.IsFinite && Size.IsFinite && double.IsFinite(Yaw) && Size.X > 0 && Size.Y > 0 && Size.Z > 0;
}
