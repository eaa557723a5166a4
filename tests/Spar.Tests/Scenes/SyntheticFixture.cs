using Spar.Scenes.Synthetic;

namespace Spar.Tests.Scenes;

/// <summary>Small synthetic scenes shared by the scene tests: tiny images, few frames, so tests stay fast.</summary>
static class SyntheticFixture
{
    public static readonly SynthOptions Tiny = new(Frames: 8, VideoFrames: 4, ExtraViews: 3, Width: 160, Height: 120);

    /// <summary>Renders scenes 0..count−1 of a seed into a folder; returns the images/ root.</summary>
    public static string Render(string outRoot, long seed, int count, int threads = 2, SynthOptions? options = null)
    {
        var summary = SyntheticDataset.Write(outRoot, seed, count, options ?? Tiny, threads);
        return summary.ImagesRoot;
    }

    /// <summary>An independent even-odd point-in-polygon test (not the library's), for checking placements.</summary>
    public static bool InsidePolygon(IReadOnlyList<Spar.Geometry.Vec2> poly, double x, double y)
    {
        var crossings = 0;
        for (var i = 0; i < poly.Count; i++)
        {
            var a = poly[i]; var b = poly[(i + 1) % poly.Count];
            if ((a.Y <= y) == (b.Y <= y)) continue;
            var xAtY = a.X + (y - a.Y) / (b.Y - a.Y) * (b.X - a.X);
            if (xAtY > x) crossings++;
        }
        return crossings % 2 == 1;
    }
}
