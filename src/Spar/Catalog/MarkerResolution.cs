using System.Globalization;

namespace Spar.Catalog;

/// <summary>The marker-bearing fields of a record, as <see cref="MarkerLayout.Resolve"/> reads them (QaRecord implements it).</summary>
public interface IMarkedRecord
{
    string Type { get; }
    int ImageCount { get; }
    /// <summary>A single-marker field (<c>red_point</c>…) or an index field (<c>point_img_idx</c>, <c>bbox_img_idx</c>); null when absent.</summary>
    double[][]? GetMarker(string field);
    double[][][]? PointList { get; }
    double[][][]? BboxList { get; }
}

public enum MarkerProblemKind { Missing, Shape, Range, Index, Unexpected }

/// <param name="Blocking">The marker cannot be drawn at all (missing, wrong number of coordinates, no usable image index).
/// Non-blocking problems (outside the grid, reversed corners, extra list entries, fields the type does not use) are
/// errors to the validator but the painter can still draw, clamping or normalising as SPAR's drawers do.</param>
public readonly record struct MarkerProblem(MarkerProblemKind Kind, string Message, bool Blocking)
{
    /// <summary>The validator's issue kind: <c>marker-missing</c>, <c>marker-shape</c>, <c>marker-range</c>, <c>marker-index</c>, <c>marker-unexpected</c>.</summary>
    public string KindName => Kind switch
    {
        MarkerProblemKind.Missing => "marker-missing",
        MarkerProblemKind.Shape => "marker-shape",
        MarkerProblemKind.Range => "marker-range",
        MarkerProblemKind.Index => "marker-index",
        _ => "marker-unexpected",
    };
}

/// <summary>One marker of a record, resolved: where its coordinates came from, what it is, which image it lands on.</summary>
/// <param name="Field">The field it was read from, with the list position for list layouts (<c>bbox_list[0][2]</c>).</param>
/// <param name="Color">The marker's colour; null for the list layouts, whose drawers colour by style.</param>
/// <param name="Label">The caption the OpenCV drawers write (<c>object0</c>, <c>objectA</c>); null for PIL markers.</param>
/// <param name="Coordinates">The raw grid numbers (2 for a point, 4 for a box), not clamped.</param>
public sealed record ResolvedMarker(string Field, MarkerShape Shape, MarkerColor? Color, int Image, string? Label, double[] Coordinates);

/// <summary>The markers that can be drawn, in drawing order, and every problem found, in the order the validator reports them.</summary>
public sealed record ResolvedMarkers(IReadOnlyList<ResolvedMarker> Markers, IReadOnlyList<MarkerProblem> Problems)
{
    public MarkerProblem? FirstBlocking => Problems.Where(p => p.Blocking).Select(p => (MarkerProblem?)p).FirstOrDefault();
}

