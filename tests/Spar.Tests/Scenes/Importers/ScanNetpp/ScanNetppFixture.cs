using System.Globalization;
using System.Text;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// Writes a ScanNet++ scene in the release's own layout (sources.md §3.5) from a rendered synthetic scene whose truth
/// is kept aside: <c>data/&lt;id&gt;/iphone/rgb/frame_%06d.jpg</c> (colour W×H), <c>iphone/depth/frame_%06d.png</c>
/// (uint16 mm at 256×192, rendered with the colour camera scaled to that size, as the iPhone's LiDAR depth is),
/// <c>iphone/colmap/{cameras,images}.txt</c> (COLMAP text, <b>world-to-camera</b> quaternions computed here from the
/// truth's camera-to-world poses), <c>pose_intrinsic_imu.json</c> whose <c>pose</c> is wrong, and
/// <c>scans/mesh_aligned_0.05.ply</c> + <c>segments.json</c> + <c>segments_anno.json</c> (the renderer's parts, several
/// segments per object, obb rows = box axes, axesLengths full sizes). The synthetic frame i is iPhone frame 10·i; one
/// more frame, <see cref="NotInColmap"/>, is in rgb/ and depth/ but not in COLMAP. A crate below the floor (out of every
/// view) has its obb rotated by <see cref="CrateYaw"/> and written with its axes in the order z, y, x.
/// </summary>
sealed class ScanNetppFixture
{
    public const int W = 512, H = 384, DepthW = 256, DepthH = 192;
    public const string SceneId = "0a5c013435";
    public const long NotInColmap = 25;
    public const double CrateYaw = 0.6;

    public required SyntheticScene Synth { get; init; }
    public required Dictionary<long, SceneFrame> FramesByNumber { get; init; }
    public required List<RenderPart> Parts { get; init; }
    /// <summary>Every object the annotation holds, with its true box: the synthetic objects and the crate.</summary>
    public required List<SceneObject> TrueObjects { get; init; }
    public required Dictionary<long, ushort[]> TrueInstances { get; init; }
    public required string Root { get; init; }

    /// <summary>The instance whose largest part the "overlap part" instance shares (0 without overlap).</summary>
    public int OverlapHost { get; init; }

    public int OverlapId => TrueObjects[^1].InstanceId;

    /// <summary>The DSLR's undistorted camera (what the toolkit's undistortion writes: cx = w/2, cy = h/2).</summary>
    public const int DslrW = 480, DslrH = 320;
    public static readonly CameraIntrinsics DslrK = new(260.5, 259.75, DslrW / 2.0, DslrH / 2.0);

    /// <summary>The DSLR frame written under each file name: pose, the renderer's instance ids and depth (mm) at DSLR resolution.</summary>
    public sealed record DslrTruth(Mat4 Pose, ushort[] Instances, ushort[] DepthMillimeters);

    /// <summary>By image name; empty unless written with <c>dslr: true</c>. <see cref="DslrNotInColmap"/> is in the folder only.</summary>
    public Dictionary<string, DslrTruth> Dslr { get; init; } = [];

    public const string DslrNotInColmap = "DSC01015.JPG";

    public string SceneFolder => Path.Combine(Root, "data", SceneId);

    public static long FrameNumber(SceneFrame f) => 10L * f.Index;

