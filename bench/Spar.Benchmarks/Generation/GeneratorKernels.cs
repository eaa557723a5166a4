using BenchmarkDotNet.Attributes;
using Spar.Analysis;
using Spar.Catalog;
using Spar.Scenes;
using Spar.Scenes.Synthetic;
using Spar.Tasks;
using Spar.Determinism;
using Spar.Imaging;

namespace Spar.Benchmarks.Generation;

/// <summary>
/// The generator's per-frame and per-record kernels on one rendered 640×480 synthetic scene: mask decoding, frame
/// analysis (decode + mask pass + occlusion share) and templating of one record per task (frames already analysed).
/// End-to-end throughput is measured by bench/scripts/generator-e2e.sh.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class GeneratorKernels
{
    Scene _scene = null!;
    string _root = "";
    SceneAnalysis _analysis = null!;
    int _frame;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spar-bench-genkernels");
        var options = new SynthOptions(Frames: 16, VideoFrames: 4, ExtraViews: 0);
        _root = Path.Combine(dir, "synthetic", "images");
        var id = SyntheticWorld.SceneId(2, 0);
        if (!File.Exists(Path.Combine(_root, id, SceneJson.FileName))) SyntheticDataset.Write(dir, 2, 1, options, Environment.ProcessorCount);
        _scene = SceneJson.Read(Path.Combine(_root, id, SceneJson.FileName)).Scene;
        _analysis = new SceneAnalysis(_scene, _root, new FrameAnalyzer(AnalysisSettings.Default));
        foreach (var i in _analysis.Pool) _analysis.Frame(i);
    }

    /// <summary>Decoding one 16-bit instance mask PNG.</summary>
    [Benchmark]
    public int DecodeMask()
    {
        var f = _scene.Frames[_frame++ % _scene.Frames.Count];
        var map = Png16.ReadPooled(Path.Combine(_root, f.InstanceMaskPath!), 1 << 26);
        Png16.Return(map);
        return map.Width;
    }

    /// <summary>One frame's full analysis (decode included).</summary>
    [Benchmark]
    public int AnalyzeFrame()
    {
        var f = _scene.Frames[_frame++ % _scene.Frames.Count];
        return new FrameAnalyzer(AnalysisSettings.Default).Analyze(_scene, f, _root).Visible.Count;
    }

    /// <summary>One proposal per single-view type × format on cached analyses (templating, options, markers).</summary>
    [Benchmark(OperationsPerInvoke = 28)]
    public int ProposeOnePerStream()
    {
        int made = 0;
        foreach (var g in TaskRegistry.InCatalogOrder().Where(g => g.Info.View == ViewKind.Single)) // 28 streams
            foreach (var format in g.Formats)
            {
                var ctx = new StreamContext(_analysis, g.Type, format, new Rng((ulong)_frame++), TaskSettings.Default);
                if (g.Propose(ctx).Record != null) made++;
            }
        return made;
    }
}
