using Spar.Scenes.Importers.ScanNet;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>How <see cref="ScanNetppRoom.Estimate"/> found the floor, for the summary's warning.</summary>
public enum ScanNetppFloorSource { Labelled, HorizontalFaces, WholeMesh }

/// <summary>
/// ScanNet++ ships no room outline, so one is derived from the aligned mesh (Z-up, metres), deterministically:
/// <list type="number">
/// <item>the floor's vertices are those of the objects labelled floor (structural class <c>floor</c>);</item>
/// <item>with fewer than 3 of them, the <b>lowest horizontal layer</b> of the mesh: triangles whose normal is within
/// <see cref="HorizontalDegrees"/>° of vertical, their area binned by centroid height in <see cref="BinMeters"/> bins;
/// the floor is the lowest window of <see cref="WindowBins"/> bins holding at least <see cref="MinLayerShare"/> of all
/// horizontal area (so a stray patch below the floor — a scanned pit, a reflection — is passed over, and table tops
/// and the ceiling lie above it), and its vertices are those of the horizontal triangles in that window;</item>
/// <item>with no such layer, the whole mesh.</item>
/// </list>
/// The outline, floor height and ceiling height are then ScanNet's rule (<see cref="ScanNetRoom.Estimate"/>, the one
/// owner of it): convex hull in XY, lowest floor vertex, highest ceiling-labelled vertex (else highest vertex).
/// A convex hull over-states an L-shaped room; it is the honest bound a mesh gives without wall tracing.
/// </summary>
public static class ScanNetppRoom
{
    public const double HorizontalDegrees = 10, BinMeters = 0.02, MinLayerShare = 0.10;
    public const int WindowBins = 3;

    public static (RoomGeometry? Room, ScanNetppFloorSource Source) Estimate(float[] positions, int[] triangles,
        IReadOnlyList<int> floorVertices, IReadOnlyList<int> ceilingVertices)
    {
        if (floorVertices.Count >= 3)
            return (ScanNetRoom.Estimate(positions, floorVertices, ceilingVertices), ScanNetppFloorSource.Labelled);
        var layer = LowestHorizontalLayer(positions, triangles);
        return layer.Count >= 3
            ? (ScanNetRoom.Estimate(positions, layer, ceilingVertices), ScanNetppFloorSource.HorizontalFaces)
            : (ScanNetRoom.Estimate(positions, [], ceilingVertices), ScanNetppFloorSource.WholeMesh);
    }

    /// <summary>The vertices (ascending) of the horizontal triangles of the lowest layer holding enough horizontal area; empty when none.</summary>
    public static List<int> LowestHorizontalLayer(float[] p, int[] triangles)
    {
        double cos = Math.Cos(HorizontalDegrees * Math.PI / 180);
        var bins = new SortedDictionary<long, double>();
        var horizontal = new List<(int T, long Bin)>();
        double total = 0;
        for (int t = 0; t < triangles.Length / 3; t++)
        {
            int a = triangles[3 * t], b = triangles[3 * t + 1], c = triangles[3 * t + 2];
            double ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
            double vx = p[3 * c] - p[3 * a], vy = p[3 * c + 1] - p[3 * a + 1], vz = p[3 * c + 2] - p[3 * a + 2];
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            double twice = Math.Sqrt(nx * nx + ny * ny + nz * nz);
            // Either facing: a scan's winding is not trusted to say up from down.
            if (twice == 0 || Math.Abs(nz) < cos * twice) continue;
            double z = (p[3 * a + 2] + p[3 * b + 2] + p[3 * c + 2]) / 3.0;
            long bin = (long)Math.Floor(z / BinMeters);
            bins[bin] = bins.GetValueOrDefault(bin) + twice / 2;
            total += twice / 2;
            horizontal.Add((t, bin));
        }
        if (total == 0) return [];
        long? floor = null;
        foreach (var start in bins.Keys)
        {
            double area = 0;
            for (long k = start; k < start + WindowBins; k++) area += bins.GetValueOrDefault(k);
            if (area >= MinLayerShare * total) { floor = start; break; }
        }
        if (floor is not long f) return [];
        var vertices = new SortedSet<int>();
        foreach (var (t, bin) in horizontal)
            if (bin >= f && bin < f + WindowBins)
                for (int i = 0; i < 3; i++) vertices.Add(triangles[3 * t + i]);
        return [.. vertices];
    }
}
