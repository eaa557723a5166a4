using static Spar.Catalog.TaskNames;

namespace Spar.Catalog;

/// <summary>
/// The 35 SPAR-7M <c>type</c> keys with everything the tools need to know about them (format.md §3).
/// validate, stats, draw, generate and bench read this table; nothing else repeats it.
/// </summary>
public static class TaskCatalog
{
    static readonly QaFormat[] F_S_Se = [QaFormat.Fill, QaFormat.Select, QaFormat.Sentence];
    static readonly QaFormat[] F_Se = [QaFormat.Fill, QaFormat.Sentence];
    static readonly QaFormat[] S_Se = [QaFormat.Select, QaFormat.Sentence];
    static readonly QaFormat[] S_Se_J = [QaFormat.Select, QaFormat.Sentence, QaFormat.Judge];
    static readonly QaFormat[] Se = [QaFormat.Sentence];
    static readonly QaFormat[] F_S_Se_Volume = [QaFormat.Fill, QaFormat.Select, QaFormat.Sentence];

    static MarkerSlot P(MarkerColor c, ImageRef at) => new(c, MarkerShape.Point, at);
    static MarkerSlot B(MarkerColor c, ImageRef at) => new(c, MarkerShape.Box, at);
    static readonly ImageRef Only = ImageRef.Image0;
    static ImageRef Pii(int k) => new(ImageRefKind.PointIndex, k);
    static ImageRef Bii(int k) => new(ImageRefKind.BoxIndex, k);

    static readonly BenchFacts Choice = new(BenchFamily.MultipleChoice);
    // The official prompt tells the model how to read the boxes in these two tasks' questions (bench.md §3).
    static readonly BenchFacts BoxChoice = new(BenchFamily.MultipleChoice, Note: PromptNote.BoxScale);
    static readonly BenchFacts ViewChangeBench = new(BenchFamily.ViewChange);
    static BenchFacts Meters(NumberPick pick, double low, double high) => new(BenchFamily.Numeric, pick, Baseline: new(low, high));

    const MarkerColor R = MarkerColor.Red, Bl = MarkerColor.Blue, G = MarkerColor.Green, Y = MarkerColor.Yellow;

