using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Scenes.Importers.Structured3D;

/// <summary>
/// The toolkit's invalid-data list (<c>metadata/errata.txt</c> in bertjiazheng/Structured3D), passed as
/// <c>--errata FILE</c>: one entry a line, <c>scene_XXXXX</c> (the whole house) or <c>scene_XXXXX_room_&lt;roomID&gt;</c>
/// (one room; spar's own room id <c>scene_XXXXX_&lt;roomID&gt;</c> is accepted too); <c>#</c> lines are comments.
/// The list is the user's file, not shipped with spar (docs/structured3d.md).
/// </summary>
public sealed partial class Structured3DErrata
{
    [GeneratedRegex(@"^scene_\d{5}$")] private static partial Regex HouseLine();

    [GeneratedRegex(@"^(scene_\d{5})_(?:room_)?(\d+)$")] private static partial Regex RoomLine();

    readonly HashSet<string> _houses = new(StringComparer.Ordinal);
    readonly HashSet<string> _rooms = new(StringComparer.Ordinal);

    public static readonly Structured3DErrata None = new();

    public int Houses => _houses.Count;

    public int Rooms => _rooms.Count;

    public static Structured3DErrata Read(string path)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: errata list not found");
        var errata = new Structured3DErrata();
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (HouseLine().IsMatch(line)) { errata._houses.Add(line); continue; }
            var m = RoomLine().Match(line);
            if (!m.Success || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var room))
                throw new SparException($"{path}:{n}: expected scene_XXXXX or scene_XXXXX_room_<roomID>, found '{line}'");
            errata._rooms.Add(Structured3DRoomFiles.RoomSceneId(m.Groups[1].Value, room));
        }
        return errata;
    }

    /// <summary>True when the room, or its whole house, is listed as invalid.</summary>
    public bool Lists(Structured3DRoomFiles room) => _houses.Contains(room.HouseId) || _rooms.Contains(room.SceneId);
}
