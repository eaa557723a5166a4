using Spar.Geometry;

namespace Spar.Scenes.Rendering;

/// <summary>One box the renderer draws, belonging to the object with <see cref="InstanceId"/> (0 = none).</summary>
public readonly record struct RenderPart(OrientedBox Box, Material Material, ushort InstanceId);

/// <summary>
/// Collects an object's parts in its own frame: x front (+) to back (−), y side to side, both relative to the box
/// centre, z up from the box bottom (metres). Parts are clipped to the object's box, so the rendered shape never
/// leaves the annotated box.
/// </summary>
sealed class PartBuilder(OrientedBox box, ushort instanceId, List<RenderPart> output)
{
    public double D => box.Size.X;
    public double W => box.Size.Y;
    public double H => box.Size.Z;

    public void Add(double x0, double x1, double y0, double y1, double z0, double z1, Material m)
    {
        x0 = Math.Max(Math.Min(x0, x1), -D / 2); x1 = Math.Min(Math.Max(x0, x1), D / 2);
        y0 = Math.Max(Math.Min(y0, y1), -W / 2); y1 = Math.Min(Math.Max(y0, y1), W / 2);
        z0 = Math.Max(Math.Min(z0, z1), 0); z1 = Math.Min(Math.Max(z0, z1), H);
        if (x1 - x0 < 1e-4 || y1 - y0 < 1e-4 || z1 - z0 < 1e-4) return;
        var local = new Vec3((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2 - H / 2);
        output.Add(new RenderPart(new OrientedBox(box.ToWorld(local), new Vec3(x1 - x0, y1 - y0, z1 - z0), box.Yaw), m, instanceId));
    }

    /// <summary>A part spanning the full footprint between two heights.</summary>
    public void Slab(double z0, double z1, Material m) => Add(-D / 2, D / 2, -W / 2, W / 2, z0, z1, m);

    /// <summary>A part centred in the footprint with the given fractions of depth and width.</summary>
    public void Centred(double fx, double fy, double z0, double z1, Material m) => Add(-D * fx / 2, D * fx / 2, -W * fy / 2, W * fy / 2, z0, z1, m);

    /// <summary>Four square legs of side <paramref name="leg"/> at the footprint corners, inset by <paramref name="inset"/>.</summary>
    public void Legs(double leg, double inset, double z1, Material m)
    {
        foreach (var sx in new[] { -1, 1 })
            foreach (var sy in new[] { -1, 1 })
            {
                var cx = sx * (D / 2 - inset - leg / 2);
                var cy = sy * (W / 2 - inset - leg / 2);
                Add(cx - leg / 2, cx + leg / 2, cy - leg / 2, cy + leg / 2, 0, z1, m);
            }
    }
}
