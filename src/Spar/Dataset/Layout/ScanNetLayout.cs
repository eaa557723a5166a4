using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Dataset.Layout;

/// <summary>
/// ScanNet as <c>prepare_scannet_layout.py</c> lays it out: <c>scans/&lt;scene&gt;/image/{color,depth,pose,intrinsic}</c>
/// (a SensReader export; <c>scans/&lt;scene&gt;/{color,…}</c>, SensReader's own output folder, is read too) becomes
/// <c>&lt;scene&gt;/image_color</c>, and with <c>--rgbd</c> <c>image_depth</c>, <c>pose</c>, <c>intrinsic</c>, each a
/// whole-folder link like the script's; <c>video_color/frame{i}_{idx}.jpg</c> comes from <c>video_idx.txt</c>.
/// A folder whose files are padded (<c>000174.jpg</c>, <c>frame-000174.color.jpg</c>) is linked file by file under the
/// names records use (<c>174.jpg</c>); the script links such a folder as it is, and records then do not resolve.
/// </summary>
public sealed partial class ScanNetLayout : ILayoutSource
{
    public string Name => "scannet";

    public IReadOnlyList<SceneDownload> Scenes(string downloadRoot)
    {
        var scans = Path.Combine(downloadRoot, "scans");
        if (!Directory.Exists(scans))
            throw new SparException($"{downloadRoot}: no scans/ folder; expected the ScanNet root (scans/<scene>/image/color/, a SensReader export per scene)");
        return Directory.EnumerateDirectories(scans).Select(d => Path.GetFileName(d)!).Where(n => SceneName().IsMatch(n))
            .Order(StringComparer.Ordinal).Select(n => (SceneDownload)new Scene(n, Path.Combine(scans, n))).ToList();
    }

    [GeneratedRegex(@"^scene[0-9]{4}_[0-9]{2}$")] private static partial Regex SceneName();
    [GeneratedRegex(@"^(?:frame-)?([0-9]+)(?:\.color)?\.jpg$")] private static partial Regex ColorName();
    [GeneratedRegex(@"^(?:frame-)?([0-9]+)(?:\.depth)?\.png$")] private static partial Regex DepthName();
    [GeneratedRegex(@"^(?:frame-)?([0-9]+)(?:\.pose)?\.txt$")] private static partial Regex PoseName();
    [GeneratedRegex(@"^(image_color|image_depth|pose)/([0-9]+)\.(jpg|png|txt)$")] private static partial Regex FramePath();
    [GeneratedRegex(@"^(video_color|video_depth|video_pose)/frame([0-9]+)_([0-9]+)\.(jpg|png|txt)$")] private static partial Regex VideoPath();

    /// <summary>One ScanNet scene: its export folders (<c>image/color</c> etc., or <c>color</c> etc. beside the .sens).</summary>
    sealed class Scene(string scene, string dir) : SceneDownload(scene)
    {
        readonly Lazy<FrameFolder?> _color = new(() => FrameFolder.Read(Export(dir, "color"), ColorName(), ".jpg"));
        readonly Lazy<FrameFolder?> _depth = new(() => FrameFolder.Read(Export(dir, "depth"), DepthName(), ".png"));
        readonly Lazy<FrameFolder?> _pose = new(() => FrameFolder.Read(Export(dir, "pose"), PoseName(), ".txt"));

        static string Export(string dir, string folder)
        {
            var spar = Path.Combine(dir, "image", folder);
            return Directory.Exists(spar) || !Directory.Exists(Path.Combine(dir, folder)) ? spar : Path.Combine(dir, folder);
        }

        /// <summary>The tree's folder, the download's folder, and the extension records use, for the frame folders.</summary>
        (string Tree, Lazy<FrameFolder?> Folder, string Ext)[] FrameFolders(bool rgbd) =>
            rgbd ? [("image_color", _color, ".jpg"), ("image_depth", _depth, ".png"), ("pose", _pose, ".txt")] : [("image_color", _color, ".jpg")];

