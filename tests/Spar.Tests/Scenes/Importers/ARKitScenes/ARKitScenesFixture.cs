using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Rendering;

namespace Spar.Tests.Scenes.Importers.ARKitScenes;

/// <summary>
/// Writes ARKitScenes scans in the download's own layout (sources.md §4.1–4.3) from a rendered room whose truth is
/// kept aside: <c>3dod/Training/&lt;vid&gt;/</c> with <c>lowres_wide/&lt;vid&gt;_&lt;ts&gt;.png</c> (RGB, 256×192),
/// <c>lowres_depth/</c> (uint16 mm, the same grid), <c>lowres_wide_intrinsics/*.pincam</c>
/// (<c>256 192 212.0 212.0 128.0 96.0</c>), <c>lowres_wide.traj</c> (axis-angle + translation of the
/// <b>world-to-camera</b> transform, computed here from the truth's camera-to-world poses), the annotation (one box
/// rotated 30° about Z with rows of <c>normalizedAxes</c> = box axes, one axis-aligned box written with its up axis
/// first, a tv on the wall, a plant outside the 17 classes; <c>obb</c> deliberately different from <c>obbAligned</c>),
/// the mesh (every rendered box as 12 triangles) and <c>3dod/metadata.csv</c>.
/// Frame <see cref="NearFrame"/>'s trajectory timestamp is 0.003 s off its name (matched), frame <see cref="FarFrame"/>'s
/// 0.01 s off (skipped), and frame <see cref="ShiftedPincamFrame"/>'s .pincam is named a millisecond earlier.
/// The portrait scan holds the phone sideways (sky Left): its truth is the upright camera the importer must recover.
/// </summary>
sealed class ARKitScenesFixture
{
    public const int W = 256, H = 192;
    public const string Landscape = "41048143", Portrait = "41048169";
    public const int Frames = 8, NearFrame = 2, FarFrame = 5, ShiftedPincamFrame = 3;
    public static readonly CameraIntrinsics K = new(212.0, 212.0, 128.0, 96.0);

    /// <summary>The annotated boxes in data[] order (instance id = position + 1); the plant's label is outside the classes.</summary>
    public static readonly (string Label, OrientedBox Box)[] Boxes =
    [
        ("table", new OrientedBox(new Vec3(2.0, 2.4, 0.375), new Vec3(1.2, 0.7, 0.75), 30 * Math.PI / 180)),
        ("cabinet", new OrientedBox(new Vec3(3.6, 3.0, 0.5), new Vec3(0.6, 0.5, 1.0), 0)),
        ("tv monitor", new OrientedBox(new Vec3(2.6, 3.88, 1.3), new Vec3(1.0, 0.08, 0.6), 0)),
        ("plant", new OrientedBox(new Vec3(1.0, 3.3, 0.4), new Vec3(0.3, 0.3, 0.8), 0)),
    ];

    public const int PlantId = 4;

    public required string Root { get; init; }
    public required List<RenderPart> Parts { get; init; }

    /// <summary>Per scan: frame timestamp text → the truth (upright) camera, its size and its rendered buffers.</summary>
    public required Dictionary<string, List<TruthFrame>> Truth { get; init; }

    public sealed record TruthFrame(int Rank, string Stamp, Mat4 Pose, CameraIntrinsics K, int Width, int Height, ushort[] Depth, ushort[] Instance);

    /// <summary>With <c>wide</c>: the <c>wide/</c> frames (the truth rendered at that size, as captured).</summary>
    public Dictionary<string, List<TruthFrame>> TruthWide { get; } = [];

    /// <summary>The raw dataset's wide camera here: twice lowres (1920×1440 in the release; the importer reads the size from the .pincam).</summary>
    public const int WideW = 512, WideH = 384;
    public static readonly CameraIntrinsics WideK = K.Scaled(2, 2);

    public string Dataset { get; init; } = "3dod";

    public string ScanFolder(string vid) => Path.Combine(Root, Dataset, "Training", vid);

