using Spar.Geometry;

namespace Spar.Scenes.Importers;

/// <summary>
/// The importers' rules for turning a dataset's box into spar's, which is upright with a yaw about Z. Two kinds of
/// source box, two rules, both here:
/// <list type="bullet">
/// <item><see cref="FromAxes"/>: three axes in no particular order with half sizes, upright by the annotation's own
/// convention (SUN RGB-D's rows-as-axes: Structured3D's <c>bbox_3d.json</c>, Matterport3D's <c>.house</c> <c>O</c>
/// lines): the axis nearest ±Z is the height, the first other axis gives the yaw, and the tilt is reported;</item>
/// <item><see cref="OfObb"/>: a fitted oriented box (ScanNet++'s <c>segments_anno.json</c> obb, ARKitScenes'
/// <c>obbAligned</c>) that may really lean: upright when an axis is within <see cref="UprightCosine"/> of vertical,
/// else the axis-aligned box around its corners, so a leaning object stays inside its box.</item>
/// </list>
/// </summary>
public static class UprightBox
{
    /// <summary>Smallest box extent written, metres (every importer): keeps planar objects (a poster, a rug) valid boxes.</summary>
    public const double MinExtentMeters = 0.01;

    /// <summary>An OBB axis within ~2.6° of vertical (|z| ≥ this) makes the box upright: spar's boxes turn about Z only.</summary>
    public const double UprightCosine = 0.999;

    /// <summary>
    /// A fitted box (centre, full lengths along unit <paramref name="axes"/>) as spar's: upright when one of its axes is
    /// vertical (the first horizontal axis, in the file's order, is the box's x and its heading the yaw); otherwise
    /// (<paramref name="tilted"/>) the axis-aligned box around its eight corners, about the same centre.
    /// </summary>
    public static OrientedBox OfObb(Vec3 centre, Vec3 lengths, IReadOnlyList<Vec3> axes, out bool tilted)
    {
        int up = -1;
        for (int i = 0; i < 3 && up < 0; i++) if (Math.Abs(axes[i].Z) >= UprightCosine) up = i;
        tilted = up < 0;
        if (tilted) return Enclosing(centre, Corners(centre, lengths, axes));
        int first = up == 0 ? 1 : 0, second = 3 - up - first;
        double L(int i) => Math.Max(MinExtentMeters, i switch { 0 => lengths.X, 1 => lengths.Y, _ => lengths.Z });
        var x = axes[first];
        return new OrientedBox(centre, new Vec3(L(first), L(second), L(up)), Math.Atan2(x.Y, x.X));
    }

    static IEnumerable<Vec3> Corners(Vec3 centre, Vec3 lengths, IReadOnlyList<Vec3> axes)
    {
        var h = lengths * 0.5;
        for (int i = 0; i < 8; i++)
            yield return centre + axes[0] * ((i & 1) == 0 ? -h.X : h.X) + axes[1] * ((i & 2) == 0 ? -h.Y : h.Y) + axes[2] * ((i & 4) == 0 ? -h.Z : h.Z);
    }

    /// <summary>The axis-aligned box around <paramref name="points"/>, about <paramref name="centre"/> when given (else the points' bounds' centre).</summary>
    public static OrientedBox Enclosing(Vec3? centre, IEnumerable<Vec3> points)
    {
        double x0 = double.PositiveInfinity, y0 = x0, z0 = x0, x1 = double.NegativeInfinity, y1 = x1, z1 = x1;
        foreach (var p in points)
        {
            x0 = Math.Min(x0, p.X); y0 = Math.Min(y0, p.Y); z0 = Math.Min(z0, p.Z);
            x1 = Math.Max(x1, p.X); y1 = Math.Max(y1, p.Y); z1 = Math.Max(z1, p.Z);
        }
        var c = centre ?? new Vec3((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2);
        return new OrientedBox(c, new Vec3(Math.Max(MinExtentMeters, x1 - x0), Math.Max(MinExtentMeters, y1 - y0), Math.Max(MinExtentMeters, z1 - z0)), 0);
    }

    /// <summary>
    /// The upright box of centre <paramref name="centre"/> (metres) with axes <paramref name="axes"/> (non-zero, any
    /// length) and half sizes <paramref name="halfMeters"/> along them; <paramref name="tilt"/> is the angle between
    /// the chosen height axis and world Z (0 for an upright box).
    /// </summary>
    public static OrientedBox FromAxes(Vec3 centre, IReadOnlyList<Vec3> axes, IReadOnlyList<double> halfMeters, out double tilt)
    {
        int h = 0;
        for (int i = 1; i < 3; i++) if (Math.Abs(axes[i].Normalized().Z) > Math.Abs(axes[h].Normalized().Z)) h = i;
        int a = h == 0 ? 1 : 0, b = 3 - h - a;
        var axis = axes[a].Normalized();
        tilt = Math.Acos(Math.Min(1, Math.Abs(axes[h].Normalized().Z)));
        double yaw = Math.Atan2(axis.Y, axis.X);
        // Thin boxes (a picture, a rug) may have a zero half size; scene.json needs positive sizes.
        double Size(int i) => Math.Max(MinExtentMeters, 2 * halfMeters[i]);
        return new OrientedBox(centre, new Vec3(Size(a), Size(b), Size(h)), yaw);
    }
}