    /// <summary>All 35 keys in the order of format.md §3.</summary>
    public static readonly IReadOnlyList<TaskInfo> All =
    [
        new(DepthPredictionOc, TaskLevel.Low, Relation.ObjectCamera, ViewKind.Single, F_S_Se, Meters(NumberPick.First, 0.5, 5.0),
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only)),
            FillAnswer: AnswerKind.Number),
        new(DepthPredictionOo, TaskLevel.Low, Relation.ObjectObject, ViewKind.Single, F_S_Se, Meters(NumberPick.First, 0.1, 2.0),
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only), P(G, Only)),
            FillAnswer: AnswerKind.Number, Decisions: DecisionFamily.DepthCloser),
        new(DistancePredictionOc, TaskLevel.Low, Relation.ObjectCamera, ViewKind.Single, F_S_Se, Meters(NumberPick.First, 0.5, 5.0),
            MarkerLayout.Fixed(P(R, Only)),
            FillAnswer: AnswerKind.Number),
        new(DistancePredictionOo, TaskLevel.Low, Relation.ObjectObject, ViewKind.Single, F_S_Se, Meters(NumberPick.First, 0.2, 4.0),
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only)),
            FillAnswer: AnswerKind.Number),
        // SPAR's figures show a choice version of the volume task, so the generator adds select (generation.md §5).
        new(SpatialVolumeInfer, TaskLevel.Low, Relation.None, ViewKind.Single, F_S_Se_Volume, null,
            MarkerLayout.Fixed(B(R, Only))),
        new(DepthPredictionOcMv, TaskLevel.Low, Relation.ObjectCamera, ViewKind.Multi, F_S_Se, Meters(NumberPick.Last, 0.5, 5.0),
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1))),
            FillAnswer: AnswerKind.Number),
        new(DepthPredictionOoMv, TaskLevel.Low, Relation.ObjectObject, ViewKind.Multi, F_S_Se, Meters(NumberPick.Last, 0.1, 2.0),
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1)), P(G, Pii(2))),
            FillAnswer: AnswerKind.Number, Decisions: DecisionFamily.DepthCloser),
        new(DistancePredictionOcMv, TaskLevel.Low, Relation.ObjectCamera, ViewKind.Multi, F_S_Se, Meters(NumberPick.Last, 0.5, 5.0),
            MarkerLayout.Fixed(P(R, Pii(0))),
            FillAnswer: AnswerKind.Number),
        new(DistancePredictionOoMv, TaskLevel.Low, Relation.ObjectObject, ViewKind.Multi, F_S_Se, Meters(NumberPick.Last, 0.2, 4.0),
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1))),
            FillAnswer: AnswerKind.Number),
        new(DistancePredictionOoVideo, TaskLevel.Low, Relation.ObjectObject, ViewKind.Video, F_S_Se, null,
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1))),
            FillAnswer: AnswerKind.Number),
        // position_matching always draws on image 0, whatever the index fields say.
        new(PositionMatching, TaskLevel.Medium, Relation.None, ViewKind.Multi, F_S_Se, BoxChoice,
            MarkerLayout.Fixed(B(R, Only)), ImageCount: 2),
        new(CameraMotionInfer, TaskLevel.Medium, Relation.None, ViewKind.Multi, F_S_Se, BoxChoice,
            MarkerLayout.None, ImageCount: 2),
        new(ViewChangeInfer, TaskLevel.Medium, Relation.None, ViewKind.Multi, F_Se, ViewChangeBench,
            MarkerLayout.None, ImageCount: 2,
            FillAnswer: AnswerKind.ViewChange),
        new(ObjFrameLocate, TaskLevel.Medium, Relation.None, ViewKind.Video, Se, null,
            MarkerLayout.Fixed(B(R, Bii(0)))),
        new(ObjSpatialRelationOo, TaskLevel.High, Relation.ObjectObject, ViewKind.Single, S_Se_J, Choice,
            MarkerLayout.Fixed(B(R, Only), B(Bl, Only)),
            Decisions: DecisionFamily.CameraFrameRelation),
        new(DistanceInferCenterOc, TaskLevel.High, Relation.ObjectCamera, ViewKind.Single, F_S_Se, null,
            MarkerLayout.None),
        new(DistanceInferCenterOo, TaskLevel.High, Relation.ObjectObject, ViewKind.Single, F_S_Se, Choice,
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only), P(G, Only)),
            Decisions: DecisionFamily.CloserToRed),
        new(SpatialImaginationOc, TaskLevel.High, Relation.ObjectCamera, ViewKind.Single, S_Se, Choice,
            MarkerLayout.Fixed(B(R, Only), B(Bl, Only), B(G, Only)),
            Decisions: DecisionFamily.PerspectiveOc),
        new(SpatialImaginationOo, TaskLevel.High, Relation.ObjectObject, ViewKind.Single, S_Se, Choice,
            MarkerLayout.Fixed(B(R, Only), B(Bl, Only), B(G, Only), B(Y, Only)),
            Decisions: DecisionFamily.PerspectiveOo),
        new(ObjSpatialRelationOcMv, TaskLevel.High, Relation.ObjectCamera, ViewKind.Multi, S_Se, Choice,
            MarkerLayout.PresentBoxesOnFirstIndex,
            Decisions: DecisionFamily.FirstCameraObserver),
        new(ObjSpatialRelationOoMv, TaskLevel.High, Relation.ObjectObject, ViewKind.Multi, S_Se_J, Choice,
            MarkerLayout.TwoOfThreeBoxes,
            Decisions: DecisionFamily.CameraFrameRelation),
        new(DistanceInferCenterOcMv, TaskLevel.High, Relation.ObjectCamera, ViewKind.Multi, F_S_Se, null,
            MarkerLayout.None),
        // The R, G, B image order is part of the format: do not normalise it.
        new(DistanceInferCenterOoMv, TaskLevel.High, Relation.ObjectObject, ViewKind.Multi, F_S_Se, Choice,
            MarkerLayout.Fixed(P(R, Pii(0)), P(G, Pii(1)), P(Bl, Pii(2))),
            Decisions: DecisionFamily.CloserToRed),
        // G, B, R(, Y) image order; drawn red, green, blue(, yellow).
        new(SpatialImaginationOcMv, TaskLevel.High, Relation.ObjectCamera, ViewKind.Multi, S_Se, Choice,
            MarkerLayout.Fixed(B(R, Bii(2)), B(G, Bii(0)), B(Bl, Bii(1))),
            Decisions: DecisionFamily.PerspectiveOc),
        new(SpatialImaginationOoMv, TaskLevel.High, Relation.ObjectObject, ViewKind.Multi, S_Se, Choice,
            MarkerLayout.Fixed(B(R, Bii(2)), B(G, Bii(0)), B(Bl, Bii(1)), B(Y, Bii(3))),
            Decisions: DecisionFamily.PerspectiveOo),
        new(SpatialImaginationMapMv, TaskLevel.High, Relation.None, ViewKind.Multi, Se, null,
            MarkerLayout.LabelledBoxList),
        new(DistanceInferCenterOoVideo, TaskLevel.High, Relation.ObjectObject, ViewKind.Video, F_S_Se, null,
            MarkerLayout.LabelledPointList,
            Decisions: DecisionFamily.ClosestToAnchor),
        new(SpatialImaginationOcVideo, TaskLevel.High, Relation.ObjectCamera, ViewKind.Video, Se, null,
            MarkerLayout.LabelledBoxes(B(G, Bii(0)), B(Bl, Bii(1)), B(R, Bii(2))),
            Decisions: DecisionFamily.PerspectiveOc),
        new(SpatialImaginationOcVideoHard, TaskLevel.High, Relation.ObjectCamera, ViewKind.Video, Se, null,
            MarkerLayout.None),
        new(SpatialImaginationOoVideo, TaskLevel.High, Relation.ObjectObject, ViewKind.Video, Se, null,
            MarkerLayout.LabelledBoxes(B(G, Bii(0)), B(Bl, Bii(1)), B(R, Bii(2)), B(Y, Bii(3))),
            Decisions: DecisionFamily.PerspectiveOo),
        new(SpatialImaginationOoVideoHard, TaskLevel.High, Relation.ObjectObject, ViewKind.Video, Se, null,
            MarkerLayout.None),
        new(AppearanceOrder, TaskLevel.High, Relation.None, ViewKind.Video, F_Se, null, MarkerLayout.None),
        new(ObjCount, TaskLevel.High, Relation.None, ViewKind.Video, F_Se, null, MarkerLayout.None,
            FillAnswer: AnswerKind.Number),
        new(RoomSize, TaskLevel.High, Relation.None, ViewKind.Video, F_S_Se, null, MarkerLayout.None,
            FillAnswer: AnswerKind.Number),
        new(Nav, TaskLevel.High, Relation.None, ViewKind.Video, Se, null, MarkerLayout.None, Folder: "nav_video",
            Loader: LoaderKind.Video),
    ];

    static readonly Dictionary<string, TaskInfo> ByType = All.ToDictionary(t => t.Type, StringComparer.Ordinal);
    static readonly Dictionary<string, TaskInfo> ByFolderName = All.ToDictionary(t => t.FolderName, StringComparer.Ordinal);

    public static bool TryGet(string type, out TaskInfo info) => ByType.TryGetValue(type, out info!);

    public static TaskInfo Get(string type) =>
        TryGet(type, out var info) ? info : throw new KeyError($"unknown task type '{type}'");

    /// <summary>Looks a task up by its folder name under qa_jsonl/&lt;split&gt;/ (nav lives in <c>nav_video</c>).</summary>
    public static bool TryGetByFolder(string folder, out TaskInfo info) => ByFolderName.TryGetValue(folder, out info!);

    public static IEnumerable<TaskInfo> Bench => All.Where(t => t.InBench);
}

