using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>
/// Compares a drawn image with a reference: the share of identical pixels, and whether every differing pixel is
/// explained by a shape edge: the reference's neighbourhood (3×3, or 5×5 where the reference anti-aliases, whose
/// fringe is two pixels wide) holds more than one colour and our value lies within that neighbourhood's per-channel
/// range, ±2 for blend rounding.
/// </summary>
public sealed record ImageDiff(long Pixels, long Identical, long Unexplained, string FirstUnexplained)
{
    public double IdenticalPercent => 100.0 * Identical / Pixels;

    public static ImageDiff Compare(RgbaImage ours, RgbaImage reference, int edgeRadius = 1)
    {
        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        long identical = 0, unexplained = 0;
        string first = "";
        for (int y = 0; y < ours.Height; y++)
        for (int x = 0; x < ours.Width; x++)
        {
            var o = ours[x, y];
            var r = reference[x, y];
            if (o == r) { identical++; continue; }
            if (ExplainedByEdge(reference, x, y, o, edgeRadius)) continue;
            unexplained++;
            if (first.Length == 0) first = $"({x},{y}) ours {o} reference {r}";
        }
        return new ImageDiff((long)ours.Width * ours.Height, identical, unexplained, first);
    }

    static bool ExplainedByEdge(RgbaImage reference, int x, int y, Rgb ours, int radius)
    {
        const int tolerance = 2;
        int minR = 255, minG = 255, minB = 255, maxR = 0, maxG = 0, maxB = 0;
        var centre = reference[x, y];
        bool uniform = true;
        for (int dy = -radius; dy <= radius; dy++)
        for (int dx = -radius; dx <= radius; dx++)
        {
            if (!reference.Contains(x + dx, y + dy)) continue;
            var c = reference[x + dx, y + dy];
            uniform &= c == centre;
            minR = Math.Min(minR, c.R); maxR = Math.Max(maxR, c.R);
            minG = Math.Min(minG, c.G); maxG = Math.Max(maxG, c.G);
            minB = Math.Min(minB, c.B); maxB = Math.Max(maxB, c.B);
        }
        return !uniform
            && ours.R >= minR - tolerance && ours.R <= maxR + tolerance
            && ours.G >= minG - tolerance && ours.G <= maxG + tolerance
            && ours.B >= minB - tolerance && ours.B <= maxB + tolerance;
    }
}
