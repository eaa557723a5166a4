using System.Text.Json;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.Structured3D;

/// <summary>One box of <c>bbox_3d.json</c> converted to spar: metres, an upright box with yaw about Z.</summary>
/// <param name="Id">The box's <c>ID</c>, which is its value in <c>instance.png</c>.</param>
/// <param name="TiltRadians">Angle between the height axis and world Z (0 for an upright box).</param>
public sealed record Structured3DBox(int Id, OrientedBox Box, double TiltRadians);

/// <summary>
/// Reads a house's <c>annotation_3d.json</c> (rooms' floor polygons) and <c>bbox_3d.json</c> (object boxes). Both are
/// millimetres, Z up. A malformed file is an error naming the file and its JSON line, or the record (the n-th box,
/// the semantic with an ID) for a well-formed file missing a field.
/// </summary>
public static class Structured3DAnnotations
{
    /// <summary>
    /// The boxes of <c>bbox_3d.json</c>. Rows of <c>basis</c> are the box's axes in arbitrary order and <c>coeffs</c>
    /// their half sizes (SUN RGB-D's convention): the row nearest ±Z is the height, the first other row gives the yaw.
    /// </summary>
    public static IReadOnlyList<Structured3DBox> ReadBoxes(string path)
    {
        using var doc = Util.JsonErrors.ParseFile(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new SparException($"{path}: expected a list of boxes, found {doc.RootElement.ValueKind}");
        var boxes = new List<Structured3DBox>();
        var seen = new HashSet<int>();
        int n = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            n++;
            string where = $"{path}: box {n}";
            int id = Int(e, "ID", where);
            where += $" (ID {id})";
            if (id < 0 || id >= ushort.MaxValue) throw new SparException($"{where}: ID outside 0..65534 (instance.png ids, 65535 = background)");
            if (!seen.Add(id)) throw new SparException($"{where}: ID repeated");
            var centroid = Vec(e, "centroid", where);
            var coeffs = Vec(e, "coeffs", where);
            var basis = Rows(e, "basis", where);
            boxes.Add(new Structured3DBox(id, ToBox(centroid, basis, coeffs, where, out var tilt), tilt));
        }
        return boxes;
    }

    /// <summary>SUN RGB-D style box (mm, axes as rows in any order, half sizes) as spar's upright box in metres.</summary>
    public static OrientedBox ToBox(Vec3 centroidMm, Vec3[] basis, Vec3 halfSizesMm, string where, out double tilt)
    {
        double[] half = [halfSizesMm.X, halfSizesMm.Y, halfSizesMm.Z];
        for (int i = 0; i < 3; i++)
        {
            if (basis[i].Length < 1e-9) throw new SparException($"{where}: basis row {i + 1} is zero");
            if (!(half[i] >= 0)) throw new SparException($"{where}: coeffs {i + 1} is negative ({half[i]})");
        }
        // Millimetres to metres before the shared rule: 2·(h/1000) and 2h/1000 are the same double (doubling is exact).
        return UprightBox.FromAxes(centroidMm / 1000, basis, [half[0] / 1000, half[1] / 1000, half[2] / 1000], out tilt);
    }

    /// <summary>Smallest box extent written, metres: <see cref="UprightBox.MinExtentMeters"/>.</summary>
    public const double MinExtentMeters = UprightBox.MinExtentMeters;

    /// <summary>A room's floor outline (metres, counter-clockwise) and its floor and ceiling heights, from <c>annotation_3d.json</c>.</summary>
    public sealed record Room(int Id, string Type, RoomGeometry Geometry);

