using Spar.Dataset;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Util;

namespace Spar.Bench.Build;

/// <summary>
/// Finds and reads one record's RGBD data for <c>bench build --rgbd</c>, in SPAR-7M-RGBD's scene layout
/// (format.md §1, <see cref="RgbdLayout"/>): the depth map the record's <c>depth</c> field names for each image, the
/// pose beside the colour frame (<c>&lt;scene&gt;/image_color/&lt;f&gt;.jpg</c> → <c>&lt;scene&gt;/pose/&lt;f&gt;.txt</c>;
/// video frames use <c>video_pose/</c>) and the scene's <c>intrinsic/intrinsic_{color,depth}.txt</c>. Depth is looked
/// up in the source's images/ only (the record names it); pose and intrinsics there first, then in each of
/// <see cref="BenchBuildOptions.SceneRoots"/> (spar generate places only the images and depth maps its records
/// reference: the scene folders it read hold the rest).
/// </summary>
internal static class RgbdFiles
{
    /// <summary>Why the record cannot be an RGBD row before any file is read, or null when it can.</summary>
    public static string? Problem(QaRecord record) =>
        record.Depth is not { } depth ? "no depth field (bench build --rgbd needs SPAR-7M-RGBD records: depth parallel to image)"
        : depth.Count != record.Image.Count ? "depth does not list one map per image"
        : record.Image.Any(i => PoseOf(i) is null) ? "an image is not in a scene's image_color/ or video_color/ (its pose cannot be found)"
        : null;

    /// <exception cref="RgbdFileException">A file is missing or unreadable, naming it and the record.</exception>
    public static BenchRgbd Read(QaRecord record, ContainedRoot images, IReadOnlyList<string> sceneRoots, string where)
    {
        var depth = new List<BenchDepth>();
        var poses = new List<float[]>();
        var colorK = new List<float[]>();
        var depthK = new List<float[]>();
        for (int k = 0; k < record.Image.Count; k++)
        {
            var depthPath = images.Resolve(record.Depth![k], $"{where}: depth");
            if (!File.Exists(depthPath)) throw new RgbdFileException($"{where}: depth map not found: {record.Depth[k]} (looked in {images.Directory})");
            DepthMap map;
            try
            {
                // 16-bit greyscale only: an 8-bit or colour image read as millimetres would invent depths.
                var mm = Png16.ReadDepth(depthPath, out int w, out int h);
                map = DepthMap.FromMillimetres(w, h, mm);
            }
            catch (SparException e) { throw new RgbdFileException($"{where}: {e.Message}", e); }
            depth.Add(new BenchDepth(() => map, record.Depth[k]));

            var image = record.Image[k];
            var scene = SceneOf(image);
            poses.Add(Matrix(PoseOf(image)!, images, sceneRoots, where));
            colorK.Add(Matrix(RgbdLayout.Intrinsic(scene, RgbdLayout.IntrinsicColor), images, sceneRoots, where));
            depthK.Add(Matrix(RgbdLayout.Intrinsic(scene, RgbdLayout.IntrinsicDepth), images, sceneRoots, where));
        }
        return new BenchRgbd(depth, poses, colorK, depthK);
    }

    /// <summary>The scene folder of an image path: the folder above <c>image_color/</c> or <c>video_color/</c>.</summary>
    static string SceneOf(string image) => Path.GetDirectoryName(Path.GetDirectoryName(image.Replace('\\', '/')))!.Replace('\\', '/');

    /// <summary><c>S/image_color/F.ext</c> → <c>S/pose/F.txt</c>; <c>S/video_color/F.ext</c> → <c>S/video_pose/F.txt</c>; else null.</summary>
    internal static string? PoseOf(string image)
    {
        var parts = image.Replace('\\', '/').Split('/');
        if (parts.Length < 3) return null;
        var folder = parts[^2] switch { "image_color" => "pose", "video_color" => "video_pose", _ => null };
        if (folder is null) return null;
        return string.Join('/', parts[..^2]) + $"/{folder}/{Path.GetFileNameWithoutExtension(parts[^1])}.txt";
    }

    static float[] Matrix(string relative, ContainedRoot images, IReadOnlyList<string> sceneRoots, string where)
    {
        string? found = images.TryResolve(relative, out var inImages, out _) && File.Exists(inImages) ? inImages : null;
        found ??= sceneRoots.Select(r => Path.Combine(r, relative)).FirstOrDefault(File.Exists);
        if (found is null)
            throw new RgbdFileException($"{where}: {relative} not found (looked in {string.Join(", ", new[] { images.Directory }.Concat(sceneRoots))}); " +
                "pass --scenes DIR, the scenes folder the tree was generated from");
        Geometry.Mat4 m;
        try { m = MatrixFile.Read(found); }
        catch (SparException e) { throw new RgbdFileException($"{where}: {e.Message}", e); }
        var values = new float[16];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++) values[r * 4 + c] = (float)m[r, c];
        return values;
    }
}

/// <summary>A record's depth map, pose or intrinsics is missing or unreadable: the row is left out (counted apart from images).</summary>
internal sealed class RgbdFileException(string message, Exception? inner = null) : UnreadableImageException(message, inner);
