using Spar.Analysis;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Synthetic;
using Spar.Imaging;

namespace Spar.Tests.Analysis;

/// <summary>
/// The no-mask path (depth maps + surface points, as real ScanNet imports have) on rendered synthetic frames: surface
/// points are sampled on the rendered parts of each object, the masks are hidden from the analyser and only used here
/// to check the result.
/// </summary>
public sealed class SurfacePointModeTests
{
    [Fact]
    public void Depth_and_surface_points_agree_with_the_instance_masks_on_rendered_frames()
    {
        using var tmp = new TestPaths.TempDir();
        var options = new SynthOptions(Frames: 10, VideoFrames: 2, ExtraViews: 0, Width: 160, Height: 120);
        SyntheticDataset.Write(tmp.Path, seed: 11, count: 1, options, threads: 2);
        var synthetic = SyntheticWorld.Generate(11, 0, options);
        var root = Path.Combine(tmp.Path, "synthetic", "images");
        var masked = SceneJson.Read(Path.Combine(root, synthetic.Scene.Id, SceneJson.FileName)).Scene;

        // Surface points: uniform on the faces of each object's rendered parts (fixed System.Random: test data only).
        var parts = ShapeParts.ForScene(synthetic);
        var rnd = new Random(5);
        var objects = masked.Objects.Select(o =>
        {
            var mine = parts.Where(p => p.InstanceId == o.InstanceId).Select(p => p.Box).ToList();
            return o with { SurfacePoints = mine.Count == 0 ? null : Sample(mine, 400, rnd) };
        }).ToList();
        var pointsOnly = masked with { Objects = objects, Frames = masked.Frames.Select(f => f with { InstanceMaskPath = null }).ToList() };

        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        int agree = 0, total = 0, markersOn = 0, markers = 0, maskOnly = 0;
        var log = new List<string>();
        for (int i = 0; i < masked.Frames.Count; i++)
        {
            var byMask = analyzer.Analyze(masked, masked.Frames[i], root);
            var byPoints = analyzer.Analyze(pointsOnly, pointsOnly.Frames[i], root);
            Assert.Null(byPoints.UnusableReason);
            var a = byMask.Referable.Select(v => v.InstanceId).ToHashSet();
            var b = byPoints.Referable.Select(v => v.InstanceId).ToHashSet();
            foreach (var id in a.Except(b)) log.Add($"mask only {byMask.Referable.First(v => v.InstanceId == id).Category} {byMask.Referable.First(v => v.InstanceId == id).VisibleShare:F2}");
            var looseM = new FrameAnalyzer(AnalysisSettings.Default with { MinVisibleShare = 0, MinImageShare = 0 }).Analyze(masked, masked.Frames[i], root);
            foreach (var id in b.Except(a)) log.Add($"points only {byPoints.Referable.First(v => v.InstanceId == id).Category} {byPoints.Referable.First(v => v.InstanceId == id).VisibleShare:F2} mask {looseM.Visible.FirstOrDefault(v => v.InstanceId == id)?.VisibleShare:F2}/{looseM.Visible.FirstOrDefault(v => v.InstanceId == id)?.VisiblePixels}");
            maskOnly += a.Except(b).Count();
            agree += a.Intersect(b).Count();
            total += a.Union(b).Count();
            var mask = Png16.Read(Path.Combine(root, masked.Frames[i].InstanceMaskPath!), 1 << 24);
            foreach (var v in byPoints.Referable)
            {
                markers++;
                if (mask.At(Grid.ToPixelIndex(v.GridPoint.X, mask.Width), Grid.ToPixelIndex(v.GridPoint.Y, mask.Height)) == v.InstanceId) markersOn++;
                // The camera-frame centre does not depend on the visibility path.
                Assert.Equal(byMask.Camera!.ToCamera(v.Object.Box.Center).Z, v.DepthMeters, 9);
            }
        }
        Assert.True(total >= 10, $"only {total} objects seen");
        Assert.True(agree >= 0.75 * total, $"visible sets agree on {agree} of {total}: " + string.Join("; ", log));
        // Objects the masks call visible are found from depth + points too (the estimates differ only near thresholds,
        // mostly for tiny objects whose pixel area the point hull overestimates).
        Assert.True(maskOnly <= 0.1 * total, $"{maskOnly} of {total} objects seen only with masks: " + string.Join("; ", log));
        Assert.True(markersOn >= 0.9 * markers, $"{markersOn} of {markers} point markers on their instance");
    }

    static List<Vec3> Sample(List<OrientedBox> boxes, int n, Random rnd)
    {
        // Pick a face with probability proportional to its area, then a uniform point on it.
        var faces = new List<(OrientedBox Box, int Axis, int Side, double Area)>();
        foreach (var b in boxes)
            for (int axis = 0; axis < 3; axis++)
                for (int side = -1; side <= 1; side += 2)
                {
                    double area = axis switch { 0 => b.Size.Y * b.Size.Z, 1 => b.Size.X * b.Size.Z, _ => b.Size.X * b.Size.Y };
                    faces.Add((b, axis, side, area));
                }
        double sum = faces.Sum(f => f.Area);
        var pts = new List<Vec3>(n);
        for (int k = 0; k < n; k++)
        {
            double r = rnd.NextDouble() * sum;
            var f = faces[^1];
            foreach (var c in faces) { if (r < c.Area) { f = c; break; } r -= c.Area; }
            double u = rnd.NextDouble() - 0.5, v = rnd.NextDouble() - 0.5, s = f.Side * 0.5;
            var local = f.Axis switch { 0 => new Vec3(s, u, v), 1 => new Vec3(u, s, v), _ => new Vec3(u, v, s) };
            pts.Add(f.Box.ToWorld(new Vec3(local.X * f.Box.Size.X, local.Y * f.Box.Size.Y, local.Z * f.Box.Size.Z)));
        }
        return pts;
    }
}
