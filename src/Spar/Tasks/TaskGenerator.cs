using Spar.Analysis;
using Spar.Catalog;
using Spar.Dataset;

namespace Spar.Tasks;

/// <summary>One attempt's outcome: a record (without its id) or the reason the candidate was dropped.</summary>
public readonly record struct Candidate(QaRecord? Record, string? RejectReason, string? Key)
{
    public static Candidate Reject(string reason) => new(null, reason, null);
    public static Candidate Accept(QaRecord record, string key) => new(record, null, key);
}

/// <summary>
/// A task generator: one <c>type</c> of a family. Each attempt samples a candidate from the stream's random generator
/// and either returns a record or the reason it was dropped; the driver repeats attempts up to the quota.
/// </summary>
public abstract class TaskGenerator
{
    public abstract string Type { get; }

    public TaskInfo Info => TaskCatalog.Get(Type);

    /// <summary>The formats this generator writes (the catalogue's list for its type).</summary>
    public IReadOnlyList<QaFormat> Formats => Info.Formats;

    /// <summary>Every question wording, for paraphrase-coverage checks.</summary>
    public abstract int QuestionParaphrases { get; }

    public abstract Candidate Propose(StreamContext ctx);

    /// <summary>
    /// Whether the stream could still emit a record in its scene, given the keys it has emitted so far. The driver asks
    /// after each record and stops proposing at the first false: every later attempt could only be rejected
    /// (<c>one-per-scene</c>, <c>duplicate</c>, or a check that fails for every key left), so stopping changes no record,
    /// only the rejection counts (issue 25). Must be decided from the scene, its already made analyses and the stream's
    /// emitted state alone, never from <see cref="StreamContext.Rng"/>, whose draws decide the records; when in doubt, true.
    /// </summary>
    public virtual bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys) => !OnePerScene || ctx.Emitted == 0;

    /// <summary>
    /// The stream asks at most one question per scene (the question does not vary within a scene): the driver stops it
    /// after one record, and its select letter cycles over the run's scenes instead of over the stream's records
    /// (<see cref="Generation.SceneLetterRanks"/>), since a per-stream offset would be one random draw per scene.
    /// </summary>
    public virtual bool OnePerScene => false;
}

/// <summary>Generation settings shared by every task (thresholds with the spec's defaults).</summary>
public sealed record TaskSettings
{
    public RelationSettings Relations { get; init; } = RelationSettings.Default;
    public DistractorSettings Distractors { get; init; } = DistractorSettings.Default;
    /// <summary>Two candidate distances closer than this are indistinguishable (distance_infer_*).</summary>
    public double MinDistanceGapMeters { get; init; } = 0.15;
    /// <summary>A distance gap within the margin band of <see cref="MinDistanceGapMeters"/> (generation.md §4): not asked.</summary>
    public bool NearGap(double gap) => Tasks.Relations.NearCut(gap, MinDistanceGapMeters, Relations.MarginMeters);
    /// <summary>A depth offset within the margin band of the relation threshold: not asked.</summary>
    public bool NearOffset(double delta) => Tasks.Relations.NearCut(delta, Relations.MinOffsetMeters, Relations.MarginMeters);
    /// <summary>Perspective taking needs the observer to face a target at least this far away (horizontally).</summary>
    public double MinHeadingDistanceMeters { get; init; } = 0.3;
    /// <summary>camera_motion_infer / view_change_infer need the two cameras at least this far apart (a near-pure
    /// rotation makes "where is the other camera" meaningless).</summary>
    public double MinCameraBaselineMeters { get; init; } = 0.3;
    /// <summary>No fill answer or correct select option may take more than this share of a stream (AnswerPrior); 1 = off.</summary>
    public double MaxAnswerShare { get; init; } = 0.4;
    /// <summary>Include the <c>depth</c> field (SPAR-7M-RGBD style) when every image of a record has a depth map.</summary>
    public bool IncludeDepth { get; init; } = true;
    /// <summary>Video-task settings (minimum video length, nav route simplification).</summary>
    public VideoSettings Video { get; init; } = VideoSettings.Default;
    public static readonly TaskSettings Default = new();
}

/// <summary>Every generator, registered by <c>type</c>. Multi-view and video families add theirs here.</summary>
public static class TaskRegistry
{
    public static readonly IReadOnlyList<TaskGenerator> All =
    [
        .. DepthTasks.Generators,
        .. DistanceTasks.Generators,
        .. DistanceInferTasks.Generators,
        .. ObjectRelationTasks.Generators,
        .. VolumeTasks.Generators,
        .. SpatialImaginationTasks.Generators,
        .. MultiView.DepthMultiViewTasks.Generators,
        .. MultiView.DistanceMultiViewTasks.Generators,
        .. MultiView.RelationMultiViewTasks.Generators,
        .. MultiView.DistanceInferMultiViewTasks.Generators,
        .. MultiView.SpatialImaginationMultiViewTasks.Generators,
        .. MultiView.PositionMatchingTasks.Generators,
        .. MultiView.ViewChangeTasks.Generators,
        .. MultiView.CameraMotionTasks.Generators,
        .. VideoDistanceTasks.Generators,
        .. VideoSpatialImaginationTasks.Generators,
        .. FrameLocateTasks.Generators,
        .. AppearanceOrderTasks.Generators,
        .. CountingTasks.Generators,
        .. RoomSizeTasks.Generators,
        .. NavigationTasks.Generators,
    ];

    static readonly Dictionary<string, TaskGenerator> ByType = All.ToDictionary(g => g.Type, StringComparer.Ordinal);

    public static bool TryGet(string type, out TaskGenerator generator) => ByType.TryGetValue(type, out generator!);

    /// <summary>Registered generators in catalogue order.</summary>
    public static IEnumerable<TaskGenerator> InCatalogOrder() =>
        TaskCatalog.All.Where(t => ByType.ContainsKey(t.Type)).Select(t => ByType[t.Type]);
}
