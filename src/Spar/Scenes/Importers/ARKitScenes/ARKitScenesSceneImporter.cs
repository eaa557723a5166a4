using System.Runtime.InteropServices;
using System.Text;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>
/// Imports one ARKitScenes scan (docs/arkitscenes.md): the annotation and mesh are read and checked first, then each
/// colour frame with a pose is written, one at a time, turned upright when the scan was captured in portrait, with its
/// depth registered to it and its instance mask rendered from the box-labelled mesh. Frames are named by their rank
/// among the colour folder's frames by timestamp.
/// </summary>
public static class ARKitScenesSceneImporter
{
    /// <summary>
    /// A colour frame with a pose, intrinsics and depth: its rank, its trajectory line and the timestamps of its .pincam
    /// and depth file. Small on purpose (no paths, no matrices): one is kept per frame of the scan.
    /// </summary>
    readonly record struct Planned(int Rank, int Pose, string PincamStamp, string DepthStamp);

    /// <summary>What the frame writer reads for one frame.</summary>
    sealed record FrameFiles(int Rank, string Color, string Pincam, string Depth, Mat4 Pose);

    internal static ARKitScenesScanReport Import(ARKitScenesScan scan, SceneFolder folder, ARKitScenesImportOptions options, ProgressTracker? progress)
    {
        var warnings = new List<string>();
        // Annotations first: a bad annotation or mesh fails the scan before a frame is written.
        ARKitScenesAnnotation annotation;
        if (scan.Annotation is { } annotationPath) annotation = ARKitScenesAnnotations.Read(annotationPath);
        else
        {
            annotation = new ARKitScenesAnnotation(false, []);
            warnings.Add($"{Path.Combine(scan.Folder, scan.SceneId + "_3dod_annotation.json")}: not found: the scene has no objects");
        }
        if (annotation.Skipped)
            warnings.Add($"{scan.Annotation}: marked \"skipped\" (no usable annotation): its {annotation.Boxes.Count} box(es) are not used and the scene has no objects");
        var mesh = scan.Mesh != null ? PlyReader.ReadMesh(scan.Mesh) : null;
        if (mesh == null) warnings.Add($"{Path.Combine(scan.Folder, scan.SceneId + "_3dod_mesh.ply")}: not found: no instance masks and no room geometry");
        var (objects, labelled, skips) = ARKitScenesObjects.Build(annotation.Skipped ? [] : annotation.Boxes, mesh, options.MaxSurfacePoints);
        if (skips.UnknownLabels > 0)
            warnings.Add($"{scan.Annotation}: {skips.UnknownLabels} box(es) labelled outside the toolkit's 17 classes were skipped ({string.Join(", ", skips.UnknownLabelNames.Select(l => $"'{l}'"))})");
        if (skips.Tilted > 0) warnings.Add($"{scan.Annotation}: {skips.Tilted} obbAligned box(es) have no vertical axis: their box is the upright box around them");
        if (skips.OutOfRange > 0) warnings.Add($"{scan.Annotation}: {skips.OutOfRange} box(es) beyond data[65533] were skipped (16-bit mask ids)");
        if (skips.WithoutVertices > 0) warnings.Add($"{scan.Mesh}: {skips.WithoutVertices} object(s) enclose no mesh vertex: they have no mask pixels");
        var room = mesh != null ? ScanNetRoom.Estimate(mesh.Vertices.Positions, [], []) : null;

        var traj = ARKitScenesFormats.ReadTraj(Require(scan.Traj, "the camera trajectory"));
        var poses = new TimestampMatch<int>(traj.Select((p, i) => (p.Timestamp, i)));
        var (sky, fromPoses) = SkyOf(scan, traj, warnings);

        var (colorDir, intrinsicsDir) = scan.ColorDirs(options.Frames);
        var colors = ARKitScenesLayout.ReadTimed(colorDir, scan.SceneId, ".png")
            ?? throw new SparException($"{colorDir}: no colour frames folder");
        if (!Directory.Exists(scan.DepthDir)) throw new SparException($"{scan.DepthDir}: no depth folder (unzip lowres_depth.zip there)");
        // lowres_depth shares lowres_wide's timestamps (the same name, or nothing); wide frames look theirs up by time.
        TimestampMatch<string>? depthByTime = options.Frames == ARKitScenesFrames.Wide
            ? new TimestampMatch<string>(ARKitScenesLayout.ReadTimed(scan.DepthDir, scan.SceneId, ".png")!.Select(d => (d.Seconds, d.Stamp)))
            : null;
        var pincams = ARKitScenesLayout.ReadTimed(intrinsicsDir, scan.SceneId, ".pincam")
            ?? throw new SparException($"{intrinsicsDir}: no intrinsics folder (unzip {Path.GetFileName(intrinsicsDir)}.zip there)");
        var pincamByKey = new Dictionary<long, string>();
        foreach (var p in pincams) pincamByKey.TryAdd(p.Key, p.Stamp);

        // Which frames can be written is decided from names alone, so the video's spacing is known before any image is read.
        var planned = new List<Planned>();
        int withoutPose = 0, withoutIntrinsics = 0, withoutDepth = 0;
        for (int rank = 0; rank < colors.Count; rank++)
        {
            var c = colors[rank];
            if (!poses.TryFind(c.Key, c.Seconds, out int pose, out _)) { withoutPose++; continue; }
            // The toolkit's intrinsics lookup: this timestamp's .pincam, else the one a millisecond before or after.
            if (!(pincamByKey.TryGetValue(c.Key, out var pincam) || pincamByKey.TryGetValue(c.Key - 1, out pincam) || pincamByKey.TryGetValue(c.Key + 1, out pincam)))
            { withoutIntrinsics++; continue; }
            string? depth;
            if (depthByTime == null) depth = File.Exists(c.PathIn(scan.DepthDir, scan.SceneId, ".png")) ? c.Stamp : null;
            else depth = depthByTime.TryFind(c.Key, c.Seconds, out var d, out _) ? d : null;
            if (depth == null) { withoutDepth++; continue; }
            planned.Add(new Planned(rank, pose, pincam, depth));
        }
        string colorName = Path.GetFileName(colorDir);
        if (withoutPose > 0)
            warnings.Add($"{scan.Traj}: {withoutPose} of {colors.Count} {colorName} frame(s) have no pose at their timestamp (3 decimals) nor within {TimestampMatch<int>.ToleranceSeconds} s and were skipped");
        if (withoutIntrinsics > 0)
            warnings.Add($"{intrinsicsDir}: {withoutIntrinsics} {colorName} frame(s) with a pose have no .pincam at their timestamp (± 0.001 s) and were skipped");
        if (withoutDepth > 0)
            warnings.Add($"{scan.DepthDir}: {withoutDepth} {colorName} frame(s) with a pose have no depth frame {(options.Frames == ARKitScenesFrames.Lowres ? "of the same name" : $"within {TimestampMatch<int>.ToleranceSeconds} s")} and were skipped");
        if (planned.Count == 0) throw new SparException($"{colorDir}: none of its {colors.Count} frame(s) has a pose, intrinsics and depth");
        FrameFiles Files(Planned p) => new(p.Rank, colors[p.Rank].PathIn(colorDir, scan.SceneId, ".png"), Path.Combine(intrinsicsDir, $"{scan.SceneId}_{p.PincamStamp}.pincam"),
            Path.Combine(scan.DepthDir, $"{scan.SceneId}_{p.DepthStamp}.png"), traj[p.Pose].CameraToWorld);

        var staging = folder.Staging;
        foreach (var d in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, d));
        if (labelled != null) Directory.CreateDirectory(Path.Combine(staging, RgbdLayout.InstanceFolder));
        var writer = new FrameWriter(new SceneFrameFiles(scan.SceneId, staging, colorDir), sky, labelled != null ? new MeshMaskRasterizer(labelled) : null, options.MaskDepthAgreement);
        var videoRanks = FrameSelection.VideoRanks(planned.Count, options.VideoFrames);
        var frames = new List<SceneFrame>();
        var videoIndex = new List<long>();
        int nextVideo = 0, planIndex = 0;
        for (int rank = 0; rank < colors.Count; rank++)
        {
            options.Cancel.ThrowIfCancellationRequested(); // the staging folder is removed by the caller
            progress?.Advance(1);
            if (planIndex >= planned.Count || planned[planIndex].Rank != rank) continue;
            var p = planned[planIndex];
            bool video = nextVideo < videoRanks.Length && videoRanks[nextVideo] == planIndex;
            bool step = FrameSelection.IsStepFrame(planIndex, options.FrameStep);
            planIndex++;
            if (!step && !video) continue;
            frames.Add(writer.Write(Files(p), video ? nextVideo : null));
            if (video) { videoIndex.Add(p.Rank); nextVideo++; }
        }
        if (writer.Rendered.Disagreeing > 0)
            warnings.Add($"{scan.Mesh}: rendered masks: {writer.Rendered.Disagreeing} of {writer.Rendered.ObjectPixels} object pixel(s) disagree with the sensor depth by more than {options.MaskDepthAgreement} and were set to 0");
        if (writer.IntrinsicsVary)
            warnings.Add($"{intrinsicsDir}: intrinsics change over the scan; intrinsic/ holds the first frame's, scene.json each frame's own");
        writer.WriteSceneFiles(videoIndex);

