using Spar.Geometry;

namespace Spar.Scenes.Rendering;

/// <summary>Per-thread output of <see cref="MeshMaskRasterizer"/>, reused from frame to frame. Row-major, top row first.</summary>
public sealed class MeshMaskBuffers
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>1 / camera z of the nearest mesh surface (0 = nothing): the z-buffer.</summary>
    public float[] InverseDepth { get; }
    /// <summary>Instance id of the nearest triangle (0 = none, or a surface that belongs to no object).</summary>
    public ushort[] Instance { get; }

    // Camera-space vertices and their projections, one entry per mesh vertex (grown on first use).
    internal double[] Cx = [], Cy = [], Cz = [], Pu = [], Pv = [];
    // Per vertex: which sides of the view it lies beyond (left, right, top, bottom, near), to reject triangles cheaply.
    internal byte[] Outside = [];

    public MeshMaskBuffers(int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > 1L << 26) throw new ArgumentOutOfRangeException(nameof(width), "bad frame size");
        Width = width; Height = height;
        InverseDepth = new float[width * height];
        Instance = new ushort[width * height];
    }

    /// <summary>Camera z (metres) of the rendered surface at a pixel, 0 where nothing was drawn.</summary>
    public double DepthMeters(int index) => InverseDepth[index] > 0 ? 1.0 / InverseDepth[index] : 0;

    internal void EnsureVertices(int n)
    {
        if (Cx.Length >= n) return;
        Cx = new double[n]; Cy = new double[n]; Cz = new double[n]; Pu = new double[n]; Pv = new double[n]; Outside = new byte[n];
    }
}

/// <summary>
/// Renders a <see cref="LabelledMesh"/> into a camera: a z-buffer of instance ids, one sample per pixel centre
/// (pixel (i, j) is the ray through u = i, v = j, the intrinsics' convention), occlusion-correct, so every pixel holds
/// the instance of the first surface its ray meets. This is spar's own scanline rasteriser, not a GPU or library
/// renderer, for two reasons: speed on the CPU an import already runs on (a ScanNet mesh of 150 k triangles at
/// 1296×968 renders in milliseconds, with no device, driver or context to set up on a cluster node), and determinism
/// (GPU rasterisers differ between vendors and drivers in edge and depth-tie rules; here the coverage rule is
/// half-open — a pixel centre on a shared edge belongs to exactly one triangle —, depths are compared strictly in
/// triangle order, and everything is IEEE arithmetic, so the masks are byte-identical on every machine and for any
/// thread count). Triangles are not back-face culled: scanned meshes do not have a reliable winding, and a surface
/// seen from behind still hides what lies beyond it.
/// </summary>
public sealed class MeshMaskRasterizer(LabelledMesh mesh)
{
    /// <summary>Surfaces closer than this to the camera are clipped (metres), as in <see cref="SceneRasterizer"/>.</summary>
    public const double NearPlane = SceneRasterizer.NearPlane;

    public LabelledMesh Mesh => mesh;

    /// <summary>Renders the mesh as seen by a camera with intrinsics <paramref name="k"/> and pose <paramref name="cameraToWorld"/> (OpenCV axes).</summary>
    public void Render(CameraIntrinsics k, Mat4 cameraToWorld, MeshMaskBuffers fb)
    {
        if (!cameraToWorld.TryInvert(out var w2c)) throw new ArgumentException("camera pose is singular or not finite", nameof(cameraToWorld));
        Array.Clear(fb.InverseDepth);
        Array.Clear(fb.Instance);
        int n = mesh.VertexCount;
        fb.EnsureVertices(n);
        var pos = mesh.Positions;
        double r00 = w2c[0, 0], r01 = w2c[0, 1], r02 = w2c[0, 2], t0 = w2c[0, 3];
        double r10 = w2c[1, 0], r11 = w2c[1, 1], r12 = w2c[1, 2], t1 = w2c[1, 3];
        double r20 = w2c[2, 0], r21 = w2c[2, 1], r22 = w2c[2, 2], t2 = w2c[2, 3];
        double[] cx = fb.Cx, cy = fb.Cy, cz = fb.Cz, pu = fb.Pu, pv = fb.Pv;
        var outside = fb.Outside;
        double uMax = fb.Width - 1, vMax = fb.Height - 1;
        for (int i = 0; i < n; i++)
        {
            double x = pos[3 * i], y = pos[3 * i + 1], z = pos[3 * i + 2];
            double xc = r00 * x + r01 * y + r02 * z + t0, yc = r10 * x + r11 * y + r12 * z + t1, zc = r20 * x + r21 * y + r22 * z + t2;
            cx[i] = xc; cy[i] = yc; cz[i] = zc;
            if (zc < NearPlane) { outside[i] = Near; continue; }
            double pxu = k.Fx * xc / zc + k.Cx, pxv = k.Fy * yc / zc + k.Cy;
            pu[i] = pxu; pv[i] = pxv;
            outside[i] = (byte)((pxu < 0 ? 1 : 0) | (pxu > uMax ? 2 : 0) | (pxv < 0 ? 4 : 0) | (pxv > vMax ? 8 : 0));
        }
        var tris = mesh.Triangles;
        var ids = mesh.TriangleInstances;
        Span<double> u = stackalloc double[4], v = stackalloc double[4], iz = stackalloc double[4];
        for (int t = 0; t < ids.Length; t++)
        {
            int a = tris[3 * t], b = tris[3 * t + 1], c = tris[3 * t + 2];
            byte oa = outside[a], ob = outside[b], oc = outside[c];
            if ((oa & ob & oc) != 0) continue; // all three beyond one side of the view (most of a room is): nothing to draw
            if (((oa | ob | oc) & Near) == 0)
            {
                FillTriangle(fb, pu[a], pv[a], 1 / cz[a], pu[b], pv[b], 1 / cz[b], pu[c], pv[c], 1 / cz[c], ids[t]);
                continue;
            }
            int count = ClipNear(fb, a, b, c, k, u, v, iz);
            Fill(fb, u[..count], v[..count], iz[..count], ids[t]);
        }
    }

