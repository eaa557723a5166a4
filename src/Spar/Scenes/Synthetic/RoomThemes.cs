namespace Spar.Scenes.Synthetic;

/// <summary>One line of a room theme: a category, the chance it appears and how many instances (before area scaling).</summary>
public readonly record struct ThemeEntry(string Category, double Probability, int Min = 1, int Max = 1);

/// <summary>A kind of room: what furniture it gets, in placement order (big pieces first), and what fills it up.</summary>
public sealed record RoomTheme(string Name, IReadOnlyList<ThemeEntry> Furniture, IReadOnlyList<string> Fillers);

/// <summary>The room kinds of the synthetic world. Groups (chairs round a table, nightstands beside a bed…) are added by the layout.</summary>
public static class RoomThemes
{
    static ThemeEntry E(string c, double p, int min = 1, int max = 1) => new(c, p, min, max);

    public static readonly IReadOnlyList<RoomTheme> All =
    [
        new("bedroom",
        [
            E("bed", 1), E("wardrobe", 0.8), E("dresser", 0.6), E("desk", 0.4), E("bookshelf", 0.4), E("radiator", 0.5),
            E("armchair", 0.3), E("chair", 0.3), E("potted plant", 0.6), E("laundry basket", 0.5), E("trash can", 0.4),
            E("suitcase", 0.3), E("floor lamp", 0.3), E("box", 0.3),
            E("table lamp", 0.9, 1, 2), E("book", 0.8, 1, 4), E("cup", 0.4), E("vase", 0.3), E("small plant", 0.4), E("bottle", 0.3),
            E("telephone", 0.2), E("laptop", 0.3),
            E("mirror", 0.6), E("picture", 0.9, 1, 2), E("clock", 0.4), E("shelf", 0.4), E("ceiling light", 0.9),
        ], ["book", "box", "picture", "potted plant", "cup", "small plant", "chair"]),
        new("living room",
        [
            E("sofa", 1), E("tv stand", 0.9), E("bookshelf", 0.7, 1, 2), E("cabinet", 0.5), E("piano", 0.25), E("radiator", 0.4),
            E("armchair", 0.7, 1, 2), E("ottoman", 0.4), E("floor lamp", 0.7), E("potted plant", 0.8, 1, 3), E("bench", 0.2),
            E("stool", 0.2), E("box", 0.2), E("trash can", 0.2),
            E("vase", 0.6), E("book", 0.8, 1, 5), E("cup", 0.6, 1, 3), E("bowl", 0.5), E("table lamp", 0.6), E("small plant", 0.5),
            E("bottle", 0.4), E("telephone", 0.3), E("laptop", 0.3),
            E("picture", 0.9, 1, 3), E("clock", 0.5), E("mirror", 0.3), E("shelf", 0.3), E("ceiling light", 0.9),
        ], ["book", "cup", "potted plant", "picture", "vase", "stool", "box", "chair"]),
        new("office",
        [
            E("desk", 1, 1, 2), E("bookshelf", 0.8, 1, 2), E("cabinet", 0.7, 1, 2), E("sofa", 0.2), E("radiator", 0.4),
            E("chair", 0.5, 1, 2), E("armchair", 0.2), E("potted plant", 0.7), E("trash can", 0.8), E("box", 0.6, 1, 3), E("floor lamp", 0.3),
            E("monitor", 0.9, 1, 2), E("keyboard", 0.8), E("laptop", 0.5), E("printer", 0.5), E("table lamp", 0.5), E("book", 0.8, 1, 5),
            E("cup", 0.7, 1, 2), E("telephone", 0.5), E("small plant", 0.5), E("bottle", 0.4),
            E("whiteboard", 0.7), E("clock", 0.5), E("picture", 0.5), E("shelf", 0.4), E("ceiling light", 0.9),
        ], ["box", "book", "chair", "potted plant", "cup", "trash can", "picture"]),
        new("kitchen",
        [
            E("kitchen counter", 1), E("refrigerator", 0.9), E("stove", 0.7), E("washing machine", 0.4), E("cabinet", 0.7, 1, 2),
            E("radiator", 0.3), E("table", 0.8), E("stool", 0.4, 1, 3), E("trash can", 0.8), E("potted plant", 0.4), E("box", 0.2), E("bench", 0.2),
            E("microwave", 0.8), E("kettle", 0.7), E("bowl", 0.8, 1, 2), E("cup", 0.8, 1, 4), E("bottle", 0.7, 1, 3), E("vase", 0.3),
            E("small plant", 0.4), E("book", 0.2),
            E("clock", 0.6), E("picture", 0.5), E("shelf", 0.5), E("ceiling light", 0.9),
        ], ["cup", "bottle", "bowl", "stool", "box", "potted plant", "picture"]),
    ];
}
