using Spar.Imaging;

namespace Spar.Drawing;

/// <summary>
/// Draws <see cref="MarkerOp"/>s onto decoded images exactly as SPAR's reference drawer (format.md §4):
/// grid → pixels by divide, multiply, truncate; PIL discs and inward-growing outlines; OpenCV boxes, circles and
/// Hershey labels.
/// </summary>
public static class MarkerPainter
{
    public const int PointRadius = 20;
    public const int BoxStroke = 20;
    /// <summary>The PIL box grows by <c>20 * 7 / 8</c> px before truncation.</summary>
    public const double BoxGrowth = 20 * 7 / 8.0;
    public const double LabelScale = 2.0;
    public const int LabelThickness = 10;

    /// <summary>Grid value → pixel: <c>trunc((v / 1000.0) * size)</c>, in this order (the order changes results).</summary>
    public static int ToPixel(double grid, int size) => (int)(grid / 1000.0 * size);

    public static double ToPixelF(double grid, int size) => grid / 1000.0 * size;

    /// <summary>Draws every op of <paramref name="plan"/> on its image, in order.</summary>
    public static void Paint(MarkerPlan plan, IReadOnlyList<RgbaImage> images)
    {
        foreach (var op in plan.Ops) Paint(images[op.Image], op);
    }

    public static void Paint(RgbaImage img, MarkerOp op)
    {
        switch (op)
        {
            case PointMarker p: PaintPoint(img, p); break;
            case BoxMarker b: PaintBox(img, b); break;
            case LabelledBoxMarker lb: PaintLabelledBox(img, lb); break;
            case LabelledPointMarker lp: PaintLabelledPoint(img, lp); break;
            default: throw new ArgumentException($"unknown marker op {op.GetType().Name}", nameof(op));
        }
    }

    static void PaintPoint(RgbaImage img, PointMarker p)
    {
        int cx = ToPixel(p.At.X, img.Width), cy = ToPixel(p.At.Y, img.Height);
        PilRaster.FillEllipse(img, cx - PointRadius, cy - PointRadius, cx + PointRadius, cy + PointRadius, p.Color);
    }

    static void PaintBox(RgbaImage img, BoxMarker b)
    {
        // Fractional until after the growth; (int) truncates toward zero like Pillow's coordinate conversion.
        int x0 = (int)(ToPixelF(b.Box.X1, img.Width) - BoxGrowth), y0 = (int)(ToPixelF(b.Box.Y1, img.Height) - BoxGrowth);
        int x1 = (int)(ToPixelF(b.Box.X2, img.Width) + BoxGrowth), y1 = (int)(ToPixelF(b.Box.Y2, img.Height) + BoxGrowth);
        PilRaster.RectangleOutline(img, x0, y0, x1, y1, BoxStroke, b.Color);
    }

    static void PaintLabelledBox(RgbaImage img, LabelledBoxMarker m)
    {
        int x1 = ToPixel(m.Box.X1, img.Width), y1 = ToPixel(m.Box.Y1, img.Height);
        int x2 = ToPixel(m.Box.X2, img.Width), y2 = ToPixel(m.Box.Y2, img.Height);
        CvRaster.Rectangle(img, x1 - PointRadius, y1 - PointRadius, x2 + PointRadius, y2 + PointRadius, m.Color, BoxStroke);
        var (tw, th) = HersheySimplex.TextSize(m.Label, LabelScale, LabelThickness);
        int tx = x2 - tw;
        if (m.Style == LabelStyle.MapText)
        {
            int ty = y2 + th > img.Height ? y2 - th : y2 + th;
            CvText.Put(img, m.Label, tx, ty, LabelScale, LabelThickness, MarkerColors.CvLabelText, antiAliased: false);
        }
        else
        {
            // The reference moves the tag to y2 − 5 (not y2 − th) when it would fall off the bottom.
            int ty = y2 + th > img.Height ? y2 - 5 : y2 + th;
            CvRaster.Rectangle(img, tx, ty - th, tx + tw, ty + 5, m.Color, -1);
            CvText.Put(img, m.Label, tx, ty, LabelScale, LabelThickness, MarkerColors.White, antiAliased: true);
        }
    }

    static void PaintLabelledPoint(RgbaImage img, LabelledPointMarker m)
    {
        int cx = ToPixel(m.At.X, img.Width), cy = ToPixel(m.At.Y, img.Height);
        CvRaster.FillCircle(img, cx, cy, PointRadius, MarkerColors.CvBoxOnRgb);
        CvText.Put(img, m.Label, cx + PointRadius, cy + PointRadius, LabelScale, LabelThickness, MarkerColors.CvLabelText, antiAliased: false);
    }
}
