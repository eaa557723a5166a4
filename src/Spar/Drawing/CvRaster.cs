using Spar.Imaging;

namespace Spar.Drawing;

/// <summary>A point in OpenCV's 16.16 fixed-point drawing coordinates (or plain pixels when the shift is 0).</summary>
public readonly record struct FixedPoint(long X, long Y);

/// <summary>
/// The OpenCV (4.x) drawing primitives behind SPAR's labelled markers, rasterised as OpenCV's C++ core does for
/// 8-connected lines: thick strokes are a convex quad per segment plus round caps (midpoint circles), filled by
/// OpenCV's fixed-point scanline converter. Coordinates are in 16.16 fixed point (<see cref="Shift"/>).
/// </summary>
public static class CvRaster
{
    public const int Shift = 16;
    public const long One = 1L << Shift;

    /// <summary><c>cv2.circle(img, c, r, color, -1)</c> with LINE_8: OpenCV's midpoint circle, filled row by row.</summary>
    public static void FillCircle(RgbaImage img, int cx, int cy, int radius, Rgb color)
    {
        int err = 0, dx = radius, dy = 0, plus = 1, minus = (radius << 1) - 1;
        while (dx >= dy)
        {
            img.FillRow(cy - dy, cx - dx, cx + dx, color);
            img.FillRow(cy + dy, cx - dx, cx + dx, color);
            img.FillRow(cy - dx, cx - dy, cx + dy, color);
            img.FillRow(cy + dx, cx - dy, cx + dy, color);
            dy++;
            err += plus;
            plus += 2;
            int mask = (err <= 0 ? 1 : 0) - 1;
            err -= minus & mask;
            dx += mask;
            minus -= mask & 2;
        }
    }

    /// <summary><c>cv2.rectangle(img, p1, p2, color, thickness)</c> with LINE_8; thickness &lt; 0 fills.</summary>
    public static void Rectangle(RgbaImage img, int x1, int y1, int x2, int y2, Rgb color, int thickness)
    {
        FixedPoint[] pts = [new(x1, y1), new(x2, y1), new(x2, y2), new(x1, y2)];
        if (thickness >= 0) PolyLine(img, pts, closed: true, color, thickness, shift: 0);
        else FillConvexPoly(img, pts, color, shift: 0);
    }

    /// <summary>OpenCV's PolyLine: every segment a thick line, round caps at every vertex (both ends of the first open segment).</summary>
    public static void PolyLine(RgbaImage img, ReadOnlySpan<FixedPoint> v, bool closed, Rgb color, int thickness, int shift)
    {
        if (v.Length == 0) return;
        int i = closed ? v.Length - 1 : 0;
        int flags = closed ? 2 : 3;
        var p0 = v[i];
        for (i = closed ? 0 : 1; i < v.Length; i++)
        {
            ThickLine(img, p0, v[i], color, thickness, flags, shift);
            p0 = v[i];
            flags = 2;
        }
    }

    /// <summary>A segment of width <paramref name="thickness"/> (&gt; 1): a quad offset ±thickness/2, caps per <paramref name="flags"/> (bit 0 start, bit 1 end).</summary>
    static void ThickLine(RgbaImage img, FixedPoint p0, FixedPoint p1, Rgb color, int thickness, int flags, int shift)
    {
        p0 = new(p0.X << (Shift - shift), p0.Y << (Shift - shift));
        p1 = new(p1.X << (Shift - shift), p1.Y << (Shift - shift));
        if (thickness <= 1)
        {
            Line2(img, p0, p1, color);
            return;
        }
        double dx = (p0.X - p1.X) / (double)One, dy = (p1.Y - p0.Y) / (double)One;
        double r = dx * dx + dy * dy;
        int odd = thickness & 1;
        long half = (long)thickness << (Shift - 1);
        if (Math.Abs(r) > double.Epsilon)
        {
            r = (half + odd * One * 0.5) / Math.Sqrt(r);
            long dpx = CvRound(dy * r), dpy = CvRound(dx * r);
            FixedPoint[] quad =
            [
                new(p0.X + dpx, p0.Y + dpy), new(p0.X - dpx, p0.Y - dpy),
                new(p1.X - dpx, p1.Y - dpy), new(p1.X + dpx, p1.Y + dpy),
            ];
            FillConvexPoly(img, quad, color, Shift);
        }
        int capRadius = (int)((half + (One >> 1)) >> Shift);
        for (int i = 0; i < 2; i++)
        {
            if ((flags & (i + 1)) != 0)
                FillCircle(img, (int)((p0.X + (One >> 1)) >> Shift), (int)((p0.Y + (One >> 1)) >> Shift), capRadius, color);
            p0 = p1;
        }
    }

    /// <summary>cvRound: round half to even (lrint in the default rounding mode).</summary>
    public static long CvRound(double v) => (long)Math.Round(v, MidpointRounding.ToEven);

    struct Edge { public int Idx, Di, Ye; public long X, Dx; }