    /// <summary>
    /// With <paramref name="overlap"/>, one more instance ("overlap part", id <see cref="OverlapId"/>) is annotated on the
    /// largest part of the object with the most parts: its segment then belongs to two instances, as ScanNet++ allows.
    /// </summary>
    public static ScanNetppFixture Write(string root, long seed = 5, int frames = 6, bool overlap = false, DepthFile depthFile = DepthFile.Png,
        string floorLabel = "floor", bool dslr = false, int width = W, int height = H, double growCm = 0)
    {
        var synth = SyntheticWorld.Generate(seed, index: 0, new SynthOptions(Frames: frames, VideoFrames: 1, ExtraViews: 0, Width: width, Height: height));
        var rasterizer = SyntheticDataset.CreateRasterizer(synth);
        var scene = Path.Combine(root, "data", SceneId);
        string rgb = Dir(scene, "iphone", "rgb"), depth = Dir(scene, "iphone", "depth"), colmap = Dir(scene, "iphone", "colmap"), scans = Dir(scene, "scans");
        var byNumber = new Dictionary<long, SceneFrame>();
        var depthByNumber = new SortedDictionary<long, ushort[]>();
        var instances = new Dictionary<long, ushort[]>();
        var k = synth.Scene.Frames[0].Intrinsics;
        var depthK = new CameraIntrinsics(k.Fx * DepthW / width, k.Fy * DepthH / height, (k.Cx + 0.5) * DepthW / width - 0.5, (k.Cy + 0.5) * DepthH / height - 0.5);
        byte[]? lastJpeg = null;
        ushort[]? lastDepth = null;
        foreach (var f in synth.Scene.Frames)
        {
            long n = FrameNumber(f);
            byNumber[n] = f;
            var fb = new FrameBuffers(width, height);
            rasterizer.Render(f.Camera!, fb);
            instances[n] = (ushort[])fb.Instance.Clone();
            lastJpeg = ImageCodec.EncodeRenderedJpeg(fb.Rgba, width, height);
            File.WriteAllBytes(Path.Combine(rgb, Name(n, "jpg")), lastJpeg);
            var db = new FrameBuffers(DepthW, DepthH);
            rasterizer.Render(PinholeCamera.Create(depthK, f.Pose, DepthW, DepthH), db);
            lastDepth = db.DepthMillimeters;
            depthByNumber[n] = lastDepth;
        }
        // A frame the video has but COLMAP did not register: the importer must skip it (and count it).
        File.WriteAllBytes(Path.Combine(rgb, Name(NotInColmap, "jpg")), lastJpeg!);
        depthByNumber[NotInColmap] = lastDepth!;
        if (depthFile == DepthFile.Png)
            foreach (var (n, mm) in depthByNumber) Png16.Write(Path.Combine(depth, Name(n, "png")), DepthW, DepthH, mm);
        else
        {
            Directory.Delete(depth);
            ScanNetppDepthBinWriter.Write(Path.Combine(scene, "iphone", "depth.bin"), depthFile, DepthBinFrames(depthByNumber));
        }

        File.WriteAllText(Path.Combine(colmap, "cameras.txt"),
            "# Camera list with one line of data per camera:\n#   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]\n# Number of cameras: 1\n"
            + $"1 PINHOLE {width} {height} {R(k.Fx)} {R(k.Fy)} {R(k.Cx)} {R(k.Cy)}\n");
        var images = new StringBuilder("# Image list with two lines of data per image:\n#   IMAGE_ID, QW, QX, QY, QZ, TX, TY, TZ, CAMERA_ID, NAME\n#   POINTS2D[] as (X, Y, POINT3D_ID)\n");
        var imu = new StringBuilder("{");
        int id = 1;
        // COLMAP lists images in its own order, not by frame number.
        foreach (var f in synth.Scene.Frames.OrderByDescending(f => f.Index))
        {
            var w2c = f.Pose.Inverse();
            var (qw, qx, qy, qz) = Quaternion(w2c);
            var t = w2c.TranslationPart;
            images.Append(CultureInfo.InvariantCulture, $"{id++} {R(qw)} {R(qx)} {R(qy)} {R(qz)} {R(t.X)} {R(t.Y)} {R(t.Z)} 1 {Name(FrameNumber(f), "jpg")}\n");
            images.Append(id % 2 == 0 ? "\n" : "12.5 30.25 -1 100.0 7.0 42\n"); // POINTS2D: empty or not, never parsed
            var wrong = Mat4.Translation(new Vec3(1, 2, 3)) * f.Pose;
            imu.Append(CultureInfo.InvariantCulture, $"{(imu.Length > 1 ? "," : "")}\"{Path.GetFileNameWithoutExtension(Name(FrameNumber(f), "jpg"))}\": "
                + $"{{\"intrinsic\": [[{R(k.Fx)}, 0, {R(k.Cx)}], [0, {R(k.Fy)}, {R(k.Cy)}], [0, 0, 1]], \"pose\": {Json(wrong)}, \"aligned_pose\": {Json(f.Pose)}, \"timestamp\": {f.Index / 60.0}}}");
        }
        File.WriteAllText(Path.Combine(colmap, "images.txt"), images.ToString());
        File.WriteAllText(Path.Combine(scene, "iphone", "pose_intrinsic_imu.json"), imu.Append('}').ToString());

        var dslrTruth = dslr ? WriteDslr(scene, synth, rasterizer) : [];
        var parts = ShapeParts.ForScene(synth);
        var crate = new SceneObject(synth.Scene.Objects.Max(o => o.InstanceId) + 1, "crate",
            new OrientedBox(new Vec3(0.4, 0.3, -3), new Vec3(0.8, 0.5, 0.4), CrateYaw));
        var objects = synth.Scene.Objects.Append(crate).ToList();
        // growCm: the mesh is not the room — every part's box grown by that much on each side, as a reconstruction
        // fattens surfaces (the depth, colour and the truth stay the renderer's).
        double grow = 2 * growCm / 100;
        var meshParts = parts.Select(p => grow == 0 ? p : p with { Box = p.Box with { Size = p.Box.Size + new Vec3(grow, grow, grow) } })
            .Append(new RenderPart(crate.Box, parts[0].Material, (ushort)crate.InstanceId)).ToList();
        (int Id, int Part)? shared = null;
        if (overlap)
        {
            int host = parts.GroupBy(p => p.InstanceId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            int part = parts.Select((p, j) => (p, j)).Where(x => x.p.InstanceId == host).OrderByDescending(x => x.p.Box.Volume).First().j;
            var extra = new SceneObject(crate.InstanceId + 1, "overlap part", parts[part].Box);
            objects.Add(extra);
            shared = (extra.InstanceId, part);
        }
        WriteAnnotations(scans, objects, meshParts, crate.InstanceId, shared, synth.Scene.Room!, floorLabel);
        return new ScanNetppFixture { Synth = synth, FramesByNumber = byNumber, Dslr = dslrTruth, Parts = parts, TrueObjects = objects, TrueInstances = instances, Root = root,
            OverlapHost = shared is { } sh ? parts[sh.Part].InstanceId : 0 };
    }

    /// <summary>
    /// The DSLR as the release ships it after the toolkit's <c>dslr/undistort.py</c>: <c>dslr/colmap/cameras.txt</c> with
    /// the fisheye camera (OPENCV_FISHEYE, distortion terms non-zero), <c>images.txt</c> (world-to-camera, in reverse
    /// name order), <c>resized_undistorted_images/DSC0%04d.JPG</c> rendered through the undistorted pinhole camera and
    /// <c>nerfstudio/transforms_undistorted.json</c> with that camera. Synthetic frame i is <c>DSC0(1000 + 10·i).JPG</c>;
    /// one more image, <see cref="DslrNotInColmap"/>, is in the folder but not in COLMAP.
    /// </summary>
    static Dictionary<string, DslrTruth> WriteDslr(string scene, SyntheticScene synth, SceneRasterizer rasterizer)
    {
        string colmap = Dir(scene, "dslr", "colmap"), images = Dir(scene, "dslr", "resized_undistorted_images"), ns = Dir(scene, "dslr", "nerfstudio");
        var truth = new Dictionary<string, DslrTruth>();
        var lines = new StringBuilder("# Image list with two lines of data per image:\n");
        byte[]? last = null;
        int id = 1;
        foreach (var f in synth.Scene.Frames.OrderByDescending(f => f.Index))
        {
            var name = $"DSC{(1000 + 10 * f.Index).ToString("D5", CultureInfo.InvariantCulture)}.JPG";
            var fb = new FrameBuffers(DslrW, DslrH);
            rasterizer.Render(PinholeCamera.Create(DslrK, f.Pose, DslrW, DslrH), fb);
            last = ImageCodec.EncodeRenderedJpeg(fb.Rgba, DslrW, DslrH);
            File.WriteAllBytes(Path.Combine(images, name), last);
            truth[name] = new DslrTruth(f.Pose, (ushort[])fb.Instance.Clone(), (ushort[])fb.DepthMillimeters.Clone());
            var w2c = f.Pose.Inverse();
            var (qw, qx, qy, qz) = Quaternion(w2c);
            var t = w2c.TranslationPart;
            lines.Append(CultureInfo.InvariantCulture, $"{id++} {R(qw)} {R(qx)} {R(qy)} {R(qz)} {R(t.X)} {R(t.Y)} {R(t.Z)} 1 {name}\n\n");
        }
        File.WriteAllBytes(Path.Combine(images, DslrNotInColmap), last!);
        File.WriteAllText(Path.Combine(colmap, "images.txt"), lines.ToString());
        File.WriteAllText(Path.Combine(colmap, "cameras.txt"), $"# Camera list\n1 OPENCV_FISHEYE {DslrW} {DslrH} 252.1 251.9 241.3 158.8 0.0521 -0.0113 0.0021 -0.0003\n");
        File.WriteAllText(Path.Combine(ns, "transforms_undistorted.json"),
            $"{{\n    \"camera_model\": \"PINHOLE\",\n    \"fl_x\": {R(DslrK.Fx)},\n    \"fl_y\": {R(DslrK.Fy)},\n    \"cx\": {R(DslrK.Cx)}.0,\n    \"cy\": {R(DslrK.Cy)}.0,\n"
            + $"    \"w\": {DslrW},\n    \"h\": {DslrH},\n    \"k1\": 0.0,\n    \"k2\": 0.0,\n    \"k3\": 0.0,\n    \"k4\": 0.0,\n    \"frames\": []\n}}\n");
        return truth;
    }

    /// <summary>
    /// depth.bin holds every video frame 0…last, not only the ones rgb/ has: frames the fixture did not render get a
    /// constant depth of 7·(n + 1) mm, so reading frame n from the wrong place shows in the imported depth.
    /// </summary>
    static List<ushort[]> DepthBinFrames(SortedDictionary<long, ushort[]> rendered)
    {
        var all = new List<ushort[]>();
        for (long n = 0; n <= rendered.Keys.Max(); n++)
            all.Add(rendered.TryGetValue(n, out var mm) ? mm : Enumerable.Repeat((ushort)(7 * (n + 1)), DepthW * DepthH).ToArray());
        return all;
    }

    /// <summary>
    /// The mesh a scan would give: every part's box (8 corners, 12 triangles) except the faces a scanner never sees —
    /// the bottom of a box standing on the floor, the top and bottom of a wall — and the floor and ceiling as the room's
    /// surfaces (the floor plan cut into rectangles at the floor slab's top and the ceiling slab's bottom; the synthetic
    /// slabs themselves reach under the walls). The floor object is labelled <paramref name="floorLabel"/>. Segment of
    /// part j is 1000 + j, so objects span several segments.
    /// </summary>
    static void WriteAnnotations(string scans, List<SceneObject> objects, List<RenderPart> parts, int permutedAxesId, (int Id, int Part)? shared,
        RoomGeometry room, string floorLabel)
    {
        var positions = new List<float>();
        var triangles = new List<int>();
        var segIndices = new List<int>();
        int[] bottom = [0, 2, 1, 0, 3, 2], top = [4, 5, 6, 4, 6, 7], sides = [0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
        var segmentsOf = objects.ToDictionary(o => o.InstanceId, _ => new List<int>());
        var category = objects.ToDictionary(o => o.InstanceId, o => o.Category);
        for (int j = 0; j < parts.Count; j++)
        {
            int first = positions.Count / 3;
            var box = parts[j].Box;
            var kind = category.GetValueOrDefault(parts[j].InstanceId);
            if (kind is "floor" or "ceiling")
            {
                double z = kind == "floor" ? box.Center.Z + box.Size.Z / 2 : box.Center.Z - box.Size.Z / 2;
                foreach (var (x0, x1, y0, y1) in Rectangles(room.FloorPolygon))
                {
                    int q = positions.Count / 3;
                    foreach (var (x, y) in new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1) }) { positions.AddRange([(float)x, (float)y, (float)z]); segIndices.Add(1000 + j); }
                    triangles.AddRange(new[] { 0, 1, 2, 0, 2, 3 }.Select(f => q + f));
                }
            }
            else
            {
                foreach (var c in box.Corners()) { positions.AddRange([(float)c.X, (float)c.Y, (float)c.Z]); segIndices.Add(1000 + j); }
                bool onFloor = box.Center.Z - box.Size.Z / 2 <= room.FloorZ + 0.01;
                IEnumerable<int> faces = kind == "wall" ? sides : onFloor ? [.. sides, .. top] : [.. bottom, .. top, .. sides];
                triangles.AddRange(faces.Select(f => first + f));
            }
            if (segmentsOf.TryGetValue(parts[j].InstanceId, out var list)) list.Add(1000 + j);
        }
        if (shared is { } s) segmentsOf[s.Id].Add(1000 + s.Part);
        using (var fs = File.Create(Path.Combine(scans, "mesh_aligned_0.05.ply")))
            PlyWriter.Write(fs, positions.ToArray(), new byte[positions.Count], triangles.ToArray(), binary: true);
        File.WriteAllText(Path.Combine(scans, "segments.json"), $"{{\"params\": {{}}, \"segIndices\": [{string.Join(", ", segIndices)}]}}\n");
        var groups = objects.Where(o => segmentsOf[o.InstanceId].Count > 0).Select(o =>
        {
            var b = o.Box;
            Vec3[] axes = [b.AxisX, b.AxisY, Vec3.UnitZ];
            double[] lengths = [b.Size.X, b.Size.Y, b.Size.Z];
            if (o.InstanceId == permutedAxesId) { axes = [axes[2], axes[1], axes[0]]; lengths = [lengths[2], lengths[1], lengths[0]]; }
            return $"{{\"id\": {o.InstanceId - 1}, \"objectId\": {o.InstanceId - 1}, \"segments\": [{string.Join(", ", segmentsOf[o.InstanceId])}], "
                + $"\"label\": {System.Text.Json.JsonSerializer.Serialize(o.Category == "floor" ? floorLabel : o.Category)}, \"obb\": {{\"centroid\": [{R(b.Center.X)}, {R(b.Center.Y)}, {R(b.Center.Z)}], "
                + $"\"axesLengths\": [{string.Join(", ", lengths.Select(R))}], \"normalizedAxes\": [{string.Join(", ", axes.SelectMany(a => new[] { a.X, a.Y, a.Z }).Select(R))}]}}}}";
        });
        File.WriteAllText(Path.Combine(scans, "segments_anno.json"), $"{{\"sceneId\": \"{SceneId}\", \"segGroups\": [\n  {string.Join(",\n  ", groups)}\n]}}\n");
    }

