namespace Spar.Scenes.Importers.Structured3D;

/// <summary>
/// The NYUv2 40-class ids that Structured3D's <c>semantic.png</c> holds (its <c>metadata/labelids.txt</c>; 0 = none).
/// Names are NYU's, except <c>refridgerator</c>, spelled correctly here since it becomes question text.
/// </summary>
public static class Nyu40Labels
{
    static readonly string[] Names =
    [
        "", "wall", "floor", "cabinet", "bed", "chair", "sofa", "table", "door", "window", "bookshelf",
        "picture", "counter", "blinds", "desk", "shelves", "curtain", "dresser", "pillow", "mirror", "floor mat",
        "clothes", "ceiling", "books", "refrigerator", "television", "paper", "towel", "shower curtain", "box", "whiteboard",
        "person", "night stand", "toilet", "sink", "lamp", "bathtub", "bag", "otherstructure", "otherfurniture", "otherprop",
    ];

    public const int Count = 40;

    /// <summary>The name of id 1..40, or null for 0 and ids outside the table.</summary>
    public static string? Name(int id) => id >= 1 && id <= Count ? Names[id] : null;

    /// <summary>Wall, floor and ceiling: in masks, never asked about.</summary>
    public static bool IsStructural(int id) => id is 1 or 2 or 22;
}
