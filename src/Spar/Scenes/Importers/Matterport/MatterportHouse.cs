using System.Globalization;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>An <c>R</c> line: a room-like region of a house, its label letter and the height of its prism.</summary>
public sealed record MatterportRegion(int Index, int Level, string Label, double Height, int Line);

/// <summary>An <c>S</c> line and its <c>V</c> vertices: a floor surface of a region, counter-clockwise seen from above.</summary>
public sealed record MatterportSurface(int Index, int Region, IReadOnlyList<Vec3> Vertices, int Line);

/// <summary>A <c>C</c> line: a category, its raw name (<c>category_mapping_name</c>) and its mpcat40 class.</summary>
public sealed record MatterportCategory(int Index, string RawName, int Mpcat40Index, string Mpcat40Name, int Line);

/// <summary>An <c>O</c> line: an object's region, category and oriented box (centre, two axes, radii = half sizes).</summary>
public sealed record MatterportObject(int Index, int Region, int Category, Vec3 Centre, Vec3 Axis0, Vec3 Axis1, Vec3 Radii, int Line);

/// <summary>A panorama <c>P</c> line: a tripod position (its name is the R2R/RxR viewpoint id) and its region.</summary>
public sealed record MatterportPanorama(string Name, int Index, int Region, Vec3 Position, int Line);

/// <summary>
/// A Matterport3D <c>house_segmentations/&lt;scan&gt;.house</c> (niessner/Matterport data_organization.md): the lines
/// spar uses (<c>R</c>, <c>S</c>, <c>V</c>, <c>P</c>, <c>C</c>, <c>O</c>), each checked for its field count and
/// numbers, each back reference checked to exist. Every error names the file and line.
/// </summary>
public sealed class MatterportHouse
{
    public required string Path { get; init; }
    public required IReadOnlyList<MatterportRegion> Regions { get; init; }
    public required IReadOnlyList<MatterportSurface> Surfaces { get; init; }
    public required IReadOnlyDictionary<int, MatterportCategory> Categories { get; init; }
    public required IReadOnlyList<MatterportObject> Objects { get; init; }
    public required IReadOnlyList<MatterportPanorama> Panoramas { get; init; }

    /// <summary>The region indices of a <c>.house</c>, from its <c>R</c> lines only (cheap: discovery reads no other line).</summary>
    public static IReadOnlyList<int> RegionIndices(string path)
    {
        var result = new List<int>();
        int line = 0;
        foreach (var text in ReadLines(path))
        {
            line++;
            if (!text.StartsWith("R ", StringComparison.Ordinal) && !text.StartsWith("R\t", StringComparison.Ordinal)) continue;
            var t = Tokens(text);
            result.Add(Int(t, 1, path, line, "region_index"));
        }
        return result;
    }