    /// <summary>
    /// An axis-parallel floor plan (the synthetic rooms are rectangles and L shapes) as rectangles: one per slab between
    /// consecutive distinct x, spanning the y between the two horizontal edges that cross the slab.
    /// </summary>
    static List<(double X0, double X1, double Y0, double Y1)> Rectangles(IReadOnlyList<Vec2> polygon)
    {
        var xs = polygon.Select(p => p.X).Distinct().Order().ToArray();
        var result = new List<(double, double, double, double)>();
        for (int i = 0; i + 1 < xs.Length; i++)
        {
            double xm = (xs[i] + xs[i + 1]) / 2;
            var ys = new List<double>();
            for (int e = 0; e < polygon.Count; e++)
            {
                Vec2 a = polygon[e], b = polygon[(e + 1) % polygon.Count];
                if (a.X != b.X && a.Y != b.Y) throw new InvalidOperationException("the fixture's floor plan must be axis-parallel");
                if (a.Y == b.Y && Math.Min(a.X, b.X) < xm && xm < Math.Max(a.X, b.X)) ys.Add(a.Y);
            }
            ys.Sort();
            for (int k = 0; k + 1 < ys.Count; k += 2) result.Add((xs[i], xs[i + 1], ys[k], ys[k + 1]));
        }
        return result;
    }

