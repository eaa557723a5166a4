using BenchmarkDotNet.Attributes;
using Spar.Analysis;
using Spar.Catalog;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Synthetic;
using Spar.Tasks;
using Spar.Determinism;

namespace Spar.Benchmarks.Generation;

/// <summary>
/// View-set selection scaling (issue 5): building the per-scene index and drawing one 3-frame view set, on in-memory
/// scenes of 100 to 3,000 posed frames (a camera walk through a 10 m × 8 m room with 60 objects; no images needed,
/// the index reads poses and boxes only). Both must grow at most linearly in frames, never with frame pairs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 6)]
public class ViewSetScaling
{
    [Params(100, 300, 1000, 3000)]
    public int Frames { get; set; }

    Scene _scene = null!;
    int[] _all = [];
    ViewSetIndex _index = null!;
    Rng _rng = new(1);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(7);
        var objects = Enumerable.Range(1, 60).Select(i => new SceneObject(i, $"object{i % 20}",
            new OrientedBox(new Vec3(rng.Uniform(-5, 5), rng.Uniform(-4, 4), rng.Uniform(0.2, 1.2)), new Vec3(0.6, 0.5, 0.8), rng.Uniform(0, 3)))).ToList();
        var k = new CameraIntrinsics(500, 500, 319.5, 239.5);
        var frames = new List<SceneFrame>();
        for (int i = 0; i < Frames; i++)
        {
            // A slow loop around the room, looking inward, with a little jitter: neighbouring frames are close.
            double t = 2 * Math.PI * i / Frames * 3;
            var eye = new Vec3(3.5 * Math.Cos(t), 2.8 * Math.Sin(t), 1.5);
            var target = new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1), 0.7);
            frames.Add(new SceneFrame(i, $"s/image_color/{i}.jpg", 640, 480, k, Poses.LookAt(eye, target)));
        }
        _scene = new Scene("scaling", "synthetic", null, objects, frames);
        _all = Enumerable.Range(0, Frames).ToArray();
        _index = new ViewSetIndex(_scene, _all);
    }

    /// <summary>Index build: one projection per frame × object.</summary>
    [Benchmark]
    public int BuildIndex() => new ViewSetIndex(_scene, _all).UsableFrames;

    /// <summary>One 3-frame view set (reference frame, shared object, partners from its bucket).</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public int DrawViewSet()
    {
        int made = 0;
        for (int i = 0; i < 100; i++)
            if (_index.Draw(_rng.Next, 3, ViewSetSettings.Default) != null) made++;
        return made;
    }
}

/// <summary>One proposal per multi-view type × format on a rendered 640×480 scene with every frame analysed.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class MultiViewKernels
{
    SceneAnalysis _analysis = null!;
    int _stream;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spar-bench-genkernels");
        var options = new SynthOptions(Frames: 16, VideoFrames: 4, ExtraViews: 0);
        var root = Path.Combine(dir, "synthetic", "images");
        var id = SyntheticWorld.SceneId(2, 0);
        if (!File.Exists(Path.Combine(root, id, SceneJson.FileName))) SyntheticDataset.Write(dir, 2, 1, options, Environment.ProcessorCount);
        var scene = SceneJson.Read(Path.Combine(root, id, SceneJson.FileName)).Scene;
        _analysis = new SceneAnalysis(scene, root, new FrameAnalyzer(AnalysisSettings.Default));
        foreach (var i in _analysis.Pool) _analysis.Frame(i);
    }

    /// <summary>14 types, 36 type × format streams: view set, objects, answer, options, markers, index fields.</summary>
    [Benchmark(OperationsPerInvoke = 36)]
    public int ProposeOnePerStream()
    {
        int made = 0;
        foreach (var g in TaskRegistry.InCatalogOrder().Where(g => g.Info.View == ViewKind.Multi))
            foreach (var format in g.Formats)
            {
                var ctx = new StreamContext(_analysis, g.Type, format, new Rng((ulong)_stream++), TaskSettings.Default);
                if (g.Propose(ctx).Record != null) made++;
            }
        return made;
    }
}