    public static ARKitScenesFixture Write(string root, bool metadata = true, string[]? scans = null, bool wide = false)
    {
        string dataset = wide ? "raw" : "3dod";
        var wideTruth = new Dictionary<string, List<TruthFrame>>();
        scans ??= [Landscape, Portrait];
        var parts = RoomParts();
        var rasterizer = new SceneRasterizer(parts, new Lighting(0.45, [new PointLight(new Vec3(2.5, 2, 2.4), 1.0)]));
        var truth = new Dictionary<string, List<TruthFrame>>();
        foreach (var vid in scans)
        {
            bool portrait = vid == Portrait;
            var dir = Path.Combine(root, dataset, "Training", vid);
            string color = Dir(dir, "lowres_wide"), depth = Dir(dir, "lowres_depth"), pincams = Dir(dir, "lowres_wide_intrinsics");
            var traj = new StringBuilder();
            var frames = new List<TruthFrame>();
            var wideFrames = new List<TruthFrame>();
            for (int i = 0; i < Frames; i++)
            {
                double angle = -0.5 + i * 0.13;
                var eye = new Vec3(2.6 + 1.0 * Math.Sin(angle), 0.3 + 0.05 * i, 2.0);
                var upright = Poses.LookAt(eye, new Vec3(2.7, 2.7, 0.6));
                // Sideways (sky Left): the camera's x points down the world, its y to the upright image's left.
                var captured = portrait ? Mat4.FromAxes(upright.Column3(1), -upright.Column3(0), upright.Column3(2), upright.TranslationPart) : upright;
                double seconds = 1627.0 + 0.1 * i;
                string stamp = seconds.ToString("0.000", CultureInfo.InvariantCulture);
                var fb = new FrameBuffers(W, H);
                rasterizer.Render(PinholeCamera.Create(K, captured, W, H), fb);
                var name = $"{vid}_{stamp}";
                WriteRgbPng(Path.Combine(color, name + ".png"), fb.Rgba, W, H);
                Png16.Write(Path.Combine(depth, name + ".png"), W, H, fb.DepthMillimeters);
                string pincamStamp = i == ShiftedPincamFrame ? (seconds - 0.001).ToString("0.000", CultureInfo.InvariantCulture) : stamp;
                File.WriteAllText(Path.Combine(pincams, $"{vid}_{pincamStamp}.pincam"), "256 192 212.0 212.0 128.0 96.0\n");
                // The trajectory's own timestamps have 8 decimals; they round to the frame's 3 unless shifted on purpose.
                double trajSeconds = seconds + (i == NearFrame ? 0.003 : i == FarFrame ? 0.01 : 0.00031);
                traj.Append(TrajLine(trajSeconds, captured.Inverse()));
                if (wide)
                {
                    // wide/ is filtered to 10 fps with its own timestamps: 2 ms after lowres_wide's here, so depth and pose are found within 5 ms.
                    string wideStamp = (seconds + 0.002).ToString("0.000", CultureInfo.InvariantCulture);
                    var wb = new FrameBuffers(WideW, WideH);
                    rasterizer.Render(PinholeCamera.Create(WideK, captured, WideW, WideH), wb);
                    WriteRgbPng(Path.Combine(Dir(dir, "wide"), $"{vid}_{wideStamp}.png"), wb.Rgba, WideW, WideH);
                    File.WriteAllText(Path.Combine(Dir(dir, "wide_intrinsics"), $"{vid}_{wideStamp}.pincam"),
                        $"{WideW} {WideH} {R(WideK.Fx)} {R(WideK.Fy)} {R(WideK.Cx)} {R(WideK.Cy)}\n");
                    wideFrames.Add(new TruthFrame(i, wideStamp, captured, WideK, WideW, WideH, (ushort[])wb.DepthMillimeters.Clone(), (ushort[])wb.Instance.Clone()));
                }
                if (portrait)
                {
                    var k = new CameraIntrinsics(K.Fy, K.Fx, H - 1 - K.Cy, K.Cx); // the upright image's camera, 192×256
                    var ub = new FrameBuffers(H, W);
                    rasterizer.Render(PinholeCamera.Create(k, upright, H, W), ub);
                    frames.Add(new TruthFrame(i, stamp, upright, k, H, W, (ushort[])ub.DepthMillimeters.Clone(), (ushort[])ub.Instance.Clone()));
                }
                else frames.Add(new TruthFrame(i, stamp, upright, K, W, H, (ushort[])fb.DepthMillimeters.Clone(), (ushort[])fb.Instance.Clone()));
            }
            File.WriteAllText(Path.Combine(dir, "lowres_wide.traj"), traj.ToString());
            WriteAnnotation(Path.Combine(dir, $"{vid}_3dod_annotation.json"));
            WriteMesh(Path.Combine(dir, $"{vid}_3dod_mesh.ply"), parts);
            truth[vid] = frames;
            wideTruth[vid] = wideFrames;
        }
        if (metadata)
            File.WriteAllText(Path.Combine(root, dataset, "metadata.csv"),
                "video_id,visit_id,sky_direction,fold\n" + $"{Landscape},420673,Up,Training\n{Portrait},420683,Left,Training\n");
        var fx = new ARKitScenesFixture { Root = root, Parts = parts, Truth = truth, Dataset = dataset };
        foreach (var (k, v) in wideTruth) fx.TruthWide[k] = v;
        return fx;
    }

