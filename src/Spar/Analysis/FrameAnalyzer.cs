using System.Diagnostics;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Imaging;

namespace Spar.Analysis;

/// <summary>Time and work counters of frame analysis, shared by a run (thread-safe).</summary>
public sealed class AnalysisCounters
{
    long _frames, _decodeTicks, _analyzeTicks;
    public long FramesAnalysed => Interlocked.Read(ref _frames);
    public TimeSpan DecodeTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _decodeTicks));
    public TimeSpan AnalyzeTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _analyzeTicks));
    internal void AddFrame() => Interlocked.Increment(ref _frames);
    internal void AddDecode(long ticks) => Interlocked.Add(ref _decodeTicks, ticks);
    internal void AddAnalyze(long ticks) => Interlocked.Add(ref _analyzeTicks, ticks);
}

/// <summary>
/// Frame analysis (generation.md §3). Visible pixels come from the instance mask when the frame has one, else from the
/// object's surface points checked against the depth map. Pure apart from reading the two PNGs.
/// </summary>
public sealed class FrameAnalyzer(AnalysisSettings settings, AnalysisCounters? counters = null)
{
    public AnalysisSettings Settings => settings;

    public FrameAnalysis Analyze(Scene scene, SceneFrame frame, string imagesRoot)
    {
        counters?.AddFrame();
        var camera = frame.Camera;
        if (camera == null) return Empty(frame, null, frame.UnusableReason ?? "unusable frame");
        if (frame.InstanceMaskPath != null)
        {
            var maskPath = Path.Combine(imagesRoot, frame.InstanceMaskPath);
            var mask = Decode(maskPath, out _);
            try
            {
                long t0 = Stopwatch.GetTimestamp();
                var result = FromMask(scene, frame, camera, mask, maskPath);
                counters?.AddAnalyze(Stopwatch.GetTimestamp() - t0);
                return result;
            }
            finally { Png16.Return(mask); }
        }
        if (frame.DepthPath != null && scene.Objects.Any(o => o.SurfacePoints is { Count: > 0 }))
        {
            var depth = Decode(Path.Combine(imagesRoot, frame.DepthPath), out _);
            try
            {
                long t0 = Stopwatch.GetTimestamp();
                var result = FromSurfacePoints(scene, frame, camera, depth);
                counters?.AddAnalyze(Stopwatch.GetTimestamp() - t0);
                return result;
            }
            finally { Png16.Return(depth); }
        }
        return Empty(frame, camera, "frame has neither an instance mask nor a depth map with surface points");
    }

    Png16.Map Decode(string path, out long ticks)
    {
        long t0 = Stopwatch.GetTimestamp();
        var map = Png16.ReadPooled(path, settings.MaxPixels);
        ticks = Stopwatch.GetTimestamp() - t0;
        counters?.AddDecode(ticks);
        return map;
    }

    static FrameAnalysis Empty(SceneFrame frame, PinholeCamera? camera, string reason) =>
        new(frame, camera, [], new Dictionary<string, int>(StringComparer.Ordinal), reason);

