using System.Text.Json;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>
/// A ScanNet++ oriented box as <c>segments_anno.json</c> stores it: <c>centroid</c>, <c>axesLengths</c> (full extents)
/// and <c>normalizedAxes</c> (9 numbers, row-major 3×3 whose <b>rows</b> are the box axes: the toolkit builds its
/// open3d box with <c>R = normalizedAxes.reshape(3,3).T</c>). Axis i has length <c>AxesLengths[i]</c>.
/// </summary>
public sealed record ScanNetppObb(Vec3 Centroid, Vec3 AxesLengths, Vec3[] Axes);

/// <summary>One instance of <c>segments_anno.json</c>'s <c>segGroups</c>: its objectId, raw label, segments and box.</summary>
public sealed record ScanNetppSegGroup(int ObjectId, string Label, int[] Segments, ScanNetppObb? Obb);

/// <summary>Reader for <c>scans/segments_anno.json</c>; errors name the file and the record (segGroups[i], objectId).</summary>
public static class ScanNetppAnnotations
{
    public static IReadOnlyList<ScanNetppSegGroup> ReadSegGroups(string path)
    {
        using var doc = Util.JsonErrors.ParseFile(path, allowTrailingCommas: true);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("segGroups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            throw new SparException($"{path}: no 'segGroups' array");
        var result = new List<ScanNetppSegGroup>();
        int g = 0;
        foreach (var group in groups.EnumerateArray())
        {
            string where = $"{path}: segGroups[{g}]";
            if (group.ValueKind != JsonValueKind.Object) throw new SparException($"{where} is not an object");
            int objectId = group.TryGetProperty("objectId", out var oid) && oid.ValueKind == JsonValueKind.Number && oid.TryGetInt32(out int o) ? o
                : group.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out int o2) ? o2
                : throw new SparException($"{where} has no integer 'objectId'");
            where += $" (objectId {objectId})";
            string label = group.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
            if (!group.TryGetProperty("segments", out var segs) || segs.ValueKind != JsonValueKind.Array)
                throw new SparException($"{where} has no 'segments' array");
            var segments = new int[segs.GetArrayLength()];
            int k = 0;
            foreach (var s in segs.EnumerateArray())
            {
                if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out segments[k])) throw new SparException($"{where}: segments[{k}] is not an integer");
                k++;
            }
            var obb = group.TryGetProperty("obb", out var b) && b.ValueKind == JsonValueKind.Object ? ReadObb(b, where, "obb") : null;
            result.Add(new ScanNetppSegGroup(objectId, label, segments, obb));
            g++;
        }
        return result;
    }

    /// <summary>
    /// An oriented box object (<c>centroid</c>, <c>axesLengths</c>, <c>normalizedAxes</c>) named <paramref name="name"/>
    /// in messages: ScanNet++'s <c>obb</c> and ARKitScenes' <c>segments.obbAligned</c> share this shape (both toolkits
    /// build their box with the rows of <c>normalizedAxes</c> as its axes), so one reader checks both.
    /// </summary>
    internal static ScanNetppObb ReadObb(JsonElement obb, string where, string name)
    {
        double[] Numbers(string field, int count)
        {
            if (!obb.TryGetProperty(field, out var a) || a.ValueKind != JsonValueKind.Array || a.GetArrayLength() != count)
                throw new SparException($"{where}: {name}.{field} must be an array of {count} numbers");
            var v = new double[count];
            int i = 0;
            foreach (var e in a.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number || !double.IsFinite(v[i] = e.GetDouble()))
                    throw new SparException($"{where}: {name}.{field}[{i}] is not a finite number ({e.GetRawText()})");
                i++;
            }
            return v;
        }
        var c = Numbers("centroid", 3);
        var len = Numbers("axesLengths", 3);
        var r = Numbers("normalizedAxes", 9);
        if (len.Any(x => x < 0)) throw new SparException($"{where}: {name}.axesLengths has a negative length");
        var axes = new[] { new Vec3(r[0], r[1], r[2]), new Vec3(r[3], r[4], r[5]), new Vec3(r[6], r[7], r[8]) };
        // A box whose axes are not orthonormal is not a box: its size and orientation would mean nothing.
        for (int i = 0; i < 3; i++)
        {
            if (Math.Abs(axes[i].Length - 1) > 1e-3) throw new SparException($"{where}: {name}.normalizedAxes row {i} has length {axes[i].Length:0.####}, not 1");
            for (int j = i + 1; j < 3; j++)
                if (Math.Abs(axes[i].Dot(axes[j])) > 1e-3) throw new SparException($"{where}: {name}.normalizedAxes rows {i} and {j} are not orthogonal");
        }
        return new ScanNetppObb(new Vec3(c[0], c[1], c[2]), new Vec3(len[0], len[1], len[2]), axes);
    }

}
