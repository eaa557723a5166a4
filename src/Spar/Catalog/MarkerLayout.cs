namespace Spar.Catalog;

public enum MarkerColor { Red, Blue, Green, Yellow }

public enum MarkerShape { Point, Box }

public enum ImageRefKind { Image0, PointIndex, BoxIndex }

/// <summary>Which image a marker lands on: image 0, or <c>point_img_idx[0][k]</c> / <c>bbox_img_idx[0][k]</c>.</summary>
public readonly record struct ImageRef(ImageRefKind Kind, int Index)
{
    public static readonly ImageRef Image0 = new(ImageRefKind.Image0, 0);
}

/// <summary>One marker field of a record, e.g. <c>red_point</c> drawn on <c>point_img_idx[0][0]</c>.</summary>
public readonly record struct MarkerSlot(MarkerColor Color, MarkerShape Shape, ImageRef At)
{
    public string FieldName => MarkerFields.Name(Color, Shape);
}

public enum MarkerLayoutKind
{
    /// <summary>No markers.</summary>
    None,
    /// <summary>Every listed slot is required and drawn in list order on its image (PIL style).</summary>
    Fixed,
    /// <summary>obj_spatial_relation_oc_mv: each present red/blue/green box goes on bbox_img_idx[0][0].</summary>
    PresentBoxesOnFirstIndex,
    /// <summary>obj_spatial_relation_oo_mv: exactly two of red/blue/green boxes; first present → bii[0], second → bii[1].</summary>
    TwoOfThreeBoxes,
    /// <summary>spatial_imagination_map_mv: bbox_list[0][i] → bii[i], OpenCV, label object{i}.</summary>
    LabelledBoxList,
    /// <summary>distance_infer_center_oo_video: point_list[0][i] → pii[i], OpenCV, labels objectA, object0, …</summary>
    LabelledPointList,
    /// <summary>spatial_imagination_o?_video: listed boxes with labels object0…, OpenCV in BGR.</summary>
    LabelledBoxes,
}

public sealed partial record MarkerLayout(MarkerLayoutKind Kind, IReadOnlyList<MarkerSlot> Slots)
{
    public static readonly MarkerLayout None = new(MarkerLayoutKind.None, []);
    public static MarkerLayout Fixed(params MarkerSlot[] slots) => new(MarkerLayoutKind.Fixed, slots);
    public static MarkerLayout LabelledBoxes(params MarkerSlot[] slots) => new(MarkerLayoutKind.LabelledBoxes, slots);

    static readonly MarkerSlot[] RedBlueGreenBoxes =
    [
        new(MarkerColor.Red, MarkerShape.Box, new(ImageRefKind.BoxIndex, 0)),
        new(MarkerColor.Blue, MarkerShape.Box, new(ImageRefKind.BoxIndex, 0)),
        new(MarkerColor.Green, MarkerShape.Box, new(ImageRefKind.BoxIndex, 0)),
    ];

    public static readonly MarkerLayout PresentBoxesOnFirstIndex = new(MarkerLayoutKind.PresentBoxesOnFirstIndex, RedBlueGreenBoxes);
    public static readonly MarkerLayout TwoOfThreeBoxes = new(MarkerLayoutKind.TwoOfThreeBoxes, RedBlueGreenBoxes);
    public static readonly MarkerLayout LabelledBoxList = new(MarkerLayoutKind.LabelledBoxList, []);
    public static readonly MarkerLayout LabelledPointList = new(MarkerLayoutKind.LabelledPointList, []);

    /// <summary>True when the record needs point_img_idx (multi-image point markers).</summary>
    public bool UsesPointIndex => Kind == MarkerLayoutKind.LabelledPointList || Slots.Any(s => s.At.Kind == ImageRefKind.PointIndex);

    /// <summary>True when the record needs bbox_img_idx.</summary>
    public bool UsesBoxIndex => Kind is MarkerLayoutKind.LabelledBoxList or MarkerLayoutKind.PresentBoxesOnFirstIndex
        or MarkerLayoutKind.TwoOfThreeBoxes || Slots.Any(s => s.At.Kind == ImageRefKind.BoxIndex);
}

public static class MarkerFields
{
    public const string PointImageIndex = "point_img_idx";
    public const string BoxImageIndex = "bbox_img_idx";
    public const string PointList = "point_list";
    public const string BoxList = "bbox_list";

    public static string ColorName(MarkerColor c) => c switch
    {
        MarkerColor.Red => "red",
        MarkerColor.Blue => "blue",
        MarkerColor.Green => "green",
        MarkerColor.Yellow => "yellow",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static string Name(MarkerColor c, MarkerShape s) => ColorName(c) + (s == MarkerShape.Point ? "_point" : "_bbox");

    /// <summary>Every single-marker field a record may carry.</summary>
    public static readonly IReadOnlyList<(string Name, MarkerColor Color, MarkerShape Shape)> Singles =
    [
        ("red_point", MarkerColor.Red, MarkerShape.Point),
        ("blue_point", MarkerColor.Blue, MarkerShape.Point),
        ("green_point", MarkerColor.Green, MarkerShape.Point),
        ("red_bbox", MarkerColor.Red, MarkerShape.Box),
        ("blue_bbox", MarkerColor.Blue, MarkerShape.Box),
        ("green_bbox", MarkerColor.Green, MarkerShape.Box),
        ("yellow_bbox", MarkerColor.Yellow, MarkerShape.Box),
    ];
}
