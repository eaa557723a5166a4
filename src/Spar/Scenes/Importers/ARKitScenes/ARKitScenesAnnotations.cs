using System.Text.Json;
using Spar.Scenes.Importers.ScanNetpp;
using Spar.Util;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>One <c>data[]</c> item of <c>&lt;video_id&gt;_3dod_annotation.json</c>: its position, raw label, uid and <c>segments.obbAligned</c>.</summary>
public sealed record ARKitScenesBox(int Position, string Label, string Uid, ScanNetppObb Obb);

/// <summary>The annotation file: its boxes in file order and its <c>skipped</c> flag.</summary>
public sealed record ARKitScenesAnnotation(bool Skipped, IReadOnlyList<ARKitScenesBox> Boxes);

/// <summary>
/// Reader for <c>&lt;video_id&gt;_3dod_annotation.json</c> (sources.md §4.2; the toolkit's <c>extract_gt</c>):
/// <c>{data: [{uid, label, segments: {obb, obbAligned}, …}], skipped, …}</c>. The box is <c>segments.obbAligned</c>
/// (<c>centroid</c>, full <c>axesLengths</c>, <c>normalizedAxes</c> whose <b>rows</b> are the box axes: the toolkit's
/// <c>compute_box_3d</c> makes corners <c>rotmat.T @ local</c>). Errors name the file and the record (<c>data[i]</c>).
/// </summary>
public static class ARKitScenesAnnotations
{
    /// <summary>The 17 classes of the toolkit's <c>taxonomy.py</c>; a normalised label outside them is not an object there.</summary>
    public static readonly IReadOnlySet<string> Classes = new HashSet<string>(StringComparer.Ordinal)
    {
        "cabinet", "refrigerator", "shelf", "stove", "bed", "sink", "washer", "toilet", "bathtub", "oven",
        "dishwasher", "fireplace", "stool", "chair", "table", "tv_monitor", "sofa",
    };

    /// <summary>The toolkit's normalisation: ' ', '-' and '/' become '_' (<c>extract_gt</c>), before the class check.</summary>
    public static string Normalise(string label) => label.Replace(' ', '_').Replace('-', '_').Replace('/', '_');

    /// <summary>spar's category for a class: a lower-case noun phrase (<c>tv_monitor</c> → <c>tv monitor</c>).</summary>
    public static string Category(string normalised) => normalised.Replace('_', ' ');

    public static ARKitScenesAnnotation Read(string path)
    {
        using var doc = JsonErrors.ParseFile(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new SparException($"{path}: not a JSON object (expected {{\"data\": [...], \"skipped\": ...}})");
        bool skipped = false;
        if (root.TryGetProperty("skipped", out var s))
            skipped = s.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw new SparException($"{path}: 'skipped' must be true or false, found {s.GetRawText()}"),
            };
        var boxes = new List<ARKitScenesBox>();
        if (!root.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
        {
            if (skipped) return new ARKitScenesAnnotation(true, boxes);
            throw new SparException($"{path}: no 'data' array");
        }
        if (data.ValueKind != JsonValueKind.Array) throw new SparException($"{path}: 'data' is not an array");
        int i = 0;
        foreach (var item in data.EnumerateArray())
        {
            string where = $"{path}: data[{i}]";
            if (item.ValueKind != JsonValueKind.Object) throw new SparException($"{where} is not an object");
            string uid = item.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
            if (uid.Length > 0) where += $" (uid {uid})";
            if (!item.TryGetProperty("label", out var l) || l.ValueKind != JsonValueKind.String)
                throw new SparException($"{where} has no string 'label'");
            if (!item.TryGetProperty("segments", out var seg) || seg.ValueKind != JsonValueKind.Object
                || !seg.TryGetProperty("obbAligned", out var obb) || obb.ValueKind != JsonValueKind.Object)
                throw new SparException($"{where} has no 'segments.obbAligned' box");
            boxes.Add(new ARKitScenesBox(i, l.GetString()!, uid, ScanNetppAnnotations.ReadObb(obb, where, "segments.obbAligned")));
            i++;
        }
        return new ARKitScenesAnnotation(skipped, boxes);
    }
}
