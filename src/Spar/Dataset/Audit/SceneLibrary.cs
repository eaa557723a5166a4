using System.Collections.Concurrent;
using Spar.Analysis;
using Spar.Generation;
using Spar.Scenes;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Dataset.Audit;

/// <summary>
/// The scenes given with <c>--scenes</c>, by id (the first folder of a record's image path), with caches shared by every
/// stream worker: loaded scenes and frame summaries (run-length masks with per-instance pixel counts and measured
/// visibility). Both caches are bounded (emptied when full), so memory does not grow with the tree; what is computed
/// never depends on what happens to be cached.
/// </summary>
public sealed class SceneLibrary(IReadOnlyList<string> roots, int maxScenes = 256, int maxFrames = 4096)
{
    readonly Dictionary<string, SceneInput> _inputs = SceneInputs.Discover(roots).ToDictionary(s => s.SceneId, StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<LoadedScene?>> _scenes = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<FrameMask?>> _masks = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);

    public int Count => _inputs.Count;

    /// <summary>Scene files and masks that could not be read, each once (sorted).</summary>
    public IReadOnlyList<string> Failures => _failures.Values.Order(StringComparer.Ordinal).ToList();

    /// <summary>The scene, or null when it is not among --scenes (<paramref name="given"/> false) or failed to load.</summary>
    public LoadedScene? Scene(string sceneId, out bool given)
    {
        var input = _inputs.GetValueOrDefault(sceneId);
        given = input != null;
        if (input == null) return null;
        return Get(_scenes, maxScenes, sceneId, () => new LoadedScene(SceneJson.Read(input.SceneJsonPath).Scene, input.ImagesRoot));
    }

    /// <summary>The frame's instance mask, or null when it has none or it failed to load.</summary>
    public FrameMask? Mask(LoadedScene scene, SceneFrame frame)
    {
        if (frame.InstanceMaskPath == null) return null;
        var path = Path.Combine(scene.ImagesRoot, frame.InstanceMaskPath);
        return Get(_masks, maxFrames, path, () =>
        {
            var map = Png16.ReadPooled(path, AnalysisSettings.Default.MaxPixels);
            try
            {
                if (map.Width != frame.Width || map.Height != frame.Height)
                    throw new SparException($"{path}: mask is {map.Width}×{map.Height} but the frame is {frame.Width}×{frame.Height}");
                return new FrameMask(map.Width, map.Height, map.Values);
            }
            finally { Png16.Return(map); }
        });
    }

    T? Get<T>(ConcurrentDictionary<string, Lazy<T?>> cache, int capacity, string key, Func<T> load) where T : class
    {
        if (cache.Count >= capacity && !cache.ContainsKey(key)) cache.Clear();
        var lazy = cache.GetOrAdd(key, k => new Lazy<T?>(() =>
        {
            try { return load(); }
            catch (SparException e)
            {
                _failures.TryAdd(k, e.Message);
                return null;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }
}

/// <summary>A loaded scene with its frames by image path (both <c>image</c> and <c>video.image</c>).</summary>
public sealed class LoadedScene(Scene scene, string imagesRoot)
{
    public Scene Scene { get; } = scene;
    public string ImagesRoot { get; } = imagesRoot;
    readonly Dictionary<int, SceneObject> _objects = scene.Objects.ToDictionary(o => o.InstanceId);
    readonly Dictionary<string, SceneFrame> _frames = Index(scene);

    static Dictionary<string, SceneFrame> Index(Scene scene)
    {
        var d = new Dictionary<string, SceneFrame>(StringComparer.Ordinal);
        foreach (var f in scene.Frames)
        {
            d.TryAdd(f.ImagePath, f);
            if (f.Video != null) d.TryAdd(f.Video.ImagePath, f);
        }
        return d;
    }

    public SceneFrame? Frame(string imagePath) => _frames.GetValueOrDefault(imagePath);
    public SceneObject? Object(int id) => _objects.GetValueOrDefault(id);
}

