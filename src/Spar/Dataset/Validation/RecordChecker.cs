using System.Globalization;
using Spar.Catalog;

namespace Spar.Dataset;

/// <summary>A problem inside one record, before it is located in a file.</summary>
public readonly record struct RecordIssue(Severity Severity, string Kind, string Message);

/// <summary>
/// Checks one parsed record against the catalogue: required fields, marker fields exactly as its type needs, the 0–1000
/// grid, image indices, answer shape. File-system checks (images exist) are done by the caller.
/// </summary>
public static class RecordChecker
{
    public static void Check(QaRecord r, string? folderTask, QaFormat? folderFormat, List<RecordIssue> issues)
    {
        if (string.IsNullOrEmpty(r.Id)) issues.Add(Err("missing-field", "missing or empty \"id\""));
        if (r.Conversations.Count < 2)
            issues.Add(Err("missing-field", $"\"conversations\" needs a question and an answer turn, found {r.Conversations.Count}"));
        else if (r.Conversations[0].From != "human" || r.Conversations[1].From != "gpt")
            issues.Add(Err("conversation", $"conversation turns must be from \"human\" then \"gpt\", found \"{r.Conversations[0].From}\", \"{r.Conversations[1].From}\""));
        if (r.Image.Count == 0) issues.Add(Err("missing-field", "\"image\" is missing or empty"));
        if (r.Depth != null && r.Depth.Count != r.Image.Count)
            issues.Add(Err("depth", $"\"depth\" has {r.Depth.Count} entries for {r.Image.Count} images"));

        if (string.IsNullOrEmpty(r.Type)) { issues.Add(Err("missing-field", "missing \"type\"")); return; }
        if (!TaskCatalog.TryGet(r.Type, out var task)) { issues.Add(Err("unknown-type", $"unknown type \"{r.Type}\"")); return; }
        if (folderTask != null && folderTask != task.FolderName)
            issues.Add(Err("type-folder", $"type \"{r.Type}\" in folder \"{folderTask}\""));

        CheckMarkers(r, task, issues);
        if (folderFormat is { } format && r.Conversations.Count >= 2) CheckAnswer(r, task, format, issues);
    }

    static void CheckMarkers(QaRecord r, TaskInfo task, List<RecordIssue> issues)
    {
        var layout = task.Markers;
        var expected = ExpectedFields(task);
        int images = r.Image.Count;

        switch (layout.Kind)
        {
            case MarkerLayoutKind.Fixed or MarkerLayoutKind.LabelledBoxes:
                foreach (var slot in layout.Slots)
                {
                    var value = r.GetMarker(slot.FieldName);
                    if (value == null) { issues.Add(Err("marker-missing", $"type {task.Type} needs \"{slot.FieldName}\"")); continue; }
                    CheckShape(slot.FieldName, value, slot.Shape, issues);
                    CheckIndex(r, slot.At, slot.FieldName, images, issues);
                }
                CheckIndexCount(r, MarkerFields.PointImageIndex, r.PointImgIdx, IndexCount(layout, ImageRefKind.PointIndex), issues);
                CheckIndexCount(r, MarkerFields.BoxImageIndex, r.BboxImgIdx, IndexCount(layout, ImageRefKind.BoxIndex), issues);
                break;
            case MarkerLayoutKind.PresentBoxesOnFirstIndex or MarkerLayoutKind.TwoOfThreeBoxes:
                var present = layout.Slots.Where(s => r.GetMarker(s.FieldName) != null).ToList();
                bool two = layout.Kind == MarkerLayoutKind.TwoOfThreeBoxes;
                if (two && present.Count != 2)
                    issues.Add(Err("marker-missing", $"type {task.Type} needs exactly two of red_bbox/blue_bbox/green_bbox, found {present.Count}"));
                if (!two && present.Count == 0)
                    issues.Add(Err("marker-missing", $"type {task.Type} needs at least one of red_bbox/blue_bbox/green_bbox"));
                for (int i = 0; i < present.Count; i++)
                {
                    CheckShape(present[i].FieldName, r.GetMarker(present[i].FieldName)!, MarkerShape.Box, issues);
                    int k = two ? Math.Min(i, 1) : 0;
                    CheckIndex(r, new ImageRef(ImageRefKind.BoxIndex, k), present[i].FieldName, images, issues);
                }
                // oc_mv draws every present box on bii[0]; whether released records list one index or one per box is unknown, so
                // no upper bound there. oo_mv reads bii[0] and bii[1].
                CheckIndexCount(r, MarkerFields.BoxImageIndex, r.BboxImgIdx, two ? 2 : int.MaxValue, issues);
                break;
            case MarkerLayoutKind.LabelledBoxList:
                CheckList(r, r.BboxList, MarkerFields.BoxList, MarkerShape.Box, ImageRefKind.BoxIndex, images, issues);
                break;
            case MarkerLayoutKind.LabelledPointList:
                CheckList(r, r.PointList, MarkerFields.PointList, MarkerShape.Point, ImageRefKind.PointIndex, images, issues);
                break;
        }

        foreach (var (name, _, _) in MarkerFields.Singles)
            if (!expected.Contains(name) && r.GetMarker(name) != null)
                issues.Add(Err("marker-unexpected", $"type {task.Type} has no \"{name}\" marker"));
        if (!expected.Contains(MarkerFields.PointList) && r.PointList != null) issues.Add(Err("marker-unexpected", $"type {task.Type} has no \"point_list\""));
        if (!expected.Contains(MarkerFields.BoxList) && r.BboxList != null) issues.Add(Err("marker-unexpected", $"type {task.Type} has no \"bbox_list\""));
    }