    /// <summary>Floor, four walls (instance 0) and the annotated boxes (instance = position + 1) as rendered boxes.</summary>
    static List<RenderPart> RoomParts()
    {
        var wall = new Material(Spar.Imaging.Rgb.Hex(0xd8d2c4), SurfacePattern.Plain);
        var parts = new List<RenderPart>
        {
            new(new OrientedBox(new Vec3(2.5, 2, -0.005), new Vec3(5, 4, 0.01), 0), new Material(Spar.Imaging.Rgb.Hex(0x8a6e4b), SurfacePattern.Plain), 0),
            new(new OrientedBox(new Vec3(2.5, 0.025, 1.3), new Vec3(5, 0.05, 2.6), 0), wall, 0),
            new(new OrientedBox(new Vec3(2.5, 3.975, 1.3), new Vec3(5, 0.05, 2.6), 0), wall, 0),
            new(new OrientedBox(new Vec3(0.025, 2, 1.3), new Vec3(0.05, 3.9, 2.6), 0), wall, 0),
            new(new OrientedBox(new Vec3(4.975, 2, 1.3), new Vec3(0.05, 3.9, 2.6), 0), wall, 0),
        };
        uint[] colours = [0x3c6e9e, 0xa84432, 0x202020, 0x3f8a3f];
        for (int i = 0; i < Boxes.Length; i++)
            parts.Add(new RenderPart(Boxes[i].Box, new Material(Spar.Imaging.Rgb.Hex(colours[i]), SurfacePattern.Plain), (ushort)(i + 1)));
        return parts;
    }

    static void WriteAnnotation(string path)
    {
        var items = Boxes.Select((b, i) =>
        {
            var box = b.Box;
            Vec3[] axes = [box.AxisX, box.AxisY, Vec3.UnitZ];
            double[] lengths = [box.Size.X, box.Size.Y, box.Size.Z];
            // The cabinet lists its up axis first: the importer must find the vertical row, not assume the last.
            if (b.Label == "cabinet") { axes = [axes[2], axes[0], axes[1]]; lengths = [lengths[2], lengths[0], lengths[1]]; }
            string Obb(Vec3 c, double[] l, Vec3[] a) =>
                $"{{\"centroid\": [{R(c.X)}, {R(c.Y)}, {R(c.Z)}], \"axesLengths\": [{string.Join(", ", l.Select(R))}], " +
                $"\"normalizedAxes\": [{string.Join(", ", a.SelectMany(v => new[] { v.X, v.Y, v.Z }).Select(R))}]}}";
            // obb is not obbAligned (sources.md §4.2): a box a metre away, so reading the wrong one shows.
            var wrong = Obb(box.Center + new Vec3(1, 0, 0), lengths, axes);
            return $"{{\"uid\": \"uid-{i}\", \"label\": \"{b.Label}\", \"modelId\": \"\", \"children\": [], \"objectId\": {i + 7}, " +
                   $"\"segments\": {{\"obb\": {wrong}, \"obbAligned\": {Obb(box.Center, lengths, axes)}}}, \"hierarchy\": 0, \"isInGroup\": false, \"labelType\": \"object\", \"attributes\": {{}}}}";
        });
        File.WriteAllText(path, $"{{\"data\": [\n  {string.Join(",\n  ", items)}\n], \"stats\": {{}}, \"comment\": \"\", \"confirm\": true, \"skipped\": false}}\n");
    }

