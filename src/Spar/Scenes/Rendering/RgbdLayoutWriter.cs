using System.Globalization;
using System.Text;
using Spar.Util;

namespace Spar.Scenes.Rendering;

/// <summary>
/// Renders a scene's frames and writes them in the SPAR-7M-RGBD layout under <c>&lt;root&gt;/&lt;source&gt;/images/</c>
/// (format.md §1): image_color/&lt;i&gt;.jpg, image_depth/&lt;i&gt;.png (mm), image_instance/&lt;i&gt;.png (instance ids; a spar
/// addition), pose/&lt;i&gt;.txt, intrinsic/intrinsic_color.txt and intrinsic_depth.txt, video_color/frame{k}_{i}.jpg,
/// video_depth/, video_pose/, video_idx.txt and finally scene.json. Frames render in parallel; every file is a pure
/// function of the scene, so the output bytes do not depend on the thread count.
/// </summary>
public static class RgbdLayoutWriter
{
    /// <summary>Writes the whole scene. <paramref name="frameDone"/> is called (from worker threads) after each frame.</summary>
    public static void Write(Scene scene, SceneRasterizer rasterizer, string imagesRoot, int threads, Action? frameDone = null,
        CancellationToken cancel = default)
    {
        var sceneDir = Path.Combine(imagesRoot, scene.Id);
        var frames = scene.Frames;
        if (frames.Count > 0)
        {
            var k = frames[0].Intrinsics.ToMatrix();
            MatrixFile.Write(Path.Combine(sceneDir, "intrinsic", "intrinsic_color.txt"), k);
            MatrixFile.Write(Path.Combine(sceneDir, "intrinsic", "intrinsic_depth.txt"), k);
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel };
        Workers.Run(() => Parallel.For(0, frames.Count, options, () => (FrameBuffers?)null, (i, _, buffers) =>
        {
            var frame = frames[i];
            var camera = frame.Camera ?? throw new SparException($"{scene.Id}: frame {frame.Index} is unusable: {frame.UnusableReason}");
            if (buffers == null || buffers.Width != frame.Width || buffers.Height != frame.Height) buffers = new FrameBuffers(frame.Width, frame.Height);
            rasterizer.Render(camera, buffers);
            WriteFrame(imagesRoot, frame, buffers);
            frameDone?.Invoke();
            return buffers;
        }, _ => { }));
        var video = scene.VideoFrames.ToList();
        if (video.Count > 0)
        {
            var sb = new StringBuilder();
            foreach (var f in video) sb.Append(f.Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
            AtomicFile.WriteAllText(Path.Combine(sceneDir, "video_idx.txt"), sb.ToString());
        }
        // Last, so a scene folder with scene.json is complete.
        SceneJson.Write(scene, Path.Combine(sceneDir, SceneJson.FileName));
    }

    /// <summary>The folders and files <see cref="Write"/> creates in a scene folder.</summary>
    static readonly string[] OwnFolders = ["image_color", "image_depth", "image_instance", "pose", "intrinsic", "video_color", "video_depth", "video_pose"];

    /// <summary>
    /// Removes what an earlier <see cref="Write"/> left in <paramref name="sceneDir"/> (scene.json first, so the folder
    /// never looks complete meanwhile), leaving anything else alone.
    /// </summary>
    public static void Clear(string sceneDir)
    {
        if (!Directory.Exists(sceneDir)) return;
        File.Delete(Path.Combine(sceneDir, SceneJson.FileName));
        File.Delete(Path.Combine(sceneDir, "video_idx.txt"));
        foreach (var folder in OwnFolders)
        {
            var dir = Path.Combine(sceneDir, folder);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    static void WriteFrame(string imagesRoot, SceneFrame frame, FrameBuffers fb)
    {
        var jpeg = ImageEncoding.EncodeJpeg(fb.Rgba, fb.Width, fb.Height);
        var depth = ImageEncoding.EncodePng16(fb.DepthMillimeters, fb.Width, fb.Height);
        var pose = MatrixFile.Format(frame.Pose);
        var sceneDir = Path.GetDirectoryName(Path.GetDirectoryName(Path.Combine(imagesRoot, frame.ImagePath)))!;
        var name = frame.Index.ToString(CultureInfo.InvariantCulture);
        AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, frame.ImagePath), jpeg);
        if (frame.DepthPath != null) AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, frame.DepthPath), depth);
        if (frame.InstanceMaskPath != null)
            AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, frame.InstanceMaskPath), ImageEncoding.EncodePng16(fb.Instance, fb.Width, fb.Height));
        AtomicFile.WriteAllText(Path.Combine(sceneDir, "pose", name + ".txt"), pose);
        if (frame.Video is { } v)
        {
            AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, v.ImagePath), jpeg);
            if (v.DepthPath != null) AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, v.DepthPath), depth);
            AtomicFile.WriteAllText(Path.Combine(sceneDir, "video_pose", Path.GetFileNameWithoutExtension(v.ImagePath) + ".txt"), pose);
        }
    }
}