    const byte Near = 16;

    /// <summary>
    /// <see cref="Fill"/> for a triangle wholly in front of the near plane, the common case, without the polygon
    /// bookkeeping: corners sorted by row, the long edge and the two short ones walked with precomputed slopes. Row y
    /// meets an edge from row va to vb when va ≤ y &lt; vb, exactly <see cref="Fill"/>'s rule.
    /// </summary>
    static void FillTriangle(MeshMaskBuffers fb, double u0, double v0, double z0, double u1, double v1, double z1,
        double u2, double v2, double z2, ushort id)
    {
        double det = (u1 - u0) * (v2 - v0) - (u2 - u0) * (v1 - v0);
        if (!(Math.Abs(det) > 1e-12)) return; // seen edge-on (or NaN): covers no pixel centre
        double A = ((z1 - z0) * (v2 - v0) - (z2 - z0) * (v1 - v0)) / det, B = ((u1 - u0) * (z2 - z0) - (u2 - u0) * (z1 - z0)) / det;
        double C = z0 - A * u0 - B * v0;
        double zMin = Math.Min(z0, Math.Min(z1, z2)), zMax = Math.Max(z0, Math.Max(z1, z2));
        // Sort by v: (ut, vt) top, (um, vm) middle, (ub, vb) bottom.
        if (v1 < v0) { (u0, v0, u1, v1) = (u1, v1, u0, v0); }
        if (v2 < v1) { (u1, v1, u2, v2) = (u2, v2, u1, v1); }
        if (v1 < v0) { (u0, v0, u1, v1) = (u1, v1, u0, v0); }
        int w = fb.Width, h = fb.Height;
        int y0 = (int)Math.Ceiling(Math.Max(v0, 0));
        int y1 = (int)Math.Ceiling(Math.Min(v2, h)) - 1;
        if (y0 > y1) return;
        double longSlope = (u2 - u0) / (v2 - v0);
        double upperSlope = v1 > v0 ? (u1 - u0) / (v1 - v0) : 0, lowerSlope = v2 > v1 ? (u2 - u1) / (v2 - v1) : 0;
        var depth = fb.InverseDepth;
        var inst = fb.Instance;
        for (int y = y0; y <= y1; y++)
        {
            double xa = u0 + (y - v0) * longSlope;
            double xb = y < v1 ? u0 + (y - v0) * upperSlope : u1 + (y - v1) * lowerSlope;
            double xl = Math.Min(xa, xb), xr = Math.Max(xa, xb);
            if (!(xl < xr)) continue;
            FillRow(depth, inst, id, y, w, xl, xr, A, B * y + C, zMin, zMax);
        }
    }

    /// <summary>
    /// One scanline of a triangle: the pixels x with xl ≤ x < xr (in the caller's sampling convention) take the plane's inverse depth
    /// A·x + rowC (clamped to the triangle's own range, so rounding never lets it poke through a neighbour) where it is
    /// nearer than what is there. Shared by the triangle fast path and the clipped-polygon path.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    static void FillRow(float[] depth, ushort[] inst, ushort id, int y, int w, double xl, double xr, double A, double rowC, double zMin, double zMax)
    {
        int x0 = (int)Math.Ceiling(Math.Max(xl, 0));
        int x1 = (int)Math.Ceiling(Math.Min(xr, w)) - 1;
        int row = y * w;
        for (int x = x0; x <= x1; x++)
        {
            float z = (float)Math.Clamp(A * x + rowC, zMin, zMax);
            if (z > depth[row + x])
            {
                depth[row + x] = z;
                inst[row + x] = id;
            }
        }
    }