        public override IEnumerable<LayoutEntry> All(LayoutOptions options, IReadOnlyList<long>? video, Func<string, bool> canLinkFolder)
        {
            foreach (var (tree, lazy, ext) in FrameFolders(options.Rgbd))
            {
                var folder = lazy.Value;
                if (folder == null) continue; // reported as unprovided references, or by the summary's scene counts
                var rel = $"{Scene}/{tree}";
                if (!options.Copy && folder.AllCanonical && canLinkFolder(rel))
                    yield return new LayoutEntry(rel, folder.Path, LayoutAction.Link, IsDirectory: true);
                else
                    foreach (var (frame, file) in folder.Frames)
                        yield return new LayoutEntry($"{rel}/{N(frame)}{ext}", file, FileAction(options));
            }
            if (options.Rgbd && Directory.Exists(Export(dir, "intrinsic")))
            {
                var rel = $"{Scene}/intrinsic";
                if (!options.Copy && canLinkFolder(rel))
                    yield return new LayoutEntry(rel, Export(dir, "intrinsic"), LayoutAction.Link, IsDirectory: true);
                else
                    foreach (var file in Directory.EnumerateFiles(Export(dir, "intrinsic")).Order(StringComparer.Ordinal))
                        yield return new LayoutEntry($"{rel}/{Path.GetFileName(file)}", file, FileAction(options));
            }
            if (video == null) yield break;
            for (int i = 0; i < video.Count; i++)
                foreach (var (kind, lazy, ext) in VideoFolders(options.Rgbd))
                    if (lazy.Value?.File(video[i]) is { } file)
                        yield return new LayoutEntry($"{Scene}/{kind}/frame{N(i)}_{N(video[i])}{ext}", file, FileAction(options));
        }

        (string Tree, Lazy<FrameFolder?> Folder, string Ext)[] VideoFolders(bool rgbd) =>
            rgbd ? [("video_color", _color, ".jpg"), ("video_depth", _depth, ".png"), ("video_pose", _pose, ".txt")] : [("video_color", _color, ".jpg")];

        public override LayoutEntry? Provide(string relativeInScene, LayoutOptions options, out string? whyNot)
        {
            whyNot = null;
            Lazy<FrameFolder?>? lazy = null;
            long frame = -1;
            if (FramePath().Match(relativeInScene) is { Success: true } m)
            {
                lazy = m.Groups[1].Value switch { "image_color" => _color, "image_depth" => _depth, _ => _pose };
                frame = long.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            }
            else if (VideoPath().Match(relativeInScene) is { Success: true } v)
            {
                lazy = v.Groups[1].Value switch { "video_color" => _color, "video_depth" => _depth, _ => _pose };
                frame = long.Parse(v.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
            }
            else if (relativeInScene.StartsWith("intrinsic/", StringComparison.Ordinal))
            {
                var file = Path.Combine(Export(dir, "intrinsic"), relativeInScene["intrinsic/".Length..]);
                if (PathRule.FileExists(file)) return new LayoutEntry($"{Scene}/{relativeInScene}", file, FileAction(options));
                whyNot = $"{file} not found";
                return null;
            }
            else
            {
                whyNot = "not a path ScanNet's layout has (image_color/<frame>.jpg, image_depth/<frame>.png, pose/, intrinsic/, video_color/frame<i>_<frame>.jpg)";
                return null;
            }
            if (lazy.Value is not { } folder)
            {
                whyNot = $"{Export(dir, relativeInScene.Contains("depth", StringComparison.Ordinal) ? "depth" : relativeInScene.Contains("pose", StringComparison.Ordinal) ? "pose" : "color")} not found (a SensReader export of the scene)";
                return null;
            }
            if (folder.File(frame) is { } source) return new LayoutEntry($"{Scene}/{relativeInScene}", source, FileAction(options));
            whyNot = $"no frame {N(frame)} in {folder.Path}";
            return null;
        }
    }

    static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
