using System.Text;
using Spar.Dataset.Layout;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>
/// Imports one ScanNet++ scene (iPhone camera) into a canonical <see cref="Scene"/> plus the SPAR-7M-RGBD layout, with
/// SPAR-7M's own frame naming for ScanNet++: <c>image_color/&lt;rank&gt;.jpg</c> where rank is the frame's position
/// among <c>iphone/rgb/</c>'s frames by number (<see cref="ScanNetppLayout.ReadRgbFrames"/>, the one owner of that
/// ranking), <c>video_color/frame{i}_{n}.jpg</c> with n the iPhone frame number. Frames COLMAP did not register have
/// no trustworthy pose (<c>pose_intrinsic_imu.json</c> is not used: it disagrees with the mesh, scannetpp#154) and are
/// skipped and counted. Annotations are read first, so a bad mesh fails before a frame is written.
/// </summary>
public static class ScanNetppSceneImporter
{
    internal static ScanNetppSceneReport Import(ScanNetppSceneFiles files, SceneFolder folder, ScanNetppImportOptions options, ScanNetppBenchmarkLabels? labels,
        ProgressTracker? progress)
    {
        var warnings = new List<string>();
        bool dslr = options.Camera == ScanNetppCamera.Dslr;
        IReadOnlyDictionary<int, ColmapCamera> cameras;
        IReadOnlyDictionary<long, ColmapFrame> registered;
        long[] ranked;
        Func<long, string> colorFile;
        string imagesTxt, framesDir;
        if (dslr)
        {
            // DSLR frames have no frame number: a frame's number is its rank among the image folder's files by name.
            var model = ScanNetppDslr.Read(files.Folder);
            var names = ScanNetppDslr.ListImages(model.ImageDir);
            cameras = new Dictionary<int, ColmapCamera> { [model.Camera.Id] = model.Camera };
            registered = names.Select((name, rank) => (name, rank)).Where(x => model.Images.ContainsKey(x.name))
                .ToDictionary(x => (long)x.rank, x => model.Images[x.name] with { Frame = x.rank });
            ranked = [.. Enumerable.Range(0, names.Count).Select(r => (long)r)];
            colorFile = n => Path.Combine(model.ImageDir, names[(int)n]);
            (imagesTxt, framesDir) = (model.ImagesTxt, model.ImageDir);
            int unknown = model.Images.Keys.Count(n => !names.Contains(n));
            if (unknown > 0) warnings.Add($"{model.ImagesTxt}: {unknown} registered image(s) are not in {model.ImageDir}");
        }
        else
        {
            cameras = ScanNetppColmap.ReadCameras(Require(files.Cameras, "the iPhone's COLMAP model"));
            registered = ScanNetppColmap.ReadImages(Require(files.Images, "the iPhone's COLMAP model"), cameras);
            foreach (var c in cameras.Values.Where(c => c.HasDistortion))
                warnings.Add($"{files.Cameras}: camera {c.Id} ({c.Model}) has distortion terms; they are ignored (frames are used as pinhole images)");
            var rgb = ScanNetppLayout.ReadRgbFrames(files.RgbDir)
                ?? throw new SparException($"{files.RgbDir}: no iPhone frames folder (extract rgb.mkv with the toolkit's prepare_iphone_data.py)");
            ranked = [.. rgb.Frames.Select(f => f.Key)];
            colorFile = n => rgb.File(n)!;
            (imagesTxt, framesDir) = (files.Images, files.RgbDir);
        }
        var masks = ResolveMasks(files, options.Masks, warnings);
        var (objects, mesh, unmapped, room) = BuildObjects(files, options, labels, warnings);
        if (dslr && mesh == null)
            mesh = files.Mesh != null ? UnlabelledMesh(files.Mesh)
                : throw new SparException($"{Path.Combine(files.Folder, "scans", "mesh_aligned_0.05.ply")}: not found: --camera dslr renders depth from the mesh (the DSLR has no depth sensor)");

        // iPhone depth: extracted PNGs when present (the toolkit wrote them from depth.bin), else depth.bin itself.
        using var depthBin = dslr || Directory.Exists(files.DepthDir) ? null
            : files.DepthBin != null ? new ScanNetppDepthBin(files.DepthBin)
            : throw new SparException($"{files.DepthDir}: no iPhone depth folder and no depth.bin");
        var staging = folder.Staging;
        foreach (var f in RgbdLayout.Folders) Directory.CreateDirectory(Path.Combine(staging, f));
        bool writeMasks = masks == InstanceMaskSource.Render && mesh != null;
        if (writeMasks) Directory.CreateDirectory(Path.Combine(staging, RgbdLayout.InstanceFolder));

        var frames = new Frames(files, depthBin, staging, cameras, mesh != null && (writeMasks || dslr) ? new MeshMaskRasterizer(mesh) : null,
            writeMasks, dslr, imagesTxt, options);
        int step = options.FrameStep ?? (dslr ? 1 : 10);
        var videoRanks = FrameSelection.VideoRanks(ranked.Count(registered.ContainsKey), options.VideoFrames);
        var sceneFrames = new List<SceneFrame>();
        var videoIndex = new List<long>();
        int usable = 0, nextVideo = 0, notInColmap = 0;
        for (int rank = 0; rank < ranked.Length; rank++)
        {
            options.Cancel.ThrowIfCancellationRequested(); // the staging folder is removed by the caller
            progress?.Advance(1);
            long number = ranked[rank];
            if (!registered.TryGetValue(number, out var colmap)) { notInColmap++; continue; }
            bool video = nextVideo < videoRanks.Length && videoRanks[nextVideo] == usable;
            usable++;
            if (!FrameSelection.IsStepFrame(number, step) && !video) continue;
            sceneFrames.Add(frames.Write(rank, number, colorFile(number), colmap, video ? nextVideo++ : null));
            if (video) videoIndex.Add(number);
        }
        if (notInColmap > 0)
            warnings.Add($"{imagesTxt}: {notInColmap} of {ranked.Length} frame(s) of {framesDir} are not registered by COLMAP and were skipped"
                + (dslr ? "" : " (pose_intrinsic_imu.json is not trusted for poses)"));
        if (frames.Rendered.Disagreeing > 0)
            warnings.Add($"{files.Mesh}: rendered masks: {frames.Rendered.Disagreeing} of {frames.Rendered.ObjectPixels} object pixel(s) disagree with the sensor depth by more than {options.MaskDepthAgreement} and were set to 0");
        frames.WriteSceneFiles(videoIndex);

        var scene = new Scene(files.SceneId, ScanNetppImporter.Source, room, objects, sceneFrames);
        SceneJson.Write(scene, Path.Combine(staging, SceneJson.FileName));
        var final = folder.Commit();
        return new ScanNetppSceneReport(files.SceneId, options.Camera, ranked.Length, notInColmap, sceneFrames.Count, nextVideo,
            objects.Count, objects.Count(o => o.Referable), unmapped, warnings, final);
    }

