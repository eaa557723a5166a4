using Spar.Scenes;
using Spar.Scenes.Importers.Matterport;

namespace Spar.Tests.Scenes.Importers.Matterport;

/// <summary>
/// Fixtures kept for scripts. The benchmark scan (<see cref="MatterportBenchScan"/>) is written small and imported:
/// masks agree with the depth they were rendered with; with <c>SPAR_MP_BENCH_DIR</c> set it is written there at
/// 1280×1024 with <c>SPAR_MP_PANORAMAS</c> panoramas (default 10) and kept, for bench/scripts/matterport-import.sh.
/// With <c>SPAR_MP_FIXTURE_DIR</c> set, the test fixtures (<c>mp/</c>: <see cref="MatterportFixture"/>; <c>route/</c>:
/// <see cref="RouteFixture"/> and <c>rxr_guide.jsonl.gz</c>) are kept there for bench/scripts/byte-identity.sh.
/// </summary>
public class MatterportFixtureDumpTests
{
    [Fact]
    public void Test_fixtures_are_written_and_import_without_failure()
    {
        using var temp = new TestPaths.TempDir();
        string root = Environment.GetEnvironmentVariable("SPAR_MP_FIXTURE_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : temp.Path;
        MatterportFixture.Write(Path.Combine(root, "mp"));
        var route = RouteFixture.Write(Path.Combine(root, "route"));
        var guide = Path.Combine(root, "route", "rxr_guide.jsonl.gz");
        RouteFixture.WriteGz(guide, string.Join('\n',
            RouteFixture.RxrLine(7, "en-IN", 11, [RouteFixture.A, RouteFixture.B, RouteFixture.C], 0, "Walk ahead, then bear right."),
            RouteFixture.RxrLine(8, "te-IN", 11, [RouteFixture.A, RouteFixture.B, RouteFixture.C], 0, "ముందుకు నడవండి."),
            RouteFixture.RxrLine(9, "en-US", 12, [RouteFixture.C, RouteFixture.B], Math.PI, "Go back.")) + "\n");
        Assert.Empty(MatterportImporter.Run(new MatterportImportOptions { Input = Path.Combine(root, "mp"), OutDir = temp["out-mp"] }).Failures);
        var routes = RouteImporter.Run(new RouteImportOptions
        {
            Source = "rxr", Input = guide, MatterportRoot = route.Scans, ConnectivityDir = route.Connectivity, OutDir = temp["out-rxr"],
        });
        Assert.Empty(routes.Failures);
        Assert.Equal([RouteFixture.Scan + "_path11", RouteFixture.Scan + "_path12"], routes.Scenes.Select(s => s.SceneId));
    }

    /// <summary>Its panorama names are all digits (<c>{p:x32}</c>), which real uuids can be: not to be read as portals.</summary>
    [Fact]
    public void Bench_scan_is_written_and_imports_with_masks_that_agree()
    {
        using var temp = new TestPaths.TempDir();
        var target = Environment.GetEnvironmentVariable("SPAR_MP_BENCH_DIR");
        if (target is { Length: > 0 })
        {
            int n = int.TryParse(Environment.GetEnvironmentVariable("SPAR_MP_PANORAMAS"), out int p) ? p : 10;
            MatterportBenchScan.Write(Path.GetFullPath(target), n);
            return;
        }
        MatterportBenchScan.Write(temp["mp"], 2, 64, 48);
        var report = MatterportImporter.Run(new MatterportImportOptions { Input = temp["mp"], OutDir = temp["out"] });
        Assert.Empty(report.Failures);
        Assert.Equal(2, report.Scenes.Count);
        foreach (var region in report.Scenes)
        {
            Assert.Equal(18, region.Images);
            Assert.DoesNotContain(region.Warnings, w => w.Contains("disagree") || w.Contains("face(s)"));
            var scene = SceneJson.Read(Path.Combine(temp["out"], "matterport", "images", region.SceneId, "scene.json")).Scene;
            // Every level image (camera 1) looks at a wall: its mask shows one of the region's four wall objects.
            int first = region.SceneId.EndsWith("_region0", StringComparison.Ordinal) ? 1 : 5;
            foreach (var f in scene.Frames.Where(f => f.ImagePath.Contains("_i1_")))
            {
                var mask = Spar.Imaging.Png16.ReadLabels(Path.Combine(temp["out"], "matterport", "images", f.InstanceMaskPath!), out _, out _);
                Assert.Contains(mask, v => v >= first && v < first + 4);
            }
        }
    }
}
