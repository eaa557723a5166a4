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

    const MarkerColor R = MarkerColor.Red, Bl = MarkerColor.Blue, G = MarkerColor.Green, Y = MarkerColor.Yellow;

    /// <summary>All 35 keys in the order of format.md §3.</summary>
    public static readonly IReadOnlyList<TaskInfo> All =
    [
        new("depth_prediction_oc", TaskLevel.Low, Relation.ObjectCamera, ViewKind.Single, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only))),
        new("depth_prediction_oo", TaskLevel.Low, Relation.ObjectObject, ViewKind.Single, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only), P(G, Only))),
        new("distance_prediction_oc", TaskLevel.Low, Relation.ObjectCamera, ViewKind.Single, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Only))),
        new("distance_prediction_oo", TaskLevel.Low, Relation.ObjectObject, ViewKind.Single, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only))),
        // SPAR's figures show a choice version of the volume task, so the generator adds select (generation.md §5).
        new("spatial_volume_infer", TaskLevel.Low, Relation.None, ViewKind.Single, F_S_Se_Volume, false,
            MarkerLayout.Fixed(B(R, Only))),
        new("depth_prediction_oc_mv", TaskLevel.Low, Relation.ObjectCamera, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1)))),
        new("depth_prediction_oo_mv", TaskLevel.Low, Relation.ObjectObject, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1)), P(G, Pii(2)))),
        new("distance_prediction_oc_mv", TaskLevel.Low, Relation.ObjectCamera, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Pii(0)))),
        new("distance_prediction_oo_mv", TaskLevel.Low, Relation.ObjectObject, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1)))),
        new("distance_prediction_oo_video", TaskLevel.Low, Relation.ObjectObject, ViewKind.Video, F_S_Se, false,
            MarkerLayout.Fixed(P(R, Pii(0)), P(Bl, Pii(1)))),
        // position_matching always draws on image 0, whatever the index fields say.
        new("position_matching", TaskLevel.Medium, Relation.None, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.Fixed(B(R, Only)), ImageCount: 2),
        new("camera_motion_infer", TaskLevel.Medium, Relation.None, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.None, ImageCount: 2),
        new("view_change_infer", TaskLevel.Medium, Relation.None, ViewKind.Multi, F_Se, true,
            MarkerLayout.None, ImageCount: 2),
        new("obj_frame_locate", TaskLevel.Medium, Relation.None, ViewKind.Video, Se, false,
            MarkerLayout.Fixed(B(R, Bii(0)))),
        new("obj_spatial_relation_oo", TaskLevel.High, Relation.ObjectObject, ViewKind.Single, S_Se_J, true,
            MarkerLayout.Fixed(B(R, Only), B(Bl, Only))),
        new("distance_infer_center_oc", TaskLevel.High, Relation.ObjectCamera, ViewKind.Single, F_S_Se, false,
            MarkerLayout.None),
        new("distance_infer_center_oo", TaskLevel.High, Relation.ObjectObject, ViewKind.Single, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Only), P(Bl, Only), P(G, Only))),
        new("spatial_imagination_oc", TaskLevel.High, Relation.ObjectCamera, ViewKind.Single, S_Se, true,
            MarkerLayout.Fixed(B(R, Only), B(Bl, Only), B(G, Only))),
        new("spatial_imagination_oo", TaskLevel.High, Relation.ObjectObject, ViewKind.Single, S_Se, true,
            MarkerLayout.Fixed(B(R, Only), B(Bl, Only), B(G, Only), B(Y, Only))),
        new("obj_spatial_relation_oc_mv", TaskLevel.High, Relation.ObjectCamera, ViewKind.Multi, S_Se, true,
            MarkerLayout.PresentBoxesOnFirstIndex),
        new("obj_spatial_relation_oo_mv", TaskLevel.High, Relation.ObjectObject, ViewKind.Multi, S_Se_J, true,
            MarkerLayout.TwoOfThreeBoxes),
        new("distance_infer_center_oc_mv", TaskLevel.High, Relation.ObjectCamera, ViewKind.Multi, F_S_Se, false,
            MarkerLayout.None),
        // The R, G, B image order is part of the format: do not normalise it.
        new("distance_infer_center_oo_mv", TaskLevel.High, Relation.ObjectObject, ViewKind.Multi, F_S_Se, true,
            MarkerLayout.Fixed(P(R, Pii(0)), P(G, Pii(1)), P(Bl, Pii(2)))),
        // G, B, R(, Y) image order; drawn red, green, blue(, yellow).
        new("spatial_imagination_oc_mv", TaskLevel.High, Relation.ObjectCamera, ViewKind.Multi, S_Se, true,
            MarkerLayout.Fixed(B(R, Bii(2)), B(G, Bii(0)), B(Bl, Bii(1)))),
        new("spatial_imagination_oo_mv", TaskLevel.High, Relation.ObjectObject, ViewKind.Multi, S_Se, true,
            MarkerLayout.Fixed(B(R, Bii(2)), B(G, Bii(0)), B(Bl, Bii(1)), B(Y, Bii(3)))),
        new("spatial_imagination_map_mv", TaskLevel.High, Relation.None, ViewKind.Multi, Se, false,
            MarkerLayout.LabelledBoxList),
        new("distance_infer_center_oo_video", TaskLevel.High, Relation.ObjectObject, ViewKind.Video, F_S_Se, false,
            MarkerLayout.LabelledPointList),
        new("spatial_imagination_oc_video", TaskLevel.High, Relation.ObjectCamera, ViewKind.Video, Se, false,
            MarkerLayout.LabelledBoxes(B(G, Bii(0)), B(Bl, Bii(1)), B(R, Bii(2)))),
        new("spatial_imagination_oc_video_hard", TaskLevel.High, Relation.ObjectCamera, ViewKind.Video, Se, false,
            MarkerLayout.None),
        new("spatial_imagination_oo_video", TaskLevel.High, Relation.ObjectObject, ViewKind.Video, Se, false,
            MarkerLayout.LabelledBoxes(B(G, Bii(0)), B(Bl, Bii(1)), B(R, Bii(2)), B(Y, Bii(3)))),
        new("spatial_imagination_oo_video_hard", TaskLevel.High, Relation.ObjectObject, ViewKind.Video, Se, false,
            MarkerLayout.None),
        new("appearance_order", TaskLevel.High, Relation.None, ViewKind.Video, F_Se, false, MarkerLayout.None),
        new("obj_count", TaskLevel.High, Relation.None, ViewKind.Video, F_Se, false, MarkerLayout.None),
        new("room_size", TaskLevel.High, Relation.None, ViewKind.Video, F_S_Se, false, MarkerLayout.None),
        new("nav", TaskLevel.High, Relation.None, ViewKind.Video, Se, false, MarkerLayout.None, Folder: "nav_video"),
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

/// <param name="Folder">Folder name under qa_jsonl/&lt;split&gt;/ when it differs from the type key.</param>
/// <param name="ImageCount">Images per record when fixed by the task (multi-view default 3).</param>
public sealed record TaskInfo(
    string Type,
    TaskLevel Level,
    Relation Relation,
    ViewKind View,
    IReadOnlyList<QaFormat> Formats,
    bool InBench,
    MarkerLayout Markers,
    int? ImageCount = null,
    string? Folder = null)
{
    public string FolderName => Folder ?? Type;

    /// <summary>True when the fill answer is one plain number (depths, distances, counts, areas), so it must parse.</summary>
    public bool HasNumericFill => Type.StartsWith("depth_prediction", StringComparison.Ordinal)
        || Type.StartsWith("distance_prediction", StringComparison.Ordinal)
        || Type is "obj_count" or "room_size";
    public bool HasFormat(QaFormat f) => Formats.Contains(f);
    public int DefaultImageCount => ImageCount ?? View switch { ViewKind.Single => 1, ViewKind.Multi => 3, _ => 16 };
}
