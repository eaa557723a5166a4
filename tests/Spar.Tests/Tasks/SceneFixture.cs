using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Imaging;

namespace Spar.Tests;

/// <summary>
/// Hand-built scenes for generator tests: boxes and look-at cameras, rendered by this file's own ray caster into
/// instance masks and depth maps (16-bit PNG), plus tiny JPEG colour frames. The camera axes and box tests here are
/// written independently of the library's geometry so tests can recompute answers on their own.
/// </summary>
public sealed class SceneFixture(string id, int width = 96, int height = 72, double hfovDegrees = 75)
{
    public sealed record Box(int Id, string Category, Vec3 Center, Vec3 Size, double Yaw, bool Structural)
    {
        /// <summary>Axis-aligned pieces drawn instead of the whole box (a table's top and legs); null = solid box.</summary>
        public List<(Vec3 Center, Vec3 Size)>? Parts { get; init; }
    }
    public sealed record Cam(Vec3 Eye, Vec3 Target)
    {
        public Vec3 Forward => Norm(Target - Eye);
        public Vec3 Right => Norm(Cross(Forward, new Vec3(0, 0, 1)));
        public Vec3 Down => Cross(Forward, Right);
        /// <summary>Camera-frame coordinates (OpenCV) of a world point, from the look-at axes.</summary>
        public Vec3 ToCamera(Vec3 p) { var d = p - Eye; return new(Dot(d, Right), Dot(d, Down), Dot(d, Forward)); }
    }

    public string Id => id;
    public int Width => width;
    public int Height => height;
    public List<Box> Boxes { get; } = [];
    public List<Cam> Cams { get; } = [];
    public double Focal => width / 2.0 / Math.Tan(hfovDegrees * Math.PI / 360);

    public SceneFixture Add(int instanceId, string category, Vec3 center, Vec3 size, double yawDegrees = 0, bool structural = false)
    {
        Boxes.Add(new Box(instanceId, category, center, size, yawDegrees * Math.PI / 180, structural));
        return this;
    }

    /// <summary>A table-like object: annotated with its full box, drawn as a top slab and four legs.</summary>
    public SceneFixture AddTable(int instanceId, string category, Vec3 center, Vec3 size, double top = 0.05, double leg = 0.06)
    {
        var parts = new List<(Vec3, Vec3)> { (center + new Vec3(0, 0, size.Z / 2 - top / 2), new Vec3(size.X, size.Y, top)) };
        foreach (var sx in new[] { -1, 1 })
        foreach (var sy in new[] { -1, 1 })
            parts.Add((center + new Vec3(sx * (size.X - leg) / 2, sy * (size.Y - leg) / 2, -top / 2), new Vec3(leg, leg, size.Z - top)));
        Boxes.Add(new Box(instanceId, category, center, size, 0, false) { Parts = parts });
        return this;
    }

    public SceneFixture Camera(Vec3 eye, Vec3 target) { Cams.Add(new Cam(eye, target)); return this; }

