using System.Globalization;

namespace Spar.Scenes;

/// <summary>
/// The one definition of a SPAR-7M-RGBD scene folder (format.md §1), used by the synthetic world, the renderer's
/// writer and the importers. Paths are relative to the source's <c>images/</c> root:
/// <c>&lt;scene&gt;/image_color/&lt;frame&gt;.jpg</c>, <c>image_depth/&lt;frame&gt;.png</c> (16-bit, mm),
/// <c>image_instance/&lt;frame&gt;.png</c> (16-bit instance ids, 0 = none; spar's addition), <c>pose/&lt;frame&gt;.txt</c>,
/// <c>intrinsic/intrinsic_{color,depth}.txt</c> (ScanNet also has <c>extrinsic_{color,depth}.txt</c>),
/// <c>video_color/frame{order}_{frame}.jpg</c> with <c>video_depth/</c> and <c>video_pose/</c> alike,
/// <c>video_idx.txt</c> (one frame number per line) and <c>scene.json</c>, written last.
/// </summary>
public static class RgbdLayout
{
    static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Color(string scene, long frame) => Color(scene, N(frame));
    public static string Depth(string scene, long frame) => Depth(scene, N(frame));
    public static string Instance(string scene, long frame) => Instance(scene, N(frame));
    public static string Pose(string scene, long frame) => Pose(scene, N(frame));

    // By file stem: a source whose SPAR-7M frame names are not numbers (Structured3D's <room>_<position>) keeps them;
    // consumers read the paths from scene.json and find a pose by the image's stem (image_color/F → pose/F.txt).
    public static string Color(string scene, string frame) => $"{scene}/image_color/{frame}.jpg";
    public static string Depth(string scene, string frame) => $"{scene}/image_depth/{frame}.png";
    public static string Instance(string scene, string frame) => $"{scene}/image_instance/{frame}.png";
    public static string Pose(string scene, string frame) => $"{scene}/pose/{frame}.txt";
    public static string VideoColor(string scene, int order, long frame) => $"{scene}/video_color/frame{N(order)}_{N(frame)}.jpg";
    public static string VideoDepth(string scene, int order, long frame) => $"{scene}/video_depth/frame{N(order)}_{N(frame)}.png";
    public static string VideoPose(string scene, int order, long frame) => $"{scene}/video_pose/frame{N(order)}_{N(frame)}.txt";
    public static string VideoIndex(string scene) => $"{scene}/{VideoIndexFile}";
    public static string Intrinsic(string scene, string file) => $"{scene}/intrinsic/{file}";

    public const string VideoIndexFile = "video_idx.txt";
    public const string IntrinsicColor = "intrinsic_color.txt";
    public const string IntrinsicDepth = "intrinsic_depth.txt";
    public const string InstanceFolder = "image_instance";

    /// <summary>The folders every scene has, created up front so an empty one (no video frames) still exists.</summary>
    public static readonly string[] Folders = ["image_color", "image_depth", "pose", "intrinsic", "video_color", "video_depth", "video_pose"];

    /// <summary>
    /// Every folder of the layout: <see cref="Folders"/> plus <see cref="InstanceFolder"/>, which exists only when the
    /// scene has instance masks (always for synthetic scenes, only with ScanNet's 2D projections for imported ones).
    /// </summary>
    public static readonly string[] AllFolders = [.. Folders, InstanceFolder];

    /// <summary>The video subset's <c>video_idx.txt</c> text: one frame number per line, in video order.</summary>
    public static string VideoIndexText(IEnumerable<long> frames) => string.Concat(frames.Select(f => N(f) + "\n"));
}
