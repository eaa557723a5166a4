using Spar.Geometry;
using Spar.Scenes;

namespace Spar.Analysis;

/// <summary>
/// What one frame shows (generation.md §3), computed once per frame per run and shared by every task: the visible
/// objects in instance-id order and the categories present in the image (for "unique category" naming).
/// </summary>
public sealed class FrameAnalysis
{
    readonly Dictionary<string, int> _presentCategoryCounts;

    internal FrameAnalysis(SceneFrame frame, PinholeCamera? camera, IReadOnlyList<VisibleObject> visible,
        Dictionary<string, int> presentCategoryCounts, string? unusableReason, IReadOnlyList<int>? presentIds = null)
    {
        PresentInstanceIds = presentIds ?? [];
        Frame = frame;
        Camera = camera;
        Visible = visible;
        Referable = visible.Where(v => v.Referable).ToList();
        _presentCategoryCounts = presentCategoryCounts;
        UnusableReason = unusableReason;
    }

    public SceneFrame Frame { get; }
    public PinholeCamera? Camera { get; }

    /// <summary>Objects passing the visibility rules, ordered by instance id.</summary>
    public IReadOnlyList<VisibleObject> Visible { get; }

    /// <summary>Visible objects that questions may name (not structural, not marked unreferable).</summary>
    public IReadOnlyList<VisibleObject> Referable { get; }

    /// <summary>Why nothing could be analysed (unusable pose, no mask and no depth…), or null.</summary>
    public string? UnusableReason { get; }

    public int Width => Frame.Width;
    public int Height => Frame.Height;

    /// <summary>
    /// True when exactly one instance of the category shows any pixel in this frame: stricter than "unique among the
    /// visible objects", so a half-hidden second chair still makes "the chair" ambiguous.
    /// </summary>
    public bool IsCategoryUnique(string category) =>
        _presentCategoryCounts.TryGetValue(category, out var n) && n == 1;

    /// <summary>Instance ids showing any pixel in this frame (visible or not), ascending: video tasks use it to tell
    /// "never seen" from "seen but not clearly".</summary>
    public IReadOnlyList<int> PresentInstanceIds { get; }

    /// <summary>Instances of the category showing any pixel in this frame.</summary>
    public int PresentCount(string category) => _presentCategoryCounts.GetValueOrDefault(category);
}
