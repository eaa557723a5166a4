using Spar.Scenes;
using Spar.Determinism;

namespace Spar.Analysis;

/// <summary>
/// The per-scene cache of frame analyses: each frame is analysed at most once per run, on first use, and shared by
/// every task (single-view, multi-view and video). One scene is processed by one thread, so no locking.
/// Questions draw their frames from a fixed pool of the scene's usable frames (<see cref="Pool"/>), so each decoded
/// mask serves many records: the pool is the first <c>poolSize</c> usable frames in stable-hash order (a deterministic
/// spread over the whole walk), or every usable frame when <c>poolSize</c> is 0.
/// </summary>
public sealed class SceneAnalysis
{
    readonly FrameAnalysis?[] _frames;
    readonly Scene scene;
    readonly string imagesRoot;
    readonly FrameAnalyzer analyzer;

    public SceneAnalysis(Scene scene, string imagesRoot, FrameAnalyzer analyzer, int poolSize = 0)
    {
        this.scene = scene;
        this.imagesRoot = imagesRoot;
        this.analyzer = analyzer;
        _frames = new FrameAnalysis?[scene.Frames.Count];
        var usable = Enumerable.Range(0, scene.Frames.Count).Where(i => scene.Frames[i].Usable).ToList();
        Pool = poolSize <= 0 || usable.Count <= poolSize
            ? usable
            : usable.OrderBy(i => StableHash.Of(scene.Id, "frame", scene.Frames[i].Index.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Take(poolSize).Order().ToList();
    }

    /// <summary>Positions (in <c>Scene.Frames</c>) of the frames single-view questions are asked on.</summary>
    public IReadOnlyList<int> Pool { get; }

    /// <summary>Positions of the usable video-subset frames in video order (video_idx.txt), for the video tasks.</summary>
    public IReadOnlyList<int> VideoPositions => _video ??= Enumerable.Range(0, scene.Frames.Count)
        .Where(i => scene.Frames[i].Video != null && scene.Frames[i].Usable)
        .OrderBy(i => scene.Frames[i].Video!.Order).ToList();

    IReadOnlyList<int>? _video;

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
