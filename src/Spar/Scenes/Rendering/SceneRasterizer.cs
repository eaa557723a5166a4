using System.Runtime.CompilerServices;
using Spar.Geometry;

namespace Spar.Scenes.Rendering;

/// <summary>
/// A CPU z-buffer renderer for scenes made of boxes. Immutable after construction and safe to share between threads;
/// each thread renders into its own <see cref="FrameBuffers"/>. Pixel (i, j) samples the ray through its centre
/// u = i, v = j (the intrinsics' convention), so depth and instance id at a pixel are exactly what a ray cast
/// through that pixel centre hits first; coverage follows a half-open rule, so shared edges are drawn once.
/// </summary>
public sealed class SceneRasterizer
{
    /// <summary>Surfaces closer than this to the camera are clipped (metres).</summary>
    public const double NearPlane = 0.05;

    readonly Face[] faces;
    readonly OrientedBox[] partBoxes;
    readonly Lighting lighting;

    /// <summary>A box face: a convex quad with its plane, texture frame and material.</summary>
    readonly struct Face(Vec3 v0, Vec3 v1, Vec3 v2, Vec3 v3, Vec3 normal, Material material, ushort instance, int part, uint seed)
    {
        public readonly Vec3 V0 = v0, V1 = v1, V2 = v2, V3 = v3, Normal = normal;
        public readonly double PlaneD = normal.Dot(v0);
        public readonly Material Material = material;
        public readonly ushort Instance = instance;
        public readonly int Part = part;
        public readonly uint Seed = seed;
        // Texture frame: s along the longer edge, t along the other, both from V0 (metres).
        public readonly Vec3 SAxis = (v1 - v0).Length >= (v3 - v0).Length ? (v1 - v0).Normalized() : (v3 - v0).Normalized();
        public readonly Vec3 TAxis = (v1 - v0).Length >= (v3 - v0).Length ? (v3 - v0).Normalized() : (v1 - v0).Normalized();
    }