public sealed partial record MarkerLayout
{
    /// <summary>
    /// The one reading of this layout on a record (format.md §3): which fields it carries, which image each marker lands
    /// on, its label, and what is wrong. The painter draws <see cref="ResolvedMarkers.Markers"/> unless a problem is
    /// blocking; the validator reports every problem; bench build leaves out a record with any.
    /// </summary>
    public ResolvedMarkers Resolve(IMarkedRecord r)
    {
        var markers = new List<ResolvedMarker>();
        var problems = new List<MarkerProblem>();
        int images = r.ImageCount;
        switch (Kind)
        {
            case MarkerLayoutKind.Fixed or MarkerLayoutKind.LabelledBoxes:
                for (int k = 0; k < Slots.Count; k++)
                {
                    var slot = Slots[k];
                    string field = slot.FieldName;
                    var value = r.GetMarker(field);
                    if (value == null) { problems.Add(new(MarkerProblemKind.Missing, $"type {r.Type} needs \"{field}\"", true)); continue; }
                    bool drawable = CheckShape(field, value, slot.Shape, problems);
                    int? image = CheckIndex(r, slot.At, field, images, problems);
                    if (drawable && image is int i)
                        markers.Add(new(field, slot.Shape, slot.Color, i, Kind == MarkerLayoutKind.LabelledBoxes ? $"object{k}" : null, value[0]));
                }
                CheckIndexCount(r, MarkerFields.PointImageIndex, r.GetMarker(MarkerFields.PointImageIndex), IndexCount(ImageRefKind.PointIndex), problems);
                CheckIndexCount(r, MarkerFields.BoxImageIndex, r.GetMarker(MarkerFields.BoxImageIndex), IndexCount(ImageRefKind.BoxIndex), problems);
                break;
            case MarkerLayoutKind.PresentBoxesOnFirstIndex or MarkerLayoutKind.TwoOfThreeBoxes:
            {
                var present = Slots.Where(s => r.GetMarker(s.FieldName) != null).ToList();
                bool two = Kind == MarkerLayoutKind.TwoOfThreeBoxes;
                // oo_mv reads bii[0] and bii[1] for the first and second present box: with any other count it is unclear
                // which box goes where. oc_mv with none present draws nothing, which the painter can do.
                if (two && present.Count != 2)
                    problems.Add(new(MarkerProblemKind.Missing, $"type {r.Type} needs exactly two of red_bbox/blue_bbox/green_bbox, found {present.Count}", true));
                if (!two && present.Count == 0)
                    problems.Add(new(MarkerProblemKind.Missing, $"type {r.Type} needs at least one of red_bbox/blue_bbox/green_bbox", false));
                for (int i = 0; i < present.Count; i++)
                {
                    var slot = present[i];
                    var value = r.GetMarker(slot.FieldName)!;
                    bool drawable = CheckShape(slot.FieldName, value, MarkerShape.Box, problems);
                    int? image = CheckIndex(r, new ImageRef(ImageRefKind.BoxIndex, two ? Math.Min(i, 1) : 0), slot.FieldName, images, problems);
                    if (drawable && image is int at) markers.Add(new(slot.FieldName, MarkerShape.Box, slot.Color, at, null, value[0]));
                }
                // oc_mv draws every present box on bii[0]; whether released records list one index or one per box is unknown, so
                // no upper bound there. oo_mv reads bii[0] and bii[1].
                CheckIndexCount(r, MarkerFields.BoxImageIndex, r.GetMarker(MarkerFields.BoxImageIndex), two ? 2 : int.MaxValue, problems);
                break;
            }
            case MarkerLayoutKind.LabelledBoxList:
                CheckList(r, r.BboxList, MarkerFields.BoxList, MarkerShape.Box, ImageRefKind.BoxIndex, images, i => $"object{i}", markers, problems);
                break;
            case MarkerLayoutKind.LabelledPointList:
                CheckList(r, r.PointList, MarkerFields.PointList, MarkerShape.Point, ImageRefKind.PointIndex, images,
                    i => i == 0 ? "objectA" : $"object{i - 1}", markers, problems);
                break;
        }

        foreach (var (name, color, shape) in MarkerFields.Singles)
            if (!Slots.Any(s => s.Color == color && s.Shape == shape) && r.GetMarker(name) != null)
                problems.Add(new(MarkerProblemKind.Unexpected, $"type {r.Type} has no \"{name}\" marker", false));
        if (Kind != MarkerLayoutKind.LabelledPointList && r.PointList != null)
            problems.Add(new(MarkerProblemKind.Unexpected, $"type {r.Type} has no \"point_list\"", false));
        if (Kind != MarkerLayoutKind.LabelledBoxList && r.BboxList != null)
            problems.Add(new(MarkerProblemKind.Unexpected, $"type {r.Type} has no \"bbox_list\"", false));
        return new ResolvedMarkers(markers, problems);
    }

    /// <summary>How many entries the layout reads from point_img_idx[0] or bbox_img_idx[0] (0 = that field is not read).</summary>
    int IndexCount(ImageRefKind kind)
    {
        int n = 0;
        foreach (var s in Slots) if (s.At.Kind == kind) n = Math.Max(n, s.At.Index + 1);
        return n;
    }

    /// <summary>
    /// An index field the layout reads is one wrapped list with no more than <paramref name="count"/> entries (too few is
    /// reported by <see cref="CheckIndex"/> for the marker that lacks its entry).
    /// </summary>
    static void CheckIndexCount(IMarkedRecord r, string field, double[][]? value, int count, List<MarkerProblem> problems)
    {
        if (count == 0 || value == null || value.Length == 0) return;   // not read, or missing (reported with the marker that needs it)
        if (value.Length != 1)
            problems.Add(new(MarkerProblemKind.Shape, $"\"{field}\" has {value.Length} lists; expected one wrapped list [[…]]", false));
        else if (value[0].Length > count)
            problems.Add(new(MarkerProblemKind.Shape,
                $"\"{field}[0]\" has {value[0].Length} entries; type {r.Type} has {count} {(count == 1 ? "marker" : "markers")} that use it", false));
    }

