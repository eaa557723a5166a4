using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// The room ScanNet++ does not ship, derived from the mesh (docs/scannetpp.md, "Room"), against the rendered room's
/// known floor plan: the outline is the convex hull of the true floor polygon — checked here without a hull routine:
/// a convex counter-clockwise polygon whose every corner is a corner of the floor plan and which holds every corner of
/// the floor plan is that hull — floor at the floor's height, ceiling at the ceiling's. Once from the floor-labelled
/// vertices, once (the floor labelled "rug") from the mesh's lowest horizontal layer, which must pass over the crate
/// below the floor.
/// </summary>
public class ScanNetppRoomTests
{
    [Theory]
    [InlineData(5L, "floor")]
    [InlineData(5L, "rug")]
    [InlineData(11L, "floor")]
    [InlineData(11L, "rug")]
    [InlineData(12L, "rug")]
    public void The_room_outline_is_the_hull_of_the_rendered_floor_plan(long seed, string floorLabel)
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], seed: seed, frames: 2, floorLabel: floorLabel);
        var report = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = dir["release"], OutDir = dir["out"], VideoFrames = 1 });
        Assert.Empty(report.Failures);
        var scene = SceneJson.Read(Path.Combine(dir["out"], "scannetpp", "images", ScanNetppFixture.SceneId, "scene.json")).Scene;
        var truth = fx.Synth.Scene.Room!;
        var room = scene.Room;
        Assert.NotNull(room);
        Assert.Equal(floorLabel != "floor", report.Scenes[0].Warnings.Any(w => w.Contains("lowest horizontal layer")));

        const double tol = 1e-5; // the mesh is float32
        var hull = room.FloorPolygon;
        Assert.True(hull.Count >= 3);
        foreach (var c in hull)
            Assert.True(truth.FloorPolygon.Any(t => Math.Abs(t.X - c.X) < tol && Math.Abs(t.Y - c.Y) < tol), $"hull corner {c} is not a corner of the floor plan");
        for (int i = 0; i < hull.Count; i++)
        {
            Vec2 a = hull[i], b = hull[(i + 1) % hull.Count], c = hull[(i + 2) % hull.Count];
            Assert.True((b - a).Cross(c - b) > 1e-9, $"hull turns right or goes straight at {b}");
            foreach (var t in truth.FloorPolygon)
                Assert.True((b - a).Cross(t - a) > -tol, $"floor plan corner {t} is outside the hull edge {a}→{b}");
        }
        Assert.Equal(truth.FloorZ, room.FloorZ, 1e-6);
        Assert.Equal(truth.CeilingZ, room.CeilingZ, 1e-5);
    }

    [Fact]
    public void The_fixtures_include_an_L_shaped_room_so_the_hull_differs_from_the_plan()
    {
        var shapes = new[] { 5L, 11L, 12L }.Select(seed => Spar.Scenes.Synthetic.SyntheticWorld.Generate(seed, 0,
            new Spar.Scenes.Synthetic.SynthOptions(Frames: 1, VideoFrames: 1, ExtraViews: 0, Width: 64, Height: 48)).Scene.Room!.FloorPolygon.Count).ToList();
        Assert.Contains(4, shapes);
        Assert.Contains(6, shapes);
    }
}
