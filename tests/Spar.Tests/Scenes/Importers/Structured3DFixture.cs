using System.Globalization;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// Writes a rendered synthetic room as one Structured3D house in the dataset's native layout (sources.md §5):
/// <c>scene_00000/annotation_3d.json</c> (mm, Z up, floor junctions at z = 0: floor, ceiling and wall planes with their
/// plane–line and line–junction matrices), <c>bbox_3d.json</c> (mm, basis rows in shuffled order with signs flipped,
/// coeffs = half sizes, ID = instance.png value), and per view <c>2D_rendering/7/perspective/full/&lt;i&gt;/</c> with
/// <c>rgb_rawlight.png</c>, <c>depth.png</c> (uint16 mm <b>ray length</b>), <c>instance.png</c> (uint16, 65535 =
/// background, ids from 0), <c>semantic.png</c> (8-bit NYU-40, a minority of each object's pixels mislabelled so the
/// vote matters) and <c>camera_pose.txt</c> (eye mm, view, up, half-angle FoVs, 1). A second room (ID 9) with one box
/// and no views, and a door semantic without a floor, sit beside it. The truth is the synthetic scene itself.
/// </summary>
public sealed class Structured3DFixture
{
    public const string House = "scene_00000";
    public const int RoomId = 7, OtherRoomId = 9, OtherRoomBoxId = 900, ErrataRoomId = 8;
    public const int Width = 64, Height = 40;
    public const double XFov = 0.6; // half-angle, radians

    /// <summary>The truth: the synthetic scene (its frames' poses; intrinsics are <see cref="K"/>).</summary>
    public required SyntheticScene Synthetic { get; init; }

    public required string Root { get; init; }

    /// <summary>Per view: rendered camera z (metres, 0 = nothing), rendered spar instance ids and RGBA.</summary>
    public required IReadOnlyList<(double[] ZMeters, ushort[] Instance, byte[] Rgba)> Renders { get; init; }

    /// <summary>Structured3D's K: principal point at (W/2, H/2), fx = cx / tan(xfov); square pixels here.</summary>
    public static CameraIntrinsics K
    {
        get { double f = Width / 2.0 / Math.Tan(XFov); return new(f, f, Width / 2.0, Height / 2.0); }
    }

    public static double YFov => Math.Atan(Height / 2.0 / K.Fy);

    public string ViewFolder(int position) => Path.Combine(Root, House, "2D_rendering", RoomId.ToString(CultureInfo.InvariantCulture), "perspective", "full", position.ToString(CultureInfo.InvariantCulture));

    /// <summary>The NYU-40 id the fixture labels a synthetic category with (the truth for the label vote).</summary>
    public static int Nyu40Of(string category) => category switch
    {
        "wall" => 1, "floor" => 2, "cabinet" or "tv stand" => 3, "bed" => 4, "chair" or "office chair" or "armchair" or "stool" => 5,
        "sofa" => 6, "table" or "coffee table" => 7, "door" => 8, "window" => 9, "bookshelf" => 10, "picture" => 11,
        "kitchen counter" => 12, "desk" => 14, "shelf" => 15, "dresser" => 17, "mirror" => 19, "ceiling" => 22, "book" => 23,
        "refrigerator" => 24, "tv" => 25, "box" => 29, "whiteboard" => 30, "nightstand" => 32, "table lamp" or "floor lamp" => 35,
        _ => 40,
    };

    public static Structured3DFixture Write(string root, int seed = 3, int frames = 3, int extraViews = 3)
    {
        var synth = SyntheticWorld.Generate(seed, 0, new SynthOptions(Frames: frames, VideoFrames: 1, ExtraViews: extraViews, Width: Width, Height: Height));
        var house = Path.Combine(root, House);
        Directory.CreateDirectory(house);
        WriteAnnotation(Path.Combine(house, "annotation_3d.json"), synth.Scene.Room!);
        WriteBoxes(Path.Combine(house, "bbox_3d.json"), synth.Scene, synth.Scene.Room!);
        var rasterizer = SyntheticDataset.CreateRasterizer(synth);
        var renders = new List<(double[], ushort[], byte[])>();
        var fixture = new Structured3DFixture { Synthetic = synth, Root = root, Renders = renders };
        foreach (var f in synth.Scene.Frames)
        {
            var fb = new FrameBuffers(Width, Height);
            rasterizer.Render(PinholeCamera.Create(K, f.Pose, Width, Height), fb);
            var z = fb.InverseDepth.Select(d => d > 0 ? 1.0 / d : 0).ToArray();
            renders.Add((z, (ushort[])fb.Instance.Clone(), (byte[])fb.Rgba.Clone()));
            WriteView(fixture.ViewFolder(f.Index), synth.Scene, f, z, fb, skewedUp: f.Index % 2 == 1);
        }
        return fixture;
    }

