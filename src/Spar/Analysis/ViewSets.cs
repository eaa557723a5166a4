using System.Runtime.CompilerServices;
using Spar.Geometry;
using Spar.Scenes;

namespace Spar.Analysis;

/// <summary>View-set thresholds (generation.md §5: frames differ by ≥ 0.3 m or ≥ 15° of viewpoint).</summary>
public sealed record ViewSetSettings
{
    public double MinBaselineMeters { get; init; } = 0.3;
    public double MinAngleDegrees { get; init; } = 15;
    /// <summary>Random partner frames tried per image slot before the proposal gives up.</summary>
    public int Draws { get; init; } = 8;
    public static readonly ViewSetSettings Default = new();
}

/// <summary>
/// A per-scene index for multi-view selection, built in one pass over frames × objects (no frame pairs): for every
/// usable frame the objects whose box centre projects inside the image in front of the camera ("candidates": cheap,
/// no mask decoding), and for every object the frames that see it. A view set is then drawn in O(draws): a reference
/// frame, one object it sees, partner frames from that object's bucket that differ enough in viewpoint. Whether the
/// object really is referable in every frame is checked afterwards on the (cached) frame analyses.
/// </summary>
public sealed class ViewSetIndex
{
    static readonly ConditionalWeakTable<SceneAnalysis, ViewSetIndex> Cache = new();

    readonly int[] _usable;                       // frame positions with a usable camera and ≥ 1 candidate
    readonly int[][] _candidates;                 // per frame position: candidate instance ids (ascending)
    readonly Dictionary<int, int[]> _framesByObject;
    readonly Vec3[] _centre, _forward;

    /// <param name="positions">The frames (positions in <c>Scene.Frames</c>) view sets may use.</param>
    public ViewSetIndex(Scene scene, IReadOnlyList<int> positions)
    {
        int n = scene.Frames.Count;
        _candidates = new int[n][];
        _centre = new Vec3[n];
        _forward = new Vec3[n];
        var buckets = new SortedDictionary<int, List<int>>();
        var usable = new List<int>();
        for (int i = 0; i < n; i++) _candidates[i] = [];
        foreach (int i in positions)
        {
            var cam = scene.Frames[i].Camera;
            if (cam == null) continue;
            _centre[i] = cam.Centre;
            _forward[i] = cam.CameraToWorld.Column3(2).Normalized();
            var seen = new List<int>();
            foreach (var o in scene.Objects)
            {
                if (o.Structural || !o.Referable || Scenes.Labels.CatchAllCategories.IsCatchAll(o.Category)) continue;
                if (cam.TryProject(o.Box.Center, out var px, out var z) && z > 0.1 && cam.IsInsideImage(px)) seen.Add(o.InstanceId);
            }
            seen.Sort();
            _candidates[i] = [.. seen];
            if (seen.Count == 0) continue;
            usable.Add(i);
            foreach (var id in seen)
            {
                if (!buckets.TryGetValue(id, out var list)) buckets[id] = list = [];
                list.Add(i);
            }
        }
        _usable = [.. usable];
        _framesByObject = buckets.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>
    /// The scene's index over its frame pool (the frames whose masks the run decodes, see <see cref="SceneAnalysis.Pool"/>),
    /// built once per <see cref="SceneAnalysis"/> and shared by every multi-view stream.
    /// </summary>
    public static ViewSetIndex For(SceneAnalysis analysis) => Cache.GetValue(analysis, a => new ViewSetIndex(a.Scene, a.Pool));

    public int UsableFrames => _usable.Length;

    /// <summary>True when two frames differ by at least the baseline or the angle threshold.</summary>
    public bool DifferEnough(int a, int b, ViewSetSettings s)
    {
        if (_centre[a].DistanceTo(_centre[b]) >= s.MinBaselineMeters) return true;
        double cos = Math.Clamp(_forward[a].Dot(_forward[b]), -1, 1);
        return Math.Acos(cos) * 180 / Math.PI >= s.MinAngleDegrees;
    }

    /// <summary>
    /// Frame positions of a view set of <paramref name="count"/> frames drawn with <paramref name="next"/> (uniform
    /// integer in [0, n)), the first being the reference view; every frame sees the shared object and differs from all
    /// earlier ones. Null when the draws fail.
    /// </summary>
    public (int[] Frames, int SharedObject)? Draw(Func<int, int> next, int count, ViewSetSettings s)
    {
        if (_usable.Length == 0) return null;
        int first = _usable[next(_usable.Length)];
        var seen = _candidates[first];
        int shared = seen[next(seen.Length)];
        var bucket = _framesByObject[shared];
        var frames = new List<int>(count) { first };
        for (int d = 0; d < s.Draws * count && frames.Count < count; d++)
        {
            int f = bucket[next(bucket.Length)];
            if (frames.All(g => g != f && DifferEnough(g, f, s))) frames.Add(f);
        }
        return frames.Count == count ? ([.. frames], shared) : null;
    }
}
