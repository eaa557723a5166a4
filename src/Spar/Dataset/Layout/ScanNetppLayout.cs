using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Dataset.Layout;

/// <summary>
/// ScanNet++ as <c>prepare_scannetpp_layout.py</c> lays it out: the iPhone frames <c>iphone/rgb/frame_*.jpg</c> sorted by
/// frame number become <c>&lt;scene&gt;/image_color/&lt;rank&gt;.jpg</c> (rank 0, 1, 2… over the frames present, so an
/// <c>rgb/</c> extracted with <c>extract_rgb_in_colmap</c> gives the COLMAP frames' ranks), and
/// <c>video_color/frame{i}_{idx}.jpg</c> links frame number <c>idx</c> from <c>video_idx.txt</c>. The scene folders are
/// read from <c>data/</c> (the official ScanNet++ layout) or <c>scans/</c> (what the script expects).
/// </summary>
public sealed partial class ScanNetppLayout : ILayoutSource
{
    public string Name => "scannetpp";

    public IReadOnlyList<SceneDownload> Scenes(string downloadRoot)
    {
        var data = Path.Combine(downloadRoot, "data");
        if (!Directory.Exists(data)) data = Path.Combine(downloadRoot, "scans");
        if (!Directory.Exists(data))
            throw new SparException($"{downloadRoot}: neither data/ nor scans/; expected the ScanNet++ root (data/<scene>/iphone/rgb/frame_*.jpg)");
        return Directory.EnumerateDirectories(data).Select(d => Path.GetFileName(d)!).Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal).Select(n => (SceneDownload)new Scene(n, Path.Combine(data, n, "iphone", "rgb"))).ToList();
    }

    // The script takes the first run of digits in the name as the frame number.
    [GeneratedRegex(@"^frame_([0-9]+)\.jpg$")] private static partial Regex RgbName();
    [GeneratedRegex(@"^image_color/([0-9]+)\.jpg$")] private static partial Regex RankPath();
    [GeneratedRegex(@"^video_color/frame([0-9]+)_([0-9]+)\.jpg$")] private static partial Regex VideoPath();

    /// <summary>
    /// The iPhone frames of an <c>iphone/rgb/</c> folder in SPAR-7M's rank order (by frame number): the i-th of
    /// <see cref="FrameFolder.Frames"/> is <c>image_color/&lt;i&gt;.jpg</c>. The one owner of that ranking, shared by
    /// <c>spar layout scannetpp</c> and <c>spar import scannetpp</c> so both name a frame alike. Null when the folder is missing.
    /// </summary>
    public static FrameFolder? ReadRgbFrames(string rgbDir) => FrameFolder.Read(rgbDir, RgbName(), ".jpg");

    sealed class Scene(string scene, string rgbDir) : SceneDownload(scene)
    {
        readonly Lazy<FrameFolder?> _rgb = new(() => ReadRgbFrames(rgbDir));
        string[]? _ranked;

        /// <summary>The frames' files by rank (their order by frame number).</summary>
        string[] Ranked => _ranked ??= [.. (_rgb.Value?.Frames ?? []).Select(f => f.Value)];

        public override IEnumerable<LayoutEntry> All(LayoutOptions options, IReadOnlyList<long>? video, Func<string, bool> canLinkFolder)
        {
            var ranked = Ranked;
            for (int i = 0; i < ranked.Length; i++)
                yield return new LayoutEntry($"{Scene}/image_color/{N(i)}.jpg", ranked[i], FileAction(options));
            if (video == null) yield break;
            for (int i = 0; i < video.Count; i++)
                if (_rgb.Value?.File(video[i]) is { } file)
                    yield return new LayoutEntry($"{Scene}/video_color/frame{N(i)}_{N(video[i])}.jpg", file, FileAction(options));
        }

        public override LayoutEntry? Provide(string relativeInScene, LayoutOptions options, out string? whyNot)
        {
            whyNot = null;
            if (_rgb.Value == null)
            {
                whyNot = $"{rgbDir} not found (the scene's iPhone frames, extracted from rgb.mkv)";
                return null;
            }
            if (RankPath().Match(relativeInScene) is { Success: true } m)
            {
                var ranked = Ranked;
                if (long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank < ranked.Length)
                    return new LayoutEntry($"{Scene}/{relativeInScene}", ranked[rank], FileAction(options));
                whyNot = $"rank {m.Groups[1].Value} but {rgbDir} has {ranked.Length} frames";
                return null;
            }
            if (VideoPath().Match(relativeInScene) is { Success: true } v)
            {
                var frame = long.Parse(v.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                if (_rgb.Value.File(frame) is { } file) return new LayoutEntry($"{Scene}/{relativeInScene}", file, FileAction(options));
                whyNot = $"no frame_{frame:D6}.jpg in {rgbDir}";
                return null;
            }
            whyNot = "not a path ScanNet++'s layout has (image_color/<rank>.jpg, video_color/frame<i>_<frame>.jpg)";
            return null;
        }
    }

    static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
}