    /// <summary>Unit quaternion (w, x, y, z) of a rotation matrix (Shepperd's method: the largest diagonal term first, for accuracy).</summary>
    static (double W, double X, double Y, double Z) Quaternion(Mat4 m)
    {
        double tr = m[0, 0] + m[1, 1] + m[2, 2];
        if (tr > 0) { double s = 2 * Math.Sqrt(1 + tr); return (s / 4, (m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s); }
        if (m[0, 0] > m[1, 1] && m[0, 0] > m[2, 2]) { double s = 2 * Math.Sqrt(1 + m[0, 0] - m[1, 1] - m[2, 2]); return ((m[2, 1] - m[1, 2]) / s, s / 4, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s); }
        if (m[1, 1] > m[2, 2]) { double s = 2 * Math.Sqrt(1 + m[1, 1] - m[0, 0] - m[2, 2]); return ((m[0, 2] - m[2, 0]) / s, (m[0, 1] + m[1, 0]) / s, s / 4, (m[1, 2] + m[2, 1]) / s); }
        { double s = 2 * Math.Sqrt(1 + m[2, 2] - m[0, 0] - m[1, 1]); return ((m[1, 0] - m[0, 1]) / s, (m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, s / 4); }
    }

    static string Json(Mat4 m) => "[" + string.Join(", ", Enumerable.Range(0, 4).Select(r => "[" + string.Join(", ", Enumerable.Range(0, 4).Select(c => R(m[r, c]))) + "]")) + "]";

    public static string Name(long n, string ext) => $"frame_{n.ToString("D6", CultureInfo.InvariantCulture)}.{ext}";

    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Dir(params string[] parts) { var d = Path.Combine(parts); Directory.CreateDirectory(d); return d; }
}
