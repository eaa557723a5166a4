using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>One row of <c>scannetv2-labels.combined.tsv</c>: a raw annotation label and its cleaned names.</summary>
public sealed record ScanNetLabel(string RawCategory, string Category, string Nyu40Class, int Nyu40Id);

/// <summary>
/// Maps ScanNet's raw annotation labels to clean names using <c>scannetv2-labels.combined.tsv</c> (tab-separated,
/// header row; columns found by name: <c>raw_category</c>, <c>category</c>, <c>nyu40id</c>, <c>nyu40class</c>).
/// Without a file, labels pass through lower-cased with single spaces. Decides which objects are referable.
/// </summary>
public sealed class ScanNetLabelMap
{
    /// <summary>Structural classes: they bound the room rather than sit in it, so questions never refer to them.</summary>
    static readonly HashSet<string> Structural = new(StringComparer.Ordinal) { "wall", "floor", "ceiling" };

    /// <summary>Labels that name no object a question could refer to.</summary>
    static readonly HashSet<string> Unlabelled = new(StringComparer.Ordinal) { "", "unlabeled", "unlabelled", "unknown", "object", "remove" };

    readonly Dictionary<string, ScanNetLabel> _byRaw;

    public static readonly ScanNetLabelMap Identity = new(new Dictionary<string, ScanNetLabel>(StringComparer.Ordinal));

    ScanNetLabelMap(Dictionary<string, ScanNetLabel> byRaw) => _byRaw = byRaw;

    public int Count => _byRaw.Count;

    public static ScanNetLabelMap Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read label map: {e.Message}", e); }
        if (lines.Length == 0) throw new SparException($"{path}:1: label map is empty (expected a header row)");
        var header = lines[0].Split('\t');
        int Column(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new SparException($"{path}:1: label map has no '{name}' column (is it scannetv2-labels.combined.tsv?)");
        }
        int raw = Column("raw_category"), category = Column("category"), nyuClass = Column("nyu40class"), nyuId = Column("nyu40id");
        int needed = new[] { raw, category, nyuClass, nyuId }.Max() + 1;
        var map = new Dictionary<string, ScanNetLabel>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split('\t');
            if (cells.Length < needed) throw new SparException($"{path}:{i + 1}: {cells.Length} columns, expected at least {needed}");
            int id = int.TryParse(cells[nyuId], out int v) ? v : throw new SparException($"{path}:{i + 1}: nyu40id '{cells[nyuId]}' is not an integer");
            var key = Normalize(cells[raw]);
            map.TryAdd(key, new ScanNetLabel(key, Normalize(cells[category]), Normalize(cells[nyuClass]), id));
        }
        return new ScanNetLabelMap(map);
    }

    /// <summary>The row for a raw label, or null when the map does not list it.</summary>
    public ScanNetLabel? Find(string rawLabel) => _byRaw.GetValueOrDefault(Normalize(rawLabel));

    /// <summary>
    /// The clean category name for a raw label: the TSV's <c>category</c> if listed and not a catch-all class
    /// (<see cref="Labels.CatchAllCategories"/>), else the raw label normalised.
    /// </summary>
    public string CategoryOf(string rawLabel) =>
        Find(rawLabel)?.Category is { Length: > 0 } c && !Labels.CatchAllCategories.IsCatchAll(c) ? c : Normalize(rawLabel);

    /// <summary>"wall", "floor" or "ceiling" when the label is structural (by clean category or NYU40 class), else null.</summary>
    public string? StructuralClassOf(string rawLabel)
    {
        var category = CategoryOf(rawLabel);
        if (Structural.Contains(category)) return category;
        var nyu = Find(rawLabel)?.Nyu40Class;
        return nyu != null && Structural.Contains(nyu) ? nyu : null;
    }

    /// <summary>False for structural (wall, floor, ceiling, by category or NYU40 class), unlabelled and catch-all-only objects.</summary>
    public bool IsReferable(string rawLabel) =>
        !Unlabelled.Contains(CategoryOf(rawLabel)) && !Labels.CatchAllCategories.IsCatchAll(CategoryOf(rawLabel)) && StructuralClassOf(rawLabel) == null;

    /// <summary>Lower-cased, every run of whitespace (spaces, tabs, newlines) collapsed to one space, trimmed.</summary>
    static string Normalize(string label) => string.Join(' ', label.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
