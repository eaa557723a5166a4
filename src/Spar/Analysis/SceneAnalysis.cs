using Spar.Scenes;

namespace Spar.Analysis;

/// <summary>
/// The per-scene cache of frame analyses: each frame is analysed at most once per run, on first use, and shared by
/// every task (single-view, multi-view and video). One scene is processed by one thread, so no locking.
/// </summary>
public sealed class SceneAnalysis(Scene scene, string imagesRoot, FrameAnalyzer analyzer)
{
    readonly FrameAnalysis?[] _frames = new FrameAnalysis?[scene.Frames.Count];

    public Scene Scene => scene;
    public string ImagesRoot => imagesRoot;

    /// <summary>How many frames this scene has analysed (each at most once).</summary>
    public int Computed { get; private set; }

    /// <summary>The analysis of <c>Scene.Frames[position]</c> (position in the list, not the frame's Index).</summary>
    public FrameAnalysis Frame(int position)
    {
        var cached = _frames[position];
        if (cached != null) return cached;
        Computed++;
        return _frames[position] = analyzer.Analyze(scene, scene.Frames[position], imagesRoot);
    }

    public int FrameCount => scene.Frames.Count;
}
