using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>One row of ScanNet's label map: a raw annotation label and its cleaned names.</summary>
public sealed record ScanNetLabel(string RawCategory, string Category, string Nyu40Class, int Nyu40Id);

/// <summary>
/// Maps ScanNet's raw annotation labels to clean names using its label map (tab-separated, header row, columns found
/// by name). The v2 map <c>scannetv2-labels.combined.tsv</c> has <c>raw_category</c> (the raw label), <c>category</c>
/// (cleaned), <c>nyu40id</c>, <c>nyu40class</c>. The v1 map <c>scannet-labels.combined.tsv</c> — the name ScanNet's
/// README uses — has no <c>raw_category</c>: its <c>category</c> is the raw label, so a v1 row's clean name is that
/// raw label itself, and it contributes its NYU40 class. Without a file, labels pass through lower-cased with single
/// spaces. Decides which objects are referable.
/// </summary>
public sealed class ScanNetLabelMap : Labels.IObjectLabels
{
    /// <summary>Structural classes: they bound the room rather than sit in it, so questions never refer to them.</summary>
    static readonly HashSet<string> Structural = new(StringComparer.Ordinal) { "wall", "floor", "ceiling" };

    /// <summary>Labels that name no object a question could refer to.</summary>
    static readonly HashSet<string> Unlabelled = new(StringComparer.Ordinal) { "", "unlabeled", "unlabelled", "unknown", "object", "remove" };

    readonly Dictionary<string, ScanNetLabel> _byRaw;

    public static readonly ScanNetLabelMap Identity = new(new Dictionary<string, ScanNetLabel>(StringComparer.Ordinal));

    ScanNetLabelMap(Dictionary<string, ScanNetLabel> byRaw, string? path = null, string? version = null)
    {
        _byRaw = byRaw;
        Path = path;
        Version = version;
    }

    public int Count => _byRaw.Count;

    /// <summary>The file read (null for <see cref="Identity"/>), for messages.</summary>
    public string? Path { get; }

    /// <summary>"v1" (<c>scannet-labels.combined.tsv</c>) or "v2" (<c>scannetv2-labels.combined.tsv</c>); null for <see cref="Identity"/>.</summary>
    public string? Version { get; }

    /// <summary>
    /// The raw labels (normalised) of <paramref name="rawLabels"/> that a file map does not list, with how many
    /// objects carry each, most frequent first then by name; empty for <see cref="Identity"/>, which maps nothing.
    /// A real scene has <c>trashcan</c> and <c>dishrack</c>, which v2 spells <c>trash can</c> and <c>dish rack</c>:
    /// such labels stay raw, and the importer names them so a wrong or mismatched map never goes unnoticed.
    /// </summary>
    public IReadOnlyList<(string Label, int Objects)> Unmapped(IEnumerable<string> rawLabels) =>
        Path == null ? [] : rawLabels.Select(Normalize).Where(l => !_byRaw.ContainsKey(l))
            .GroupBy(l => l, StringComparer.Ordinal).Select(g => (g.Key, g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();

    public static ScanNetLabelMap Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read label map: {e.Message}", e); }
        if (lines.Length == 0) throw new SparException($"{path}:1: label map is empty (expected a header row)");
        var header = lines[0].Split('\t').Select(h => h.Trim()).ToArray();
        bool v2 = Array.IndexOf(header, "raw_category") >= 0;
        int Column(string name)
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new SparException($"{path}:1: label map has no '{name}' column "
                + "(expected scannetv2-labels.combined.tsv with raw_category, category, nyu40id, nyu40class, or the v1 scannet-labels.combined.tsv with category, nyu40id, nyu40class)");
        }
        // v1 has no raw_category: its category column is the raw label, and serves as the clean name too.
        int category = Column("category"), raw = v2 ? Column("raw_category") : category, nyuClass = Column("nyu40class"), nyuId = Column("nyu40id");
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
        return new ScanNetLabelMap(map, path, v2 ? "v2" : "v1");
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
    public static string Normalize(string label) => string.Join(' ', label.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
