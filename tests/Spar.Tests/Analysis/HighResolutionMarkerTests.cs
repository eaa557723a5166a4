using Spar.Analysis;
using Spar.Drawing;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Analysis;

/// <summary>
/// Issue 26.1: above 1000 px per axis the 0–1000 grid cannot address every pixel. Markers must still land on their
/// object through the reference drawer's own mapping, checked here against the rendered instance masks.
/// </summary>
public sealed class HighResolutionMarkerTests
{
    [Theory]
    [InlineData(1296, 968)]
    [InlineData(1920, 1440)]
    public void Every_drawn_marker_pixel_belongs_to_its_object_on_rendered_scenes(int width, int height)
    {
        using var tmp = new TestPaths.TempDir();
        SyntheticDataset.Write(tmp["world"], seed: 7, count: 2, new SynthOptions(Frames: 5, VideoFrames: 2, ExtraViews: 0, Width: width, Height: height), threads: 2);
        var imagesRoot = Path.Combine(tmp["world"], "synthetic", "images");
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        int points = 0;
        foreach (var sceneFile in Directory.GetFiles(imagesRoot, SceneJson.FileName, SearchOption.AllDirectories).Order())
        {
            var scene = SceneJson.Read(sceneFile).Scene;
            foreach (var frame in scene.Frames.Where(f => f.InstanceMaskPath != null))
            {
                var fa = analyzer.Analyze(scene, frame, imagesRoot);
                var mask = Png16.Read(Path.Combine(imagesRoot, frame.InstanceMaskPath!), 1 << 24);
                foreach (var o in fa.Visible)
                {
                    // Where the drawer puts the point: its own grid → pixel formula.
                    int px = MarkerPainter.ToPixel(o.GridPoint.X, width), py = MarkerPainter.ToPixel(o.GridPoint.Y, height);
                    Assert.True(mask.At(px, py) == o.InstanceId, $"{scene.Id} frame {frame.Index}: {o.Category} marker at ({px},{py}) shows instance {mask.At(px, py)}");
                    // Box corners: on the instance's pixel bounds (from the mask), moved outward by at most one grid step.
                    int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
                    for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        if (mask.At(x, y) == o.InstanceId) { x1 = Math.Min(x1, x); x2 = Math.Max(x2, x); y1 = Math.Min(y1, y); y2 = Math.Max(y2, y); }
                    double sx = width / 1000.0, sy = height / 1000.0;
                    AssertOutward(x1, MarkerPainter.ToPixel(o.GridBox.X1, width), -sx);
                    AssertOutward(y1, MarkerPainter.ToPixel(o.GridBox.Y1, height), -sy);
                    AssertOutward(x2, MarkerPainter.ToPixel(o.GridBox.X2, width), sx);
                    AssertOutward(y2, MarkerPainter.ToPixel(o.GridBox.Y2, height), sy);
                    points++;
                }
            }
        }
        Assert.True(points >= 20, $"only {points} markers checked");
    }

    /// <summary>The drawn edge is the bound itself or lies outside it by less than one grid step.</summary>
    static void AssertOutward(int bound, int drawn, double step)
    {
        double off = drawn - bound;
        Assert.True(off == 0 || (Math.Sign(off) == Math.Sign(step) && Math.Abs(off) <= Math.Abs(step)), $"edge {bound} drawn at {drawn}");
    }

    [Theory]
    [InlineData(968)]
    [InlineData(1296)]
    [InlineData(1440)]
    [InlineData(1920)]
    [InlineData(3000)]
    public void Addressable_pixels_are_exactly_those_some_grid_value_maps_onto(int size)
    {
        var reached = new bool[size];
        for (int g = 0; g <= 1000; g++) { int i = (int)(g / 1000.0 * size); if (i < size) reached[i] = true; }
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(reached[i], Grid.IsAddressable(i, size));
            // The stated pixel-centre formula is the value that reaches an addressable pixel.
            if (reached[i]) Assert.Equal(i, (int)(Grid.FromPixelIndex(i, size) / 1000.0 * size));
        }
        if (size <= 1000) Assert.All(reached, Assert.True);
        else Assert.Contains(false, reached); // above 1000 px some pixels cannot be addressed at all
    }
}