    public static Vec3 Norm(Vec3 v) { var l = Math.Sqrt(Dot(v, v)); return new(v.X / l, v.Y / l, v.Z / l); }
    public static double Dot(Vec3 a, Vec3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
    public static Vec3 Cross(Vec3 a, Vec3 b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    public string ImagePath(int i) => $"{id}/image_color/{i}.jpg";
    public string MaskPath(int i) => $"{id}/instance/{i}.png";
    public string DepthPath(int i) => $"{id}/image_depth/{i}.png";

    /// <summary>Nearest box hit along the pixel's ray: (instance id, camera depth), or (0, 0).</summary>
    public (int Id, double Depth) Trace(Cam cam, int u, int v)
    {
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, f = Focal;
        var dirCam = new Vec3((u - cx) / f, (v - cy) / f, 1);
        var dir = cam.Right * dirCam.X + cam.Down * dirCam.Y + cam.Forward * dirCam.Z;
        int best = 0; double bestT = double.PositiveInfinity;
        foreach (var b in Boxes)
            foreach (var piece in b.Parts ?? [(b.Center, b.Size)])
            {
                var t = Hit(b with { Center = piece.Center, Size = piece.Size }, cam.Eye, dir);
                if (t is { } tt && tt < bestT) { bestT = tt; best = b.Id; }
            }
        return best == 0 ? (0, 0) : (best, bestT);
    }

    static double? Hit(Box b, Vec3 origin, Vec3 dir)
    {
        double c = Math.Cos(-b.Yaw), s = Math.Sin(-b.Yaw);
        var o = origin - b.Center;
        var lo = new[] { c * o.X - s * o.Y, s * o.X + c * o.Y, o.Z };
        var ld = new[] { c * dir.X - s * dir.Y, s * dir.X + c * dir.Y, dir.Z };
        var half = new[] { b.Size.X / 2, b.Size.Y / 2, b.Size.Z / 2 };
        double tin = double.NegativeInfinity, tout = double.PositiveInfinity;
        for (int k = 0; k < 3; k++)
        {
            if (Math.Abs(ld[k]) < 1e-12) { if (Math.Abs(lo[k]) > half[k]) return null; continue; }
            double t1 = (-half[k] - lo[k]) / ld[k], t2 = (half[k] - lo[k]) / ld[k];
            tin = Math.Max(tin, Math.Min(t1, t2));
            tout = Math.Min(tout, Math.Max(t1, t2));
        }
        return tin <= tout && tin > 0 ? tin : null;
    }

    /// <summary>
    /// Writes <c>&lt;root&gt;/&lt;source&gt;/images/&lt;id&gt;/</c>: scene.json, colour JPEGs, and masks and/or depth maps.
    /// Returns the scene folder.
    /// </summary>
    public string Write(string root, bool masks = true, bool depth = true, bool surfacePoints = false, string source = "synthetic")
    {
        var imagesRoot = Path.Combine(root, source, "images");
        var dir = Path.Combine(imagesRoot, id);
        Directory.CreateDirectory(dir);
        var frames = new List<SceneFrame>();
        for (int i = 0; i < Cams.Count; i++)
        {
            var cam = Cams[i];
            var ids = new ushort[width * height];
            var mm = new ushort[width * height];
            for (int v = 0; v < height; v++)
            for (int u = 0; u < width; u++)
            {
                var (hit, d) = Trace(cam, u, v);
                ids[v * width + u] = (ushort)hit;
                mm[v * width + u] = (ushort)Math.Min(65535, Math.Round(d * 1000));
            }
            Save(Path.Combine(imagesRoot, ImagePath(i)), ids);
            if (masks) Spar.Imaging.Png16.Write(Path.Combine(imagesRoot, MaskPath(i)), width, height, ids);
            if (depth) Spar.Imaging.Png16.Write(Path.Combine(imagesRoot, DepthPath(i)), width, height, mm);
            var pose = Mat4.FromAxes(cam.Right, cam.Down, cam.Forward, cam.Eye);
            frames.Add(new SceneFrame(i, ImagePath(i), width, height,
                new CameraIntrinsics(Focal, Focal, (width - 1) / 2.0, (height - 1) / 2.0), pose,
                depth ? DepthPath(i) : null, masks ? MaskPath(i) : null));
        }
        var objects = Boxes.Select(b => new SceneObject(b.Id, b.Category, new OrientedBox(b.Center, b.Size, b.Yaw),
            Referable: !b.Structural, Structural: b.Structural, SurfacePoints: surfacePoints ? SurfaceSample(b) : null)).ToList();
        SceneJson.Write(new Scene(id, source, null, objects, frames), Path.Combine(dir, SceneJson.FileName));
        return dir;
    }

    static List<Vec3> SurfaceSample(Box b)
    {
        var pts = new List<Vec3>();
        const int n = 12;
        double c = Math.Cos(b.Yaw), s = Math.Sin(b.Yaw);
        for (int face = 0; face < 6; face++)
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double a = (i + 0.5) / n - 0.5, bb = (j + 0.5) / n - 0.5, side = face % 2 == 0 ? -0.5 : 0.5;
            var local = (face / 2) switch { 0 => new Vec3(side, a, bb), 1 => new Vec3(a, side, bb), _ => new Vec3(a, bb, side) };
            local = new Vec3(local.X * b.Size.X, local.Y * b.Size.Y, local.Z * b.Size.Z);
            pts.Add(b.Center + new Vec3(c * local.X - s * local.Y, s * local.X + c * local.Y, local.Z));
        }
        return pts;
    }

    void Save(string path, ushort[] ids)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var img = new Image<Rgb24>(width, height);
        for (int v = 0; v < height; v++)
        for (int u = 0; u < width; u++)
        {
            int k = ids[v * width + u];
            img[u, v] = new Rgb24((byte)(k * 70 % 256), (byte)(k * 130 % 256), (byte)(k * 200 % 256));
        }
        img.SaveAsJpeg(path);
    }

    /// <summary>A living room: floor, table, chair 1 m right of the table, sofa, lamp, bookshelf; three cameras (one turned 90°).</summary>
    public static SceneFixture LivingRoom(string id, double shift = 0)
    {
        var f = new SceneFixture(id);
        f.Add(1, "floor", new Vec3(0, 3, -0.05), new Vec3(12, 12, 0.1), structural: true)
         .Add(2, "table", new Vec3(0 + shift, 3, 0.375), new Vec3(1.2, 0.8, 0.75))
         .Add(3, "chair", new Vec3(1 + shift, 3, 0.5), new Vec3(0.5, 0.5, 1.0))
         .Add(4, "sofa", new Vec3(-1.6, 4.2 + shift, 0.45), new Vec3(2.0, 0.9, 0.9), yawDegrees: 20)
         .Add(5, "lamp", new Vec3(2.2, 4.8, 0.9), new Vec3(0.4, 0.4, 1.8))
         .Add(6, "bookshelf", new Vec3(-0.2, 5.6, 1.0), new Vec3(1.4, 0.4, 2.0));
        f.Camera(new Vec3(0.3, -0.5, 1.5), new Vec3(0.3, 4, 0.6))        // looking +y
         .Camera(new Vec3(-4.0, 3.6, 1.5), new Vec3(2, 3.6, 0.6))        // turned 90°: looking +x
         .Camera(new Vec3(1.0, 0.0, 1.6), new Vec3(-0.5, 5, 0.5));       // oblique
        return f;
    }
}