    /// <summary>The mesh without annotations, for the DSLR's rendered depth: every triangle drawn, none an object.</summary>
    static LabelledMesh UnlabelledMesh(string path)
    {
        var ply = PlyReader.ReadMesh(path);
        return LabelledMesh.FromVertexInstances(ply.Vertices.Positions, ply.Triangles, new ushort[ply.Vertices.Count]);
    }

    static string Require(string path, string what) =>
        File.Exists(path) ? path : throw new SparException($"{path}: not found ({what})");

    static InstanceMaskSource ResolveMasks(ScanNetppSceneFiles files, InstanceMaskSource requested, List<string> warnings)
    {
        if (requested == InstanceMaskSource.None) return requested;
        if (files.HasAnnotations) return InstanceMaskSource.Render;
        if (requested == InstanceMaskSource.Render)
            throw new SparException($"{files.Folder}: --masks render needs scans/mesh_aligned_0.05.ply, segments.json and segments_anno.json");
        warnings.Add($"{files.Folder}: no annotated mesh: no instance masks");
        return InstanceMaskSource.None;
    }

    static (List<SceneObject>, LabelledMesh?, int? Unmapped, RoomGeometry? Room) BuildObjects(ScanNetppSceneFiles files, ScanNetppImportOptions options,
        ScanNetppBenchmarkLabels? labels, List<string> warnings)
    {
        if (!files.HasAnnotations)
        {
            warnings.Add($"{files.Folder}: scans/mesh_aligned_0.05.ply, segments.json or segments_anno.json missing: the scene has no objects");
            return ([], null, labels != null ? 0 : null, null);
        }
        var mesh = PlyReader.ReadMesh(files.Mesh!);
        var segIndices = ScanNetAnnotations.ReadSegIndices(files.Segments!);
        var groups = ScanNetppAnnotations.ReadSegGroups(files.SegmentsAnno!);
        var (objects, labelled, s, room, floorSource) = ScanNetppObjects.Build(mesh, segIndices, groups, labels ?? (Labels.IObjectLabels)ScanNetLabelMap.Identity,
            files.Segments!, options.MaxSurfacePoints);
        var anno = files.SegmentsAnno;
        if (s.MissingSegmentReferences > 0) warnings.Add($"{anno}: {s.MissingSegmentReferences} segment reference(s) not in segments.json were skipped");
        if (s.EmptyObjects > 0) warnings.Add($"{anno}: {s.EmptyObjects} object(s) with no mesh vertex were skipped");
        if (s.DuplicateObjectIds > 0) warnings.Add($"{anno}: {s.DuplicateObjectIds} repeated objectId(s) were skipped");
        if (s.OutOfRangeIds > 0) warnings.Add($"{anno}: {s.OutOfRangeIds} object(s) with objectId outside 0..65534 (16-bit mask ids) were skipped");
        if (s.WithoutObb > 0) warnings.Add($"{anno}: {s.WithoutObb} object(s) have no obb: their box is the axis-aligned bounds of their vertices");
        if (s.TiltedObb > 0) warnings.Add($"{anno}: {s.TiltedObb} obb(s) have no vertical axis: their box is the upright box around the obb");
        if (s.OverlapVertices > 0) warnings.Add($"{anno}: {s.OverlapVertices} vertex membership(s) overlap another instance: masks give such vertices the smallest instance");
        int? unmapped = null;
        if (labels != null)
        {
            // Of the objects kept, those the benchmark map drops or does not list: named (most frequent first) so a
            // wrong map never goes unnoticed.
            var kept = objects.Select(o => o.InstanceId).ToHashSet();
            var missing = groups.Where(g => kept.Contains(g.ObjectId + 1) && labels.BenchmarkClassOf(g.Label) == null)
                .GroupBy(g => ScanNetLabelMap.Normalize(g.Label), StringComparer.Ordinal)
                .Select(g => (Label: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Label, StringComparer.Ordinal).ToList();
            unmapped = missing.Sum(x => x.Count);
            if (unmapped > 0)
                warnings.Add($"{labels.Path}: {unmapped} object(s) have a label the benchmark map drops or does not list, kept under the raw label: "
                    + string.Join(", ", missing.Take(10).Select(x => $"'{x.Label}' ×{x.Count}")) + (missing.Count > 10 ? $", … ({missing.Count} labels)" : ""));
        }
        if (room == null) warnings.Add($"{files.Mesh}: no room outline could be derived from the mesh: the scene has no room");
        else if (floorSource == ScanNetppFloorSource.HorizontalFaces)
            warnings.Add($"{anno}: no object labelled floor: the room outline is the hull of the mesh's lowest horizontal layer");
        else if (floorSource == ScanNetppFloorSource.WholeMesh)
            warnings.Add($"{anno}: no object labelled floor and no horizontal layer in the mesh: the room outline is the hull of the whole mesh");
        return (objects, labelled, unmapped, room);
    }

    /// <summary>
    /// Writes the frames' files into the staging folder, one frame at a time. iPhone depth is the sensor's, registered
    /// to colour; DSLR depth (<paramref name="renderedDepth"/>) is the mesh rendered through the frame's camera, and the
    /// masks come from that same rendering.
    /// </summary>
    sealed class Frames(ScanNetppSceneFiles files, ScanNetppDepthBin? depthBin, string staging, IReadOnlyDictionary<int, ColmapCamera> cameras, MeshMaskRasterizer? renderer,
        bool writeMasks, bool renderedDepth, string imagesTxt, ScanNetppImportOptions options)
    {
        readonly SceneFrameFiles _output = new(files.SceneId, staging, imagesTxt);
        readonly Dictionary<int, DepthRegistration> _registrations = [];
        readonly MemoryStream _png = new();
        MeshMaskBuffers? _buffers;
        ColmapCamera? _first;
        int _depthWidth, _depthHeight;
        public MaskAgreementCounts Rendered;

        public SceneFrame Write(int rank, long number, string colorPath, ColmapFrame colmap, int? videoOrder)
        {
            var camera = cameras[colmap.CameraId];
            _first ??= camera;
            if (camera.Width != _first.Width || camera.Height != _first.Height)
                throw new SparException($"{imagesTxt}: frame {number} uses camera {camera.Id} ({camera.Width}×{camera.Height}), others camera {_first.Id} ({_first.Width}×{_first.Height}): one image size per scene is supported");
            var jpeg = ReadBytes(colorPath);
            var size = JpegHeader.Size(jpeg);
            if (size != (camera.Width, camera.Height))
                throw new SparException($"{colorPath}: colour image is {(size is { } s ? $"{s.Width}×{s.Height} JPEG" : "not a JPEG")}, cameras.txt says {camera.Width}×{camera.Height}");
            var k = camera.Intrinsics;
            var pose = colmap.CameraToWorld;
            var millimetres = new ushort[camera.Width * camera.Height];
            ushort[]? near = null, far = null;
            if (renderedDepth)
            {
                _buffers ??= new MeshMaskBuffers(camera.Width, camera.Height);
                renderer!.Render(k, pose, _buffers);
                RenderedMillimetres(_buffers.InverseDepth, millimetres);
            }
            else
            {
                var (raw, dw, dh, depthPath) = ReadDepth(number, colorPath);
                if (_depthWidth == 0) (_depthWidth, _depthHeight) = (dw, dh);
                else if ((dw, dh) != (_depthWidth, _depthHeight))
                    throw new SparException($"{depthPath}: depth is {dw}×{dh}, the scene's earlier frames {_depthWidth}×{_depthHeight}");
                var registration = Registration(camera, dw, dh);
                registration.Apply(raw, millimetres);
                if (writeMasks && options.MaskDepthNeighbourhood)
                {
                    // The depth range around each ray, registered as the depth is (SensorDepthAgreement's coarse-depth test).
                    var (lo, hi) = (new ushort[dw * dh], new ushort[dw * dh]);
                    SensorDepthAgreement.DepthRange3x3(raw, dw, dh, lo, hi);
                    (near, far) = (new ushort[millimetres.Length], new ushort[millimetres.Length]);
                    registration.Apply(lo, near);
                    registration.Apply(hi, far);
                }
            }

            var depthPng = Png16.EncodeImport(_png, millimetres, camera.Width, camera.Height);
            var poseText = Encoding.ASCII.GetBytes(MatrixFile.Format(pose));
            var (colorFile, depthFile) = _output.WriteFrame(rank, jpeg, depthPng, poseText);
            string? maskPath = null;
            if (writeMasks)
            {
                _buffers ??= new MeshMaskBuffers(camera.Width, camera.Height);
                // The DSLR's buffers already hold this frame's rendering (its depth is that rendering, so all agree).
                if (!renderedDepth) renderer!.Render(k, pose, _buffers);
                var mask = new ushort[camera.Width * camera.Height];
                Rendered += near != null ? options.MaskDepthAgreement.Apply(_buffers, near, far!, mask)
                    : options.MaskDepthAgreement.Apply(_buffers, millimetres, mask);
                maskPath = _output.WriteMask(rank, Png16.EncodeImport(_png, mask, camera.Width, camera.Height));
            }
            // SPAR-7M names ScanNet++ video frames by the iPhone frame number, image frames by rank.
            var membership = videoOrder is int order ? _output.WriteVideo(order, number, jpeg, depthPng, poseText) : null;
            return new SceneFrame(rank, colorFile, camera.Width, camera.Height, k, pose, depthFile, maskPath, membership);
        }

        /// <summary>Camera z of the rendered mesh in millimetres, rounded; 0 where nothing was drawn or beyond 65.535 m.</summary>
        static void RenderedMillimetres(float[] inverseDepth, ushort[] mm)
        {
            for (int i = 0; i < mm.Length; i++)
            {
                double z = inverseDepth[i] > 0 ? 1000.0 / inverseDepth[i] : 0;
                mm[i] = z >= 0.5 && z < 65535.5 ? (ushort)Math.Round(z, MidpointRounding.AwayFromZero) : (ushort)0;
            }
        }

        (ushort[] Raw, int Width, int Height, string Path) ReadDepth(long number, string colorPath)
        {
            if (depthBin != null)
            {
                var mm = new ushort[ScanNetppDepthBin.Width * ScanNetppDepthBin.Height];
                depthBin.Read(number, mm);
                return (mm, ScanNetppDepthBin.Width, ScanNetppDepthBin.Height, files.DepthBin!);
            }
            var depthPath = Path.Combine(files.DepthDir, Path.GetFileNameWithoutExtension(colorPath) + ".png");
            if (!File.Exists(depthPath)) throw new SparException($"{depthPath}: missing depth for iPhone frame {number}");
            return (Png16.ReadDepth(depthPath, out int dw, out int dh), dw, dh, depthPath);
        }

        /// <summary>
        /// The iPhone depth map (256×192) is the colour camera's view at a lower resolution, so its intrinsics are the
        /// colour ones scaled about pixel corners (pixel centres at integers, as in COLMAP's).
        /// </summary>
        DepthRegistration Registration(ColmapCamera camera, int dw, int dh)
        {
            if (_registrations.TryGetValue(camera.Id, out var r)) return r;
            r = DepthRegistration.SameViewScaled(dw, dh, camera.Intrinsics, camera.Width, camera.Height);
            _registrations[camera.Id] = r;
            return r;
        }

        public void WriteSceneFiles(IReadOnlyList<long> videoIndex)
        {
            _output.WriteVideoIndex(videoIndex);
            if (_first != null) _output.WriteIntrinsics(_first.Intrinsics);
        }

        static byte[] ReadBytes(string path) => ImportFiles.ReadBytes(path);
    }
}
