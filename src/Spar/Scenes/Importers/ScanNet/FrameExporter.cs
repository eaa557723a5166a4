using System.Globalization;
using System.Text;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Counts of what <see cref="FrameExporter"/> did with a scene's stream.</summary>
public sealed record FrameExportStats(string FramesFrom, long StreamFrames, long InvalidPoseFrames, int ImageFrames, int VideoFrames);

/// <summary>
/// Streams a scene's RGB-D frames into the image layout. Pass 1 reads only poses, to know how many frames are
/// usable and so where the uniformly spaced video frames fall; pass 2 writes every <c>FrameStep</c>-th usable
/// frame and the video frames: colour JPEG bytes unchanged, depth registered to the colour camera as a 16-bit PNG in
/// millimetres, poses multiplied by the axis alignment. Memory holds one frame at a time.
/// </summary>
sealed class FrameExporter(ScanNetSceneFiles files, ScanNetImportOptions options, Mat4 alignment, string staging,
    List<string> warnings, ProgressTracker? progress)
{
    readonly string _scene = files.SceneId;

    public (List<SceneFrame> Frames, FrameExportStats Stats) Run()
    {
        long usable = CountUsablePoses();
        var videoRanks = FrameSelection.VideoRanks(usable, options.VideoFrames);
        foreach (var folder in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, folder));

        using var source = files.OpenFrames();
        var cal = source.Calibration;
        var color = cal.Color;
        if (!color.IsValid) throw new SparException($"{source.Name}: colour intrinsics are not finite and positive ({color})");
        if (!cal.Depth.IsValid) throw new SparException($"{source.Name}: depth intrinsics are not finite and positive ({cal.Depth})");
        if (!IsIdentity(cal.ColorExtrinsic) || !IsIdentity(cal.DepthExtrinsic))
            warnings.Add($"{source.Name}: colour/depth extrinsics are not identity; depth is registered assuming a shared optical centre");
        var intrinsics = new CameraIntrinsics(color.Fx, color.Fy, color.Cx, color.Cy);
        WriteIntrinsics(intrinsics);
        var registration = new DepthRegistration(cal.DepthWidth, cal.DepthHeight, cal.Depth, cal.ColorWidth, cal.ColorHeight, color, cal.DepthShift);
        var raw = new ushort[cal.DepthWidth * cal.DepthHeight];
        var millimetres = new ushort[cal.ColorWidth * cal.ColorHeight];
        var png = new MemoryStream();
        var frames = new List<SceneFrame>();
        var videoIndex = new StringBuilder();
        long rank = 0, invalid = 0;
        int nextVideo = 0, imageFrames = 0;
        while (source.MoveNext())
        {
            progress?.Advance(1);
            long index = source.FrameIndex;
            if (!TryAlign(source.CameraToWorld, out var pose)) { invalid++; continue; }
            bool step = FrameSelection.IsStepFrame(index, options.FrameStep);
            bool video = nextVideo < videoRanks.Length && videoRanks[nextVideo] == rank;
            rank++;
            if (!step && !video) continue;
            if (index > int.MaxValue) throw new SparException($"{source.Name}: frame number {index} is too large");

            var jpeg = source.ColorJpeg();
            var size = JpegInfo.Size(jpeg);
            if (size != (cal.ColorWidth, cal.ColorHeight))
                throw new SparException($"{source.Name}: frame {index}: colour image is {(size is { } s ? $"{s.Width}×{s.Height} JPEG" : "not a JPEG")}, header says {cal.ColorWidth}×{cal.ColorHeight}");
            source.DecodeDepth(raw);
            registration.Apply(raw, millimetres);
            png.SetLength(0);
            RgbdImages.WriteDepthPng(png, millimetres, cal.ColorWidth, cal.ColorHeight);
            var depthPng = png.GetBuffer().AsSpan(0, (int)png.Length);
            string poseText = MatrixText.Format(pose.ToRowMajor());

            Write(RgbdLayout.Color(_scene, index), jpeg);
            Write(RgbdLayout.Depth(_scene, index), depthPng);
            Write(RgbdLayout.Pose(_scene, index), Encoding.ASCII.GetBytes(poseText));
            imageFrames++;
            VideoMembership? membership = null;
            if (video)
            {
                int order = nextVideo++;
                Write(RgbdLayout.VideoColor(_scene, order, index), jpeg);
                Write(RgbdLayout.VideoDepth(_scene, order, index), depthPng);
                Write(RgbdLayout.VideoPose(_scene, order, index), Encoding.ASCII.GetBytes(poseText));
                videoIndex.Append(index.ToString(CultureInfo.InvariantCulture)).Append('\n');
                membership = new VideoMembership(order, RgbdLayout.VideoColor(_scene, order, index), RgbdLayout.VideoDepth(_scene, order, index));
            }
            frames.Add(new SceneFrame((int)index, RgbdLayout.Color(_scene, index), cal.ColorWidth, cal.ColorHeight, intrinsics, pose,
                RgbdLayout.Depth(_scene, index), null, membership));
        }
        Write(RgbdLayout.VideoIndex(_scene), Encoding.ASCII.GetBytes(videoIndex.ToString()));
        if (invalid > 0) warnings.Add($"{source.Name}: {invalid} of {source.FrameCount} frames have no valid pose (-inf) and were skipped");
        var from = files.Sens != null ? "sens" : "export";
        return (frames, new FrameExportStats(from, source.FrameCount, invalid, imageFrames, nextVideo));
    }

    long CountUsablePoses()
    {
        using var source = files.OpenFrames();
        long usable = 0;
        while (source.MoveNext()) if (TryAlign(source.CameraToWorld, out _)) usable++;
        return usable;
    }

    /// <summary>The pose in the aligned world, or false when ScanNet marked it invalid (-inf) or it is not a rigid-looking transform.</summary>
    bool TryAlign(float[] cameraToWorld, out Mat4 aligned)
    {
        Span<double> m = stackalloc double[16];
        for (int i = 0; i < 16; i++) m[i] = cameraToWorld[i];
        var pose = Mat4.FromRowMajor(m);
        aligned = alignment * pose;
        return pose.IsFinite && pose.IsAffine && Math.Abs(pose.Determinant3) > 1e-6;
    }

    static bool IsIdentity(float[] m)
    {
        for (int i = 0; i < 16; i++)
            if (Math.Abs(m[i] - (i % 5 == 0 ? 1f : 0f)) > 1e-6f) return false;
        return true;
    }

    void WriteIntrinsics(CameraIntrinsics k)
    {
        // Depth is registered to the colour camera, so both intrinsic files describe the colour camera.
        var matrix = Encoding.ASCII.GetBytes(MatrixText.Format(k.ToMatrix().ToRowMajor()));
        var identity = Encoding.ASCII.GetBytes(MatrixText.Format(Mat4.Identity.ToRowMajor()));
        Write(RgbdLayout.Intrinsic(_scene, "intrinsic_color.txt"), matrix);
        Write(RgbdLayout.Intrinsic(_scene, "intrinsic_depth.txt"), matrix);
        Write(RgbdLayout.Intrinsic(_scene, "extrinsic_color.txt"), identity);
        Write(RgbdLayout.Intrinsic(_scene, "extrinsic_depth.txt"), identity);
    }

    /// <summary>Writes into the staging folder (committed as a whole later, so no per-file rename is needed).</summary>
    void Write(string relative, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(staging, relative[(_scene.Length + 1)..]);
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        fs.Write(bytes);
    }
}
