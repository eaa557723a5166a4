using System.Text.Json;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>One viewpoint of a connectivity graph: its id (the panorama name), position and whether the simulator keeps it.</summary>
public sealed record ConnectivityNode(int Index, string Id, Vec3 Position, bool Included, bool[] Unobstructed);

/// <summary>
/// A Matterport3D simulator connectivity graph, <c>connectivity/&lt;scan&gt;_connectivity.json</c>
/// (peteanderson80/Matterport3DSimulator connectivity/README.md): one entry per viewpoint with <c>image_id</c>,
/// <c>pose</c> (16 values, row major, skybox → world, metres, z up), <c>included</c> and <c>unobstructed</c>. The
/// navigable edges are the <c>unobstructed</c> pairs of <c>included</c> viewpoints; the graph must be undirected; an
/// edge's weight is the Euclidean distance between the two positions (the simulator's tasks/R2R/utils.py).
/// </summary>
public sealed class Connectivity
{
    public required string Path { get; init; }
    public required IReadOnlyDictionary<string, ConnectivityNode> Nodes { get; init; }

    /// <summary>True when a→b is a navigable edge (both included, unobstructed).</summary>
    public bool IsEdge(ConnectivityNode a, ConnectivityNode b) => a.Included && b.Included && a.Unobstructed[b.Index];

    public static double Weight(ConnectivityNode a, ConnectivityNode b) => (a.Position - b.Position).Length;

    /// <summary>Heading of the direction a→b on the floor: radians from +y, turning right positive, in [0, 2π).</summary>
    public static double Heading(Vec3 from, Vec3 to)
    {
        double h = Math.Atan2(to.X - from.X, to.Y - from.Y);
        return h < 0 ? h + 2 * Math.PI : h;
    }

    public static Connectivity Read(string path)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: not found (the simulator's connectivity graph of the scan)");
        using var doc = JsonErrors.ParseFile(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new SparException($"{path}: expected a list of viewpoints, found {doc.RootElement.ValueKind}");
        var list = new List<ConnectivityNode>();
        int n = doc.RootElement.GetArrayLength();
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            string where = $"{path}: viewpoint {i}";
            if (e.ValueKind != JsonValueKind.Object) throw new SparException($"{where}: expected an object");
            if (!e.TryGetProperty("image_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } name)
                throw new SparException($"{where}: no image_id string");
            where += $" ({name})";
            if (!e.TryGetProperty("pose", out var pose) || pose.ValueKind != JsonValueKind.Array || pose.GetArrayLength() != 16)
                throw new SparException($"{where}: pose must be a list of 16 numbers");
            var m = pose.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
            if (!m.All(double.IsFinite)) throw new SparException($"{where}: pose has a value that is not a finite number");
            if (!e.TryGetProperty("included", out var inc) || inc.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new SparException($"{where}: included must be true or false");
            if (!e.TryGetProperty("unobstructed", out var un) || un.ValueKind != JsonValueKind.Array || un.GetArrayLength() != n)
                throw new SparException($"{where}: unobstructed must be a list of {n} booleans (one per viewpoint)");
            var flags = new bool[n];
            int k = 0;
            foreach (var v in un.EnumerateArray())
            {
                // Strict like `included`: a malformed entry read as false would surface later as "step k is not an edge".
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw new SparException($"{where}: unobstructed[{k}] must be true or false");
                flags[k++] = v.ValueKind == JsonValueKind.True;
            }
            list.Add(new ConnectivityNode(i, name, new Vec3(m[3], m[7], m[11]), inc.GetBoolean(), flags));
            i++;
        }
        var nodes = new Dictionary<string, ConnectivityNode>(StringComparer.Ordinal);
        foreach (var node in list)
            if (!nodes.TryAdd(node.Id, node)) throw new SparException($"{path}: viewpoint {node.Index}: image_id {node.Id} repeats viewpoint {nodes[node.Id].Index}");
        foreach (var a in list)
            foreach (var b in list)
                if (a.Included && b.Included && a.Unobstructed[b.Index] != b.Unobstructed[a.Index])
                    throw new SparException($"{path}: viewpoint {a.Index} ({a.Id}) and {b.Index} ({b.Id}): unobstructed one way only (the graph must be undirected)");
        return new Connectivity { Path = path, Nodes = nodes };
    }
}
