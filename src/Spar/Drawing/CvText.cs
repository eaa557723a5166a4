using Spar.Imaging;

namespace Spar.Drawing;

/// <summary><c>cv2.putText</c> with FONT_HERSHEY_SIMPLEX: every glyph stroke is a thick polyline.</summary>
public static class CvText
{
    /// <summary>
    /// Draws <paramref name="text"/> with its baseline-left origin at (x, y). 8-connected text is rasterised exactly
    /// as OpenCV does (quads + midpoint-circle caps); anti-aliased text (LINE_AA) uses the same stroke geometry with
    /// 4×4-supersampled coverage, which matches OpenCV except for the blend level of edge pixels.
    /// </summary>
    public static void Put(RgbaImage img, string text, int x, int y, double scale, int thickness, Rgb color, bool antiAliased)
    {
        var strokes = HersheySimplex.Strokes(text, x, y, scale).Where(s => s.Length > 1).ToList();
        if (!antiAliased)
        {
            foreach (var s in strokes) CvRaster.PolyLine(img, s, closed: false, color, thickness, CvRaster.Shift);
            return;
        }
        var segments = new List<(double X0, double Y0, double X1, double Y1)>();
        foreach (var s in strokes)
            for (int i = 1; i < s.Length; i++)
                segments.Add((s[i - 1].X / (double)CvRaster.One, s[i - 1].Y / (double)CvRaster.One,
                    s[i].X / (double)CvRaster.One, s[i].Y / (double)CvRaster.One));
        FillCapsules(img, segments, thickness / 2.0, color);
    }

    /// <summary>
    /// OpenCV's LINE_AA fill paints every pixel whose centre lies inside the stroke polygon at full strength and adds
    /// an anti-aliased line along each edge, so its strokes read about a pixel wider than the geometry. Measured on the
    /// reference outputs: full coverage up to the stroke radius, falling linearly to a quarter one pixel further out
    /// and to nothing at two pixels.
    /// </summary>
    const double FringePixels = 2;

    static double Coverage(double beyondEdge) => beyondEdge switch
    {
        <= 0 => 1,
        <= 1 => 1 - 0.75 * beyondEdge,
        < 2 => 0.25 * (2 - beyondEdge),
        _ => 0,
    };

    /// <summary>Blends round-capped segments of half-width <paramref name="radius"/> by distance-based coverage.</summary>
    static void FillCapsules(RgbaImage img, List<(double X0, double Y0, double X1, double Y1)> segs, double radius, Rgb color)
    {
        if (segs.Count == 0) return;
        double reach = radius + FringePixels;
        double minX = segs.Min(s => Math.Min(s.X0, s.X1)) - reach, maxX = segs.Max(s => Math.Max(s.X0, s.X1)) + reach;
        double minY = segs.Min(s => Math.Min(s.Y0, s.Y1)) - reach, maxY = segs.Max(s => Math.Max(s.Y0, s.Y1)) + reach;
        int px0 = Math.Max(0, (int)Math.Floor(minX)), px1 = Math.Min(img.Width - 1, (int)Math.Ceiling(maxX));
        int py0 = Math.Max(0, (int)Math.Floor(minY)), py1 = Math.Min(img.Height - 1, (int)Math.Ceiling(maxY));
        for (int py = py0; py <= py1; py++)
        for (int px = px0; px <= px1; px++)
        {
            // OpenCV blends every segment (quad + cap) on its own, so fringes where strokes meet compound.
            double uncovered = 1;
            foreach (var s in segs)
            {
                if (px < Math.Min(s.X0, s.X1) - reach || px > Math.Max(s.X0, s.X1) + reach
                    || py < Math.Min(s.Y0, s.Y1) - reach || py > Math.Max(s.Y0, s.Y1) + reach) continue;
                uncovered *= 1 - Coverage(Math.Sqrt(DistanceSquared(px, py, s)) - radius);
            }
            double coverage = 1 - uncovered;
            img.Blend(px, py, color, coverage);
        }
    }

    static double DistanceSquared(double x, double y, (double X0, double Y0, double X1, double Y1) s)
    {
        double vx = s.X1 - s.X0, vy = s.Y1 - s.Y0, len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : Math.Clamp(((x - s.X0) * vx + (y - s.Y0) * vy) / len2, 0, 1);
        double dx = x - (s.X0 + t * vx), dy = y - (s.Y0 + t * vy);
        return dx * dx + dy * dy;
    }
}
