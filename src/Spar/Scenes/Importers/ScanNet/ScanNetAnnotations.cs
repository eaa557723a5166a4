using System.Globalization;
using System.Text.Json;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>One annotated instance of <c>&lt;scene&gt;.aggregation.json</c>: a group of mesh segments with a raw label.</summary>
public sealed record ScanNetSegGroup(int ObjectId, string Label, int[] Segments);

/// <summary>Readers for ScanNet's per-scene annotation files: over-segmentation, instance aggregation and the scene info file.</summary>
public static class ScanNetAnnotations
{
    /// <summary>The per-vertex segment ids (<c>segIndices</c>) of <c>*_vh_clean_2.0.010000.segs.json</c>.</summary>
    public static int[] ReadSegIndices(string path)
    {
        using var doc = Util.JsonErrors.ParseFile(path, allowTrailingCommas: true);
        if (!doc.RootElement.TryGetProperty("segIndices", out var seg) || seg.ValueKind != JsonValueKind.Array)
            throw new SparException($"{path}: no 'segIndices' array");
        var result = new int[seg.GetArrayLength()];
        int i = 0;
        foreach (var v in seg.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out result[i]))
                throw new SparException($"{path}: segIndices[{i}] is not an integer ({v.GetRawText()})");
            i++;
        }
        return result;
    }

    /// <summary>The <c>segGroups</c> of <c>&lt;scene&gt;.aggregation.json</c>, in file order.</summary>
    public static IReadOnlyList<ScanNetSegGroup> ReadAggregation(string path)
    {
        using var doc = Util.JsonErrors.ParseFile(path, allowTrailingCommas: true);
        if (!doc.RootElement.TryGetProperty("segGroups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            throw new SparException($"{path}: no 'segGroups' array");
        var result = new List<ScanNetSegGroup>();
        int g = 0;
        foreach (var group in groups.EnumerateArray())
        {
            string where = $"{path}: segGroups[{g}]";
            if (group.ValueKind != JsonValueKind.Object) throw new SparException($"{where} is not an object");
            int objectId = group.TryGetProperty("objectId", out var oid) && oid.TryGetInt32(out int o) ? o
                : group.TryGetProperty("id", out var id) && id.TryGetInt32(out int o2) ? o2
                : throw new SparException($"{where} has no integer 'objectId'");
            string label = group.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
            if (!group.TryGetProperty("segments", out var segs) || segs.ValueKind != JsonValueKind.Array)
                throw new SparException($"{where} (objectId {objectId}) has no 'segments' array");
            var segments = new int[segs.GetArrayLength()];
            int k = 0;
            foreach (var s in segs.EnumerateArray())
            {
                if (!s.TryGetInt32(out segments[k])) throw new SparException($"{where}.segments[{k}] is not an integer");
                k++;
            }
            result.Add(new ScanNetSegGroup(objectId, label, segments));
            g++;
        }
        return result;
    }

    /// <summary>
    /// The <c>key = value</c> lines of <c>&lt;scene&gt;.txt</c> (axisAlignment, sceneType, colour/depth sizes…).
    /// Lines without " = " are ignored; a repeated key keeps its last value.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadSceneInfo(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in ReadLines(path))
        {
            int eq = line.IndexOf('=');
            if (eq <= 0) continue;
            result[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return result;
    }

    /// <summary>
    /// The row-major 4×4 <c>axisAlignment</c> matrix of a scene info file, or null when the line is absent
    /// (ScanNet's test scenes have none). Malformed values, and a matrix that is not a rotation plus translation
    /// (e.g. all zeros, which would collapse every pose and box to the origin), are an error naming the file.
    /// </summary>
    public static double[]? ParseAxisAlignment(IReadOnlyDictionary<string, string> info, string path)
    {
        if (!info.TryGetValue("axisAlignment", out var text)) return null;
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 16) throw new SparException($"{path}: axisAlignment has {parts.Length} values, expected 16");
        var m = new double[16];
        for (int i = 0; i < 16; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out m[i]) || !double.IsFinite(m[i]))
                throw new SparException($"{path}: axisAlignment value {i + 1} '{parts[i]}' is not a finite number");
        if (Math.Abs(m[12]) > 1e-9 || Math.Abs(m[13]) > 1e-9 || Math.Abs(m[14]) > 1e-9 || Math.Abs(m[15] - 1) > 1e-9)
            throw new SparException($"{path}: axisAlignment's last row is not 0 0 0 1");
        if (RigidCheck.Problem(Spar.Geometry.Mat4.FromRowMajor(m)) is { } problem)
            throw new SparException($"{path}: axisAlignment {problem}; it must be a rotation plus translation (tolerance {RigidCheck.Tolerance})");
        return m;
    }

    static IEnumerable<string> ReadLines(string path) => ImportFiles.ReadLines(path);

}
