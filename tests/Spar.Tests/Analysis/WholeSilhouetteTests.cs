using Spar.Analysis;
using Spar.Geometry;
using Spar.Scenes;

namespace Spar.Tests.Analysis;

/// <summary>
/// Issue 16: the visible share is taken over the object's whole projected silhouette, the part outside the image
/// counting as hidden; thin objects (seen through their legs) keep the occlusion rule for what is inside.
/// </summary>
public sealed class WholeSilhouetteTests
{
    /// <summary>The frame analysed with the default rules, and with the share threshold off (every other rule kept).</summary>
    static (FrameAnalysis Default, FrameAnalysis Loose) Analyze(SceneFixture fx, string root, bool masks = true)
    {
        var dir = fx.Write(root, masks: masks, depth: true, surfacePoints: !masks);
        var scene = SceneJson.Read(Path.Combine(dir, SceneJson.FileName)).Scene;
        var imagesRoot = Path.GetDirectoryName(dir)!;
        return (new FrameAnalyzer(AnalysisSettings.Default).Analyze(scene, scene.Frames[0], imagesRoot),
            new FrameAnalyzer(AnalysisSettings.Default with { MinVisibleShare = 0 }).Analyze(scene, scene.Frames[0], imagesRoot));
    }

    /// <summary>
    /// By hand: the share of the sofa's front edge (x from −1 to 1, 2.55 m ahead; no side face faces the camera, which
    /// stands at x = 0) whose bearing lies within the 75° field of view of a camera turned to bearing φ.
    /// </summary>
    static double FrontInView(double targetX)
    {
        double phi = Math.Atan2(targetX, 3), half = 75 / 2.0 * Math.PI / 180;
        int inView = 0;
        for (int i = 0; i < 1000; i++) { double x = -1 + (i + 0.5) / 500; if (Math.Abs(Math.Atan2(x, 2.55) - phi) < half) inView++; }
        return inView / 1000.0;
    }

    static SceneFixture SofaScene(string id, double targetX) => new SceneFixture(id, 160, 120)
        .Add(2, "sofa", new Vec3(0, 3, 0.45), new Vec3(2.0, 0.9, 0.9))
        .Add(3, "cabinet", new Vec3(targetX * 0.8, 2.4, 0.5), new Vec3(0.5, 0.4, 0.8))
        .Camera(new Vec3(0, 0, 1.0), new Vec3(targetX, 3, 1.0));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_sofa_that_is_a_sliver_at_the_right_border_is_not_visible_but_one_mostly_in_view_is(bool masks)
    {
        using var tmp = new TestPaths.TempDir();
        // The camera turns left until only the sofa's left end stays in the picture, at the right border.
        Assert.InRange(FrontInView(-3.96), 0.1, 0.2);
        var (fa, loose) = Analyze(SofaScene("sliver", -3.96), tmp["a"], masks);
        Assert.False(fa.Visible.Any(v => v.InstanceId == 2), $"sliver share {fa.Visible.FirstOrDefault(v => v.InstanceId == 2)?.VisibleShare:F3}");
        Assert.Contains(fa.Visible, v => v.InstanceId == 3);
        // Only the share keeps it out: its in-image pixels are unoccluded and plenty.
        Assert.InRange(Assert.Single(loose.Visible, v => v.InstanceId == 2).VisibleShare, 0.01, 0.3);

        Assert.InRange(FrontInView(-1.6), 0.6, 0.8);
        var (fb, _) = Analyze(SofaScene("most", -1.6), tmp["b"], masks);
        var sofa = Assert.Single(fb.Visible, v => v.InstanceId == 2);
        Assert.InRange(sofa.VisibleShare, 0.3, 0.95); // cut by the border: never counted as fully seen
    }

    [Fact]
    public void A_chair_seen_through_its_legs_is_visible_in_view_and_hidden_when_mostly_off_screen()
    {
        using var tmp = new TestPaths.TempDir();
        // A chair drawn as a seat slab and four legs: most of its box silhouette shows the background through it.
        var centred = new SceneFixture("chair_in", 320, 240)
            .AddTable(2, "chair", new Vec3(0, 2.5, 0.45), new Vec3(0.5, 0.5, 0.9), top: 0.03, leg: 0.025)
            .Camera(new Vec3(0, 0, 0.85), new Vec3(0, 2.5, 0.85)); // level with the seat: it shows edge-on
        var (fa, _) = Analyze(centred, tmp["a"]);
        var chair = Assert.Single(fa.Visible, v => v.InstanceId == 2);
        Assert.True(chair.VisibleShare > 0.9, $"share {chair.VisibleShare:F2}");
        Assert.True(chair.VisiblePixels < 0.3 * ProjectedArea.OfBox(new OrientedBox(new Vec3(0, 2.5, 0.45), new Vec3(0.5, 0.5, 0.9), 0), fa.Camera!)!.Value,
            $"pixels {chair.VisiblePixels} hull {ProjectedArea.OfBox(new OrientedBox(new Vec3(0, 2.5, 0.45), new Vec3(0.5, 0.5, 0.9), 0), fa.Camera!)!.Value:F0}");
        Assert.True(chair.VisiblePixels < 0.3 * ProjectedArea.OfBox(new OrientedBox(new Vec3(0, 2.5, 0.45), new Vec3(0.5, 0.5, 0.9), 0), fa.Camera!)!.Value,
            "the chair should fill well under 30 % of its box silhouette (the thin-object rule is what keeps it)");

        // The same chair at the left border with about four fifths of its box silhouette outside the image: its
        // in-image seat and leg are unoccluded, but the off-screen part counts as hidden. By hand: the silhouette
        // spans u = x/y from (c − 0.25)/2.25 (front face) to (c + 0.25)/2.75 (back face); the image ends at −tan 37.5°.
        const double c = -2.15;
        double edge = -Math.Tan(75 / 2.0 * Math.PI / 180), uMin = (c - 0.25) / 2.25, uMax = (c + 0.25) / 2.75;
        Assert.InRange((uMax - edge) / (uMax - uMin), 0.1, 0.3);
        var cut = new SceneFixture("chair_cut", 320, 240)
            .AddTable(2, "chair", new Vec3(c, 2.5, 0.45), new Vec3(0.5, 0.5, 0.9), top: 0.03, leg: 0.025)
            .Add(3, "cabinet", new Vec3(0.6, 3, 0.5), new Vec3(0.8, 0.5, 1.0))
            .Camera(new Vec3(0, 0, 0.85), new Vec3(0, 2.5, 0.85));
        var (fb, loose) = Analyze(cut, tmp["b"]);
        Assert.DoesNotContain(fb.Visible, v => v.InstanceId == 2);
        Assert.Contains(fb.Visible, v => v.InstanceId == 3);
        Assert.InRange(Assert.Single(loose.Visible, v => v.InstanceId == 2).VisibleShare, 0.01, 0.3);
    }
}