    /// <summary>
    /// Adds room <see cref="ErrataRoomId"/>, a copy of view 0 with no annotation (invalid, as the rooms the official
    /// list names), and writes that list in the toolkit's format (comments, a house line, <c>scene_XXXXX_room_&lt;id&gt;</c>).
    /// </summary>
    public string WriteErrataRoom(string errataPath)
    {
        var from = ViewFolder(Synthetic.Scene.Frames[0].Index);
        var to = Path.Combine(Root, House, "2D_rendering", ErrataRoomId.ToString(CultureInfo.InvariantCulture), "perspective", "full", "0");
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        File.WriteAllText(errataPath, $"# invalid scene\nscene_09999\n# self-intersection layout\n{House}_room_{ErrataRoomId}\n");
        return to;
    }

    static void WriteView(string folder, Scene scene, SceneFrame f, double[] z, FrameBuffers fb, bool skewedUp)
    {
        Directory.CreateDirectory(folder);
        using (var s = File.Create(Path.Combine(folder, "rgb_rawlight.png")))
            ImageCodec.EncodePng(new RgbaImage(Width, Height, (byte[])fb.Rgba.Clone()), s);
        var k = K;
        var ray = new ushort[z.Length];
        var instance = new ushort[z.Length];
        var semantic = new byte[z.Length];
        for (int v = 0; v < Height; v++)
            for (int u = 0; u < Width; u++)
            {
                int i = v * Width + u;
                double a = (u - k.Cx) / k.Fx, b = (v - k.Cy) / k.Fy;
                ray[i] = z[i] > 0 ? (ushort)Math.Round(z[i] * 1000 * Math.Sqrt(a * a + b * b + 1)) : (ushort)0;
                var o = fb.Instance[i] != 0 ? scene.FindObject(fb.Instance[i]) : null;
                instance[i] = o == null || o.Structural ? ushort.MaxValue : (ushort)(o.InstanceId - 1);
                int label = o != null ? Nyu40Of(o.Category) : 0;
                // Every fifth object pixel carries a wrong label: the majority must still win.
                semantic[i] = (byte)(o != null && !o.Structural && i % 5 == 0 ? (label == 40 ? 39 : 40) : label);
            }
        Png16.Write(Path.Combine(folder, "depth.png"), Width, Height, ray);
        Png16.Write(Path.Combine(folder, "instance.png"), Width, Height, instance);
        using (var img = Image.LoadPixelData<L8>(semantic, Width, Height))
            img.SaveAsPng(Path.Combine(folder, "semantic.png"), new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
        File.WriteAllText(Path.Combine(folder, "camera_pose.txt"), CameraPoseLine(f.Pose, skewedUp) + "\n");
    }

    /// <summary>
    /// <c>eye view up xfov yfov 1</c> for an OpenCV camera-to-world pose: eye in mm, view = camera z, up = −camera y
    /// (or, <paramref name="skewedUp"/>, an up leaning towards the view and longer than 1, as a file need not hold an
    /// orthonormal pair: the importer must orthogonalise it, since the toolkit's U = W × up is not normalised).
    /// </summary>
    public static string CameraPoseLine(Mat4 pose, bool skewedUp)
    {
        var eye = pose.TranslationPart * 1000;
        var view = pose.Column3(2) * (skewedUp ? 2.5 : 1);
        var up = skewedUp ? (-pose.Column3(1) + 0.4 * pose.Column3(2)) * 3 : -pose.Column3(1);
        double[] v = [eye.X, eye.Y, eye.Z, view.X, view.Y, view.Z, up.X, up.Y, up.Z, XFov, YFov, 1];
        return string.Join(' ', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>Junctions, lines and planes of prism rooms (floor at z = 0), and their semantics.</summary>
    static void WriteAnnotation(string path, RoomGeometry room)
    {
        var junctions = new List<Vec3>();
        var lines = new List<(int A, int B)>();
        var planes = new List<(string Type, Vec3 Normal, double Offset, List<int> Lines)>();
        var semantics = new List<(int Id, string Type, List<int> Planes)>();
        void Prism(int id, string type, IReadOnlyList<Vec2> polygon, double heightMm)
        {
            int n = polygon.Count, j0 = junctions.Count;
            foreach (var p in polygon) junctions.Add(new Vec3(p.X * 1000, p.Y * 1000, 0));
            foreach (var p in polygon) junctions.Add(new Vec3(p.X * 1000, p.Y * 1000, heightMm));
            int l0 = lines.Count;
            // Floor lines in reverse order with swapped ends: the chaining must not depend on the file's order.
            for (int i = n - 1; i >= 0; i--) lines.Add((j0 + (i + 1) % n, j0 + i));
            for (int i = 0; i < n; i++) lines.Add((j0 + n + i, j0 + n + (i + 1) % n));
            for (int i = 0; i < n; i++) lines.Add((j0 + i, j0 + n + i));
            var own = new List<int> { planes.Count, planes.Count + 1 };
            planes.Add(("floor", Vec3.UnitZ, 0, Enumerable.Range(l0, n).ToList()));
            planes.Add(("ceiling", -Vec3.UnitZ, heightMm, Enumerable.Range(l0 + n, n).ToList()));
            for (int i = 0; i < n; i++)
            {
                var a = polygon[i]; var d = polygon[(i + 1) % n] - a;
                var normal = new Vec3(-d.Y, d.X, 0).Normalized(); // inward for a counter-clockwise outline
                own.Add(planes.Count);
                planes.Add(("wall", normal, -normal.Dot(new Vec3(a.X * 1000, a.Y * 1000, 0)),
                    [l0 + (n - 1 - i), l0 + n + i, l0 + 2 * n + i, l0 + 2 * n + (i + 1) % n]));
            }
            semantics.Add((id, type, own));
        }
        Prism(RoomId, "living room", room.FloorPolygon, Math.Round(room.CeilingZ * 1000));
        var maxX = room.FloorPolygon.Max(p => p.X); var minY = room.FloorPolygon.Min(p => p.Y);
        Prism(OtherRoomId, "bathroom", [new(maxX + 1, minY), new(maxX + 3, minY), new(maxX + 3, minY + 2), new(maxX + 1, minY + 2)], 2600);
        semantics.Add((11, "door", [planes.Count - 1]));

        using var s = File.Create(path);
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("junctions");
        for (int i = 0; i < junctions.Count; i++) { w.WriteStartObject(); w.WriteNumber("ID", i); Vec(w, "coordinate", junctions[i]); w.WriteEndObject(); }
        w.WriteEndArray();
        w.WriteStartArray("lines");
        for (int i = 0; i < lines.Count; i++)
        {
            var (a, b) = lines[i];
            w.WriteStartObject(); w.WriteNumber("ID", i); Vec(w, "point", junctions[a]); Vec(w, "direction", (junctions[b] - junctions[a]).Normalized()); w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("planes");
        for (int i = 0; i < planes.Count; i++)
        {
            w.WriteStartObject(); w.WriteNumber("ID", i); w.WriteString("type", planes[i].Type); Vec(w, "normal", planes[i].Normal); w.WriteNumber("offset", planes[i].Offset); w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("semantics");
        foreach (var (id, type, own) in semantics)
        {
            w.WriteStartObject(); w.WriteNumber("ID", id); w.WriteString("type", type);
            w.WriteStartArray("planeID"); foreach (var p in own) w.WriteNumberValue(p); w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("planeLineMatrix");
        foreach (var p in planes) { w.WriteStartArray(); for (int l = 0; l < lines.Count; l++) w.WriteNumberValue(p.Lines.Contains(l) ? 1 : 0); w.WriteEndArray(); }
        w.WriteEndArray();
        w.WriteStartArray("lineJunctionMatrix");
        foreach (var (a, b) in lines) { w.WriteStartArray(); for (int j = 0; j < junctions.Count; j++) w.WriteNumberValue(j == a || j == b ? 1 : 0); w.WriteEndArray(); }
        w.WriteEndArray();
        w.WriteStartArray("cuboids"); w.WriteEndArray();
        w.WriteStartArray("manhattan"); w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// One box per non-structural object (ID = instance id − 1) plus one in the other room. Rows are shuffled per box
    /// (the vertical row first, second or last) and some negated, with their half sizes in the same order.
    /// </summary>
    static void WriteBoxes(string path, Scene scene, RoomGeometry room)
    {
        using var s = File.Create(path);
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        void Box(int id, OrientedBox box, int k)
        {
            var rows = new (Vec3 Axis, double Half)[] { (box.AxisX, box.Size.X / 2 * 1000), (box.AxisY, box.Size.Y / 2 * 1000), (Vec3.UnitZ, box.Size.Z / 2 * 1000) };
            int[][] orders = [[2, 1, 0], [0, 2, 1], [1, 0, 2]];
            var order = orders[k % 3];
            w.WriteStartObject();
            w.WriteNumber("ID", id);
            w.WriteStartArray("basis");
            for (int r = 0; r < 3; r++) { var a = rows[order[r]].Axis * (k % 2 == 1 && r == 1 ? -1 : 1); w.WriteStartArray(); w.WriteNumberValue(a.X); w.WriteNumberValue(a.Y); w.WriteNumberValue(a.Z); w.WriteEndArray(); }
            w.WriteEndArray();
            w.WriteStartArray("coeffs"); foreach (var r in order) w.WriteNumberValue(rows[r].Half); w.WriteEndArray();
            Vec(w, "centroid", box.Center * 1000);
            w.WriteEndObject();
        }
        int n = 0;
        foreach (var o in scene.Objects.Where(o => !o.Structural)) Box(o.InstanceId - 1, o.Box, n++);
        var maxX = room.FloorPolygon.Max(p => p.X); var minY = room.FloorPolygon.Min(p => p.Y);
        Box(OtherRoomBoxId, new OrientedBox(new Vec3(maxX + 2, minY + 1, 0.4), new Vec3(0.5, 0.6, 0.8), 0.3), 0);
        w.WriteEndArray();
    }

    static void Vec(Utf8JsonWriter w, string name, Vec3 v)
    {
        w.WriteStartArray(name); w.WriteNumberValue(v.X); w.WriteNumberValue(v.Y); w.WriteNumberValue(v.Z); w.WriteEndArray();
    }
}
