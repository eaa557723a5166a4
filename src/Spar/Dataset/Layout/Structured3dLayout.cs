using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Dataset.Layout;

/// <summary>
/// Structured3D as <c>prepare_structured3d_layout.py</c> lays it out: each perspective view
/// <c>&lt;scene&gt;/2D_rendering/&lt;room&gt;/perspective/full/&lt;position&gt;/rgb_rawlight.png</c> (else
/// <c>rgb_nolight.png</c>, else <c>rgb_shading.png</c>) becomes <c>&lt;scene&gt;/image_color/&lt;room&gt;_&lt;position&gt;.jpg</c>,
/// re-encoded as JPEG quality 95 (so these are files, never links). No video folders. The download root holds
/// <c>scene_*</c> folders, or a <c>Structured3D/</c> folder holding them (the zips unpack so).
/// </summary>
public sealed partial class Structured3dLayout : ILayoutSource
{
    public string Name => "structured3d";

    /// <summary>The renderings tried in order, as the script's <c>--rgb-name</c> default and <c>--fallback-rgb</c>.</summary>
    static readonly string[] RgbNames = ["rgb_rawlight.png", "rgb_nolight.png", "rgb_shading.png"];

    public IReadOnlyList<SceneDownload> Scenes(string downloadRoot)
    {
        var root = downloadRoot;
        if (!HasScenes(root) && HasScenes(Path.Combine(root, "Structured3D"))) root = Path.Combine(root, "Structured3D");
        if (!HasScenes(root))
            throw new SparException($"{downloadRoot}: no scene_* folders; expected the Structured3D root (scene_<id>/2D_rendering/<room>/perspective/full/<position>/rgb_rawlight.png)");
        return Directory.EnumerateDirectories(root, "scene_*").Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)
            .Select(n => (SceneDownload)new Scene(n, Path.Combine(root, n, "2D_rendering"))).ToList();
    }

    /// <summary>
    /// SPAR-7M's stem of a view's frame files, <c>&lt;room&gt;_&lt;position&gt;</c> (<c>image_color/&lt;room&gt;_&lt;position&gt;.jpg</c>):
    /// the one definition, used by this layout and by <c>spar import structured3d</c>.
    /// </summary>
    public static string FrameName(string room, string position) => $"{room}_{position}";

    static bool HasScenes(string dir) => Directory.Exists(dir) && Directory.EnumerateDirectories(dir, "scene_*").Any();

    [GeneratedRegex(@"^image_color/([0-9]+)_([^/]+)\.jpg$")] private static partial Regex ViewPath();

    sealed class Scene(string scene, string rendering) : SceneDownload(scene)
    {
        public override IEnumerable<LayoutEntry> All(LayoutOptions options, IReadOnlyList<long>? video, Func<string, bool> canLinkFolder)
        {
            if (!Directory.Exists(rendering)) yield break;
            // Rooms in number order, positions in name order, as the script walks them.
            foreach (var room in Directory.EnumerateDirectories(rendering).Select(d => Path.GetFileName(d)!)
                         .Where(n => n.All(char.IsAsciiDigit)).OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal))
            {
                var full = Path.Combine(rendering, room, "perspective", "full");
                if (!Directory.Exists(full)) continue;
                foreach (var position in Directory.EnumerateDirectories(full).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal))
                    if (Rgb(Path.Combine(full, position)) is { } png)
                        yield return new LayoutEntry($"{Scene}/image_color/{FrameName(room, position)}.jpg", png, LayoutAction.Jpeg);
            }
        }

        static string? Rgb(string positionDir) => RgbNames.Select(n => Path.Combine(positionDir, n)).FirstOrDefault(PathRule.FileExists);

        public override LayoutEntry? Provide(string relativeInScene, LayoutOptions options, out string? whyNot)
        {
            whyNot = null;
            if (ViewPath().Match(relativeInScene) is not { Success: true } m)
            {
                whyNot = "not a path Structured3D's layout has (image_color/<room>_<position>.jpg)";
                return null;
            }
            var dir = Path.Combine(rendering, m.Groups[1].Value, "perspective", "full", m.Groups[2].Value);
            if (Rgb(dir) is { } png) return new LayoutEntry($"{Scene}/{relativeInScene}", png, LayoutAction.Jpeg);
            whyNot = $"none of {string.Join(", ", RgbNames)} in {dir}";
            return null;
        }
    }
}
