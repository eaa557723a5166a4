using System.Globalization;
using System.Text;
using Spar.Geometry;
using Spar.Util;
using Spar.Imaging;

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
    IReadOnlySet<int> instanceIds, List<string> warnings, ProgressTracker? progress,
    InstanceMaskSource masks, Rendering.MeshMaskRasterizer? maskRenderer)
{
    readonly SceneFrameFiles _output = new(files.SceneId, staging, files.Sens ?? files.ExportFolder ?? files.PosedImagesFolder ?? files.Folder);
    int _framesWithoutMask;
    long _unknownInstancePixels;
    Rendering.MaskAgreementCounts _rendered;
    readonly Lock _renderedLock = new();

    /// <summary>A selected frame as read from the stream, waiting to be registered, encoded and written.</summary>
    sealed record FrameJob(int Index, Mat4 Pose, byte[] Jpeg, ushort[] RawDepth, int? VideoOrder);

    public (List<SceneFrame> Frames, FrameExportStats Stats) Run()
    {
        long usable = CountUsablePoses();
        var videoRanks = FrameSelection.VideoRanks(usable, options.VideoFrames);
        foreach (var folder in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, folder));
        if (masks is InstanceMaskSource.Sensor or InstanceMaskSource.Render) Directory.CreateDirectory(Path.Combine(staging, RgbdLayout.InstanceFolder));

        using var source = files.OpenFrames();
        var cal = source.Calibration;
        var color = cal.Color;
        if (!color.IsValid) throw new SparException($"{source.Name}: colour intrinsics are not finite and positive ({color})");
        if (!cal.Depth.IsValid) throw new SparException($"{source.Name}: depth intrinsics are not finite and positive ({cal.Depth})");
        // Extrinsics are each camera's camera-to-rig transform, the stream's poses the rig's: identity (ScanNet's streams)
        // keeps the exact per-ray lookup; anything else moves the poses to the colour camera and reprojects the depth.
        _colorExtrinsic = RigidExtrinsic(cal.ColorExtrinsic, "colour", source.Name);
        var depthExtrinsic = RigidExtrinsic(cal.DepthExtrinsic, "depth", source.Name);
        bool shared = _colorExtrinsic == null && depthExtrinsic == null;
        var colourFromDepth = (_colorExtrinsic ?? Mat4.Identity).Inverse() * (depthExtrinsic ?? Mat4.Identity);
        var intrinsics = new CameraIntrinsics(color.Fx, color.Fy, color.Cx, color.Cy);
        WriteIntrinsics(intrinsics);
        var registration = new DepthRegistration(cal.DepthWidth, cal.DepthHeight, cal.Depth, cal.ColorWidth, cal.ColorHeight, color, cal.DepthShift);
        IDepthRegistration NewRegistration() => shared ? registration
            : new ReprojectedDepthRegistration(cal.DepthWidth, cal.DepthHeight, cal.Depth, cal.ColorWidth, cal.ColorHeight, color, cal.DepthShift, colourFromDepth);
        using var pipeline = new FramePipeline<FrameJob, FrameScratch, SceneFrame>(options.FrameThreads,
            () => new FrameScratch(cal, NewRegistration(), maskRenderer != null), (job, scratch) => ExportFrame(job, intrinsics, scratch));
        var videoIndex = new List<long>();
        long rank = 0, lost = 0, notRigid = 0;
        int nextVideo = 0;
        while (source.MoveNext())
        {
            options.Cancel.ThrowIfCancellationRequested(); // the staging folder is removed by the caller
            progress?.Advance(1);
            long index = source.FrameIndex;
            var state = TryAlign(source.CameraToWorld, out var pose);
            if (state != PoseState.Usable) { if (state == PoseState.NonFinite) lost++; else notRigid++; continue; }
            bool step = FrameSelection.IsStepFrame(index, options.FrameStep);
            bool video = nextVideo < videoRanks.Length && videoRanks[nextVideo] == rank;
            rank++;
            if (!step && !video) continue;
            if (index > int.MaxValue) throw new SparException($"{source.Name}: frame number {index} is too large");
            pipeline.Submit(ReadFrame(source, (int)index, pose, video ? nextVideo++ : null));
            if (video) videoIndex.Add(index);
        }
        var frames = pipeline.Complete();
        _output.WriteVideoIndex(videoIndex);
        long invalid = lost + notRigid;
        if (invalid > 0)
            warnings.Add($"{source.Name}: {invalid} of {source.FrameCount} frames have no valid pose and were skipped: "
                + $"{lost} -inf or otherwise non-finite (lost tracking), {notRigid} unusable (singular or not a rigid transform)");
        if (_framesWithoutMask > 0) warnings.Add($"{files.InstanceMasks}: {_framesWithoutMask} written frame(s) have no instance mask");
        if (_unknownInstancePixels > 0) warnings.Add($"{files.InstanceMasks}: {_unknownInstancePixels} mask pixel(s) name no imported object and were set to 0");
        if (_rendered.Disagreeing > 0)
            warnings.Add($"{files.Mesh}: rendered masks: {_rendered.Disagreeing} of {_rendered.ObjectPixels} object pixel(s) "
                + $"({100.0 * _rendered.Disagreeing / _rendered.ObjectPixels:0.##} %) disagree with the sensor depth by more than {options.MaskDepthAgreement} and were set to 0");
        var from = files.FramesKind;
        return (frames, new FrameExportStats(from, source.FrameCount, invalid, frames.Count, nextVideo));
    }

    /// <summary>One worker's buffers, reused from frame to frame: registered depth, rendered mask and the encoded PNGs.</summary>
    sealed class FrameScratch(RgbdCalibration cal, IDepthRegistration registration, bool renderMasks)
    {
        public readonly Rendering.MeshMaskBuffers? Rendered = renderMasks ? new(cal.ColorWidth, cal.ColorHeight) : null;
        public readonly ushort[] Mask = new ushort[cal.ColorWidth * cal.ColorHeight];
        public readonly RgbdCalibration Calibration = cal;
        public readonly IDepthRegistration Registration = registration;
        public readonly ushort[] Millimetres = new ushort[cal.ColorWidth * cal.ColorHeight];
        public readonly MemoryStream Png = new();
        public readonly MemoryStream MaskPng = new();
    }

    /// <summary>Reads the payloads of the current frame (on the reading thread: the source is sequential).</summary>
    static FrameJob ReadFrame(IRgbdFrameSource source, int index, Mat4 pose, int? videoOrder)
    {
        var cal = source.Calibration;
        var jpeg = source.ColorJpeg();
        var size = JpegHeader.Size(jpeg);
        if (size != (cal.ColorWidth, cal.ColorHeight))
            throw new SparException($"{source.ColorLocation}: colour image is {(size is { } s ? $"{s.Width}×{s.Height} JPEG" : "not a JPEG")}, {source.ColorSizeSource} {cal.ColorWidth}×{cal.ColorHeight}");
        var raw = new ushort[cal.DepthWidth * cal.DepthHeight];
        source.DecodeDepth(raw);
        return new FrameJob(index, pose, jpeg.ToArray(), raw, videoOrder);
    }

    /// <summary>Writes one frame's files (and its video copies for a video frame) and describes it.</summary>
    SceneFrame ExportFrame(FrameJob job, CameraIntrinsics intrinsics, FrameScratch b)
    {
        var (index, pose, jpeg, raw, videoOrder) = job;
        var cal = b.Calibration;
        b.Registration.Apply(raw, b.Millimetres);
        b.Png.SetLength(0);
        Png16.WriteDepth(b.Png, b.Millimetres, cal.ColorWidth, cal.ColorHeight);
        var depthPng = b.Png.GetBuffer().AsSpan(0, (int)b.Png.Length);
        var poseText = Encoding.ASCII.GetBytes(MatrixFile.Format(pose));

        var (colorFile, depthFile) = _output.WriteFrame(index, jpeg, depthPng, poseText);
        string? maskPath = masks switch
        {
            InstanceMaskSource.Sensor => WriteInstanceMask(index, cal.ColorWidth, cal.ColorHeight, b.MaskPng),
            InstanceMaskSource.Render => WriteRenderedMask(index, intrinsics, pose, b),
            _ => null,
        };
        var membership = videoOrder is int order ? _output.WriteVideo(order, index, jpeg, depthPng, poseText) : null;
        return new SceneFrame(index, colorFile, cal.ColorWidth, cal.ColorHeight, intrinsics, pose, depthFile, maskPath, membership);
    }

    /// <summary>
    /// Converts ScanNet's 2D instance projection of a frame (8-bit, objectId + 1, 0 = none, rendered at colour
    /// resolution) into a 16-bit mask of scene instance ids, which are the same numbers. A mask of another size is
    /// resampled to the colour grid by nearest neighbour; ids of objects that were not imported become 0.
    /// </summary>
    string? WriteInstanceMask(long index, int width, int height, MemoryStream png)
    {
        if (files.InstanceMasks == null) return null;
        var source = Path.Combine(files.InstanceMasks, index.ToString(CultureInfo.InvariantCulture) + ".png");
        if (!File.Exists(source)) { Interlocked.Increment(ref _framesWithoutMask); return null; }
        var ids = Png16.ReadLabels(source, out int w, out int h);
        var mask = new ushort[width * height];
        long unknown = 0;
        for (int v = 0; v < height; v++)
        {
            int sv = (int)((v + 0.5) * h / height);
            for (int u = 0; u < width; u++)
            {
                ushort id = ids[sv * w + (int)((u + 0.5) * w / width)];
                if (id != 0 && !instanceIds.Contains(id)) { unknown++; id = 0; }
                mask[v * width + u] = id;
            }
        }
        Interlocked.Add(ref _unknownInstancePixels, unknown);
        png.SetLength(0); // not the depth PNG's stream: that one is still to be copied for video frames
        Png16.WriteDepth(png, mask, width, height);
        return _output.WriteMask(index, png.GetBuffer().AsSpan(0, (int)png.Length));
    }

    /// <summary>
    /// Renders the labelled mesh into the frame (colour camera, aligned pose) and keeps each id only where the
    /// registered sensor depth agrees (<see cref="Rendering.SensorDepthAgreement"/>).
    /// </summary>
    string WriteRenderedMask(int index, CameraIntrinsics intrinsics, Mat4 pose, FrameScratch b)
    {
        var cal = b.Calibration;
        maskRenderer!.Render(intrinsics, pose, b.Rendered!);
        var counts = options.MaskDepthAgreement.Apply(b.Rendered!, b.Millimetres, b.Mask);
        lock (_renderedLock) _rendered += counts;
        b.MaskPng.SetLength(0);
        Png16.WriteDepth(b.MaskPng, b.Mask, cal.ColorWidth, cal.ColorHeight);
        return _output.WriteMask(index, b.MaskPng.GetBuffer().AsSpan(0, (int)b.MaskPng.Length));
    }

    long CountUsablePoses()
    {
        using var source = files.OpenFrames();
        long usable = 0;
        while (source.MoveNext()) if (TryAlign(source.CameraToWorld, out _) == PoseState.Usable) usable++;
        return usable;
    }

    enum PoseState { Usable, NonFinite, NotRigid }

    /// <summary>
    /// The pose in the aligned world. ScanNet marks lost tracking with -inf (<see cref="PoseState.NonFinite"/>); a
    /// finite pose that is not a rotation plus translation (a zeroed or damaged file) would put the camera nowhere
    /// sensible, so it is skipped too (<see cref="PoseState.NotRigid"/>, tolerance <see cref="RigidCheck.Tolerance"/>).
    /// </summary>
    PoseState TryAlign(float[] cameraToWorld, out Mat4 aligned)
    {
        Span<double> m = stackalloc double[16];
        for (int i = 0; i < 16; i++) m[i] = cameraToWorld[i];
        var pose = Mat4.FromRowMajor(m);
        aligned = _colorExtrinsic is { } e ? alignment * pose * e : alignment * pose;
        return !pose.IsFinite ? PoseState.NonFinite : RigidCheck.Problem(pose) == null ? PoseState.Usable : PoseState.NotRigid;
    }

    /// <summary>Set once the calibration is read: the colour camera's camera-to-rig transform, null when identity.</summary>
    Mat4? _colorExtrinsic;

    /// <summary>An extrinsic as a matrix, null when identity; one that is not a rotation plus translation fails the scene.</summary>
    static Mat4? RigidExtrinsic(float[] m, string which, string source)
    {
        if (IsIdentity(m)) return null;
        var e = Mat4.FromRowMajor([.. m.Select(v => (double)v)]);
        if (!e.IsFinite || !e.IsAffine || RigidCheck.Problem(e) is { } problem)
            throw new SparException($"{source}: {which} extrinsic is not a rotation plus translation ({(e.IsFinite && e.IsAffine ? RigidCheck.Problem(e) : "not finite or last row not 0 0 0 1")}); tolerance {RigidCheck.Tolerance}");
        return e;
    }

    static bool IsIdentity(float[] m)
    {
        for (int i = 0; i < 16; i++)
            if (Math.Abs(m[i] - (i % 5 == 0 ? 1f : 0f)) > 1e-6f) return false;
        return true;
    }

    void WriteIntrinsics(CameraIntrinsics k)
    {
        _output.WriteIntrinsics(k);
        // ScanNet's export also has the camera-to-rig extrinsics; the poses written are the colour camera's, so identity.
        var identity = Encoding.ASCII.GetBytes(MatrixFile.Format(Mat4.Identity));
        _output.Put(RgbdLayout.Intrinsic(_output.SceneId, "extrinsic_color.txt"), identity);
        _output.Put(RgbdLayout.Intrinsic(_output.SceneId, "extrinsic_depth.txt"), identity);
    }
}
