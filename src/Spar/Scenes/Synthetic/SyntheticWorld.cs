using Spar.Geometry;
using Spar.Determinism;

namespace Spar.Scenes.Synthetic;

/// <summary>What to generate per synthetic scene.</summary>
/// <param name="Frames">Frames of the video walk (image_color/0.jpg …).</param>
/// <param name="VideoFrames">How many of them form the video_idx.txt subset (evenly spaced).</param>
/// <param name="ExtraViews">Single views after the walk, each aimed at an object from a random spot.</param>
/// <param name="HorizontalFovDegrees">Camera field of view (ScanNet's colour camera: about 58°).</param>
public sealed record SynthOptions(int Frames = 300, int VideoFrames = 16, int ExtraViews = 10, int Width = 640, int Height = 480,
    double HorizontalFovDegrees = 60)
{
    public void Validate()
    {
        if (Frames < 1) throw new Util.SparException($"--frames must be ≥ 1, got {Frames}");
        if (VideoFrames < 1 || VideoFrames > Frames) throw new Util.SparException($"--video-frames must be in 1..{Frames}, got {VideoFrames}");
        if (ExtraViews < 0) throw new Util.SparException($"--extra-views must be ≥ 0, got {ExtraViews}");
        if (Width < 16 || Height < 16 || Width > 8192 || Height > 8192)
            throw new Util.SparException($"image size must be between 16 and 8192 pixels per side, got {Width}×{Height}");
        if (!(HorizontalFovDegrees > 10 && HorizontalFovDegrees < 150)) throw new Util.SparException($"field of view must be in 10..150 degrees, got {HorizontalFovDegrees}");
    }
}

/// <summary>
/// The synthetic indoor world: scene <c>index</c> of seed <c>seed</c> is a pure function of (seed, index, options).
/// Source name <c>synthetic</c>; scene ids <c>synth_&lt;seed&gt;_&lt;index:D4&gt;</c>.
/// </summary>
public static class SyntheticWorld
{
    public const string SourceName = "synthetic";

    public static string SceneId(long seed, int index) => $"synth_{seed}_{index:D4}";

    public static SyntheticScene Generate(long seed, int index, SynthOptions options)
    {
        options.Validate();
        var rng = Rng.ForWorld(seed, "synthetic-scene", index);
        var layout = RoomBuilder.Create(rng.Fork("room"));
        var theme = rng.Fork("theme").Pick(RoomThemes.All);
        var furnish = new RoomLayout(layout.Polygon, layout.Height, rng.Fork("furniture"));
        furnish.Structure.AddRange(layout.Structure);
        furnish.Items.AddRange(layout.Items);
        FurnitureLayout.Furnish(furnish, theme);

        var id = SceneId(seed, index);
        var objects = new List<SyntheticObject>();
        var nextId = 1;
        foreach (var item in furnish.Structure.Concat(furnish.Items.Where(i => !i.Virtual)))
        {
            var structural = item.Spec.Name is "wall" or "floor" or "ceiling";
            var so = new SceneObject(nextId++, item.Spec.Name, item.Box, Referable: !structural, Structural: structural);
            objects.Add(new SyntheticObject(so, item.Spec, item.Colour, item.StyleSeed, item.Spec.Pattern));
        }

        var targets = furnish.Items.Where(i => !i.Virtual && i.Spec.Placement != Placement.Ceiling).ToList();
        var poses = CameraPath.Walk(furnish, targets, options.Frames, rng.Fork("walk"))
            .Concat(CameraPath.SingleViews(furnish, targets, options.ExtraViews, rng.Fork("views"))).ToArray();
        var k = CameraIntrinsics.FromHorizontalFov(options.Width, options.Height, options.HorizontalFovDegrees * Math.PI / 180);
        var videoOrder = VideoIndices(options.Frames, options.VideoFrames).Select((idx, order) => (idx, order)).ToDictionary(p => p.idx, p => p.order);
        var frames = new SceneFrame[poses.Length];
        for (var i = 0; i < poses.Length; i++)
        {
            VideoMembership? video = videoOrder.TryGetValue(i, out var order)
                ? new VideoMembership(order, RgbdLayout.VideoColor(id, order, i), RgbdLayout.VideoDepth(id, order, i))
                : null;
            frames[i] = new SceneFrame(i, RgbdLayout.Color(id, i), options.Width, options.Height, k, poses[i],
                RgbdLayout.Depth(id, i), RgbdLayout.Instance(id, i), video);
        }
        var room = new RoomGeometry(layout.Polygon, 0, layout.Height);
        var scene = new Scene(id, SourceName, room, objects.Select(o => o.Object).ToArray(), frames);
        return new SyntheticScene(scene, theme.Name, objects);
    }

    /// <summary>Evenly spaced frame indices of the video subset: round(k·(frames−1)/(count−1)), strictly increasing.</summary>
    public static int[] VideoIndices(int frames, int count)
    {
        if (count <= 1) return [0];
        return Enumerable.Range(0, count).Select(k => (int)Math.Round((double)k * (frames - 1) / (count - 1), MidpointRounding.AwayFromZero)).ToArray();
    }
}