    /// <summary>Per-instance pixel statistics in one pass over the mask.</summary>
    FrameAnalysis FromMask(Scene scene, SceneFrame frame, PinholeCamera camera, Png16.Map mask, string maskPath)
    {
        if (mask.Width != frame.Width || mask.Height != frame.Height)
            throw new Util.SparException($"{maskPath}: mask is {mask.Width}×{mask.Height} but frame {frame.Index} of scene {scene.Id} is {frame.Width}×{frame.Height}");
        int w = mask.Width, h = mask.Height;
        var slot = new Dictionary<int, int>(scene.Objects.Count);
        for (int i = 0; i < scene.Objects.Count; i++) slot[scene.Objects[i].InstanceId] = i;
        int maxId = scene.Objects.Count == 0 ? 0 : scene.Objects.Max(o => o.InstanceId);
        var index = new int[Math.Min(maxId, ushort.MaxValue) + 1];
        Array.Fill(index, -1);
        foreach (var (id, i) in slot) if (id <= ushort.MaxValue) index[id] = i;

        int n = scene.Objects.Count;
        var count = new long[n];
        var x1 = new int[n]; var y1 = new int[n]; var x2 = new int[n]; var y2 = new int[n];
        Array.Fill(x1, int.MaxValue); Array.Fill(y1, int.MaxValue); Array.Fill(x2, -1); Array.Fill(y2, -1);
        var values = mask.Values;
        for (int y = 0; y < h; y++)
        {
            int row = y * w;
            for (int x = 0; x < w; x++)
            {
                int id = values[row + x];
                if (id == 0 || id >= index.Length) continue;
                int k = index[id];
                if (k < 0) continue;
                count[k]++;
                if (x < x1[k]) x1[k] = x;
                if (x > x2[k]) x2[k] = x;
                if (y < y1[k]) y1[k] = y;
                y2[k] = y;
            }
        }

        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        var presentIds = new List<int>();
        var visible = new List<VisibleObject>();
        for (int k = 0; k < n; k++)
        {
            if (count[k] == 0) continue;
            var obj = scene.Objects[k];
            present[obj.Category] = present.GetValueOrDefault(obj.Category) + 1;
            presentIds.Add(obj.InstanceId);
            var box = new PixelBox(x1[k], y1[k], x2[k], y2[k]);
            var area = ProjectedArea.OfBox(obj.Box, camera);
            double share = area is > 0 ? Math.Min(1, count[k] / area.Value) : 0;
            // Objects that do not fill their box (tables, chairs) look occluded by the hull share alone: measure the
            // share against the pixels where another object's box stands in front of this one instead.
            if (area is > 0 && share < settings.MinVisibleShare && obj.Referable && !obj.Structural)
                share = Occlusion.MaskShare(camera, obj, values, w, h, id => id < index.Length && index[id] >= 0 ? scene.Objects[index[id]] : null);
            if (!PassesRules(camera, obj, count[k], share, box, w, h, out var centerCam)) continue;
            if (MaskMarker(camera, obj, values, w, h, box) is not { } marker) continue;
            visible.Add(new VisibleObject(obj, centerCam, count[k], share, box, marker, Grid.Box(box, w, h), Grid.Point(marker, w, h)));
        }
        visible.Sort((a, b) => a.InstanceId.CompareTo(b.InstanceId));
        presentIds.Sort();
        return new FrameAnalysis(frame, camera, visible, present, null, presentIds);
    }

    bool PassesRules(PinholeCamera camera, SceneObject obj, long pixels, double share, PixelBox box, int w, int h, out Vec3 centerCam)
    {
        centerCam = camera.ToCamera(obj.Box.Center);
        if (!(centerCam.Z > settings.MinCenterDepthMeters)) return false;
        if (share < settings.MinVisibleShare) return false;
        if (pixels < settings.MinImageShare * w * h) return false;
        int cut = (box.X1 <= 0 ? 1 : 0) + (box.Y1 <= 0 ? 1 : 0) + (box.X2 >= w - 1 ? 1 : 0) + (box.Y2 >= h - 1 ? 1 : 0);
        return cut <= 1;
    }

    /// <summary>
    /// The projected centre when it lands on the object's own pixel, else the object's pixel nearest to it; either way
    /// a pixel the drawer can address through the grid (<see cref="Grid.IsAddressable"/>), so the drawn marker lands on
    /// the object at any resolution. Null when no pixel of the object is addressable (a sliver between grid values).
    /// </summary>
    static Vec2? MaskMarker(PinholeCamera camera, SceneObject obj, ushort[] mask, int w, int h, PixelBox box)
    {
        int id = obj.InstanceId;
        bool[] ax = Grid.Addressable(w), ay = Grid.Addressable(h);
        var c = camera.ToCamera(obj.Box.Center);
        var p = c.Z > 0 ? camera.Intrinsics.Project(c) : new Vec2((box.X1 + box.X2) / 2.0, (box.Y1 + box.Y2) / 2.0);
        int px = (int)Math.Round(p.X), py = (int)Math.Round(p.Y);
        if (px >= 0 && py >= 0 && px < w && py < h && ax[px] && ay[py] && mask[py * w + px] == id) return new Vec2(px, py);
        long best = long.MaxValue; int bx = -1, by = -1;
        for (int y = box.Y1; y <= box.Y2; y++)
        {
            if (!ay[y]) continue;
            for (int x = box.X1; x <= box.X2; x++)
            {
                if (!ax[x] || mask[y * w + x] != id) continue;
                long dx = x - px, dy = y - py, d = dx * dx + dy * dy;
                if (d < best) { best = d; bx = x; by = y; }
            }
        }
        return bx < 0 ? null : new Vec2(bx, by);
    }

