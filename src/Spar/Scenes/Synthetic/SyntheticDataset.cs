using Spar.Geometry;
using Spar.Scenes.Rendering;

namespace Spar.Scenes.Synthetic;

/// <summary>Progress of a synthetic run: scenes and frames finished so far.</summary>
public readonly record struct SynthProgress(int ScenesDone, int ScenesTotal, long FramesDone, long FramesTotal);

/// <summary>What a synthetic run produced.</summary>
public sealed record SynthSummary(string ImagesRoot, IReadOnlyList<string> SceneIds, long Frames, long Objects);

/// <summary>
/// Generates and renders synthetic scenes 0..count−1 of a seed into <c>&lt;out&gt;/synthetic/images/</c>. Scenes are
/// rendered one after another with their frames in parallel; output bytes are independent of the thread count.
/// </summary>
public static class SyntheticDataset
{
    public static SynthSummary Write(string outRoot, long seed, int count, SynthOptions options, int threads,
        IProgress<SynthProgress>? progress = null, CancellationToken cancel = default)
    {
        if (count < 1) throw new Util.SparException($"--count must be ≥ 1, got {count}");
        if (seed < 0) throw new Util.SparException($"--seed must be ≥ 0, got {seed}");
        options.Validate();
        var imagesRoot = Path.Combine(outRoot, SyntheticWorld.SourceName, "images");
        var framesPerScene = (long)options.Frames + options.ExtraViews;
        long framesDone = 0, objects = 0;
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var synthetic = SyntheticWorld.Generate(seed, i, options);
            var rasterizer = CreateRasterizer(synthetic);
            var scenesDone = i;
            RgbdLayoutWriter.Write(synthetic.Scene, rasterizer, imagesRoot, threads, () =>
            {
                var done = Interlocked.Increment(ref framesDone);
                progress?.Report(new SynthProgress(scenesDone, count, done, framesPerScene * count));
            }, cancel);
            ids.Add(synthetic.Scene.Id);
            objects += synthetic.Scene.Objects.Count;
            progress?.Report(new SynthProgress(i + 1, count, Interlocked.Read(ref framesDone), framesPerScene * count));
        }
        return new SynthSummary(imagesRoot, ids, framesDone, objects);
    }

    /// <summary>The renderer for a synthetic scene: its composite shapes and lights.</summary>
    public static SceneRasterizer CreateRasterizer(SyntheticScene scene) => new(ShapeParts.ForScene(scene), LightingFor(scene));

    /// <summary>Ambient light, ceiling lights and lamps (at most <see cref="Lighting.MaxLights"/>); a default ceiling light when none.</summary>
    public static Lighting LightingFor(SyntheticScene scene)
    {
        var lights = new List<PointLight>();
        foreach (var o in scene.Objects)
        {
            var box = o.Object.Box;
            if (o.Spec.Shape == ShapeKind.CeilingLight) lights.Add(new PointLight(box.Center - new Vec3(0, 0, 0.25), 1.3));
            else if (o.Spec.Shape is ShapeKind.Lamp or ShapeKind.FloorLamp) lights.Add(new PointLight(box.Center with { Z = box.MaxZ - box.Size.Z * 0.2 }, 0.35));
        }
        if (!lights.Any(l => l.Strength > 1) && scene.Scene.Room is { } room)
        {
            var poly = room.FloorPolygon;
            lights.Insert(0, new PointLight(new Vec3(poly.Average(p => p.X), poly.Average(p => p.Y), room.CeilingZ - 0.3), 1.2));
        }
        return new Lighting(0.55, lights.Take(Lighting.MaxLights).ToArray());
    }
}
