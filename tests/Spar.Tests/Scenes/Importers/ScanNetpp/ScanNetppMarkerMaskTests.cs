using System.Globalization;
using Spar.Analysis;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// Issue #26 point 3 for ScanNet++'s 256×192 depth: the share of point markers that land off their object when the mask
/// mesh is not the room (every part grown by 1 cm per side, as the ScanNet tolerance study in docs/scannet.md does),
/// with the depth test against the nearest depth pixel (nearest-neighbour registration) and against the 3×3 depth
/// neighbourhood of the ray (the default). Markers are picked by the generator's own frame analysis on the imported
/// scenes and looked up in the synthetic renderer's instance buffer. With <c>SPAR_SCANNETPP_MARKER_STUDY</c> =
/// <c>SCENES,WIDTH,HEIGHT,GROW_CM</c> the same measurement runs at that size (docs/generation.md's figures: 10,1920,1440,1
/// and 10,1920,1440,0) and prints its table.
/// </summary>
public class ScanNetppMarkerMaskTests
{
    [Fact]
    public void The_neighbourhood_depth_test_keeps_markers_off_neighbours_with_coarse_depth()
    {
        var spec = Environment.GetEnvironmentVariable("SPAR_SCANNETPP_MARKER_STUDY") is { Length: > 0 } env
            ? env.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()
            : [3, 960, 720, 1];
        int scenes = (int)spec[0], width = (int)spec[1], height = (int)spec[2];
        double grow = spec[3];
        var (nearestWrong, nearestMarkers) = (0L, 0L);
        var (rangeWrong, rangeMarkers) = (0L, 0L);
        for (int s = 0; s < scenes; s++)
        {
            using var dir = new TestPaths.TempDir();
            var fx = ScanNetppFixture.Write(dir["release"], seed: 100 + s, frames: 12, width: width, height: height, growCm: grow);
            var a = Markers(fx, dir["out-nearest"], neighbourhood: false);
            var b = Markers(fx, dir["out-range"], neighbourhood: true);
            (nearestWrong, nearestMarkers) = (nearestWrong + a.Wrong, nearestMarkers + a.Markers);
            (rangeWrong, rangeMarkers) = (rangeWrong + b.Wrong, rangeMarkers + b.Markers);
        }
        string Share(long w, long m) => string.Create(CultureInfo.InvariantCulture, $"{w} / {m} ({100.0 * w / Math.Max(1, m):0.0} %)");
        TestContext.Current.SendDiagnosticMessage($"{scenes} scenes × 12 frames, {width}×{height} colour, 256×192 depth, mesh grown {grow} cm: "
            + $"nearest depth pixel {Share(nearestWrong, nearestMarkers)}, 3×3 depth range {Share(rangeWrong, rangeMarkers)} point markers off their object");
        Console.WriteLine($"markers off their object ({scenes} scenes, {width}×{height}, grown {grow} cm): nearest {Share(nearestWrong, nearestMarkers)}; 3×3 range {Share(rangeWrong, rangeMarkers)}");
        Assert.True(nearestMarkers > 50 && rangeMarkers > 0.8 * nearestMarkers, $"markers: {nearestMarkers} nearest, {rangeMarkers} with the range test");
        Assert.True(rangeWrong * nearestMarkers <= nearestWrong * rangeMarkers, "the range test must not put a larger share of markers off their object");
        // ScanNet's level with full-resolution depth under the same 1–2 cm growth (docs/scannet.md: 0.6–0.9 %).
        Assert.True(rangeWrong <= 0.01 * rangeMarkers, $"3×3 range test: {Share(rangeWrong, rangeMarkers)} markers off their object");
    }

    static (long Wrong, long Markers) Markers(ScanNetppFixture fx, string outDir, bool neighbourhood)
    {
        var report = ScanNetppImporter.Run(new ScanNetppImportOptions
        {
            Input = fx.Root, OutDir = outDir, FrameStep = 10, VideoFrames = 0, MaskDepthNeighbourhood = neighbourhood,
        });
        Assert.Empty(report.Failures);
        var root = Path.Combine(outDir, "scannetpp", "images");
        var scene = SceneJson.Read(Path.Combine(root, ScanNetppFixture.SceneId, "scene.json")).Scene;
        var numbers = fx.FramesByNumber.Keys.Append(ScanNetppFixture.NotInColmap).Order().ToList();
        var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
        long wrong = 0, markers = 0;
        foreach (var f in scene.Frames)
        {
            var truth = fx.TrueInstances[numbers[f.Index]];
            foreach (var v in analyzer.Analyze(scene, f, root).Referable)
            {
                markers++;
                if (truth[Grid.ToPixelIndex(v.GridPoint.Y, f.Height) * f.Width + Grid.ToPixelIndex(v.GridPoint.X, f.Width)] != v.InstanceId) wrong++;
            }
        }
        return (wrong, markers);
    }
}