    /// <summary>
    /// Without a mask: an object's surface point is visible when the depth map agrees with its camera depth within the
    /// tolerance, occluded when something outside the object's box is seen in front of it, self-hidden (back faces) when
    /// the surface seen in front lies in its own box, and hidden when it projects outside the image on a side facing
    /// the camera. Visible share = visible ÷ (visible + occluded + off-screen), each point weighted by the image area
    /// its surface patch covers;
    /// visible pixels ≈ the area of the convex hull of the visible points' pixels (docs/generation.md).
    /// </summary>
    FrameAnalysis FromSurfacePoints(Scene scene, SceneFrame frame, PinholeCamera camera, Png16.Map depth)
    {
        int w = frame.Width, h = frame.Height;
        var dk = camera.Intrinsics.Scaled(depth.Width / (double)w, depth.Height / (double)h);
        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        var presentIds = new List<int>();
        var visible = new List<VisibleObject>();
        var pixels = new List<(int X, int Y)>();
        foreach (var obj in scene.Objects)
        {
            if (obj.SurfacePoints is not { Count: > 0 } points) continue;
            pixels.Clear();
            // Each point stands for the image area its patch of surface covers, so an obliquely seen side face does
            // not outweigh the front (Occlusion.ProjectedWeight).
            double seenWeight = 0, hiddenWeight = 0;
            foreach (var pw in points)
            {
                var pc = camera.ToCamera(pw);
                int x = -1, y = -1;
                Vec2 pix = default;
                if (pc.Z > 0)
                {
                    pix = camera.Intrinsics.Project(pc);
                    x = (int)Math.Round(pix.X); y = (int)Math.Round(pix.Y);
                }
                if (x < 0 || y < 0 || x >= w || y >= h)
                {
                    // Outside the picture: hidden when it faces the camera (the off-screen part of the silhouette).
                    if (Occlusion.FacesCamera(camera, obj, pw)) hiddenWeight += Occlusion.ProjectedWeight(camera, obj, pw);
                    continue;
                }
                switch (Occlusion.PointState(camera, obj, depth, dk.Project(pc), pix, pc.Z, settings))
                {
                    case Occlusion.Seen.Visible: pixels.Add((x, y)); seenWeight += Occlusion.ProjectedWeight(camera, obj, pw); break;
                    case Occlusion.Seen.OccludedByOther: hiddenWeight += Occlusion.ProjectedWeight(camera, obj, pw); break;
                }
            }
            if (pixels.Count == 0) continue;
            present[obj.Category] = present.GetValueOrDefault(obj.Category) + 1;
            presentIds.Add(obj.InstanceId);
            var box = new PixelBox(pixels.Min(p => p.X), pixels.Min(p => p.Y), pixels.Max(p => p.X), pixels.Max(p => p.Y));
            double share = seenWeight + hiddenWeight > 0 ? seenWeight / (seenWeight + hiddenWeight) : 0;
            long visiblePixels = Occlusion.PixelHullArea(pixels);
            if (!PassesRules(camera, obj, visiblePixels, share, box, w, h, out var centerCam)) continue;
            if (PointMarker(camera, obj, depth, dk, pixels) is not { } marker) continue;
            visible.Add(new VisibleObject(obj, centerCam, visiblePixels, share, box, marker, Grid.Box(box, w, h), Grid.Point(marker, w, h)));
        }
        visible.Sort((a, b) => a.InstanceId.CompareTo(b.InstanceId));
        presentIds.Sort();
        return new FrameAnalysis(frame, camera, visible, present, null, presentIds);
    }

    /// <summary>
    /// The projected centre when the surface seen there belongs to the object's box, else the nearest visible point;
    /// either way a pixel the drawer can address through the grid. Null when no visible point's pixel is addressable.
    /// </summary>
    Vec2? PointMarker(PinholeCamera camera, SceneObject obj, Png16.Map depth, CameraIntrinsics dk, List<(int X, int Y)> pixels)
    {
        int w = camera.Width, h = camera.Height;
        bool[] ax = Grid.Addressable(w), ay = Grid.Addressable(h);
        var c = camera.ToCamera(obj.Box.Center);
        var p = camera.Intrinsics.Project(c);
        int px = (int)Math.Round(p.X), py = (int)Math.Round(p.Y);
        var dp = dk.Project(c);
        int dx0 = (int)Math.Round(dp.X), dy0 = (int)Math.Round(dp.Y);
        if (Grid.IsAddressable(px, w) && Grid.IsAddressable(py, h)
            && dx0 >= 0 && dy0 >= 0 && dx0 < depth.Width && dy0 < depth.Height && depth.At(dx0, dy0) is > 0 and var mm)
        {
            var seen = camera.Unproject(new Vec2(px, py), mm / 1000.0);
            if (obj.Box.Contains(seen, settings.DepthToleranceMeters)) return new Vec2(px, py);
        }
        long best = long.MaxValue; (int X, int Y)? result = null;
        foreach (var q in pixels)
        {
            if (!ax[q.X] || !ay[q.Y]) continue;
            long ddx = q.X - px, ddy = q.Y - py, d = ddx * ddx + ddy * ddy;
            if (d < best) { best = d; result = q; }
        }
        return result is { } r ? new Vec2(r.X, r.Y) : null;
    }
}
