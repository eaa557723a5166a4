using Spar.Geometry;

namespace Spar.Scenes.Importers;

/// <summary>
/// One rule for boxes given as three axes in no particular order with their half sizes (SUN RGB-D's rows-as-axes
/// convention, used by Structured3D's <c>bbox_3d.json</c> and Matterport3D's <c>.house</c> <c>O</c> lines): spar's
/// boxes are upright with a yaw about Z, so the axis nearest ±Z is the height and the first other axis gives the yaw.
/// </summary>
public static class UprightBox
{
    /// <summary>Smallest box extent written, metres (as the ScanNet importer): keeps planar objects valid boxes.</summary>
    public const double MinExtentMeters = 0.01;

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
