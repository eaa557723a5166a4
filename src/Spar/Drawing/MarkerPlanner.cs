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
        switch (layout.Kind)
        {
            case MarkerLayoutKind.None:
                break;
            case MarkerLayoutKind.Fixed:
                foreach (var slot in layout.Slots) ctx.AddPil(slot, ctx.Require(slot.FieldName), slot.At);
                break;
            case MarkerLayoutKind.PresentBoxesOnFirstIndex:
                foreach (var slot in layout.Slots)
                    if (ctx.Present(slot.FieldName) is { } value) ctx.AddPil(slot, value, new ImageRef(ImageRefKind.BoxIndex, 0));
                break;
            case MarkerLayoutKind.TwoOfThreeBoxes:
            {
                var present = layout.Slots.Where(s => ctx.Present(s.FieldName) is not null).ToList();
                if (present.Count != 2)
                    throw ctx.Error($"type {record.Type} needs exactly two of red_bbox, blue_bbox, green_bbox; found {present.Count}");
                for (int k = 0; k < 2; k++) ctx.AddPil(present[k], ctx.Require(present[k].FieldName), new ImageRef(ImageRefKind.BoxIndex, k));
                break;
            }
            case MarkerLayoutKind.LabelledBoxList:
            {
                var boxes = ctx.List(record.BboxList, MarkerFields.BoxList);
                for (int i = 0; i < boxes.Length; i++)
                {
                    var box = ctx.Box(boxes[i], $"{MarkerFields.BoxList}[0][{i}]");
                    ctx.Add(new LabelledBoxMarker(ctx.Image(new ImageRef(ImageRefKind.BoxIndex, i)), box,
                        MarkerColors.CvBoxOnRgb, $"object{i}", LabelStyle.MapText));
                }
                break;
            }
            case MarkerLayoutKind.LabelledPointList:
            {
                var points = ctx.List(record.PointList, MarkerFields.PointList);
                for (int i = 0; i < points.Length; i++)
                {
                    var pt = ctx.Point(points[i], $"{MarkerFields.PointList}[0][{i}]");
                    ctx.Add(new LabelledPointMarker(ctx.Image(new ImageRef(ImageRefKind.PointIndex, i)), pt,
                        i == 0 ? "objectA" : $"object{i - 1}"));
                }
                break;
            }
            case MarkerLayoutKind.LabelledBoxes:
                for (int k = 0; k < layout.Slots.Count; k++)
                {
                    var slot = layout.Slots[k];
                    var box = ctx.Box(ctx.Require(slot.FieldName), slot.FieldName);
                    ctx.Add(new LabelledBoxMarker(ctx.Image(slot.At), box, MarkerColors.VideoTag(slot.Color), $"object{k}", LabelStyle.VideoTag));
                }
                break;
            default:
                throw new InvalidOperationException($"marker layout {layout.Kind} not handled");
        }
        return new MarkerPlan(ctx.Ops, ctx.Warnings);
    }

    sealed class Context(QaRecord record)
    {
        public readonly List<MarkerOp> Ops = [];
        public readonly List<string> Warnings = [];

        public MarkerException Error(string message) => new($"record {record.Id}: {message}");

        public void Add(MarkerOp op) => Ops.Add(op);

        public double[]? Present(string field) => record.GetMarker(field) is { Length: > 0 } v ? v[0] : null;

        public double[] Require(string field) =>
            Present(field) ?? throw Error($"type {record.Type} needs '{field}', which is missing or empty");

        public double[][] List(double[][][]? value, string field) =>
            value is { Length: > 0 } v ? v[0] : throw Error($"type {record.Type} needs '{field}', which is missing or empty");

        public void AddPil(MarkerSlot slot, double[] value, ImageRef at)
        {
            int image = Image(at);
            var color = MarkerColors.Pil(slot.Color);
            Add(slot.Shape == MarkerShape.Point
                ? new PointMarker(image, Point(value, slot.FieldName), color)
                : new BoxMarker(image, Box(value, slot.FieldName), color));
        }

        public int Image(ImageRef at)
        {
            int n = record.Image.Count;
            if (n == 0) throw Error("has no images to draw on");
            if (at.Kind == ImageRefKind.Image0) return 0;
            string field = at.Kind == ImageRefKind.PointIndex ? MarkerFields.PointImageIndex : MarkerFields.BoxImageIndex;
            var list = record.GetMarker(field);
            if (list is not { Length: > 0 } || at.Index >= list[0].Length)
                throw Error($"'{field}[0][{at.Index}]' is needed but missing");
            double v = list[0][at.Index];
            if (v != Math.Floor(v) || v < 0 || v >= n)
                throw Error($"'{field}[0][{at.Index}]' = {v} is not an image index (record has {n} images)");
            return (int)v;
        }

        public GridPoint Point(double[] v, string field)
        {
            if (v.Length != 2) throw Error($"'{field}' must be [[x, y]], has {v.Length} numbers");
            return new(Clamp(v[0], field, "x"), Clamp(v[1], field, "y"));
        }

        public GridBox Box(double[] v, string field)
        {
            if (v.Length != 4) throw Error($"'{field}' must be [[x1, y1, x2, y2]], has {v.Length} numbers");
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
