using System.Text;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Labels;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>
/// ScanNet++'s benchmark label map, <c>metadata/semantic_benchmark/map_benchmark.csv</c> (comma-separated, header row,
/// columns found by name; the toolkit reads it with pandas and uses <c>class</c> and <c>semantic_map_to</c>,
/// semantic/prep/map_semantic.py). As the toolkit: an empty <c>semantic_map_to</c> keeps the class as it is, <c>None</c>
/// drops the class from the benchmark, anything else is the benchmark class; a raw label the file does not list is not
/// in the benchmark either. spar keeps every object: a label the map drops or does not list stays the raw label (and
/// is counted as unmapped), a benchmark class that is a catch-all (<see cref="CatchAllCategories"/>) gives way to the raw
/// label too. Referability and structural classes follow the category, with ScanNet's rules
/// (<see cref="ScanNetLabelMap.Identity"/>: wall, floor, ceiling structural; unlabelled and catch-all names not referable).
/// The toolkit's count threshold (rows below a count are dropped by its training config) is not applied: it is a
/// training choice, not part of the map.
/// </summary>
public sealed class ScanNetppBenchmarkLabels : IObjectLabels
{
    readonly Dictionary<string, string?> _map; // normalised class → benchmark class (null: dropped by "None")

    ScanNetppBenchmarkLabels(Dictionary<string, string?> map, string path) { _map = map; Path = path; }

    public string Path { get; }

    public int Count => _map.Count;

    public static ScanNetppBenchmarkLabels Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read label map: {e.Message}", e); }
        if (lines.Length == 0 || lines[0].Trim().Length == 0) throw new SparException($"{path}:1: label map is empty (expected a header row with class and semantic_map_to)");
        var header = SplitCsv(lines[0], path, 1).Select(h => h.Trim()).ToList();
        int Column(string name) => header.IndexOf(name) is >= 0 and var i ? i
            : throw new SparException($"{path}:1: label map has no '{name}' column (expected ScanNet++'s map_benchmark.csv: class, count, semantic_map_to, instance_map_to)");
        int cls = Column("class"), target = Column("semantic_map_to");
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = SplitCsv(lines[i], path, i + 1);
            if (cells.Count < Math.Max(cls, target) + 1) throw new SparException($"{path}:{i + 1}: {cells.Count} column(s), the header has {header.Count}");
            var key = ScanNetLabelMap.Normalize(cells[cls]);
            if (key.Length == 0) throw new SparException($"{path}:{i + 1}: empty class");
            var to = cells[target].Trim();
            string? value = to.Length == 0 ? key : to == "None" ? null : ScanNetLabelMap.Normalize(to);
            if (lineOf.TryGetValue(key, out int first))
            {
                if (map[key] != value) throw new SparException($"{path}:{i + 1}: class '{key}' is mapped again, differently from line {first}");
                continue;
            }
            map[key] = value;
            lineOf[key] = i + 1;
        }
        return new ScanNetppBenchmarkLabels(map, path);
    }

    /// <summary>The benchmark class of a raw label; null when the map drops it (<c>None</c>) or does not list it.</summary>
    public string? BenchmarkClassOf(string rawLabel) => _map.GetValueOrDefault(ScanNetLabelMap.Normalize(rawLabel));

    public string CategoryOf(string rawLabel) =>
        BenchmarkClassOf(rawLabel) is { } c && !CatchAllCategories.IsCatchAll(c) ? c : ScanNetLabelMap.Normalize(rawLabel);

    public string? StructuralClassOf(string rawLabel) => ScanNetLabelMap.Identity.StructuralClassOf(CategoryOf(rawLabel));

    public bool IsReferable(string rawLabel) => ScanNetLabelMap.Identity.IsReferable(CategoryOf(rawLabel));

    /// <summary>One CSV record on one line (RFC 4180 quoting: "a, b" and "" for a quote), as pandas writes it.</summary>
    static List<string> SplitCsv(string line, string path, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        if (quoted) throw new SparException($"{path}:{lineNumber}: unterminated quoted field (a field spanning lines is not supported)");
        cells.Add(cell.ToString());
        return cells;
    }
}
