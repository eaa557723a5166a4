using Spar.Analysis;
using Spar.Dataset;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>Video-task settings (docs/generation-video.md), each with its default.</summary>
public sealed record VideoSettings
{
    /// <summary>
    /// Fewest usable video frames a video question is asked on. The reference loader treats a record with more than 10
    /// images as a video (labelled <c>Frame-1: &lt;image&gt;</c> …); with 10 or fewer it would show plain images and the
    /// question's <c>Frame-N</c> references would have nothing to point to. <c>nav</c> is always loaded as a video.
    /// </summary>
    public int MinFrames { get; init; } = 11;

    /// <summary>nav: camera positions deviating less than this from a straight stretch are merged into it.</summary>
    public double RouteToleranceMeters { get; init; } = 0.3;

    /// <summary>nav: a stretch shorter than this is merged into its neighbours.</summary>
    public double MinMoveMeters { get; init; } = 0.3;

    /// <summary>nav: turns are rounded to multiples of this; a turn rounding to 0 is dropped.</summary>
    public int TurnStepDegrees { get; init; } = 15;

    public static readonly VideoSettings Default = new();
}

/// <summary>
/// The video subset a video question is asked on: the scene's usable video frames in video_idx.txt order, each with
/// its (cached) analysis. Questions call frame k (0-based in the record's <c>image</c> list) <c>Frame-(k+1)</c>, the
/// label the reference loader puts before that image.
/// </summary>
public sealed class VideoSubset
{
    VideoSubset(IReadOnlyList<FrameAnalysis> frames)
    {
        Frames = frames;
        var sightings = new List<(int, VisibleObject)>();
        for (int i = 0; i < frames.Count; i++)
            foreach (var v in frames[i].Referable) sightings.Add((i, v));
        _sightings = sightings;
        _byObject = sightings.GroupBy(s => s.Item2.InstanceId).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
    }

    readonly List<(int Frame, VisibleObject View)> _sightings;
    readonly List<List<(int Frame, VisibleObject View)>> _byObject;

    // One subset per scene analysis, built on first use and shared by the scene's video streams (the analysis is
    // owned by one thread; the table itself is thread-safe).
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SceneAnalysis, VideoSubset> Cache = new();

    public IReadOnlyList<FrameAnalysis> Frames { get; }
    public int Count => Frames.Count;

    /// <summary>
    /// True when every frame could be analysed (mask, or depth + surface points). Questions about the whole video
    /// (counts, orders, frame lists) need it: an object seen only in an unanalysed frame would be missed.
    /// </summary>
    public bool FullyAnalysed => Frames.All(f => f.UnusableReason == null);

    /// <summary>The subset, or null when the scene has fewer than <paramref name="minFrames"/> usable video frames.</summary>
    public static VideoSubset? Of(StreamContext ctx, int minFrames)
    {
        if (ctx.Analysis.VideoPositions.Count < Math.Max(1, minFrames)) return null;
        return Cache.GetValue(ctx.Analysis, a => new VideoSubset(a.VideoPositions.Select(a.Frame).ToList()));
    }

    /// <summary><c>Frame-N</c>, 1-based like the loader's labels.</summary>
    public static string Label(int index) => $"Frame-{index + 1}";

    /// <summary>A record listing every frame of the subset (the video_color paths), in order.</summary>
    public QaRecord NewRecord(StreamContext ctx) => ctx.NewVideoRecord(Frames.Select(f => f.Frame).ToList());

    /// <summary>Indices of the frames in which the instance passes the visibility rules and is referable.</summary>
    public List<int> FramesShowing(int instanceId)
    {
        var result = new List<int>();
        for (int i = 0; i < Frames.Count; i++)
            if (Find(i, instanceId) != null) result.Add(i);
        return result;
    }

    /// <summary>The referable view of the instance in frame <paramref name="index"/>, or null.</summary>
    public VisibleObject? Find(int index, int instanceId)
    {
        foreach (var v in Frames[index].Referable) if (v.InstanceId == instanceId) return v;
        return null;
    }

    /// <summary>True when the instance shows any pixel in the frame (visible or not).</summary>
    public bool Present(int index, int instanceId) => Frames[index].PresentInstanceIds.Contains(instanceId);

    /// <summary>(frame index, view) pairs of every referable sighting in the video, frame-major then instance id.</summary>
    public IReadOnlyList<(int Frame, VisibleObject View)> Sightings() => _sightings;

    /// <summary>
    /// Distinct objects with a random sighting each: <paramref name="k"/> different instances, each on a random frame
    /// where it is referable. Null when the video shows fewer than k referable objects.
    /// </summary>
    public List<(int Frame, VisibleObject View)>? PickObjects(Rng rng, int k)
    {
        if (_byObject.Count < k) return null;
        return rng.Sample(_byObject, k).Select(g => rng.Pick(g)).ToList();
    }
}

/// <summary>Names of labelled objects in video questions (<c>the sofa (object0) in Frame-3</c>).</summary>
public static class VideoWording
{
    public static string Labelled(string category, string label, int frame) => $"the {category} ({label}) in {VideoSubset.Label(frame)}";



    public static readonly string[] FillLabel =
    [
        "Answer with the object's label only, e.g. object0.",
        "Reply with just the label of the object.",
        "Give only the label (object0, object1, …).",
        "Respond with the object label and nothing else.",
    ];
}