    static void WriteMesh(string path, List<RenderPart> parts)
    {
        var positions = new List<float>();
        var triangles = new List<int>();
        int[] faces = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
        foreach (var p in parts)
        {
            int first = positions.Count / 3;
            foreach (var c in p.Box.Corners()) positions.AddRange([(float)c.X, (float)c.Y, (float)c.Z]);
            triangles.AddRange(faces.Select(f => first + f));
        }
        using var fs = File.Create(path);
        PlyWriter.Write(fs, positions.ToArray(), new byte[positions.Count], triangles.ToArray(), binary: true);
    }

    /// <summary>
    /// A trajectory line for world-to-camera <paramref name="w2c"/>: its rotation as axis-angle (the log map, with the
    /// axis from the symmetric part near 180°, where the antisymmetric part vanishes) and its translation.
    /// </summary>
    static string TrajLine(double seconds, Mat4 w2c)
    {
        double tr = w2c[0, 0] + w2c[1, 1] + w2c[2, 2];
        double theta = Math.Acos(Math.Clamp((tr - 1) / 2, -1, 1));
        Vec3 axis;
        if (theta < 1e-9) axis = Vec3.UnitX;
        else if (Math.PI - theta > 1e-3)
            axis = new Vec3(w2c[2, 1] - w2c[1, 2], w2c[0, 2] - w2c[2, 0], w2c[1, 0] - w2c[0, 1]) / (2 * Math.Sin(theta));
        else
        {
            double xx = Math.Sqrt(Math.Max(0, (w2c[0, 0] + 1) / 2)), yy = Math.Sqrt(Math.Max(0, (w2c[1, 1] + 1) / 2)), zz = Math.Sqrt(Math.Max(0, (w2c[2, 2] + 1) / 2));
            axis = xx >= yy && xx >= zz ? new Vec3(xx, (w2c[0, 1] + w2c[1, 0]) / (4 * xx), (w2c[0, 2] + w2c[2, 0]) / (4 * xx))
                : yy >= zz ? new Vec3((w2c[0, 1] + w2c[1, 0]) / (4 * yy), yy, (w2c[1, 2] + w2c[2, 1]) / (4 * yy))
                : new Vec3((w2c[0, 2] + w2c[2, 0]) / (4 * zz), (w2c[1, 2] + w2c[2, 1]) / (4 * zz), zz);
            axis = axis.Normalized();
            if (new Vec3(w2c[2, 1] - w2c[1, 2], w2c[0, 2] - w2c[2, 0], w2c[1, 0] - w2c[0, 1]).Dot(axis) < 0) axis = -axis;
        }
        var r = axis * theta;
        var t = w2c.TranslationPart;
        return string.Join(' ', new[] { seconds.ToString("0.00000000", CultureInfo.InvariantCulture), R(r.X), R(r.Y), R(r.Z), R(t.X), R(t.Y), R(t.Z) }) + "\n";
    }

    static void WriteRgbPng(string path, byte[] rgba, int w, int h)
    {
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) { rgb[3 * i] = rgba[4 * i]; rgb[3 * i + 1] = rgba[4 * i + 1]; rgb[3 * i + 2] = rgba[4 * i + 2]; }
        using var image = Image.LoadPixelData<Rgb24>(rgb, w, h);
        image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
    }

    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Dir(params string[] parts) { var d = Path.Combine(parts); Directory.CreateDirectory(d); return d; }
}
