namespace Spar.Scenes.Labels;

/// <summary>
/// Catch-all classes of the label maps real sources use: names that lump many different things together
/// ("objects", "otherprop"), so a question naming an object by one ("which is closest: table, objects, door") cannot
/// be answered from the picture. Importers keep the raw label where the map sends it to one of these, and the
/// generator never names an object by one (docs/generation.md, "Catch-all categories"). The lists are per map, and
/// <see cref="IsCatchAll"/> checks them all, because a scene no longer says which map its names came from.
/// </summary>
public static class CatchAllCategories
{
    /// <summary>NYU40 (ScanNet's <c>nyu40class</c>, Structured3D's label ids 38–40).</summary>
    public static readonly IReadOnlyList<string> Nyu40 = ["otherfurniture", "otherprop", "otherstructure"];

    /// <summary>Matterport3D's mpcat40 (<c>furniture</c> is its copy of NYU40's otherfurniture; 0, 41 are unlabelled).</summary>
    public static readonly IReadOnlyList<string> Mpcat40 = ["objects", "misc", "furniture", "void", "unlabeled"];

    static readonly HashSet<string> All = new([.. Nyu40, .. Mpcat40, "other furniture", "other prop", "other structure"], StringComparer.Ordinal);

    /// <summary>True when the (lower-case) category is a catch-all class of any known label map.</summary>
    public static bool IsCatchAll(string category) => All.Contains(category);
}
