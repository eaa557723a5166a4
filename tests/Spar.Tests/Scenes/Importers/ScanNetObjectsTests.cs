using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetObjectsTests
{
    // Six vertices: segments 10 (v0, v1), 20 (v2, v3), 30 (v4, v5).
    static readonly PlyVertices Mesh = new(6, [
        0, 0, 0,   1, 2, 3,
        5, 5, 5,   6, 7, 5.5f,
        -1, -1, 0, 4, 4, 0], null);
    static readonly int[] Segs = [10, 10, 20, 20, 30, 30];

    // Rotate 90° about Z (x' = -y, y' = x) then shift by (10, 0, -1).
    static readonly double[] Align = [0, -1, 0, 10, 1, 0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 1];

    [Fact]
    public void Boxes_bound_the_aligned_vertices_of_each_instance()
    {
        var groups = new[] { new ScanNetSegGroup(0, "chair", [10]), new ScanNetSegGroup(1, "table", [20, 10]), new ScanNetSegGroup(2, "floor", [30]) };
        var (objects, skips, _) = ScanNetObjects.Build(Mesh, Segs, groups, Align, ScanNetLabelMap.Identity, "s.segs.json");
        Assert.Equal(ScanNetObjectSkips.None, skips);
        Assert.Equal(3, objects.Count);
        // chair: v0 (0,0,0) → (10,0,-1); v1 (1,2,3) → (8,1,2)
        Assert.Equal([8, 0, -1], objects[0].Min);
        Assert.Equal([10, 1, 2], objects[0].Max);
        // table: v0, v1, v2 (5,5,5) → (5,5,4), v3 (6,7,5.5) → (3,6,4.5)
        Assert.Equal([3, 0, -1], objects[1].Min);
        Assert.Equal([10, 6, 4.5], objects[1].Max);
        Assert.Equal(4, objects[1].VertexCount);
        Assert.Equal((true, true, false), (objects[0].Referable, objects[1].Referable, objects[2].Referable));
        Assert.Equal("floor", objects[2].StructuralClass);
        Assert.Equal([0, 1, 2, 3], objects[1].Vertices);
        Assert.Equal([10f, 0, -1, 8, 1, 2], objects[0].SurfacePoints);
    }

    [Fact]
    public void Missing_segments_and_empty_or_repeated_instances_are_counted_not_fatal()
    {
        var groups = new[]
        {
            new ScanNetSegGroup(0, "chair", [10, 99]),  // 99 is not in the segmentation
            new ScanNetSegGroup(1, "lamp", [98]),       // nothing left
            new ScanNetSegGroup(0, "chair again", [20]), // repeated objectId
        };
        var (objects, skips, _) = ScanNetObjects.Build(Mesh, Segs, groups, null, ScanNetLabelMap.Identity, "s.segs.json");
        Assert.Equal(new ScanNetObjectSkips(2, 1, 1), skips);
        var chair = Assert.Single(objects);
        Assert.Equal([0, 0, 0], chair.Min);
        Assert.Equal([1, 2, 3], chair.Max);
    }

    [Fact]
    public void Surface_sample_is_capped_and_spread()
    {
        var groups = new[] { new ScanNetSegGroup(0, "thing", [10, 20, 30]) };
        var (objects, _, _) = ScanNetObjects.Build(Mesh, Segs, groups, null, ScanNetLabelMap.Identity, "s.segs.json", maxSurfacePoints: 3);
        // vertices 0..5, keep ⌊k·6/3⌋ = 0, 2, 4
        Assert.Equal([0f, 0, 0, 5, 5, 5, -1, -1, 0], objects[0].SurfacePoints);
    }

    [Fact]
    public void Segmentation_of_another_mesh_is_an_error()
    {
        var e = Assert.Throws<SparException>(() => ScanNetObjects.Build(Mesh, [1, 2], [], null, ScanNetLabelMap.Identity, "s.segs.json"));
        Assert.Equal("s.segs.json: segIndices has 2 entries but the mesh has 6 vertices (segmentation of another mesh?)", e.Message);
    }
}