    /// <summary>Sutherland–Hodgman of a triangle against z = near, projected; returns the corner count (3 or 4).</summary>
    static int ClipNear(MeshMaskBuffers fb, int a, int b, int c, CameraIntrinsics k, Span<double> u, Span<double> v, Span<double> iz)
    {
        Span<int> corner = [a, b, c];
        int n = 0;
        for (int i = 0; i < 3; i++)
        {
            int p = corner[i], q = corner[(i + 1) % 3];
            bool pIn = fb.Cz[p] >= NearPlane, qIn = fb.Cz[q] >= NearPlane;
            if (pIn) { u[n] = fb.Pu[p]; v[n] = fb.Pv[p]; iz[n] = 1 / fb.Cz[p]; n++; }
            if (pIn != qIn)
            {
                double s = (NearPlane - fb.Cz[p]) / (fb.Cz[q] - fb.Cz[p]);
                double x = fb.Cx[p] + (fb.Cx[q] - fb.Cx[p]) * s, y = fb.Cy[p] + (fb.Cy[q] - fb.Cy[p]) * s;
                u[n] = k.Fx * x / NearPlane + k.Cx; v[n] = k.Fy * y / NearPlane + k.Cy; iz[n] = 1 / NearPlane; n++;
            }
        }
        return n;
    }

    /// <summary>
    /// Scan-converts a convex polygon (a triangle, or a near-clipped quad): pixel centre (x, y) is covered when
    /// xl ≤ x &lt; xr on row y, with rows taken half-open too. 1/z is affine in (u, v) on a plane, so it is
    /// interpolated exactly from three corners; it is clamped to the corners' range so a sliver whose plane is
    /// ill-conditioned can never write a depth outside its own.
    /// </summary>
    static void Fill(MeshMaskBuffers fb, ReadOnlySpan<double> u, ReadOnlySpan<double> v, ReadOnlySpan<double> iz, ushort id)
    {
        int w = fb.Width, h = fb.Height, n = u.Length;
        double uMin = u[0], uMax = u[0], vMin = v[0], vMax = v[0], zMin = iz[0], zMax = iz[0];
        for (int i = 1; i < n; i++)
        {
            uMin = Math.Min(uMin, u[i]); uMax = Math.Max(uMax, u[i]);
            vMin = Math.Min(vMin, v[i]); vMax = Math.Max(vMax, v[i]);
            zMin = Math.Min(zMin, iz[i]); zMax = Math.Max(zMax, iz[i]);
        }
        if (uMax < 0 || vMax < 0 || uMin > w - 1 || vMin > h - 1) return; // outside the image: the common case
        double du1 = u[1] - u[0], dv1 = v[1] - v[0], du2 = u[2] - u[0], dv2 = v[2] - v[0];
        double det = du1 * dv2 - du2 * dv1;
        if (!(Math.Abs(det) > 1e-12)) return; // seen edge-on (or NaN): covers no pixel centre
        double dz1 = iz[1] - iz[0], dz2 = iz[2] - iz[0];
        double A = (dz1 * dv2 - dz2 * dv1) / det, B = (du1 * dz2 - du2 * dz1) / det;
        double C = iz[0] - A * u[0] - B * v[0];
        // Clamped before the int conversion: a corner just past the near plane can project to ±10¹²,
        // and out-of-range double→int conversions are not to be relied on.
        int y0 = (int)Math.Ceiling(Math.Max(vMin, 0));
        int y1 = (int)Math.Ceiling(Math.Min(vMax, h)) - 1;
        var depth = fb.InverseDepth;
        var inst = fb.Instance;
        for (int y = y0; y <= y1; y++)
        {
            double xl = double.PositiveInfinity, xr = double.NegativeInfinity;
            for (int i = 0, j = n - 1; i < n; j = i++)
            {
                double va = v[j], vb = v[i];
                if ((va <= y && y < vb) || (vb <= y && y < va))
                {
                    double x = u[j] + (y - va) * (u[i] - u[j]) / (vb - va);
                    if (x < xl) xl = x;
                    if (x > xr) xr = x;
                }
            }
            if (!(xl < xr)) continue;
            FillRow(depth, inst, id, y, w, xl, xr, A, B * y + C, zMin, zMax);
        }
    }
}