    /// <summary>How many entries the layout reads from point_img_idx[0] or bbox_img_idx[0] (0 = that field is not read).</summary>
    static int IndexCount(MarkerLayout layout, ImageRefKind kind) =>
        layout.Slots.Where(s => s.At.Kind == kind).Select(s => s.At.Index + 1).DefaultIfEmpty(0).Max();

    /// <summary>
    /// An index field the layout reads is one wrapped list with no more than <paramref name="count"/> entries (too few is
    /// reported by <see cref="CheckIndex"/> for the marker that lacks its entry).
    /// </summary>
    static void CheckIndexCount(QaRecord r, string field, double[][]? value, int count, List<RecordIssue> issues)
    {
        if (count == 0 || value == null || value.Length == 0) return;   // not read, or missing (reported with the marker that needs it)
        if (value.Length != 1)
            issues.Add(Err("marker-shape", $"\"{field}\" has {value.Length} lists; expected one wrapped list [[…]]"));
        else if (value[0].Length > count)
            issues.Add(Err("marker-shape", $"\"{field}[0]\" has {value[0].Length} entries; type {r.Type} has {count} {(count == 1 ? "marker" : "markers")} that use it"));
    }

    static readonly Dictionary<string, HashSet<string>> ExpectedByType = TaskCatalog.All.ToDictionary(t => t.Type, BuildExpected);

    /// <summary>Every marker field a record of this type may carry (computed once per type, not per record).</summary>
    static HashSet<string> ExpectedFields(TaskInfo task) => ExpectedByType[task.Type];

    static HashSet<string> BuildExpected(TaskInfo task)
    {
        var layout = task.Markers;
        var set = new HashSet<string>(layout.Slots.Select(s => s.FieldName), StringComparer.Ordinal);
        if (layout.Kind == MarkerLayoutKind.LabelledBoxList) set.Add(MarkerFields.BoxList);
        if (layout.Kind == MarkerLayoutKind.LabelledPointList) set.Add(MarkerFields.PointList);
        if (layout.UsesPointIndex) set.Add(MarkerFields.PointImageIndex);
        if (layout.UsesBoxIndex) set.Add(MarkerFields.BoxImageIndex);
        return set;
    }

    static void CheckList(QaRecord r, double[][][]? list, string field, MarkerShape shape, ImageRefKind indexKind, int images, List<RecordIssue> issues)
    {
        if (list == null || list.Length == 0) { issues.Add(Err("marker-missing", $"type {r.Type} needs \"{field}\"")); return; }
        if (list.Length != 1) issues.Add(Err("marker-shape", $"\"{field}\" has {list.Length} lists; expected one wrapped list [[…]]"));
        var items = list[0];
        if (items.Length == 0) { issues.Add(Err("marker-shape", $"\"{field}[0]\" is empty; type {r.Type} needs at least one marker")); return; }
        for (int i = 0; i < items.Length; i++)
        {
            CheckCoordinates($"{field}[0][{i}]", items[i], shape, issues);
            CheckIndex(r, new ImageRef(indexKind, i), $"{field}[0][{i}]", images, issues);
        }
        var indexField = indexKind == ImageRefKind.PointIndex ? MarkerFields.PointImageIndex : MarkerFields.BoxImageIndex;
        CheckIndexCount(r, indexField, indexKind == ImageRefKind.PointIndex ? r.PointImgIdx : r.BboxImgIdx, items.Length, issues);
    }

