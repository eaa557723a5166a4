using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Scenes.Importers.Structured3D;

/// <summary>One perspective view of a room: <c>2D_rendering/&lt;room&gt;/perspective/full/&lt;position&gt;/</c>.</summary>
public sealed record Structured3DView(int Position, string Folder);

/// <summary>
/// One room of a Structured3D house, the unit spar imports as a scene (<c>scene_00000_485142</c>: house and room id):
/// the house's <c>annotation_3d.json</c> and <c>bbox_3d.json</c> and the room's perspective views of the "full"
/// (furnished) configuration, in position order. Panorama-only rooms have no perspective view and are not scenes.
/// </summary>
public sealed partial record Structured3DRoomFiles(
    string SceneId,
    string Folder,
    string HouseId,
    int RoomId,
    string Annotation,
    string Boxes,
    IReadOnlyList<Structured3DView> Views) : IFoundScene
{
    [GeneratedRegex(@"^scene_\d{5}$")]
    private static partial Regex HousePattern();

    [GeneratedRegex(@"^(scene_\d{5})_(\d+)$")]
    private static partial Regex RoomScenePattern();

    public static string RoomSceneId(string houseId, int roomId) => $"{houseId}_{roomId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The rooms under <paramref name="root"/> (a folder of <c>scene_XXXXX/</c> houses), in ordinal id order.
    /// <paramref name="only"/> names houses (<c>scene_00000</c>: all its rooms) or rooms (<c>scene_00000_485142</c>).
    /// </summary>
    public static IReadOnlyList<Structured3DRoomFiles> Discover(string root, IReadOnlyList<string>? only)
    {
        if (!Directory.Exists(root)) throw new SparException($"{root}: Structured3D folder not found");
        // The zips unpack into Structured3D/scene_*; accept the folder above it too (as spar layout structured3d does).
        var inner = Path.Combine(root, "Structured3D");
        if (!Directory.EnumerateDirectories(root, "scene_*").Any() && Directory.Exists(inner)) root = inner;
        var rooms = new List<Structured3DRoomFiles>();
        if (only is { Count: > 0 })
        {
            foreach (var raw in only.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (HousePattern().IsMatch(raw)) { rooms.AddRange(HouseRooms(root, raw, requireAny: true)); continue; }
                var m = RoomScenePattern().Match(raw);
                if (!m.Success) throw new SparException($"'{raw}' is not a Structured3D house (scene_XXXXX) or room (scene_XXXXX_<roomID>)");
                var room = HouseRooms(root, m.Groups[1].Value, requireAny: false).FirstOrDefault(r => r.SceneId == raw)
                    ?? throw new SparException($"{Path.Combine(root, m.Groups[1].Value, "2D_rendering", m.Groups[2].Value, "perspective", "full")}: no perspective views of room {raw}");
                rooms.Add(room);
            }
        }
        else
        {
            foreach (var house in Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(h => HousePattern().IsMatch(h)))
                rooms.AddRange(HouseRooms(root, house, requireAny: false));
        }
        var result = rooms.DistinctBy(r => r.SceneId).OrderBy(r => r.SceneId, StringComparer.Ordinal).ToList();
        if (result.Count == 0) throw new SparException($"{root}: no Structured3D rooms (scene_XXXXX/2D_rendering/<roomID>/perspective/full/<position>/) found");
        return result;
    }

    static IEnumerable<Structured3DRoomFiles> HouseRooms(string root, string houseId, bool requireAny)
    {
        var house = Path.Combine(root, houseId);
        if (!Directory.Exists(house)) throw new SparException($"{house}: house folder not found");
        var rendering = Path.Combine(house, "2D_rendering");
        var found = new List<Structured3DRoomFiles>();
        if (Directory.Exists(rendering))
        {
            foreach (var roomDir in Directory.EnumerateDirectories(rendering))
            {
                if (!int.TryParse(Path.GetFileName(roomDir), NumberStyles.None, CultureInfo.InvariantCulture, out var roomId)) continue;
                var full = Path.Combine(roomDir, "perspective", "full");
                if (!Directory.Exists(full)) continue;
                var views = Directory.EnumerateDirectories(full)
                    .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var p), P: p))
                    .Where(v => v.Ok).OrderBy(v => v.P).Select(v => new Structured3DView(v.P, v.Dir)).ToList();
                if (views.Count == 0) continue;
                found.Add(new Structured3DRoomFiles(RoomSceneId(houseId, roomId), roomDir, houseId, roomId,
                    Path.Combine(house, "annotation_3d.json"), Path.Combine(house, "bbox_3d.json"), views));
            }
        }
        if (requireAny && found.Count == 0) throw new SparException($"{rendering}: no room with perspective views (<roomID>/perspective/full/<position>/)");
        return found;
    }
}
