using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Synthetic;
using Spar.Util;

namespace Spar.Tests.Scenes;

public class SyntheticWorldTests
{
    static readonly SynthOptions Options = new(Frames: 300, VideoFrames: 24, ExtraViews: 10, Width: 160, Height: 120);

    [Fact]
    public void Catalogue_has_at_least_40_indoor_categories_with_sane_sizes()
    {
        var names = ObjectCatalogue.Names.ToList();
        Assert.True(names.Count >= 40, $"only {names.Count} categories");
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var c in ObjectCatalogue.All)
        {
            Assert.True(c.Depth.Min > 0 && c.Depth.Min <= c.Depth.Max && c.Width.Min <= c.Width.Max && c.Height.Min <= c.Height.Max, c.Name);
            Assert.True(c.Height.Max < 2.4, $"{c.Name} would not fit the lowest room");
            Assert.Equal(c.Name.ToLowerInvariant(), c.Name);
        }
        Assert.Contains(ObjectCatalogue.All, c => c.MaxPerRoom == 1);
        Assert.Contains(ObjectCatalogue.All, c => c.MaxPerRoom > 1);
    }

    [Fact]
    public void Objects_stay_inside_the_room_and_never_interpenetrate()
    {
        var categories = new HashSet<string>();
        var lShaped = 0;
        var severalInstances = 0;
        for (var i = 0; i < 40; i++)
        {
            var s = SyntheticWorld.Generate(7, i, Options).Scene;
            var room = s.Room!;
            if (room.FloorPolygon.Count == 6) lShaped++;
            Assert.InRange(room.HeightMeters, 2.4, 3.2);
            var xs = room.FloorPolygon.Select(p => p.X).ToArray();
            var ys = room.FloorPolygon.Select(p => p.Y).ToArray();
            Assert.InRange(xs.Max() - xs.Min(), 3 - 1e-9, 8 + 1e-9);
            Assert.InRange(ys.Max() - ys.Min(), 3 - 1e-9, 8 + 1e-9);
            var things = s.Objects.Where(o => !o.Structural).ToList();
            var walls = s.Objects.Where(o => o.Category == "wall").ToList();
            Assert.Equal(room.FloorPolygon.Count, walls.Count);
            foreach (var o in things)
            {
                categories.Add(o.Category);
                Assert.True(o.Box.MinZ >= -1e-9 && o.Box.MaxZ <= room.CeilingZ + 1e-9, $"scene {i}: {o.Category} #{o.InstanceId} leaves floor/ceiling");
                // Sample the footprint densely: every sample must be inside the floor plan.
                for (var a = 0; a <= 4; a++)
                    for (var b = 0; b <= 4; b++)
                    {
                        var p = o.Box.ToWorld(new Vec3((a / 4.0 - 0.5) * o.Box.Size.X, (b / 4.0 - 0.5) * o.Box.Size.Y, 0));
                        Assert.True(SyntheticFixture.InsidePolygon(room.FloorPolygon, p.X, p.Y), $"scene {i}: {o.Category} #{o.InstanceId} sticks out of the room at {p}");
                    }
                foreach (var w in walls) Assert.False(o.Box.Overlaps(w.Box, 1e-6), $"scene {i}: {o.Category} #{o.InstanceId} is inside a wall");
            }
            for (var a = 0; a < things.Count; a++)
                for (var b = a + 1; b < things.Count; b++)
                    Assert.False(things[a].Box.Overlaps(things[b].Box, 1e-6),
                        $"scene {i}: {things[a].Category} #{things[a].InstanceId} interpenetrates {things[b].Category} #{things[b].InstanceId}");
            if (things.GroupBy(o => o.Category).Any(g => g.Count() > 1)) severalInstances++;
            Assert.True(things.Count >= 10, $"scene {i} has only {things.Count} objects");
            Assert.Contains(things, o => o.Category == "door");
        }
        Assert.True(categories.Count >= 40, $"only {categories.Count} categories used: {string.Join(", ", categories.Order())}");
        Assert.True(lShaped >= 5 && lShaped <= 35, $"{lShaped} of 40 rooms are L-shaped");
        Assert.True(severalInstances >= 30);
    }

    [Fact]
    public void Camera_walk_is_smooth_at_eye_height_inside_free_space()
    {
        for (var i = 0; i < 12; i++)
        {
            var s = SyntheticWorld.Generate(3, i, Options).Scene;
            var frames = s.Frames;
            Assert.Equal(Options.Frames + Options.ExtraViews, frames.Count);
            for (var f = 0; f < frames.Count; f++)
            {
                var pose = frames[f].Pose;
                Assert.True(Poses.IsRigid(pose, 1e-9));
                var c = pose.TranslationPart;
                Assert.InRange(c.Z, 1.2, 1.7);
                Assert.True(SyntheticFixture.InsidePolygon(s.Room!.FloorPolygon, c.X, c.Y), $"scene {i} frame {f} camera outside the room");
                foreach (var o in s.Objects.Where(o => !o.Structural))
                    Assert.False(o.Box.Contains(c, 0.1), $"scene {i} frame {f}: camera inside {o.Category}");
                if (f == 0 || f >= Options.Frames) continue;
                var prev = frames[f - 1].Pose;
                Assert.True(prev.TranslationPart.DistanceTo(c) < 0.12, $"scene {i} frame {f}: jump of {prev.TranslationPart.DistanceTo(c):F3} m");
                var turn = Math.Acos(Math.Clamp(prev.Column3(2).Dot(pose.Column3(2)), -1, 1));
                Assert.True(turn < 0.12, $"scene {i} frame {f}: view turned {turn:F3} rad in one frame");
            }
        }
    }

    [Fact]
    public void Video_subset_is_evenly_spaced_and_named_like_spar()
    {
        var s = SyntheticWorld.Generate(1, 0, Options).Scene;
        var video = s.VideoFrames.ToList();
        Assert.Equal(24, video.Count);
        Assert.Equal(0, video[0].Index);
        Assert.Equal(Options.Frames - 1, video[^1].Index);
        for (var k = 0; k < video.Count; k++)
        {
            Assert.Equal(k, video[k].Video!.Order);
            Assert.Equal($"{s.Id}/video_color/frame{k}_{video[k].Index}.jpg", video[k].Video!.ImagePath);
            if (k > 0) Assert.InRange(video[k].Index - video[k - 1].Index, 12, 14);
        }
        Assert.Equal([0, 35, 70, 105], SyntheticWorld.VideoIndices(106, 4));
    }

    [Fact]
    public void Generation_is_a_pure_function_of_seed_and_index()
    {
        var a = SceneJson.Serialize(SyntheticWorld.Generate(5, 2, Options).Scene);
        var b = SceneJson.Serialize(SyntheticWorld.Generate(5, 2, Options).Scene);
        Assert.Equal(a, b);
        Assert.NotEqual(a, SceneJson.Serialize(SyntheticWorld.Generate(6, 2, Options).Scene));
        Assert.NotEqual(a, SceneJson.Serialize(SyntheticWorld.Generate(5, 3, Options).Scene));
    }

    [Fact]
    public void A_rerun_keeps_complete_scenes_rerenders_unfinished_ones_and_clears_stale_frames()
    {
        using var dir = new TestPaths.TempDir();
        var small = new SynthOptions(Frames: 12, VideoFrames: 3, ExtraViews: 0, Width: 48, Height: 36);
        var first = SyntheticDataset.Write(dir.Path, 4, 2, small, 2);
        var root = first.ImagesRoot;
        string SceneDir(int k) => Path.Combine(root, first.SceneIds[k]);
        var before = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => f, File.ReadAllBytes);

        // As if killed before scene 1's scene.json (written last): scene 0 is kept, scene 1 rendered again, same bytes.
        File.Delete(Path.Combine(SceneDir(1), "scene.json"));
        File.Delete(Path.Combine(SceneDir(1), "image_color", "5.jpg"));
        var again = SyntheticDataset.Write(dir.Path, 4, 2, small, 1);
        Assert.Equal(1, again.ScenesResumed);
        var after = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(before.Keys, after);
        foreach (var f in after) Assert.True(before[f].AsSpan().SequenceEqual(File.ReadAllBytes(f)), f);

        // Fewer frames: the scenes change, so their folders are cleared first; no frame of the longer walk is left.
        SyntheticDataset.Write(dir.Path, 4, 2, small with { Frames = 6 }, 2);
        foreach (var k in new[] { 0, 1 })
        {
            var scene = SceneJson.Read(Path.Combine(SceneDir(k), "scene.json")).Scene;
            var listed = scene.Frames.Select(f => Path.GetFileName(f.ImagePath)).Order(StringComparer.Ordinal).ToArray();
            var onDisk = Directory.GetFiles(Path.Combine(SceneDir(k), "image_color")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(listed, onDisk);
        }
    }

    [Fact]
    public void Bad_options_are_refused_with_clear_errors()
    {
        Assert.Contains("--frames", Assert.Throws<SparException>(() => SyntheticWorld.Generate(1, 0, Options with { Frames = 0 })).Message);
        Assert.Contains("--video-frames", Assert.Throws<SparException>(() => SyntheticWorld.Generate(1, 0, Options with { VideoFrames = 301 })).Message);
        Assert.Contains("image size", Assert.Throws<SparException>(() => SyntheticWorld.Generate(1, 0, Options with { Width = 0 })).Message);
        using var dir = new TestPaths.TempDir();
        Assert.Contains("--count", Assert.Throws<SparException>(() => SyntheticDataset.Write(dir.Path, 1, 0, Options, 1)).Message);
        Assert.Contains("--seed", Assert.Throws<SparException>(() => SyntheticDataset.Write(dir.Path, -1, 1, Options, 1)).Message);
    }
}
