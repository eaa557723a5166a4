using System.Text.Json;
using Spar.Generation;
using Spar.Geometry;
using Spar.Tasks;

namespace Spar.Tests.Tasks;

/// <summary>Issue 16: decisions within 0.05 m (3°) of a relation or choice threshold are not asked, and are counted.</summary>
public sealed class MarginBandTests
{
    static (List<(string Split, string Task, string Format, Spar.Dataset.QaRecord Record)> Records, long NearThreshold) Run(string root, double margin)
    {
        var f = new SceneFixture("band", 128, 96);
        // Side by side, 1.2 m apart, same depth; the cabinet's centre stands 0.17 m above the box's: inside 0.15 ± 0.05.
        f.Add(1, "floor", new Vec3(0, 3, -0.05), new Vec3(14, 14, 0.1), structural: true)
         .Add(2, "box", new Vec3(-0.6, 3, 0.5), new Vec3(0.6, 0.5, 1.0))
         .Add(3, "cabinet", new Vec3(0.6, 3, 0.67), new Vec3(0.6, 0.5, 1.34))
         .Camera(new Vec3(0, -0.5, 0.8), new Vec3(0, 3, 0.8));
        f.Write(Path.Combine(root, "scenes"));
        var options = GeneratedTree.Options(Path.Combine(root, "scenes"), Path.Combine(root, "out"), perScene: 4) with
        {
            Tasks = ["obj_spatial_relation_oo"], ValFraction = 0,
            TaskSettings = TaskSettings.Default with { Relations = RelationSettings.Default with { MarginMeters = margin } },
        };
        Generator.Run(options);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "out", RunManifest.FileName)));
        long near = manifest.RootElement.GetProperty("rejected").EnumerateObject().Where(p => p.Name.EndsWith("/near-threshold", StringComparison.Ordinal)).Sum(p => p.Value.GetInt64());
        return (GeneratedTree.Read(Path.Combine(root, "out")), near);
    }

    [Fact]
    public void A_relation_decided_inside_the_band_is_dropped_and_counted_and_asked_when_the_band_is_off()
    {
        using var tmp = new TestPaths.TempDir();
        var (banded, near) = Run(tmp["a"], 0.05);
        Assert.Empty(banded);
        Assert.True(near > 0, "near-threshold rejections are not counted in the manifest");

        var (open, nearOff) = Run(tmp["b"], 0);
        Assert.NotEmpty(open);
        Assert.Equal(0, nearOff);
        // Without the band the 0.17 m offset is (correctly, but invisibly) "above"/"below".
        Assert.Contains(open, x => x.Format == "sentence" && (x.Record.Answer.Contains("above") || x.Record.Answer.Contains("below")));
    }

    [Fact]
    public void The_band_covers_distances_and_bearings_on_both_sides_of_each_cut()
    {
        var s = RelationSettings.Default;
        Assert.True(Relations.NearCut(0.11, 0.15, 0.05));
        Assert.True(Relations.NearCut(-0.19, 0.15, 0.05));
        Assert.False(Relations.NearCut(0.21, 0.15, 0.05));
        Assert.False(Relations.NearCut(0.09, 0.15, 0.05));
        Assert.False(Relations.NearCut(0.16, 0.15, 0));
        // 5 m ahead, 11° to the side (lateral 0.97 m): the 10° bearing cut is within 3°.
        Assert.True(Relations.NearBearing(5 * Math.Tan(11 * Math.PI / 180), 5, s));
        // 5 m ahead, 20° to the side: clear on both slots.
        Assert.False(Relations.NearBearing(5 * Math.Tan(20 * Math.PI / 180), 5, s));
        // 0.02 m aside at 0.05 m ahead: both offsets far below 0.15 m, so the angles settle nothing.
        Assert.False(Relations.NearBearing(0.02, 0.05, s));
        // 2 m ahead, 0.17 m aside (4.9°): the lateral distance is in its band but the angle already says "not right".
        Assert.False(Relations.NearBearing(0.17, 2, s));
    }
}