    // Corner indices of the six faces of OrientedBox.Corners() (bottom 0–3 and top 4–7, counter-clockwise from above).
    static readonly int[][] FaceCorners = [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]];

    public SceneRasterizer(IReadOnlyList<RenderPart> parts, Lighting lighting)
    {
        this.lighting = lighting;
        partBoxes = parts.Select(p => p.Box).ToArray();
        var list = new List<Face>(parts.Count * 6);
        for (var p = 0; p < parts.Count; p++)
        {
            var box = parts[p].Box;
            var c = box.Corners();
            Vec3[] normals = [-Vec3.UnitZ, Vec3.UnitZ, -box.AxisY, box.AxisX, box.AxisY, -box.AxisX];
            for (var f = 0; f < 6; f++)
            {
                var ix = FaceCorners[f];
                list.Add(new Face(c[ix[0]], c[ix[1]], c[ix[2]], c[ix[3]], normals[f], parts[p].Material, parts[p].InstanceId, p,
                    (uint)(p * 6 + f) * 2654435761u));
            }
        }
        faces = list.ToArray();
    }

    public int FaceCount => faces.Length;

    /// <summary>Renders one view: z-buffer, face ids, then depth (mm), instance ids and shaded colour.</summary>
    public void Render(PinholeCamera camera, FrameBuffers fb)
    {
        if (fb.Width != camera.Width || fb.Height != camera.Height) throw new ArgumentException("frame buffers do not match the camera size");
        Array.Clear(fb.InverseDepth);
        Array.Fill(fb.Face, -1);
        Span<Vec3> cam = stackalloc Vec3[4];
        Span<Vec3> clipped = stackalloc Vec3[8];
        Span<double> pu = stackalloc double[8];
        Span<double> pv = stackalloc double[8];
        var k = camera.Intrinsics;
        var w2c = camera.WorldToCamera;
        var centre = camera.Centre;
        for (var f = 0; f < faces.Length; f++)
        {
            ref readonly var face = ref faces[f];
            // Back faces (and faces seen exactly edge-on) are never visible on closed boxes.
            if (face.Normal.Dot(centre) - face.PlaneD <= 1e-12) continue;
            cam[0] = w2c.TransformPoint(face.V0); cam[1] = w2c.TransformPoint(face.V1);
            cam[2] = w2c.TransformPoint(face.V2); cam[3] = w2c.TransformPoint(face.V3);
            var n = ClipNear(cam, clipped);
            if (n < 3) continue;
            for (var i = 0; i < n; i++)
            {
                pu[i] = k.Fx * clipped[i].X / clipped[i].Z + k.Cx;
                pv[i] = k.Fy * clipped[i].Y / clipped[i].Z + k.Cy;
            }
            // 1/z is affine in (u, v) on a plane n·p = d: 1/z = (n·((u−cx)/fx, (v−cy)/fy, 1)) / d.
            var nc = w2c.TransformDirection(face.Normal);
            var d = nc.Dot(cam[0]);
            if (Math.Abs(d) < 1e-12) continue;
            var a = nc.X / (k.Fx * d);
            var b = nc.Y / (k.Fy * d);
            var c0 = (nc.Z - nc.X * k.Cx / k.Fx - nc.Y * k.Cy / k.Fy) / d;
            Fill(fb, pu[..n], pv[..n], a, b, c0, f);
        }
        Shade(camera, fb);
    }

    /// <summary>Sutherland–Hodgman against z = near; returns the vertex count (0 when fully behind).</summary>
    static int ClipNear(ReadOnlySpan<Vec3> quad, Span<Vec3> output)
    {
        var n = 0;
        for (var i = 0; i < 4; i++)
        {
            var p = quad[i]; var q = quad[(i + 1) & 3];
            var pIn = p.Z >= NearPlane; var qIn = q.Z >= NearPlane;
            if (pIn) output[n++] = p;
            if (pIn != qIn)
            {
                var t = (NearPlane - p.Z) / (q.Z - p.Z);
                output[n++] = new Vec3(p.X + (q.X - p.X) * t, p.Y + (q.Y - p.Y) * t, NearPlane);
            }
        }
        return n;
    }

    /// <summary>Scan-converts a convex polygon: pixel centre (i, j) is inside when xl ≤ i &lt; xr on row j (half-open).</summary>
    static void Fill(FrameBuffers fb, ReadOnlySpan<double> u, ReadOnlySpan<double> v, double a, double b, double c0, int faceIndex)
    {
        int w = fb.Width, h = fb.Height, n = u.Length;
        double vMin = double.PositiveInfinity, vMax = double.NegativeInfinity;
        for (var i = 0; i < n; i++) { vMin = Math.Min(vMin, v[i]); vMax = Math.Max(vMax, v[i]); }
        var y0 = Math.Max(0, (int)Math.Ceiling(vMin));
        var y1 = Math.Min(h - 1, (int)Math.Ceiling(vMax) - 1);
        var depth = fb.InverseDepth;
        var faceBuf = fb.Face;
        for (var y = y0; y <= y1; y++)
        {
            double xl = double.PositiveInfinity, xr = double.NegativeInfinity;
            for (int i = 0, j = n - 1; i < n; j = i++)
            {
                double va = v[j], vb = v[i];
                if ((va <= y && y < vb) || (vb <= y && y < va))
                {
                    var x = u[j] + (y - va) * (u[i] - u[j]) / (vb - va);
                    if (x < xl) xl = x;
                    if (x > xr) xr = x;
                }
            }
            if (!(xl < xr)) continue;
            var x0 = Math.Max(0, (int)Math.Ceiling(xl));
            var x1 = Math.Min(w - 1, (int)Math.Ceiling(xr) - 1);
            var rowC = b * y + c0;
            var row = y * w;
            for (var x = x0; x <= x1; x++)
            {
                var iz = (float)(a * x + rowC);
                if (iz > depth[row + x])
                {
                    depth[row + x] = iz;
                    faceBuf[row + x] = faceIndex;
                }
            }
        }
    }

    void Shade(PinholeCamera camera, FrameBuffers fb)
    {
        int w = fb.Width, h = fb.Height;
        var k = camera.Intrinsics;
        var c2w = camera.CameraToWorld;
        var centre = camera.Centre;
        // World direction of the ray through (u, v) with camera z = 1 is affine in u and v.
        var du = c2w.TransformDirection(new Vec3(1 / k.Fx, 0, 0));
        var dv = c2w.TransformDirection(new Vec3(0, 1 / k.Fy, 0));
        var d0 = c2w.TransformDirection(new Vec3(-k.Cx / k.Fx, -k.Cy / k.Fy, 1));
        var lights = lighting.Lights;
        var lightCount = Math.Min(lights.Count, Lighting.MaxLights);
        Span<float> lx = stackalloc float[Lighting.MaxLights], ly = stackalloc float[Lighting.MaxLights], lz = stackalloc float[Lighting.MaxLights], ls = stackalloc float[Lighting.MaxLights];
        for (var i = 0; i < lightCount; i++)
        {
            lx[i] = (float)lights[i].Position.X; ly[i] = (float)lights[i].Position.Y; lz[i] = (float)lights[i].Position.Z; ls[i] = (float)lights[i].Strength;
        }
        var ambient = (float)lighting.Ambient;
        var rgba = fb.Rgba;
        for (var y = 0; y < h; y++)
        {
            var rowDir = d0 + dv * y;
            for (var x = 0; x < w; x++)
            {
                var idx = y * w + x;
                var f = fb.Face[idx];
                if (f < 0)
                {
                    fb.DepthMillimeters[idx] = 0;
                    fb.Instance[idx] = 0;
                    rgba[idx * 4] = 40; rgba[idx * 4 + 1] = 40; rgba[idx * 4 + 2] = 40; rgba[idx * 4 + 3] = 255;
                    continue;
                }
                ref readonly var face = ref faces[f];
                var z = 1.0 / fb.InverseDepth[idx];
                fb.DepthMillimeters[idx] = (ushort)Math.Min(65535, Math.Round(z * 1000));
                fb.Instance[idx] = face.Instance;
                var dir = rowDir + du * x;
                float px = (float)(centre.X + dir.X * z), py = (float)(centre.Y + dir.Y * z), pz = (float)(centre.Z + dir.Z * z);
                float ox = px - (float)face.V0.X, oy = py - (float)face.V0.Y, oz = pz - (float)face.V0.Z;
                var s = ox * (float)face.SAxis.X + oy * (float)face.SAxis.Y + oz * (float)face.SAxis.Z;
                var t = ox * (float)face.TAxis.X + oy * (float)face.TAxis.Y + oz * (float)face.TAxis.Z;
                var (r, g, b) = Patterns.Albedo(face.Material, s, t, pz, face.Seed);
                float light;
                if (face.Material.Emissive) light = 1.05f;
                else
                {
                    float nx = (float)face.Normal.X, ny = (float)face.Normal.Y, nz = (float)face.Normal.Z;
                    light = ambient * (0.85f + 0.2f * nz);
                    for (var i = 0; i < lightCount; i++)
                    {
                        float vx = lx[i] - px, vy = ly[i] - py, vz = lz[i] - pz;
                        var d2 = vx * vx + vy * vy + vz * vz;
                        var ndl = nx * vx + ny * vy + nz * vz;
                        if (ndl > 0) light += ls[i] * ndl / (MathF.Sqrt(d2) * (1f + 0.12f * d2));
                    }
                }
                rgba[idx * 4] = ToByte(r * light);
                rgba[idx * 4 + 1] = ToByte(g * light);
                rgba[idx * 4 + 2] = ToByte(b * light);
                rgba[idx * 4 + 3] = 255;
            }
        }
    }

    /// <summary>Linear light to an 8-bit value with a gentle tone curve, so bright lamps saturate softly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static byte ToByte(float v)
    {
        v = v / (1f + 0.25f * v) * 1.25f;
        return (byte)Math.Clamp((int)(v * 255f + 0.5f), 0, 255);
    }

    /// <summary>The boxes drawn, in part order (for tests and analysis that ray-cast the same geometry).</summary>
    public IReadOnlyList<OrientedBox> PartBoxes => partBoxes;
}
