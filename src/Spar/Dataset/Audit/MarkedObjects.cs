using Spar.Catalog;

namespace Spar.Dataset.Audit;

/// <summary>One marker of a record: its name (<c>red</c>, <c>object0</c>…), the image it is drawn on and its grid coordinates.</summary>
public sealed record Marker(string Name, int Image, double[] Grid)
{
    public bool IsBox => Grid.Length == 4;
}

/// <summary>The markers of a record and the image each lands on, read from the catalogue's marker layout (format.md §3).</summary>
public static class MarkedObjects
{
    public static List<Marker> Of(QaRecord r, TaskInfo task)
    {
        var result = new List<Marker>();
        var layout = task.Markers;
        double[]? pii = r.PointImgIdx is [{ } p, ..] ? p : null, bii = r.BboxImgIdx is [{ } b, ..] ? b : null;
        int Index(double[]? list, int k) => list != null && k < list.Length && double.IsFinite(list[k]) ? (int)list[k] : -1;
        switch (layout.Kind)
        {
            case MarkerLayoutKind.Fixed:
            case MarkerLayoutKind.LabelledBoxes:
                foreach (var slot in layout.Slots)
                {
                    if (r.GetMarker(slot.FieldName) is not [{ } grid, ..]) continue;
                    int image = slot.At.Kind switch
                    {
                        ImageRefKind.Image0 => 0,
                        ImageRefKind.PointIndex => Index(pii, slot.At.Index),
                        _ => Index(bii, slot.At.Index),
                    };
                    result.Add(new Marker(MarkerFields.ColorName(slot.Color), image, grid));
                }
                break;
            case MarkerLayoutKind.PresentBoxesOnFirstIndex:
            case MarkerLayoutKind.TwoOfThreeBoxes:
                int k = 0;
                foreach (var slot in layout.Slots)
                {
                    if (r.GetMarker(slot.FieldName) is not [{ } grid, ..]) continue;
                    int image = layout.Kind == MarkerLayoutKind.PresentBoxesOnFirstIndex ? Index(bii, 0) : Index(bii, k);
                    result.Add(new Marker(MarkerFields.ColorName(slot.Color), image, grid));
                    k++;
                }
                break;
            case MarkerLayoutKind.LabelledBoxList when r.BboxList is [{ } boxes, ..]:
                for (int i = 0; i < boxes.Length; i++) result.Add(new Marker($"object{i}", Index(bii, i), boxes[i]));
                break;
            case MarkerLayoutKind.LabelledPointList when r.PointList is [{ } points, ..]:
                for (int i = 0; i < points.Length; i++) result.Add(new Marker(i == 0 ? "objectA" : $"object{i - 1}", Index(pii, i), points[i]));
                break;
        }
        result.RemoveAll(m => m.Grid.Length is not (2 or 4) || m.Grid.Any(v => !double.IsFinite(v)));
        return result;
    }
}
