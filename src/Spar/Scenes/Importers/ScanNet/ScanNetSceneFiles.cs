using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Where one ScanNet scan's release files are: <c>&lt;scans&gt;/&lt;scene&gt;/&lt;scene&gt;.sens</c> (or, when absent, a
/// SensReader export in the scene folder: <c>color/ depth/ pose/ intrinsic/</c>), the mesh
/// <c>&lt;scene&gt;_vh_clean_2.ply</c>, <c>&lt;scene&gt;_vh_clean_2.0.010000.segs.json</c>,
/// <c>&lt;scene&gt;.aggregation.json</c> and <c>&lt;scene&gt;.txt</c>, and optionally the unzipped 2D instance projections
/// (<c>instance-filt/&lt;frame&gt;.png</c> from <c>_2d-instance-filt.zip</c>, else <c>instance/</c> from
/// <c>_2d-instance.zip</c>). Without .sens and SensReader export, frames may come from the <c>posed_images/&lt;scene&gt;/</c>
/// export EmbodiedScan and mmdetection3d write beside <c>scans/</c> (<see cref="ExportLayout.PosedImages"/>). Paths are null when absent.
/// </summary>
public sealed partial record ScanNetSceneFiles(
    string SceneId,
    string Folder,
    string? Sens,
    string? ExportFolder,
    string? Mesh,
    string? Segs,
    string? Aggregation,
    string? Info,
    string? InstanceMasks = null,
    string? PosedImagesFolder = null) : IFoundScene
{
    [GeneratedRegex(@"^scene\d{4}_\d{2}$")]
    private static partial Regex SceneIdPattern();

    public static bool IsSceneId(string name) => SceneIdPattern().IsMatch(name);

    public bool HasAnnotations => Mesh != null && Segs != null && Aggregation != null;

    /// <summary>Opens the scene's frames: the .sens file when present, else the SensReader export.</summary>
    public IRgbdFrameSource OpenFrames() =>
        Sens != null ? new SensFrameSource(Sens)
        : ExportFolder != null ? new ExportedFrameSource(ExportFolder)
        : PosedImagesFolder != null ? new ExportedFrameSource(ExportLayout.PosedImages(PosedImagesFolder))
        : throw new SparException($"{Folder}: no frames: neither {SceneId}.sens nor a SensReader export (color/, depth/, pose/, intrinsic/) "
            + $"nor {Path.Combine("..", "posed_images", SceneId)}/ beside the scans folder");

    /// <summary>Where the frames come from, for the summary: "sens", "export" or "posed_images".</summary>
    public string FramesKind => Sens != null ? "sens" : ExportFolder != null ? "export" : "posed_images";

    public static ScanNetSceneFiles Locate(string scansDir, string sceneId)
    {
        if (sceneId.Length == 0 || sceneId is "." or ".." || sceneId.StartsWith('.') || sceneId.IndexOfAny(['/', '\\']) >= 0)
            throw new SparException($"'{sceneId}' is not a scene id (a folder name inside {scansDir})");
        var folder = Path.Combine(scansDir, sceneId);
        if (!Directory.Exists(folder)) throw new SparException($"{folder}: scene folder not found");
        string? Existing(string name) { var p = Path.Combine(folder, name); return File.Exists(p) ? p : null; }
        string? ExistingDir(string name) { var p = Path.Combine(folder, name); return Directory.Exists(p) ? p : null; }
        // A SensReader export in the scene folder itself, or in image/ (the layout SPAR's prepare_scannet_layout.py reads).
        var export = ExistingDir("color") != null ? folder : ExistingDir(Path.Combine("image", "color")) != null ? Path.Combine(folder, "image") : null;
        // EmbodiedScan's and mmdetection3d's converters run in the dataset folder and write posed_images/ beside scans/.
        var parent = Path.GetDirectoryName(Path.GetFullPath(scansDir));
        var posed = parent != null ? Path.Combine(parent, "posed_images", sceneId) : null;
        return new ScanNetSceneFiles(sceneId, folder, Existing(sceneId + ".sens"), export,
            Existing(sceneId + "_vh_clean_2.ply"), Existing(sceneId + "_vh_clean_2.0.010000.segs.json"),
            Existing(sceneId + ".aggregation.json"), Existing(sceneId + ".txt"),
            ExistingDir("instance-filt") ?? ExistingDir("instance"),
            posed != null && Directory.Exists(posed) ? posed : null);
    }

    /// <summary>
    /// The scenes to import, in ordinal order: <paramref name="only"/> when given (each must exist), else every
    /// folder of <paramref name="scansDir"/> named like <c>scene0000_00</c>.
    /// </summary>
    public static IReadOnlyList<ScanNetSceneFiles> Discover(string scansDir, IReadOnlyList<string>? only)
    {
        if (!Directory.Exists(scansDir)) throw new SparException($"{scansDir}: ScanNet scans folder not found");
        IEnumerable<string> ids = only is { Count: > 0 }
            ? only.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)
            : Directory.EnumerateDirectories(scansDir).Select(Path.GetFileName).OfType<string>().Where(IsSceneId);
        var result = ids.Order(StringComparer.Ordinal).Select(id => Locate(scansDir, id)).ToList();
        if (result.Count == 0) throw new SparException($"{scansDir}: no scene folders (sceneXXXX_YY) found");
        return result;
    }
}
