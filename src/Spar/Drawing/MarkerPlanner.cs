using Spar.Catalog;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Drawing;

/// <summary>A record whose markers cannot be drawn (missing field, bad index, unknown type…).</summary>
public sealed class MarkerException(string message) : SparException(message);

/// <summary>
/// Turns a record into its <see cref="MarkerPlan"/> using the task catalogue's marker layout (format.md §3):
/// which fields, which colours, which image each lands on, in which order. Pure: no images are touched.
/// Grid values outside 0–1000 are clamped and reported; structural problems throw <see cref="MarkerException"/>.
/// </summary>
public static class MarkerPlanner
{
    public const double GridMax = 1000;

    public static MarkerPlan Plan(QaRecord record)
    {
        if (!TaskCatalog.TryGet(record.Type, out var task))
            throw new MarkerException($"record {record.Id}: unknown type '{record.Type}'");
        var ctx = new Context(record);
        var layout = task.Markers;
        var resolved = layout.Resolve(record);
        if (resolved.FirstBlocking is { } problem) throw ctx.Error(problem.Message);
        if (resolved.Markers.Count > 0 && record.Image.Count == 0) throw ctx.Error("has no images to draw on");
        // Which fields, images and labels is the catalogue's (Resolve); how each layout is drawn is the painter's:
        // PIL discs and outlines for the fixed-colour layouts, OpenCV boxes with captions for the labelled ones.
        foreach (var m in resolved.Markers)
        {
            switch (layout.Kind)
            {
                case MarkerLayoutKind.Fixed or MarkerLayoutKind.PresentBoxesOnFirstIndex or MarkerLayoutKind.TwoOfThreeBoxes:
                    var color = MarkerColors.Pil(m.Color!.Value);
                    ctx.Add(m.Shape == MarkerShape.Point
                        ? new PointMarker(m.Image, ctx.Point(m.Coordinates, m.Field), color)
                        : new BoxMarker(m.Image, ctx.Box(m.Coordinates, m.Field), color));
                    break;
                case MarkerLayoutKind.LabelledBoxList:
                    ctx.Add(new LabelledBoxMarker(m.Image, ctx.Box(m.Coordinates, m.Field), MarkerColors.CvBoxOnRgb, m.Label!, LabelStyle.MapText));
                    break;
                case MarkerLayoutKind.LabelledPointList:
                    ctx.Add(new LabelledPointMarker(m.Image, ctx.Point(m.Coordinates, m.Field), m.Label!));
                    break;
                case MarkerLayoutKind.LabelledBoxes:
                    ctx.Add(new LabelledBoxMarker(m.Image, ctx.Box(m.Coordinates, m.Field), MarkerColors.VideoTag(m.Color!.Value), m.Label!, LabelStyle.VideoTag));
                    break;
                default:
                    throw new InvalidOperationException($"marker layout {layout.Kind} not handled");
            }
        }
        return new MarkerPlan(ctx.Ops, ctx.Warnings);
    }

    sealed class Context(QaRecord record)
    {
        public readonly List<MarkerOp> Ops = [];
        public readonly List<string> Warnings = [];

        public MarkerException Error(string message) => new($"record {record.Id}: {message}");

        public void Add(MarkerOp op) => Ops.Add(op);

        // Coordinate counts are checked by Resolve (a wrong count is blocking); here the grid is only clamped.
        public GridPoint Point(double[] v, string field)
        {
            return new(Clamp(v[0], field, "x"), Clamp(v[1], field, "y"));
        }

        public GridBox Box(double[] v, string field)
        {
            double x1 = Clamp(v[0], field, "x1"), y1 = Clamp(v[1], field, "y1"), x2 = Clamp(v[2], field, "x2"), y2 = Clamp(v[3], field, "y2");
            if (x2 < x1 || y2 < y1)
            {
                Warnings.Add($"record {record.Id}: '{field}' has its corners reversed; drawn normalised");
                (x1, x2) = (Math.Min(x1, x2), Math.Max(x1, x2));
                (y1, y2) = (Math.Min(y1, y2), Math.Max(y1, y2));
            }
            return new(x1, y1, x2, y2);
        }

        double Clamp(double v, string field, string axis)
        {
            if (v is >= 0 and <= GridMax) return v;
            double c = Math.Clamp(v, 0, GridMax);
            Warnings.Add($"record {record.Id}: '{field}' {axis} = {v} is outside the 0–1000 grid; clamped to {c}");
            return c;
        }
    }
}
