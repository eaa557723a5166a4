namespace Spar.Drawing;

/// <summary>
/// OpenCV's FONT_HERSHEY_SIMPLEX for the characters SPAR's labels use (<c>object</c>, digits, <c>A</c>).
/// Each glyph is the public-domain Hershey roman-simplex stroke set (A. V. Hershey, U.S. National Bureau of
/// Standards) written as: advance width; strokes separated by '|', each a run of "x,y" vertices with x measured
/// from the glyph's left bearing and y up from the baseline. OpenCV places a vertex at
/// <c>(pen + x·scale, baseline − y·scale)</c> and advances the pen by width·scale.
/// </summary>
public static class HersheySimplex
{
    /// <summary>Baseline to bottom of the font box and baseline to cap line, in font units (OpenCV's header word 9 + 12·16).</summary>
    public const int BaseLine = 9, CapLine = 12;

    public sealed record Glyph(int Width, IReadOnlyList<IReadOnlyList<(int X, int Y)>> Strokes);

    static readonly Dictionary<char, Glyph> Glyphs = new()
    {
        ['A'] = Parse(18, "9,21 1,0|9,21 17,0|4,7 14,7"),
        ['b'] = Parse(19, "4,21 4,0|4,11 6,13 8,14 11,14 13,13 15,11 16,8 16,6 15,3 13,1 11,0 8,0 6,1 4,3"),
        ['c'] = Parse(18, "15,11 13,13 11,14 8,14 6,13 4,11 3,8 3,6 4,3 6,1 8,0 11,0 13,1 15,3"),
        ['e'] = Parse(18, "3,8 15,8 15,10 14,12 13,13 11,14 8,14 6,13 4,11 3,8 3,6 4,3 6,1 8,0 11,0 13,1 15,3"),
        ['j'] = Parse(10, "5,21 6,20 7,21 6,22 5,21|6,14 6,-3 5,-6 3,-7 1,-7"),
        ['o'] = Parse(19, "8,14 6,13 4,11 3,8 3,6 4,3 6,1 8,0 11,0 13,1 15,3 16,6 16,8 15,11 13,13 11,14 8,14"),
        ['t'] = Parse(12, "5,21 5,4 6,1 8,0 10,0|2,14 9,14"),
        ['0'] = Parse(20, "9,21 6,20 4,17 3,12 3,9 4,4 6,1 9,0 11,0 14,1 16,4 17,9 17,12 16,17 14,20 11,21 9,21"),
        ['1'] = Parse(20, "6,17 8,18 11,21 11,0"),
        ['2'] = Parse(20, "4,16 4,17 5,19 6,20 8,21 12,21 14,20 15,19 16,17 16,15 15,13 13,10 3,0 17,0"),
        ['3'] = Parse(20, "5,21 16,21 10,13 13,13 15,12 16,11 17,8 17,6 16,3 14,1 11,0 8,0 5,1 4,2 3,4"),
        ['4'] = Parse(20, "13,21 3,7 18,7|13,21 13,0"),
        ['5'] = Parse(20, "15,21 5,21 4,12 5,13 8,14 11,14 14,13 16,11 17,8 17,6 16,3 14,1 11,0 8,0 5,1 4,2 3,4"),
        ['6'] = Parse(20, "16,18 15,20 12,21 10,21 7,20 5,17 4,12 4,7 5,3 7,1 10,0 11,0 14,1 16,3 17,6 17,7 16,10 14,12 11,13 10,13 7,12 5,10 4,7"),
        ['7'] = Parse(20, "17,21 7,0|3,21 17,21"),
        ['8'] = Parse(20, "8,21 5,20 4,18 4,16 5,14 7,13 11,12 14,11 16,9 17,7 17,4 16,2 15,1 12,0 8,0 5,1 4,2 3,4 3,7 4,9 6,11 9,12 13,13 15,14 16,16 16,18 15,20 12,21 8,21"),
        ['9'] = Parse(20, "16,14 15,11 13,9 10,8 9,8 6,9 4,11 3,14 3,15 4,18 6,20 9,21 10,21 13,20 15,18 16,14 16,9 15,4 13,1 10,0 8,0 5,1 4,3"),
    };

    static Glyph Parse(int width, string strokes) => new(width,
        strokes.Split('|').Select(s => (IReadOnlyList<(int, int)>)s.Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray()).ToArray());

    public static bool Supports(char c) => Glyphs.ContainsKey(c);

    public static Glyph Get(char c) =>
        Glyphs.TryGetValue(c, out var g) ? g : throw new ArgumentException($"no Hershey simplex glyph for '{c}' in spar's table", nameof(c));

    /// <summary>
    /// <c>cv2.getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, thickness)</c> without the baseline:
    /// width = round(Σ advance·scale + thickness), height = round((cap + base)·scale + (thickness+1)/2).
    /// </summary>
    public static (int Width, int Height) TextSize(string text, double scale, int thickness)
    {
        double advance = 0;
        foreach (char c in text) advance += Get(c).Width * scale;
        int height = (int)CvRaster.CvRound((CapLine + BaseLine) * scale + (thickness + 1) / 2);
        return ((int)CvRaster.CvRound(advance + thickness), height);
    }

    /// <summary>The strokes of <paramref name="text"/> placed at bottom-left origin (x, y), in 16.16 fixed point as putText computes them.</summary>
    public static IEnumerable<FixedPoint[]> Strokes(string text, int x, int y, double scale)
    {
        long s = CvRaster.CvRound(scale * CvRaster.One);
        long penX = (long)x << CvRaster.Shift, baseY = (long)y << CvRaster.Shift;
        foreach (char c in text)
        {
            var g = Get(c);
            foreach (var stroke in g.Strokes)
                yield return stroke.Select(p => new FixedPoint(penX + p.X * s, baseY - p.Y * s)).ToArray();
            penX += g.Width * s;
        }
    }
}
