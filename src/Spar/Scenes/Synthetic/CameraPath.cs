using Spar.Geometry;
using Spar.Determinism;

namespace Spar.Scenes.Synthetic;

/// <summary>
/// Camera poses for a furnished room: a smooth walk through free floor space at eye height (1.2–1.7 m) that looks
/// around at the room's objects, and extra single views aimed at objects from random free spots.
/// </summary>
static class CameraPath
{
    const double Cell = 0.1;
    /// <summary>How far the walker keeps from walls and from furniture footprints (metres).</summary>
    const double WallClearance = 0.45, ObjectClearance = 0.3;

    public static Mat4[] Walk(RoomLayout layout, IReadOnlyList<PlacedItem> targets, int frames, Rng rng)
    {
        var free = FreeSpace.Build(layout);
        var path = FindPath(free, rng) ?? [free.MostOpen(), free.MostOpen()];
        var (points, lengths) = Densify(path);
        var total = lengths[^1];
        var eye = rng.Uniform(1.3, 1.6);
        var bobPhase = rng.Uniform(0, 2 * Math.PI);
        var positions = new Vec3[frames];
        for (var i = 0; i < frames; i++)
        {
            var t = frames == 1 ? 0 : (double)i / (frames - 1);
            var p = PointAtLength(points, lengths, t * total);
            var z = Math.Clamp(eye + 0.04 * Math.Sin(bobPhase + 9 * t) + 0.06 * Math.Sin(bobPhase * 2 + 2.3 * t), 1.2, 1.7);
            positions[i] = new Vec3(p.X, p.Y, z);
        }

        // Key looks: every ~50 frames the walker turns to an object; smoothstep between keys, so turns ease in and out.
        var keys = Math.Max(2, Math.Min(8, frames / 50 + 2));
        var keyYaw = new double[keys];
        var keyPitch = new double[keys];
        for (var k = 0; k < keys; k++)
        {
            var frame = (int)Math.Round((double)k * (frames - 1) / (keys - 1));
            var (yaw, pitch) = Aim(positions[frame], targets, rng);
            keyYaw[k] = k == 0 ? yaw : Unwrap(keyYaw[k - 1], yaw);
            keyPitch[k] = pitch;
        }
        var rollPhase = rng.Uniform(0, 2 * Math.PI);
        var poses = new Mat4[frames];
        for (var i = 0; i < frames; i++)
        {
            var u = frames == 1 ? 0 : (double)i * (keys - 1) / (frames - 1);
            var k = Math.Min((int)u, keys - 2);
            var f = u - k;
            var s = f * f * (3 - 2 * f);
            var yaw = keyYaw[k] + (keyYaw[k + 1] - keyYaw[k]) * s;
            var pitch = keyPitch[k] + (keyPitch[k + 1] - keyPitch[k]) * s;
            var roll = 0.025 * Math.Sin(rollPhase + 7.0 * i / Math.Max(1, frames));
            poses[i] = Poses.FromOrientation(positions[i], new CameraOrientation(yaw, pitch, roll));
        }
        return poses;
    }

    public static Mat4[] SingleViews(RoomLayout layout, IReadOnlyList<PlacedItem> targets, int count, Rng rng)
    {
        var free = FreeSpace.Build(layout);
        var poses = new Mat4[count];
        for (var i = 0; i < count; i++)
        {
            var p = free.RandomCell(rng) ?? free.MostOpen();
            var eye = new Vec3(p.X, p.Y, rng.Uniform(1.2, 1.7));
            var (yaw, pitch) = Aim(eye, targets, rng);
            poses[i] = Poses.FromOrientation(eye, new CameraOrientation(yaw, pitch, rng.Uniform(-0.03, 0.03)));
        }
        return poses;
    }

    /// <summary>Yaw and pitch towards a random target at least 0.8 m away (pitch kept between 35° down and 8° up).</summary>
    static (double yaw, double pitch) Aim(Vec3 eye, IReadOnlyList<PlacedItem> targets, Rng rng)
    {
        for (var a = 0; a < 12 && targets.Count > 0; a++)
        {
            var c = rng.Pick(targets).Box.Center;
            var d = c - eye;
            var horizontal = d.XY.Length;
            if (horizontal < 0.8) continue;
            return (Math.Atan2(d.Y, d.X), Math.Clamp(Math.Atan2(d.Z, horizontal), -0.6, 0.14));
        }
        return (rng.Uniform(-Math.PI, Math.PI), rng.Uniform(-0.4, -0.1));
    }

    static double Unwrap(double previous, double angle)
    {
        while (angle - previous > Math.PI) angle -= 2 * Math.PI;
        while (angle - previous < -Math.PI) angle += 2 * Math.PI;
        return angle;
    }

