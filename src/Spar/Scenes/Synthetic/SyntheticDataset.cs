using Spar.Geometry;
using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Synthetic;

/// <summary>What a synthetic run produced; <paramref name="ScenesResumed"/> were already complete and not rendered again.</summary>
public sealed record SynthSummary(string ImagesRoot, IReadOnlyList<string> SceneIds, long Frames, long Objects, int ScenesResumed = 0,
    long FramesRendered = 0);

/// <summary>
/// Generates and renders synthetic scenes 0..count−1 of a seed into <c>&lt;out&gt;/synthetic/images/</c>. Scenes are
/// rendered one after another with their frames in parallel; output bytes are independent of the thread count.
/// A scene whose scene.json (written last) already holds exactly this scene is complete and skipped, so a killed run
/// resumes; any other content of the scene's folders (an earlier run with other options) is removed before rendering.
/// </summary>
public static class SyntheticDataset
{
    public static SynthSummary Write(string outRoot, long seed, int count, SynthOptions options, int threads,
        IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        if (count < 1) throw new Util.SparException($"--count must be ≥ 1, got {count}");
        if (seed < 0) throw new Util.SparException($"--seed must be ≥ 0, got {seed}");
        options.Validate();
        var imagesRoot = Dataset.SparTree.ImagesDirIn(outRoot, SyntheticWorld.SourceName);
        var framesPerScene = (long)options.Frames + options.ExtraViews;
        long objects = 0;
        var tracker = new ProgressTracker("render", "frame", framesPerScene * count, progress);
        var ids = new List<string>(count);
        int resumed = 0;
        long rendered = 0;
        for (var i = 0; i < count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var synthetic = SyntheticWorld.Generate(seed, i, options);
            ids.Add(synthetic.Scene.Id);
            objects += synthetic.Scene.Objects.Count;
            var sceneDir = Path.Combine(imagesRoot, synthetic.Scene.Id);
            var sceneJson = Path.Combine(sceneDir, SceneJson.FileName);
            if (File.Exists(sceneJson) && File.ReadAllBytes(sceneJson).AsSpan().SequenceEqual(SceneJson.Serialize(synthetic.Scene)))
            {
                resumed++;
                tracker.Advance(synthetic.Scene.Frames.Count);
                continue;
            }
            RgbdLayoutWriter.Clear(sceneDir);
            rendered += synthetic.Scene.Frames.Count;
            RgbdLayoutWriter.Write(synthetic.Scene, CreateRasterizer(synthetic), imagesRoot, threads, () => tracker.Advance(1), cancel);
        }
        tracker.Done();
        return new SynthSummary(imagesRoot, ids, framesPerScene * count, objects, resumed, rendered);
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
            if (o.Spec.Shape == ShapeKind.CeilingLight) lights.Add(new PointLight(box.Center - new Vec3(0, 0, 0.25), 1.0));
            else if (o.Spec.Shape is ShapeKind.Lamp or ShapeKind.FloorLamp) lights.Add(new PointLight(box.Center with { Z = box.MaxZ - box.Size.Z * 0.2 }, 0.35));
        }
        if (!scene.Objects.Any(o => o.Spec.Shape == ShapeKind.CeilingLight) && scene.Scene.Room is { } room)
        {
            var poly = room.FloorPolygon;
            lights.Insert(0, new PointLight(new Vec3(poly.Average(p => p.X), poly.Average(p => p.Y), room.CeilingZ - 0.3), 1.0));
        }
        return new Lighting(0.45, lights.Take(Lighting.MaxLights).ToArray());
    }
}
