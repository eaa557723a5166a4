using Spar.Imaging;

namespace Spar.Drawing;

/// <summary>
/// The two Pillow (9.x) primitives SPAR's drawer uses, rasterised the way Pillow's C core does it so the output
/// matches pixel for pixel: a filled ellipse (Pillow's integer "quarter ellipse" walk) and a rectangle outline
/// whose stroke grows inward from the given edges.
/// </summary>
public static class PilRaster
{
    /// <summary>
    /// <c>ImageDraw.ellipse([x0, y0, x1, y1], fill=color)</c>. The box is corner-inclusive. Pillow walks one quarter
    /// of the ellipse in doubled coordinates (so odd diameters stay integral), keeps for each row the outermost
    /// point, and fills the row symmetrically.
    /// </summary>
    public static void FillEllipse(RgbaImage img, int x0, int y0, int x1, int y1, Rgb color)
    {
        int a = x1 - x0, b = y1 - y0;
        if (a < 0 || b < 0) return;
        var walk = new QuarterWalk(a, b);
        // Rows in doubled units run from b%2 to b; the first point the walk reports on a row is its widest.
        int rowY = int.MinValue;
        while (walk.Next(out int qx, out int qy))
        {
            if (qy == rowY) continue;
            rowY = qy;
            int left = x0 + (-qx + a) / 2, right = x0 + (qx + a) / 2;
            img.FillRow(y0 + (qy + b) / 2, left, right, color);
            if (qy != 0) img.FillRow(y0 + (-qy + b) / 2, left, right, color);
        }
    }

    /// <summary>
    /// <c>ImageDraw.rectangle([x0, y0, x1, y1], outline=color, width=w)</c>: horizontal bands rows y0..y0+w−1 and
    /// y1−w+1..y1 over x0..x1, vertical bands columns x0..x0+w−1 and x1−w+1..x1 over the rows between.
    /// </summary>
    public static void RectangleOutline(RgbaImage img, int x0, int y0, int x1, int y1, int width, Rgb color)
    {
        if (y0 > y1) (y0, y1) = (y1, y0);
        if (width <= 0) width = 1;
        for (int i = 0; i < width; i++)
        {
            img.FillRow(y0 + i, x0, x1, color);
            img.FillRow(y1 - i, x0, x1, color);
            VerticalLine(img, x1 - i, y0 + width, y1 - width + 1, color);
            VerticalLine(img, x0 + i, y0 + width, y1 - width + 1, color);
        }
    }

    // Pillow draws these with its line routine, which also draws a reversed span when start > end.
    static void VerticalLine(RgbaImage img, int x, int ya, int yb, Rgb color)
    {
        if (ya > yb) (ya, yb) = (yb, ya);
        for (int y = Math.Max(ya, 0); y <= Math.Min(yb, img.Height - 1); y++) img.Set(x, y, color);
    }

    /// <summary>
    /// Pillow's quarter-ellipse walk for axes <c>a</c>, <c>b</c> in doubled units: from (a, b mod 2) to (a mod 2, b),
    /// each step to whichever of the three neighbours (x, y+2), (x−2, y+2), (x−2, y) deviates least from the curve.
    /// </summary>
    struct QuarterWalk(int a, int b)
    {
        readonly long _a2 = (long)a * a, _b2 = (long)b * b;
        readonly int _endX = a % 2, _endY = b;
        int _x = a, _y = b % 2;
        bool _done = a < 0 || b < 0;

        long Delta(long x, long y) => Math.Abs(_a2 * y * y + _b2 * x * x - _a2 * _b2);

        public bool Next(out int x, out int y)
        {
            x = _x; y = _y;
            if (_done) return false;
            if (_x == _endX && _y == _endY) { _done = true; return true; }
            int nx = _x, ny = _y + 2;
            long best = Delta(nx, ny);
            if (_x > 1)
            {
                long diag = Delta(_x - 2, _y + 2);
                if (best > diag) { nx = _x - 2; ny = _y + 2; best = diag; }
                long side = Delta(_x - 2, _y);
                if (best > side) { nx = _x - 2; ny = _y; }
            }
            _x = nx; _y = ny;
            return true;
        }
    }
}
