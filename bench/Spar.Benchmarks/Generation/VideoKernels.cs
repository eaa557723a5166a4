using BenchmarkDotNet.Attributes;
using Spar.Analysis;
using Spar.Catalog;
using Spar.Scenes;
using Spar.Scenes.Synthetic;
using Spar.Tasks;
using Spar.Determinism;

namespace Spar.Benchmarks.Generation;

/// <summary>
/// The video family's per-record kernels on one rendered 640×480 synthetic scene with a 16-frame video subset (frames
/// already analysed): one proposal per video type × format (19 streams), and the nav route planner on a 32-pose walk.
/// End-to-end throughput is measured by bench/scripts/generator-video-e2e.sh.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class VideoKernels
{
    SceneAnalysis _analysis = null!;
    NavRoute.Sample[] _walk = [];
    int _stream;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spar-bench-videokernels");
        var root = Path.Combine(dir, "synthetic", "images");
        var id = SyntheticWorld.SceneId(4, 0);
        if (!File.Exists(Path.Combine(root, id, SceneJson.FileName)))
            SyntheticDataset.Write(dir, 4, 1, new SynthOptions(Frames: 32, VideoFrames: 16, ExtraViews: 0), Environment.ProcessorCount);
        var scene = SceneJson.Read(Path.Combine(root, id, SceneJson.FileName)).Scene;
        _analysis = new SceneAnalysis(scene, root, new FrameAnalyzer(AnalysisSettings.Default));
        foreach (var i in _analysis.VideoPositions) _analysis.Frame(i);
        _walk = scene.Frames.Take(32).Select(f => new NavRoute.Sample(f.Pose.TranslationPart.XY, NavRoute.Yaw(f.Pose) ?? 0)).ToArray();
    }

    /// <summary>One proposal per video type × format on cached analyses (objects, relations, templating, markers).</summary>
    [Benchmark(OperationsPerInvoke = 19)]
    public int ProposeOnePerVideoStream()
    {
        int made = 0;
        foreach (var g in TaskRegistry.InCatalogOrder().Where(g => g.Info.View == ViewKind.Video)) // 19 streams
            foreach (var format in g.Formats)
            {
                var ctx = new StreamContext(_analysis, g.Type, format, new Rng((ulong)_stream++), TaskSettings.Default);
                if (g.Propose(ctx).Record != null) made++;
            }
        return made;
    }

    /// <summary>Route planning (simplify, merge, turns) for a 32-pose camera walk.</summary>
    [Benchmark]
    public int PlanRoute() => NavRoute.Plan(_walk, 0.3, 0.3, 15).Count;
}