    static void CheckList(IMarkedRecord r, double[][][]? list, string field, MarkerShape shape, ImageRefKind indexKind, int images,
        Func<int, string> label, List<ResolvedMarker> markers, List<MarkerProblem> problems)
    {
        if (list == null || list.Length == 0) { problems.Add(new(MarkerProblemKind.Missing, $"type {r.Type} needs \"{field}\"", true)); return; }
        if (list.Length != 1) problems.Add(new(MarkerProblemKind.Shape, $"\"{field}\" has {list.Length} lists; expected one wrapped list [[…]]", false));
        var items = list[0];
        if (items.Length == 0) { problems.Add(new(MarkerProblemKind.Shape, $"\"{field}[0]\" is empty; type {r.Type} needs at least one marker", false)); return; }
        for (int i = 0; i < items.Length; i++)
        {
            string where = $"{field}[0][{i}]";
            bool drawable = CheckCoordinates(where, items[i], shape, problems);
            int? image = CheckIndex(r, new ImageRef(indexKind, i), where, images, problems);
            if (drawable && image is int at) markers.Add(new(where, shape, null, at, label(i), items[i]));
        }
        var indexField = indexKind == ImageRefKind.PointIndex ? MarkerFields.PointImageIndex : MarkerFields.BoxImageIndex;
        CheckIndexCount(r, indexField, r.GetMarker(indexField), items.Length, problems);
    }

    /// <summary>A single-marker field is one wrapped marker <c>[[…]]</c>; false when there is nothing drawable in it.</summary>
    static bool CheckShape(string field, double[][] value, MarkerShape shape, List<MarkerProblem> problems)
    {
        var one = shape == MarkerShape.Point ? "[[x, y]]" : "[[x1, y1, x2, y2]]";
        if (value.Length == 0) { problems.Add(new(MarkerProblemKind.Shape, $"\"{field}\" is an empty list (expected {one})", true)); return false; }
        if (value.Length != 1)
            problems.Add(new(MarkerProblemKind.Shape,
                $"\"{field}\" holds {value.Length} {(shape == MarkerShape.Point ? "points" : "boxes")}; it is one, wrapped: {one}", false));
        return CheckCoordinates(field + "[0]", value[0], shape, problems);
    }

    /// <summary>False when the coordinate count is wrong (nothing to draw); the grid range and corner order are not blocking.</summary>
    static bool CheckCoordinates(string where, double[] c, MarkerShape shape, List<MarkerProblem> problems)
    {
        int n = shape == MarkerShape.Point ? 2 : 4;
        if (c.Length != n) { problems.Add(new(MarkerProblemKind.Shape, $"\"{where}\" has {c.Length} numbers, expected {n}", true)); return false; }
        foreach (var v in c)
            if (!(v >= 0 && v <= 1000))
            {
                problems.Add(new(MarkerProblemKind.Range, $"\"{where}\" = [{string.Join(", ", c.Select(Num))}] leaves the 0–1000 grid", false));
                return true;
            }
        if (shape == MarkerShape.Box && (c[2] < c[0] || c[3] < c[1]))
            problems.Add(new(MarkerProblemKind.Shape, $"\"{where}\" = [{string.Join(", ", c.Select(Num))}] is not [x1, y1, x2, y2] with x1 ≤ x2, y1 ≤ y2", false));
        return true;
    }

    /// <summary>The image the marker lands on, or null (with a blocking problem) when the index field cannot say.</summary>
    static int? CheckIndex(IMarkedRecord r, ImageRef at, string field, int images, List<MarkerProblem> problems)
    {
        if (at.Kind == ImageRefKind.Image0) return 0;
        var name = at.Kind == ImageRefKind.PointIndex ? MarkerFields.PointImageIndex : MarkerFields.BoxImageIndex;
        var idx = r.GetMarker(name);
        if (idx == null || idx.Length == 0) { problems.Add(new(MarkerProblemKind.Index, $"\"{field}\" needs \"{name}\"", true)); return null; }
        if (at.Index >= idx[0].Length)
        {
            problems.Add(new(MarkerProblemKind.Index, $"\"{name}[0]\" has {idx[0].Length} entries; \"{field}\" needs entry {at.Index}", true));
            return null;
        }
        var v = idx[0][at.Index];
        if (v != Math.Floor(v) || v < 0 || v >= images)
        {
            problems.Add(new(MarkerProblemKind.Index, $"\"{name}[0][{at.Index}]\" = {Num(v)} for \"{field}\" is outside the {images} image(s)", true));
            return null;
        }
        return (int)v;
    }

    static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
}
