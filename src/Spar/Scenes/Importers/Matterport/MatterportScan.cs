using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>
/// The folders of one Matterport3D scan (house) as <c>download_mp.py</c>'s zips unpack: each
/// <c>&lt;scan&gt;/&lt;kind&gt;.zip</c> holds <c>&lt;scan&gt;/&lt;kind&gt;/…</c>, so a kind is found at
/// <c>&lt;root&gt;/&lt;scan&gt;/&lt;kind&gt;/</c> (unzipped in the root) or <c>&lt;root&gt;/&lt;scan&gt;/&lt;scan&gt;/&lt;kind&gt;/</c>
/// (unzipped beside the zip).
/// </summary>
public sealed record MatterportScan(string Root, string ScanId)
{
    public string Folder => Path.Combine(Root, ScanId);

    /// <summary>The folder of one kind (<c>house_segmentations</c> …): the first of the two unpacked layouts that exists, else the first.</summary>
    public string Kind(string kind)
    {
        var direct = Path.Combine(Root, ScanId, kind);
        if (Directory.Exists(direct)) return direct;
        var nested = Path.Combine(Root, ScanId, ScanId, kind);
        return Directory.Exists(nested) ? nested : direct;
    }

    public string House => Path.Combine(Kind("house_segmentations"), ScanId + ".house");

    public string CameraFile => Path.Combine(Kind("undistorted_camera_parameters"), ScanId + ".conf");

    public string ColorFile(MatterportImage image) => Path.Combine(Kind("undistorted_color_images"), image.ColorFile);

    public string DepthFile(MatterportImage image) => Path.Combine(Kind("undistorted_depth_images"), image.DepthFile);

    /// <summary><c>region_segmentations/region&lt;k&gt;.ply</c>: the region's mesh, faces labelled with object ids.</summary>
    public string RegionMesh(int region) => Path.Combine(Kind("region_segmentations"), $"region{region}.ply");

    /// <summary>Matterport3D scan ids: 11 letters and digits (<c>17DRP5sb8fy</c>).</summary>
    public static bool IsScanId(string name) => name.Length == 11 && name.All(char.IsAsciiLetterOrDigit);

    /// <summary>The scans under <paramref name="root"/> (<c>v1/scans/</c>) with a <c>.house</c>, or those in <paramref name="only"/> (each must have one).</summary>
    public static IReadOnlyList<MatterportScan> Discover(string root, IReadOnlyList<string>? only)
    {
        if (!Directory.Exists(root)) throw new SparException($"{root}: Matterport3D scans folder not found");
        if (only is { Count: > 0 })
        {
            var chosen = only.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(id => new MatterportScan(root, id)).ToList();
            foreach (var s in chosen)
                if (!File.Exists(s.House)) throw new SparException($"{s.House}: not found (scan {s.ScanId} was asked for; house_segmentations.zip unpacked?)");
            return chosen;
        }
        var scans = Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(IsScanId)
            .Order(StringComparer.Ordinal).Select(id => new MatterportScan(root, id)).Where(s => File.Exists(s.House)).ToList();
        if (scans.Count == 0)
            throw new SparException($"{root}: no Matterport3D scans found (folders named by an 11-character scan id holding house_segmentations/<scan>.house)");
        return scans;
    }
}