public sealed class KeyError(string message) : Exception(message);

public enum TaskLevel { Low, Medium, High }

public enum Relation { None, ObjectCamera, ObjectObject }

public enum ViewKind { Single, Multi, Video }

public enum QaFormat { Fill, Select, Sentence, Judge }

public static class QaFormats
{
    public static readonly IReadOnlyList<QaFormat> All = [QaFormat.Fill, QaFormat.Select, QaFormat.Sentence, QaFormat.Judge];

    public static string FolderName(this QaFormat f) => f switch
    {
        QaFormat.Fill => "fill",
        QaFormat.Select => "select",
        QaFormat.Sentence => "sentence",
        QaFormat.Judge => "judge",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static bool TryParse(string name, out QaFormat format)
    {
        foreach (var f in All)
            if (f.FolderName() == name) { format = f; return true; }
        format = default;
        return false;
    }
}

/// <param name="Bench">How SPAR-Bench asks and scores the task; null for the 15 types outside the benchmark.</param>
/// <param name="Folder">Folder name under qa_jsonl/&lt;split&gt;/ when it differs from the type key.</param>
/// <param name="ImageCount">Images per record when fixed by the task (multi-view default 3).</param>
/// <param name="FillAnswer">What the fill answer is; a number must parse (validate), the view-change string is <c>k:v,…</c>.</param>
/// <param name="Loader">How SPAR's reference loader lays out the images (format.md §5).</param>
/// <param name="Decisions">Which thresholded decisions the audit recomputes for near-threshold records (docs/audit.md).</param>
public sealed record TaskInfo(
    string Type,
    TaskLevel Level,
    Relation Relation,
    ViewKind View,
    IReadOnlyList<QaFormat> Formats,
    BenchFacts? Bench,
    MarkerLayout Markers,
    int? ImageCount = null,
    string? Folder = null,
    AnswerKind FillAnswer = AnswerKind.Text,
    LoaderKind Loader = LoaderKind.ByImageCount,
    DecisionFamily Decisions = DecisionFamily.None)
{
    public string FolderName => Folder ?? Type;

    public bool InBench => Bench is not null;

    /// <summary>True when the fill answer is one plain number (depths, distances, counts, areas), so it must parse.</summary>
    public bool HasNumericFill => FillAnswer == AnswerKind.Number;
    public bool HasFormat(QaFormat f) => Formats.Contains(f);
    public int DefaultImageCount => ImageCount ?? View switch { ViewKind.Single => 1, ViewKind.Multi => 3, _ => 16 };
}

/// <summary>What a task's fill answer is.</summary>
public enum AnswerKind
{
    /// <summary>Free text (an order, a phrase, a number with its unit).</summary>
    Text,
    /// <summary>One plain number.</summary>
    Number,
    /// <summary>view_change_infer's <c>key:value,…</c> string (see <see cref="ViewChangeAxes"/>).</summary>
    ViewChange,
}

/// <summary>How the reference loader lays a record's images out (format.md §5).</summary>
public enum LoaderKind
{
    /// <summary>1 image → single, 2–10 → multi, more → video.</summary>
    ByImageCount,
    /// <summary>Always video, whatever the count (nav).</summary>
    Video,
}

/// <summary>The thresholded decision family of a task's question (generation.md §4–5), for the near-threshold audit.</summary>
public enum DecisionFamily
{
    /// <summary>Not a thresholded family (or no marked objects to recompute from).</summary>
    None,
    /// <summary>Object–object relation in the first image's camera frame (left/right, above/below, closer/farther).</summary>
    CameraFrameRelation,
    /// <summary>obj_spatial_relation_oc_mv: each marked box relative to the first camera as observer.</summary>
    FirstCameraObserver,
    /// <summary>Perspective taking, observer at green facing blue: where red is.</summary>
    PerspectiveOc,
    /// <summary>Perspective taking, observer at green facing blue: red against yellow.</summary>
    PerspectiveOo,
    /// <summary>Which of green and blue is closer to red.</summary>
    CloserToRed,
    /// <summary>Which listed object is closest to objectA.</summary>
    ClosestToAnchor,
    /// <summary>Which of green and blue is deeper (each in its own image's camera).</summary>
    DepthCloser,
}