        var scene = new Scene(scan.SceneId, ARKitScenesImporter.Source, room, objects, frames);
        SceneJson.Write(scene, Path.Combine(staging, SceneJson.FileName));
        var final = folder.Commit();
        return new ARKitScenesScanReport(scan.SceneId, colorName, colors.Count, withoutPose, withoutIntrinsics, withoutDepth, frames.Count, nextVideo,
            objects.Count, skips.UnknownLabels, annotation.Skipped, sky, fromPoses, warnings, final);
    }

    /// <summary>
    /// The scan's sky direction: <c>metadata.csv</c>'s when it lists the scan (the toolkit's source for it), else the
    /// majority of the trajectory's poses by the toolkit's <c>rectify_im.py</c> rule, with a warning.
    /// </summary>
    static (SkyDirection Sky, bool FromPoses) SkyOf(ARKitScenesScan scan, List<TrajPose> traj, List<string> warnings)
    {
        if (scan.Metadata != null && ARKitScenesFormats.ReadSkyDirections(scan.Metadata).TryGetValue(scan.SceneId, out var sky))
            return (sky, false);
        var derived = Sky.FromPoses(traj.Select(t => t.CameraToWorld));
        warnings.Add(scan.Metadata == null
            ? $"{Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(scan.Folder)!)!, "metadata.csv")}: not found: sky direction {derived} taken from the poses (majority of {traj.Count}, rectify_im.py's rule)"
            : $"{scan.Metadata}: no sky_direction for {scan.SceneId}: sky direction {derived} taken from the poses (majority of {traj.Count}, rectify_im.py's rule)");
        return (derived, true);
    }

    static string Require(string path, string what) =>
        File.Exists(path) ? path : throw new SparException($"{path}: not found ({what})");

    /// <summary>Writes the frames' files into the staging folder, one frame at a time; buffers are reused, so memory does not grow with the scan.</summary>
    sealed class FrameWriter(SceneFrameFiles output, SkyDirection sky, MeshMaskRasterizer? renderer, SensorDepthAgreement agreement)
    {
        readonly MemoryStream _buffer = new();
        MeshMaskBuffers? _buffers;
        // Per-frame images of one size, reused: at 256×192 each is a large-object-heap array, which the GC would
        // otherwise let pile up between full collections.
        RgbaImage? _upright;
        ushort[] _registered = [], _turned = [], _mask = [];
        DepthRegistration? _registration;
        (int Width, int Height, int DepthWidth, int DepthHeight, CameraIntrinsics K) _registrationFor;
        public MaskAgreementCounts Rendered;

        (int Width, int Height, CameraIntrinsics K)? _first;

        public bool IntrinsicsVary { get; private set; }

        public SceneFrame Write(FrameFiles files, int? videoOrder)
        {
            var (width, height, capturedK) = ARKitScenesFormats.ReadPincam(files.Pincam);
            if (_first is not { } first) _first = (width, height, capturedK);
            else if ((first.Width, first.Height) != (width, height))
                throw new SparException($"{files.Pincam}: {width}×{height}, the scan's first frame is {first.Width}×{first.Height}: one image size per scan is supported");
            else if (first.K != capturedK) IntrinsicsVary = true;
            var p = new Captured(files.Rank, files.Color, files.Depth, width, height, capturedK);
            var (w, h) = Sky.Size(sky, p.Width, p.Height);
            var k = Sky.Intrinsics(sky, p.K, p.Width, p.Height);
            var pose = Sky.Pose(sky, files.Pose);
            var jpeg = Color(p);
            var millimetres = Depth(p);
            var depthPng = Png16.EncodeImport(_buffer, millimetres, w, h);
            var poseText = Encoding.ASCII.GetBytes(MatrixFile.Format(pose));
            var (colorPath, depthPath) = output.WriteFrame(p.Rank, jpeg, depthPng, poseText);
            string? maskPath = null;
            if (renderer != null)
            {
                if (_buffers == null || _buffers.Width != w || _buffers.Height != h) _buffers = new MeshMaskBuffers(w, h);
                renderer.Render(k, pose, _buffers);
                var mask = Reuse(ref _mask, w * h);
                Rendered += agreement.Apply(_buffers, millimetres, mask);
                maskPath = output.WriteMask(p.Rank, Png16.EncodeImport(_buffer, mask, w, h));
            }
            var membership = videoOrder is int order ? output.WriteVideo(order, p.Rank, jpeg, depthPng, poseText) : null;
            return new SceneFrame(p.Rank, colorPath, w, h, k, pose, depthPath, maskPath, membership);
        }

        /// <summary>One frame as captured: its files and its .pincam's size and intrinsics.</summary>
        sealed record Captured(int Rank, string Color, string Depth, int Width, int Height, CameraIntrinsics K);

        /// <summary>The PNG colour frame, turned upright, as a JPEG (ImageSharp, quality 95, as every importer's transcode).</summary>
        byte[] Color(Captured p)
        {
            byte[] data = ImportFiles.ReadBytes(p.Color);
            RgbaImage image;
            try { image = ImageCodec.Decode(data, p.Color); }
            catch (UnreadableImageException e) { throw new SparException($"{p.Color}: cannot decode colour image: {e.Message}", e); }
            using (image)
            {
                if ((image.Width, image.Height) != (p.Width, p.Height))
                    throw new SparException($"{p.Color}: colour image is {image.Width}×{image.Height}, its .pincam says {p.Width}×{p.Height}");
                var (w, h) = Sky.Size(sky, p.Width, p.Height);
                if (_upright == null || _upright.Width != w || _upright.Height != h) _upright = new RgbaImage(w, h);
                var upright = _upright;
                Sky.Turn<uint>(sky, MemoryMarshal.Cast<byte, uint>(image.Pixels.AsSpan()), p.Width, p.Height, MemoryMarshal.Cast<byte, uint>(upright.Pixels.AsSpan()));
                _buffer.SetLength(0);
                ImageCodec.EncodeJpegWithImageSharp(upright, _buffer, 95);
                return _buffer.ToArray();
            }
        }

        /// <summary>
        /// Depth in millimetres on the upright colour grid. lowres_depth is registered to lowres_wide (the same 256×192
        /// grid): copied. For wide frames it is the same camera at a lower resolution, so its intrinsics are the colour
        /// ones scaled about pixel corners and each colour pixel takes the depth pixel on its ray (nearest neighbour).
        /// </summary>
        ushort[] Depth(Captured p)
        {
            // The header check ReadDepth makes (16-bit greyscale, a size fitting the frame), then a pooled decode.
            if (Png16.DepthProblem(p.Depth, p.Width, p.Height) is { } problem) throw new SparException($"{p.Depth}: depth {problem}");
            var map = Png16.ReadPooled(p.Depth, (long)p.Width * p.Height);
            try
            {
                int dw = map.Width, dh = map.Height;
                var raw = map.Values.AsSpan(0, dw * dh);
                var registered = Reuse(ref _registered, p.Width * p.Height);
                if ((dw, dh) == (p.Width, p.Height)) raw.CopyTo(registered);
                else
                {
                    if (_registration == null || _registrationFor != (p.Width, p.Height, dw, dh, p.K))
                    {
                        _registration = DepthRegistration.SameViewScaled(dw, dh, p.K, p.Width, p.Height);
                        _registrationFor = (p.Width, p.Height, dw, dh, p.K);
                    }
                    _registration.Apply(raw, registered);
                }
                if (sky == SkyDirection.Up) return registered;
                var upright = Reuse(ref _turned, registered.Length);
                Sky.Turn<ushort>(sky, registered, p.Width, p.Height, upright);
                return upright;
            }
            finally { Png16.Return(map); }
        }

        static ushort[] Reuse(ref ushort[] buffer, int length)
        {
            if (buffer.Length != length) buffer = new ushort[length];
            return buffer;
        }

        public void WriteSceneFiles(IReadOnlyList<long> videoIndex)
        {
            output.WriteVideoIndex(videoIndex);
            // Depth is registered to the colour camera, which is turned upright as the frames are.
            if (_first is { } first) output.WriteIntrinsics(Sky.Intrinsics(sky, first.K, first.Width, first.Height));
        }
    }
}