    static void CheckShape(string field, double[][] value, MarkerShape shape, List<RecordIssue> issues)
    {
        var one = shape == MarkerShape.Point ? "[[x, y]]" : "[[x1, y1, x2, y2]]";
        if (value.Length == 0) { issues.Add(Err("marker-shape", $"\"{field}\" is an empty list (expected {one})")); return; }
        if (value.Length != 1)
            issues.Add(Err("marker-shape", $"\"{field}\" holds {value.Length} {(shape == MarkerShape.Point ? "points" : "boxes")}; it is one, wrapped: {one}"));
        CheckCoordinates(field + "[0]", value[0], shape, issues);
    }

    static void CheckCoordinates(string where, double[] c, MarkerShape shape, List<RecordIssue> issues)
    {
        int n = shape == MarkerShape.Point ? 2 : 4;
        if (c.Length != n) { issues.Add(Err("marker-shape", $"\"{where}\" has {c.Length} numbers, expected {n}")); return; }
        foreach (var v in c)
            if (!(v >= 0 && v <= 1000))
            {
                issues.Add(Err("marker-range", $"\"{where}\" = [{string.Join(", ", c.Select(Num))}] leaves the 0–1000 grid"));
                return;
            }
        if (shape == MarkerShape.Box && (c[2] < c[0] || c[3] < c[1]))
            issues.Add(Err("marker-shape", $"\"{where}\" = [{string.Join(", ", c.Select(Num))}] is not [x1, y1, x2, y2] with x1 ≤ x2, y1 ≤ y2"));
    }

    static void CheckIndex(QaRecord r, ImageRef at, string field, int images, List<RecordIssue> issues)
    {
        if (at.Kind == ImageRefKind.Image0) return;
        var name = at.Kind == ImageRefKind.PointIndex ? MarkerFields.PointImageIndex : MarkerFields.BoxImageIndex;
        var idx = at.Kind == ImageRefKind.PointIndex ? r.PointImgIdx : r.BboxImgIdx;
        if (idx == null || idx.Length == 0) { issues.Add(Err("marker-index", $"\"{field}\" needs \"{name}\"")); return; }
        if (at.Index >= idx[0].Length) { issues.Add(Err("marker-index", $"\"{name}[0]\" has {idx[0].Length} entries; \"{field}\" needs entry {at.Index}")); return; }
        var v = idx[0][at.Index];
        if (v != Math.Floor(v) || v < 0 || v >= images)
            issues.Add(Err("marker-index", $"\"{name}[0][{at.Index}]\" = {Num(v)} for \"{field}\" is outside the {images} image(s)"));
    }

    static void CheckAnswer(QaRecord r, TaskInfo task, QaFormat format, List<RecordIssue> issues)
    {
        if (!task.HasFormat(format)) issues.Add(Warn("format", $"type {task.Type} has no \"{format.FolderName()}\" format in SPAR-7M"));
        var answer = r.Answer.Trim();
        switch (format)
        {
            case QaFormat.Select:
                var letters = SelectOptions.Letters(r.Question);
                if (letters.Count == 0) issues.Add(Err("select-options", "select question lists no lettered options (\"A. …\")"));
                else if (!SelectOptions.TryAnswerLetter(answer, out var letter) || !letters.Contains(letter))
                    issues.Add(Err("select-answer", $"select answer \"{Short(answer)}\" is not one of the offered letters {string.Join(", ", letters)}"));
                break;
            case QaFormat.Fill when task.HasNumericFill:
                if (!double.TryParse(answer, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                    issues.Add(Err("fill-number", $"fill answer \"{Short(answer)}\" is not a finite number"));
                break;
            case QaFormat.Judge:
                if (answer is not ("Yes" or "No" or "yes" or "no"))
                    issues.Add(Warn("judge-answer", $"judge answer \"{Short(answer)}\" is not Yes or No"));
                break;
        }
        if (answer.Length == 0) issues.Add(Err("empty-answer", "empty answer"));
    }

    static string Short(string s) => s.Length <= 60 ? s : s[..57] + "…";
    static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
    static RecordIssue Err(string kind, string message) => new(Severity.Error, kind, message);
    static RecordIssue Warn(string kind, string message) => new(Severity.Warning, kind, message);
}