    public static MatterportHouse Read(string path)
    {
        var regions = new List<MatterportRegion>();
        var surfaces = new List<(int Index, int Region, int Line, List<Vec3> Vertices)>();
        var categories = new Dictionary<int, MatterportCategory>();
        var objects = new List<MatterportObject>();
        var panoramas = new List<MatterportPanorama>();
        var vertices = new List<(int Surface, Vec3 P, int Line)>();
        int line = 0;
        bool header = false;
        foreach (var text in ReadLines(path))
        {
            line++;
            var t = Tokens(text);
            if (t.Length == 0 || t[0].StartsWith('#')) continue;
            switch (t[0])
            {
                case "ASCII": continue; // the first line of real files names the encoding
                case "H": header = true; break;
                case "L": case "E": case "I": break; // levels, segments, images: not needed (images come from the .conf)
                case "R":
                    Need(t, 16, path, line, "R region_index level_index 0 0 label px py pz xlo ylo zlo xhi yhi zhi height");
                    regions.Add(new MatterportRegion(Int(t, 1, path, line, "region_index"), Int(t, 2, path, line, "level_index"), t[5],
                        Num(t, 15, path, line, "height"), line));
                    break;
                case "S":
                    Need(t, 11, path, line, "S surface_index region_index 0 label px py pz nx ny nz");
                    surfaces.Add((Int(t, 1, path, line, "surface_index"), Int(t, 2, path, line, "region_index"), line, []));
                    break;
                case "V":
                    Need(t, 7, path, line, "V vertex_index surface_index label px py pz");
                    vertices.Add((Int(t, 2, path, line, "surface_index"), Vec(t, 4, path, line, "px py pz"), line));
                    break;
                case "C":
                    Need(t, 6, path, line, "C category_index category_mapping_index category_mapping_name mpcat40_index mpcat40_name");
                    int ci = Int(t, 1, path, line, "category_index");
                    if (!categories.TryAdd(ci, new MatterportCategory(ci, Name(t[3]), Int(t, 4, path, line, "mpcat40_index"), Name(t[5]), line)))
                        throw new SparException($"{path}:{line}: category {ci} repeats line {categories[ci].Line}");
                    break;
                case "O":
                    Need(t, 16, path, line, "O object_index region_index category_index px py pz a0x a0y a0z a1x a1y a1z r0 r1 r2");
                    objects.Add(new MatterportObject(Int(t, 1, path, line, "object_index"), Int(t, 2, path, line, "region_index"), Int(t, 3, path, line, "category_index"),
                        Vec(t, 4, path, line, "px py pz"), Vec(t, 7, path, line, "a0"), Vec(t, 10, path, line, "a1"), Vec(t, 13, path, line, "r0 r1 r2"), line));
                    break;
                case "P":
                    // Two kinds share the letter: portals (P portal_index region0 region1 label box…, a small
                    // integer second field; not needed) and panoramas (P name panorama_index region_index 0 px py pz
                    // …, a 32-hex-digit name, which may happen to be all digits: told apart by its length).
                    if (t.Length > 1 && t[1].Length < 16 && int.TryParse(t[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) break;
                    Need(t, 8, path, line, "P name panorama_index region_index 0 px py pz");
                    panoramas.Add(new MatterportPanorama(t[1], Int(t, 2, path, line, "panorama_index"), Int(t, 3, path, line, "region_index"), Vec(t, 5, path, line, "px py pz"), line));
                    break;
                default:
                    throw new SparException($"{path}:{line}: unknown .house line type '{t[0]}' (expected H, L, R, P, S, V, I, C, O or E)");
            }
        }
        if (!header) throw new SparException($"{path}: no H header line: not a Matterport3D .house file");
        var regionSet = new HashSet<int>();
        foreach (var r in regions)
            if (!regionSet.Add(r.Index)) throw new SparException($"{path}:{r.Line}: region {r.Index} is defined twice");
        var byIndex = new Dictionary<int, int>();
        for (int i = 0; i < surfaces.Count; i++)
        {
            var s = surfaces[i];
            if (!regionSet.Contains(s.Region)) throw new SparException($"{path}:{s.Line}: surface {s.Index} names region {s.Region}, which has no R line");
            if (!byIndex.TryAdd(s.Index, i)) throw new SparException($"{path}:{s.Line}: surface {s.Index} is defined twice");
        }
        foreach (var v in vertices)
        {
            if (!byIndex.TryGetValue(v.Surface, out int i)) throw new SparException($"{path}:{v.Line}: vertex names surface {v.Surface}, which has no S line");
            surfaces[i].Vertices.Add(v.P);
        }
        foreach (var o in objects)
        {
            if (!categories.ContainsKey(o.Category) && o.Category >= 0) throw new SparException($"{path}:{o.Line}: object {o.Index} names category {o.Category}, which has no C line");
            if (o.Region >= 0 && !regionSet.Contains(o.Region)) throw new SparException($"{path}:{o.Line}: object {o.Index} names region {o.Region}, which has no R line");
        }
        return new MatterportHouse
        {
            Path = path,
            Regions = regions,
            Surfaces = surfaces.Select(s => new MatterportSurface(s.Index, s.Region, s.Vertices, s.Line)).ToList(),
            Categories = categories,
            Objects = objects,
            Panoramas = panoramas,
        };
    }

    /// <summary>mpcat40 names use underscores (<c>chest_of_drawers</c>, <c>tv_monitor</c>); spar's categories are words.</summary>
    static string Name(string token) => token.Replace('_', ' ').Replace('#', ' ').Trim().ToLowerInvariant();

    static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: not found");
        return ImportFiles.ReadLines(path);
    }

    static string[] Tokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    static void Need(string[] t, int count, string path, int line, string format)
    {
        if (t.Length < count) throw new SparException($"{path}:{line}: {t.Length} fields, expected at least {count} ({format})");
    }

    static int Int(string[] t, int i, string path, int line, string what) =>
        int.TryParse(t[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
        : throw new SparException($"{path}:{line}: {what} '{t[i]}' is not an integer");

    static double Num(string[] t, int i, string path, int line, string what) => ImportFiles.Finite(t[i], $"{path}:{line}", what);

    static Vec3 Vec(string[] t, int i, string path, int line, string what) =>
        new(Num(t, i, path, line, what), Num(t, i + 1, path, line, what), Num(t, i + 2, path, line, what));
}
