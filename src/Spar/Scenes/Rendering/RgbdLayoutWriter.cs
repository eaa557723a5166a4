using Spar.Util;
using Spar.Imaging;

namespace Spar.Scenes.Rendering;

/// <summary>
/// Renders a scene's frames and writes them in the SPAR-7M-RGBD layout (<see cref="RgbdLayout"/>) under
/// <c>&lt;root&gt;/&lt;source&gt;/images/</c>, at the paths its frames name, scene.json last. Frames render in parallel; every file is a pure
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
            MatrixFile.Write(Path.Combine(imagesRoot, RgbdLayout.Intrinsic(scene.Id, RgbdLayout.IntrinsicColor)), k);
            MatrixFile.Write(Path.Combine(imagesRoot, RgbdLayout.Intrinsic(scene.Id, RgbdLayout.IntrinsicDepth)), k);
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
            AtomicFile.WriteAllText(Path.Combine(imagesRoot, RgbdLayout.VideoIndex(scene.Id)), RgbdLayout.VideoIndexText(video.Select(f => (long)f.Index)));
        // Last, so a scene folder with scene.json is complete.
        SceneJson.Write(scene, Path.Combine(sceneDir, SceneJson.FileName));
    }

    /// <summary>
    /// Removes what an earlier <see cref="Write"/> left in <paramref name="sceneDir"/> (scene.json first, so the folder
    /// never looks complete meanwhile), leaving anything else alone.
    /// </summary>
    public static void Clear(string sceneDir)
    {
        if (!Directory.Exists(sceneDir)) return;
        File.Delete(Path.Combine(sceneDir, SceneJson.FileName));
        File.Delete(Path.Combine(sceneDir, RgbdLayout.VideoIndexFile));
        foreach (var folder in RgbdLayout.AllFolders)
        {
            var dir = Path.Combine(sceneDir, folder);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    static void WriteFrame(string imagesRoot, SceneFrame frame, FrameBuffers fb)
    {
        var jpeg = ImageCodec.EncodeRenderedJpeg(fb.Rgba, fb.Width, fb.Height);
        var depth = Png16.EncodeFrame(fb.DepthMillimeters, fb.Width, fb.Height);
        var pose = MatrixFile.Format(frame.Pose);
        var sceneId = Path.GetDirectoryName(Path.GetDirectoryName(frame.ImagePath))!;
        AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, frame.ImagePath), jpeg);
        if (frame.DepthPath != null) AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, frame.DepthPath), depth);
        if (frame.InstanceMaskPath != null)
            AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, frame.InstanceMaskPath), Png16.EncodeFrame(fb.Instance, fb.Width, fb.Height));
        AtomicFile.WriteAllText(Path.Combine(imagesRoot, RgbdLayout.Pose(sceneId, frame.Index)), pose);
        if (frame.Video is { } v)
        {
            AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, v.ImagePath), jpeg);
            if (v.DepthPath != null) AtomicFile.WriteAllBytes(Path.Combine(imagesRoot, v.DepthPath), depth);
            AtomicFile.WriteAllText(Path.Combine(imagesRoot, RgbdLayout.VideoPose(sceneId, v.Order, frame.Index)), pose);
        }
    }
}
