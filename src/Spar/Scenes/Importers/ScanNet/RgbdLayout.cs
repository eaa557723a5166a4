using System.Globalization;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// File names of the SPAR-7M-RGBD image layout (format.md §1) for one scene, relative to the source's
/// <c>images/</c> root: <c>&lt;scene&gt;/image_color/&lt;frame&gt;.jpg</c>, <c>image_depth/&lt;frame&gt;.png</c>,
/// <c>pose/&lt;frame&gt;.txt</c>, <c>video_color/frame{i}_{frame}.jpg</c> (and video_depth/, video_pose/ alike),
/// <c>video_idx.txt</c> and <c>intrinsic/</c>.
/// </summary>
public static class RgbdLayout
{
    static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Color(string scene, long frame) => $"{scene}/image_color/{N(frame)}.jpg";
    public static string Depth(string scene, long frame) => $"{scene}/image_depth/{N(frame)}.png";
    /// <summary>Instance mask (16-bit PNG of scene instance ids, 0 = none); spar's addition to the layout.</summary>
    public static string Instance(string scene, long frame) => $"{scene}/image_instance/{N(frame)}.png";
    public static string Pose(string scene, long frame) => $"{scene}/pose/{N(frame)}.txt";
    public static string VideoColor(string scene, int order, long frame) => $"{scene}/video_color/frame{N(order)}_{N(frame)}.jpg";
    public static string VideoDepth(string scene, int order, long frame) => $"{scene}/video_depth/frame{N(order)}_{N(frame)}.png";
    public static string VideoPose(string scene, int order, long frame) => $"{scene}/video_pose/frame{N(order)}_{N(frame)}.txt";
    public static string VideoIndex(string scene) => $"{scene}/video_idx.txt";
    public static string Intrinsic(string scene, string file) => $"{scene}/intrinsic/{file}";

    /// <summary>Every folder of the layout, created up front so an empty one (no video frames) still exists.</summary>
    public static readonly string[] Folders = ["image_color", "image_depth", "pose", "intrinsic", "video_color", "video_depth", "video_pose"];
}
