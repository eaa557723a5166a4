using BenchmarkDotNet.Attributes;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;
using Spar.Imaging;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// One 640×480 frame of a synthetic room with at least 40 objects: rasterise + shade, each encoder, and the whole
/// per-frame cost (render + JPEG + depth PNG + instance PNG), single-threaded.
/// </summary>
[MemoryDiagnoser]
public class ScenesBenchmarks
{
    SceneRasterizer rasterizer = null!;
    PinholeCamera[] cameras = null!;
    FrameBuffers buffers = null!;
    int next;

    [GlobalSetup]
    public void Setup()
    {
        var options = new SynthOptions(Frames: 32, VideoFrames: 4, ExtraViews: 0);
        // The first scene of seed 1 with ≥ 40 objects (furniture, doors, windows; not walls/floor/ceiling).
        var scene = Enumerable.Range(0, 200).Select(i => SyntheticWorld.Generate(1, i, options))
            .First(s => s.Scene.Objects.Count(o => !o.Structural) >= 40);
        rasterizer = SyntheticDataset.CreateRasterizer(scene);
        cameras = scene.Scene.Frames.Select(f => f.Camera!).ToArray();
        buffers = new FrameBuffers(options.Width, options.Height);
        rasterizer.Render(cameras[0], buffers);
        Console.WriteLine($"// scene {scene.Scene.Id}: {scene.Scene.Objects.Count(o => !o.Structural)} objects, {rasterizer.FaceCount} faces");
    }

    PinholeCamera NextCamera() => cameras[next++ % cameras.Length];

    [Benchmark]
    public void Render() => rasterizer.Render(NextCamera(), buffers);

    [Benchmark]
    public byte[] EncodeJpeg() => ImageCodec.EncodeRenderedJpeg(buffers.Rgba, buffers.Width, buffers.Height);

    [Benchmark]
    public byte[] EncodeDepthPng() => Png16.EncodeFrame(buffers.DepthMillimeters, buffers.Width, buffers.Height);

    [Benchmark]
    public byte[] EncodeInstancePng() => Png16.EncodeFrame(buffers.Instance, buffers.Width, buffers.Height);

    [Benchmark]
    public int RenderAndEncodeFrame()
    {
        rasterizer.Render(NextCamera(), buffers);
        return ImageCodec.EncodeRenderedJpeg(buffers.Rgba, buffers.Width, buffers.Height).Length
             + Png16.EncodeFrame(buffers.DepthMillimeters, buffers.Width, buffers.Height).Length
             + Png16.EncodeFrame(buffers.Instance, buffers.Width, buffers.Height).Length;
    }
}
