using Spar.Catalog;

namespace Spar.Dataset.Audit;

/// <summary>One marker of a record: its name (<c>red</c>, <c>object0</c>…), the image it is drawn on and its grid coordinates.</summary>
public sealed record Marker(string Name, int Image, double[] Grid)
{
    public bool IsBox => Grid.Length == 4;
}

/// <summary>
/// The markers of a record and the image each lands on: the catalogue's one reading of the marker layout
/// (<see cref="MarkerLayout.Resolve"/>, format.md §3, the same the painter and the validator use), named as the
/// question text names them (<c>red</c>… for the colour layouts, <c>object0</c>/<c>objectA</c> for the labelled lists).
/// </summary>
public static class MarkedObjects
{
    /// <param name="unreadable">Markers the record names but that cannot be placed (missing field, wrong number of
    /// coordinates, no usable image index, a coordinate that is not a number): <c>spar validate</c> reports each.</param>
    public static List<Marker> Of(QaRecord r, TaskInfo task, out int unreadable)
    {
        var resolved = task.Markers.Resolve(r);
        var result = new List<Marker>(resolved.Markers.Count);
        unreadable = resolved.Problems.Count(p => p.Blocking);
        foreach (var m in resolved.Markers)
        {
            if (m.Coordinates.Any(v => !double.IsFinite(v))) { unreadable++; continue; }
            result.Add(new Marker(m.Color is { } c ? MarkerFields.ColorName(c) : m.Label!, m.Image, m.Coordinates));
        }
        return result;
    }
}
