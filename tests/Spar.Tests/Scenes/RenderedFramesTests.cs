using System.Globalization;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;
using Spar.Imaging;

namespace Spar.Tests.Scenes;

/// <summary>Renders tiny synthetic scenes to disk and checks the files against independent ray casting.</summary>
public class RenderedFramesTests
{
    /// <summary>The first part hit by a ray, by brute force over every rendered box.</summary>
    static (double t, int part) CastRay(IReadOnlyList<RenderPart> parts, Ray ray)
    {
        var best = (t: double.PositiveInfinity, part: -1);
        for (var i = 0; i < parts.Count; i++)
            if (parts[i].Box.RayHit(ray) is { } t && t >= SceneRasterizer.NearPlane && t < best.t) best = (t, i);
        return best;
    }

    /// <summary>The ray through pixel (u, v) written out from the pose and intrinsics (camera z of the direction = 1).</summary>
    static Ray PixelRay(Mat4 pose, CameraIntrinsics k, double u, double v)
    {
        var x = (u - k.Cx) / k.Fx; var y = (v - k.Cy) / k.Fy;
        var dir = new Vec3(pose[0, 0] * x + pose[0, 1] * y + pose[0, 2], pose[1, 0] * x + pose[1, 1] * y + pose[1, 2], pose[2, 0] * x + pose[2, 1] * y + pose[2, 2]);
        return new Ray(pose.TranslationPart, dir);
    }

    [Fact]
    public void Depth_and_instance_pngs_match_ray_casting_and_poses_round_trip()
    {
        using var dir = new TestPaths.TempDir();
        var images = SyntheticFixture.Render(dir.Path, seed: 11, count: 2);
        var checkedPixels = 0;
        var sampled = 0;
        for (var si = 0; si < 2; si++)
        {
            var synthetic = SyntheticWorld.Generate(11, si, SyntheticFixture.Tiny);
            var parts = ShapeParts.ForScene(synthetic);
            var sceneDir = Path.Combine(images, synthetic.Scene.Id);
            var scene = SceneJson.Read(Path.Combine(sceneDir, "scene.json")).Scene;
            Assert.Empty(SceneJson.Read(Path.Combine(sceneDir, "scene.json")).Warnings);
            Assert.Equal(SceneJson.Serialize(synthetic.Scene), SceneJson.Serialize(scene));
            var k = CameraIntrinsics.FromMatrix(MatrixFile.Read(Path.Combine(sceneDir, "intrinsic", "intrinsic_color.txt")));
            Assert.Equal(scene.Frames[0].Intrinsics, k);
            foreach (var frame in scene.Frames)
            {
                var pose = MatrixFile.Read(Path.Combine(sceneDir, "pose", frame.Index + ".txt"));
                Assert.Equal(frame.Pose.ToRowMajor(), pose.ToRowMajor()); // bit-exact
                var depth = Png16.Decode(File.ReadAllBytes(Path.Combine(images, frame.DepthPath!)), out var w, out var h);
                var mask = Png16.Decode(File.ReadAllBytes(Path.Combine(images, frame.InstanceMaskPath!)), out _, out _);
                Assert.Equal((160, 120), (w, h));
                for (var v = 3; v < h; v += 9)
                    for (var u = 2; u < w; u += 11)
                    {
                        sampled++;
                        var (t, part) = CastRay(parts, PixelRay(pose, k, u, v));
                        // Skip pixels within 0.05 px of a silhouette edge, where the first hit is ambiguous.
                        var stable = true;
                        foreach (var (du, dv) in new[] { (0.05, 0.0), (-0.05, 0.0), (0.0, 0.05), (0.0, -0.05) })
                            if (CastRay(parts, PixelRay(pose, k, u + du, v + dv)).part is var p2 && (p2 < 0 ? 0 : parts[p2].InstanceId) != (part < 0 ? 0 : parts[part].InstanceId))
                                stable = false;
                        if (!stable) continue;
                        checkedPixels++;
                        var pixel = v * w + u;
                        Assert.True(part >= 0, $"{frame.ImagePath} ({u},{v}): ray hits nothing inside a closed room");
                        Assert.Equal(parts[part].InstanceId, mask[pixel]);
                        Assert.True(Math.Abs(depth[pixel] - t * 1000) <= 1.0, $"{frame.ImagePath} ({u},{v}): depth {depth[pixel]} mm, ray cast {t * 1000:F2} mm");
                    }
            }
            // Video files: idx list, poses and images identical to their image_color originals.
            var idx = File.ReadAllLines(Path.Combine(sceneDir, "video_idx.txt")).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(scene.VideoFrames.Select(f => f.Index), idx);
            for (var order = 0; order < idx.Length; order++)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(sceneDir, "image_color", idx[order] + ".jpg")),
                    File.ReadAllBytes(Path.Combine(sceneDir, "video_color", $"frame{order}_{idx[order]}.jpg")));
                Assert.Equal(File.ReadAllText(Path.Combine(sceneDir, "pose", idx[order] + ".txt")),
                    File.ReadAllText(Path.Combine(sceneDir, "video_pose", $"frame{order}_{idx[order]}.txt")));
                Assert.True(File.Exists(Path.Combine(sceneDir, "video_depth", $"frame{order}_{idx[order]}.png")));
            }
        }
        Assert.True(checkedPixels > sampled * 0.8, $"only {checkedPixels} of {sampled} sampled pixels were away from edges");
    }

    [Fact]
    public void Same_seed_gives_identical_bytes_whatever_the_thread_count()
    {
        using var a = new TestPaths.TempDir();
        using var b = new TestPaths.TempDir();
        var options = SyntheticFixture.Tiny with { Frames = 5, VideoFrames = 2, ExtraViews = 1 };
        var ra = SyntheticFixture.Render(a.Path, 4, 2, threads: 1, options);
        var rb = SyntheticFixture.Render(b.Path, 4, 2, threads: 2, options);
        var fa = Directory.GetFiles(ra, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(ra, f)).Order(StringComparer.Ordinal).ToArray();
        var fb = Directory.GetFiles(rb, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(rb, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fa, fb);
        Assert.True(fa.Length >= 2 * (6 * 4 + 2 * 3 + 4));
        foreach (var f in fa) Assert.True(File.ReadAllBytes(Path.Combine(ra, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(rb, f))), f);
        Assert.DoesNotContain(fa, f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Matrix_files_reject_malformed_text_with_file_and_line()
    {
        var e = Assert.Throws<Spar.Util.SparException>(() => MatrixFile.Parse("1 0 0 0\n0 1 0\n0 0 1 0\n0 0 0 1\n", "pose/3.txt"));
        Assert.Equal("pose/3.txt:2: expected 4 numbers, found 3", e.Message);
        Assert.Contains("pose/3.txt:1: 'x' is not a number", Assert.Throws<Spar.Util.SparException>(() => MatrixFile.Parse("x 0 0 0", "pose/3.txt")).Message);
        Assert.Contains("expected 4 lines", Assert.Throws<Spar.Util.SparException>(() => MatrixFile.Parse("1 0 0 0\n", "p.txt")).Message);
        var scanNetInvalid = MatrixFile.Parse("-inf -inf -inf -inf\n-inf -inf -inf -inf\n-inf -inf -inf -inf\n-inf -inf -inf -inf\n", "pose/9.txt");
        Assert.False(scanNetInvalid.IsFinite);
    }
}