    /// <summary>OpenCV's FillConvexPoly for 8-connected drawing: outline with Line/Line2, then a two-edge scanline fill.</summary>
    public static void FillConvexPoly(RgbaImage img, ReadOnlySpan<FixedPoint> v, Rgb color, int shift)
    {
        int npts = v.Length;
        if (npts == 0) return;
        long delta = (1L << shift) >> 1;
        long delta1 = One >> 1, delta2 = One >> 1;
        var p0 = new FixedPoint(v[npts - 1].X << (Shift - shift), v[npts - 1].Y << (Shift - shift));
        long xmin = v[0].X, xmax = v[0].X, ymin = v[0].Y, ymax = v[0].Y;
        int imin = 0;
        for (int k = 0; k < npts; k++)
        {
            var p = v[k];
            if (p.Y < ymin) { ymin = p.Y; imin = k; }
            ymax = Math.Max(ymax, p.Y);
            xmax = Math.Max(xmax, p.X);
            xmin = Math.Min(xmin, p.X);
            p = new(p.X << (Shift - shift), p.Y << (Shift - shift));
            if (shift == 0) Line(img, (int)(p0.X >> Shift), (int)(p0.Y >> Shift), (int)(p.X >> Shift), (int)(p.Y >> Shift), color);
            else Line2(img, p0, p, color);
            p0 = p;
        }
        xmin = (xmin + delta) >> shift;
        xmax = (xmax + delta) >> shift;
        ymin = (ymin + delta) >> shift;
        ymax = (ymax + delta) >> shift;
        if (npts < 3 || xmax < 0 || ymax < 0 || xmin >= img.Width || ymin >= img.Height) return;
        ymax = Math.Min(ymax, img.Height - 1);

        Span<Edge> edge = stackalloc Edge[2];
        edge[0].Idx = edge[1].Idx = imin;
        edge[0].Ye = edge[1].Ye = (int)ymin;
        edge[0].Di = 1;
        edge[1].Di = npts - 1;
        edge[0].X = edge[1].X = -One;
        int edges = npts;
        int y = (int)ymin;
        do
        {
            for (int i = 0; i < 2; i++)
            {
                if (y < edge[i].Ye) continue;
                int idx0 = edge[i].Idx, di = edge[i].Di;
                int idx = idx0 + di;
                if (idx >= npts) idx -= npts;
                while (edges-- > 0)
                {
                    int ty = (int)((v[idx].Y + delta) >> shift);
                    if (ty > y)
                    {
                        long xs = v[idx0].X << (Shift - shift), xe = v[idx].X << (Shift - shift);
                        edge[i].Ye = ty;
                        edge[i].Dx = ((xe - xs) * 2 + (ty - y)) / (2L * (ty - y));
                        edge[i].X = xs;
                        edge[i].Idx = idx;
                        break;
                    }
                    idx0 = idx;
                    idx += di;
                    if (idx >= npts) idx -= npts;
                }
            }
            if (edges < 0) break;
            if (y >= 0)
            {
                int left = edge[0].X > edge[1].X ? 1 : 0, right = 1 - left;
                int xx1 = (int)((edge[left].X + delta1) >> Shift);
                int xx2 = (int)((edge[right].X + delta2) >> Shift);
                if (xx2 >= 0 && xx1 < img.Width) img.FillRow(y, xx1, xx2, color);
            }
            edge[0].X += edge[0].Dx;
            edge[1].X += edge[1].Dx;
        }
        while (++y <= ymax);
    }

    /// <summary>Integer 8-connected Bresenham line (both ends drawn).</summary>
    static void Line(RgbaImage img, int x0, int y0, int x1, int y1, Rgb color)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true)
        {
            img.Set(x0, y0, color);
            if (x0 == x1 && y0 == y1) break;
            int e2 = 2 * err;
            if (e2 >= dy) { err += dy; x0 += sx; }
            if (e2 <= dx) { err += dx; y0 += sy; }
        }
    }

    /// <summary>OpenCV's Line2: a fixed-point DDA along the major axis, pixels rounded to nearest, end point added.</summary>
    static void Line2(RgbaImage img, FixedPoint pt1, FixedPoint pt2, Rgb color)
    {
        long dx = pt2.X - pt1.X, dy = pt2.Y - pt1.Y;
        long ax = Math.Abs(dx), ay = Math.Abs(dy);
        long x1 = pt1.X, y1 = pt1.Y, x2 = pt2.X, y2 = pt2.Y;
        long xStep, yStep;
        int ecount;
        if (ax > ay)
        {
            if (dx < 0) { (x1, x2) = (x2, x1); (y1, y2) = (y2, y1); dy = -dy; }
            xStep = One;
            yStep = (dy << Shift) / (ax | 1);
            ecount = (int)((x2 - x1) >> Shift);
        }
        else
        {
            if (dy < 0) { (x1, x2) = (x2, x1); (y1, y2) = (y2, y1); dx = -dx; }
            xStep = (dx << Shift) / (ay | 1);
            yStep = One;
            ecount = (int)((y2 - y1) >> Shift);
        }
        x1 += One >> 1;
        y1 += One >> 1;
        img.Set((int)((x2 + (One >> 1)) >> Shift), (int)((y2 + (One >> 1)) >> Shift), color);
        if (ax > ay)
        {
            x1 >>= Shift;
            for (; ecount >= 0; ecount--, x1++, y1 += yStep) img.Set((int)x1, (int)(y1 >> Shift), color);
        }
        else
        {
            y1 >>= Shift;
            for (; ecount >= 0; ecount--, y1++, x1 += xStep) img.Set((int)(x1 >> Shift), (int)y1, color);
        }
    }
}