    /// <summary>
    /// The rooms of <c>annotation_3d.json</c>: for each <c>semantics</c> entry with a floor plane, that plane's lines
    /// (<c>planeLineMatrix</c> row), their end junctions (<c>lineJunctionMatrix</c>) chained into a polygon; the ceiling
    /// height is the highest junction of the room's ceiling plane (the plane's own offset sign is not documented). Doors,
    /// windows and outwalls have no floor plane and are not rooms. Matrix rows and columns are array positions.
    /// </summary>
    public static IReadOnlyList<Room> ReadRooms(string path)
    {
        using var doc = Util.JsonErrors.ParseFile(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new SparException($"{path}: expected an object with junctions, lines, planes, semantics");
        var junctions = Array(root, "junctions", path).Select((j, i) => Vec(j, "coordinate", $"{path}: junction {i + 1}")).ToArray();
        int lineCount = Array(root, "lines", path).Count;
        var planes = Array(root, "planes", path).Select((p, i) => (Id: Int(p, "ID", $"{path}: plane {i + 1}"), Type: Str(p, "type", $"{path}: plane {i + 1}"))).ToArray();
        var planeLine = Matrix(root, "planeLineMatrix", planes.Length, lineCount, path);
        var lineJunction = Matrix(root, "lineJunctionMatrix", lineCount, junctions.Length, path);
        var rooms = new List<Room>();
        int s = 0;
        foreach (var sem in Array(root, "semantics", path))
        {
            s++;
            string where = $"{path}: semantic {s}";
            int id = Int(sem, "ID", where);
            where += $" (ID {id})";
            var type = Str(sem, "type", where);
            if (!sem.TryGetProperty("planeID", out var ids) || ids.ValueKind != JsonValueKind.Array) throw new SparException($"{where}: no planeID list");
            var own = ids.EnumerateArray().Select(p => p.TryGetInt32(out var v) ? v : throw new SparException($"{where}: planeID {p} is not an integer"))
                .Select(pid => System.Array.FindIndex(planes, p => p.Id == pid) is var k and >= 0 ? k : throw new SparException($"{where}: planeID {pid} is not a plane"))
                .ToArray();
            var floor = own.Where(k => planes[k].Type == "floor").ToArray();
            if (floor.Length == 0) continue; // door, window, outwall
            if (floor.Length > 1) throw new SparException($"{where}: {floor.Length} floor planes");
            var polygon = Chain(floor[0], planeLine, lineJunction, junctions, where);
            var ceilingZ = own.Where(k => planes[k].Type == "ceiling")
                .SelectMany(k => Enumerable.Range(0, lineCount).Where(l => planeLine[k][l]))
                .SelectMany(l => Enumerable.Range(0, junctions.Length).Where(j => lineJunction[l][j]))
                .Select(j => junctions[j].Z).DefaultIfEmpty(double.NaN).Max();
            if (!double.IsFinite(ceilingZ)) throw new SparException($"{where}: no ceiling plane with lines");
            double floorZ = polygon.Average(p => p.Z);
            var outline = polygon.Select(p => new Vec2(p.X / 1000, p.Y / 1000)).ToList();
            if (Polygon2.SignedArea(outline) < 0) outline.Reverse();
            if (!(ceilingZ > floorZ)) throw new SparException($"{where}: ceiling ({ceilingZ} mm) is not above the floor ({floorZ} mm)");
            rooms.Add(new Room(id, type, new RoomGeometry(outline, floorZ / 1000, ceilingZ / 1000)));
        }
        return rooms;
    }

    /// <summary>The floor plane's edges (junction pairs) walked end to end into one closed polygon.</summary>
    static List<Vec3> Chain(int plane, bool[][] planeLine, bool[][] lineJunction, Vec3[] junctions, string where)
    {
        var edges = new List<(int A, int B)>();
        for (int l = 0; l < planeLine[plane].Length; l++)
        {
            if (!planeLine[plane][l]) continue;
            var ends = Enumerable.Range(0, junctions.Length).Where(j => lineJunction[l][j]).ToArray();
            if (ends.Length != 2) throw new SparException($"{where}: floor line {l} has {ends.Length} junctions, expected 2");
            edges.Add((ends[0], ends[1]));
        }
        if (edges.Count < 3) throw new SparException($"{where}: floor has {edges.Count} lines, a polygon needs 3");
        var order = new List<int> { edges[0].A, edges[0].B };
        var used = new bool[edges.Count];
        used[0] = true;
        for (int step = 1; step < edges.Count; step++)
        {
            int last = order[^1], next = -1;
            for (int e = 0; e < edges.Count && next < 0; e++)
            {
                if (used[e]) continue;
                if (edges[e].A == last) next = edges[e].B;
                else if (edges[e].B == last) next = edges[e].A;
                if (next >= 0) used[e] = true;
            }
            if (next < 0) throw new SparException($"{where}: floor lines do not form one closed loop (stuck at junction {last})");
            order.Add(next);
        }
        if (order[^1] != order[0]) throw new SparException($"{where}: floor lines do not close (ends at junction {order[^1]}, began at {order[0]})");
        order.RemoveAt(order.Count - 1);
        return order.Select(j => junctions[j]).ToList();
    }

    static List<JsonElement> Array(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList()
        : throw new SparException($"{where}: no '{name}' list");

    static bool[][] Matrix(JsonElement root, string name, int rows, int cols, string path)
    {
        var m = Array(root, name, path);
        if (m.Count != rows) throw new SparException($"{path}: {name} has {m.Count} rows, expected {rows}");
        return m.Select((row, r) =>
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != cols)
                throw new SparException($"{path}: {name} row {r + 1} is not a list of {cols} numbers");
            return row.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.GetDouble() != 0).ToArray();
        }).ToArray();
    }

    static int Int(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : throw new SparException($"{where}: '{name}' missing or not an integer");

    static string Str(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SparException($"{where}: '{name}' missing or not a string");

    static Vec3 Vec(JsonElement e, string name, string where)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) throw new SparException($"{where}: no '{name}'");
        return ToVec(v, $"{where}: '{name}'");
    }

    static Vec3 ToVec(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3 || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
            throw new SparException($"{where} is not 3 numbers");
        var p = new Vec3(v[0].GetDouble(), v[1].GetDouble(), v[2].GetDouble());
        return p.IsFinite ? p : throw new SparException($"{where} is not finite");
    }

    static Vec3[] Rows(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3)
            throw new SparException($"{where}: '{name}' is not a 3×3 list of rows");
        return v.EnumerateArray().Select((r, i) => ToVec(r, $"{where}: '{name}' row {i + 1}")).ToArray();
    }
}