    /// <summary>3–6 waypoints through free space whose Catmull-Rom curve stays free; null when none is found.</summary>
    static Vec2[]? FindPath(FreeSpace free, Rng rng)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var count = attempt < 40 ? rng.Int(3, 7) : 2;
            var pts = new List<Vec2>();
            for (var tries = 0; pts.Count < count && tries < 200; tries++)
            {
                if (free.RandomCell(rng) is not { } p) return null;
                if (pts.Count == 0 || (p - pts[^1]).Length > 1.0) pts.Add(p);
            }
            if (pts.Count < 2) continue;
            var waypoints = pts.ToArray();
            var (dense, _) = Densify(waypoints);
            if (dense.All(free.IsFree)) return waypoints;
        }
        return null;
    }

    /// <summary>Samples the Catmull-Rom curve through the waypoints; returns the points and cumulative arc lengths.</summary>
    static (Vec2[] points, double[] lengths) Densify(Vec2[] w)
    {
        const int perSegment = 40;
        var pts = new List<Vec2>();
        for (var i = 0; i < w.Length - 1; i++)
        {
            var p0 = w[Math.Max(i - 1, 0)]; var p1 = w[i]; var p2 = w[i + 1]; var p3 = w[Math.Min(i + 2, w.Length - 1)];
            for (var j = 0; j < perSegment; j++)
            {
                var t = (double)j / perSegment;
                double t2 = t * t, t3 = t2 * t;
                pts.Add((p1 * 2 + (p2 - p0) * t + (p0 * 2 - p1 * 5 + p2 * 4 - p3) * t2 + (p1 * 3 - p0 - p2 * 3 + p3) * t3) * 0.5);
            }
        }
        pts.Add(w[^1]);
        var lengths = new double[pts.Count];
        for (var i = 1; i < pts.Count; i++) lengths[i] = lengths[i - 1] + (pts[i] - pts[i - 1]).Length;
        return (pts.ToArray(), lengths);
    }

    static Vec2 PointAtLength(Vec2[] pts, double[] lengths, double s)
    {
        var i = Array.BinarySearch(lengths, s);
        if (i >= 0) return pts[i];
        i = ~i;
        if (i == 0) return pts[0];
        if (i >= pts.Length) return pts[^1];
        var seg = lengths[i] - lengths[i - 1];
        var f = seg > 0 ? (s - lengths[i - 1]) / seg : 0;
        return pts[i - 1] + (pts[i] - pts[i - 1]) * f;
    }

    /// <summary>A grid of the floor marking where a person can stand (clear of walls and furniture).</summary>
    sealed class FreeSpace
    {
        readonly double minX, minY;
        readonly int nx, ny;
        int[]? freeCells; // filled on first use, after the grid is complete
        readonly double[] clearance; // distance beyond the required clearance: > 0 where a person can stand

        FreeSpace(double minX, double minY, int nx, int ny)
        {
            this.minX = minX; this.minY = minY; this.nx = nx; this.ny = ny;
            clearance = new double[nx * ny];
            Array.Fill(clearance, double.NegativeInfinity);
        }

        public static FreeSpace Build(RoomLayout layout)
        {
            var poly = layout.Polygon;
            double x0 = poly.Min(p => p.X), y0 = poly.Min(p => p.Y);
            var fs = new FreeSpace(x0, y0, (int)Math.Ceiling((poly.Max(p => p.X) - x0) / Cell), (int)Math.Ceiling((poly.Max(p => p.Y) - y0) / Cell));
            var obstacles = layout.Items.Where(i => !i.Virtual && i.Box.MinZ < 1.9).Select(i => i.Box).ToArray();
            for (var j = 0; j < fs.ny; j++)
                for (var i = 0; i < fs.nx; i++)
                {
                    var p = fs.CellCentre(i, j);
                    if (!Polygon2.Contains(poly, p)) continue;
                    var d = Polygon2.DistanceToBoundary(poly, p) - WallClearance;
                    foreach (var b in obstacles) d = Math.Min(d, FootprintDistance(b, p) - ObjectClearance);
                    fs.clearance[j * fs.nx + i] = d;
                }
            return fs;
        }

        Vec2 CellCentre(int i, int j) => new(minX + (i + 0.5) * Cell, minY + (j + 0.5) * Cell);

        public bool IsFree(Vec2 p)
        {
            int i = (int)Math.Floor((p.X - minX) / Cell), j = (int)Math.Floor((p.Y - minY) / Cell);
            return i >= 0 && j >= 0 && i < nx && j < ny && clearance[j * nx + i] > 0;
        }

        public Vec2? RandomCell(Rng rng)
        {
            freeCells ??= Enumerable.Range(0, clearance.Length).Where(k => clearance[k] > 0).ToArray();
            if (freeCells.Length == 0) return null;
            var k = rng.Pick(freeCells);
            return CellCentre(k % nx, k / nx);
        }

        /// <summary>The cell farthest from obstacles (ties: lowest index), for crammed rooms where no walk fits.</summary>
        public Vec2 MostOpen()
        {
            var best = 0;
            for (var k = 1; k < clearance.Length; k++) if (clearance[k] > clearance[best]) best = k;
            return CellCentre(best % nx, best / nx);
        }

        static double FootprintDistance(OrientedBox b, Vec2 p)
        {
            var l = b.ToLocal(new Vec3(p.X, p.Y, b.Center.Z));
            var dx = Math.Max(Math.Abs(l.X) - b.Size.X / 2, 0);
            var dy = Math.Max(Math.Abs(l.Y) - b.Size.Y / 2, 0);
            return Math.Sqrt(dx * dx + dy * dy);
        }
    }
}
