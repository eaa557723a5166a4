namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Pinhole intrinsics in pixels; pixel (u, v) has its centre at integer coordinates, as in ScanNet's calibration.</summary>
public readonly record struct PinholeIntrinsics(double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>Reads fx, fy, cx, cy from a row-major 4×4 (or 3×3 padded) intrinsic matrix as ScanNet stores it.</summary>
    public static PinholeIntrinsics FromMatrix(ReadOnlySpan<float> m) => new(m[0], m[5], m[2], m[6]);

    public bool IsValid => double.IsFinite(Fx) && double.IsFinite(Fy) && double.IsFinite(Cx) && double.IsFinite(Cy) && Fx > 0 && Fy > 0;

    public static PinholeIntrinsics From(Spar.Geometry.CameraIntrinsics k) => new(k.Fx, k.Fy, k.Cx, k.Cy);
}

/// <summary>
/// Resamples a depth image into the colour camera's pixel grid so that depth and colour share one set of
/// intrinsics. Each colour pixel looks up the depth pixel on the same viewing ray (nearest neighbour, no blending:
/// averaging depths across an occlusion edge would invent surfaces). The two cameras are assumed to share their
/// optical centre, which holds for ScanNet's registered streams (identity extrinsics). Raw units are converted to
/// millimetres using the stream's depth shift (units per metre); 0 stays "no depth".
/// </summary>
public sealed class DepthRegistration : IDepthRegistration
{
    readonly int[] _sourceColumn, _sourceRow;
    readonly int _sourceWidth;
    readonly double _toMillimetres;

    public int Width { get; }
    public int Height { get; }

    public DepthRegistration(int depthWidth, int depthHeight, PinholeIntrinsics depth,
        int colorWidth, int colorHeight, PinholeIntrinsics color, double depthShift)
    {
        Width = colorWidth;
        Height = colorHeight;
        _sourceWidth = depthWidth;
        _toMillimetres = 1000.0 / depthShift;
        // No skew: a ray's depth column depends only on the colour column, and its row only on the colour row.
        _sourceColumn = Axis(colorWidth, color.Fx, color.Cx, depth.Fx, depth.Cx, depthWidth);
        _sourceRow = Axis(colorHeight, color.Fy, color.Cy, depth.Fy, depth.Cy, depthHeight);
    }

    /// <summary>
    /// The registration of a depth map that is the colour camera's own view at a lower resolution (ScanNet++'s iPhone
    /// 256×192 depth, ARKitScenes' lowres depth): the depth intrinsics are the colour ones scaled about pixel corners
    /// (<see cref="Spar.Geometry.CameraIntrinsics.Scaled"/>), depth in millimetres.
    /// </summary>
    public static DepthRegistration SameViewScaled(int depthWidth, int depthHeight, Spar.Geometry.CameraIntrinsics color, int colorWidth, int colorHeight) =>
        new(depthWidth, depthHeight, PinholeIntrinsics.From(color.Scaled((double)depthWidth / colorWidth, (double)depthHeight / colorHeight)),
            colorWidth, colorHeight, PinholeIntrinsics.From(color), 1000);

    static int[] Axis(int n, double fTarget, double cTarget, double fSource, double cSource, int sourceN)
    {
        var map = new int[n];
        for (int i = 0; i < n; i++)
        {
            double s = (i - cTarget) / fTarget * fSource + cSource;
            int r = (int)Math.Round(s, MidpointRounding.AwayFromZero);
            map[i] = r >= 0 && r < sourceN ? r : -1;
        }
        return map;
    }

    /// <summary>Fills <paramref name="millimetres"/> (Width × Height) from <paramref name="raw"/> (depth width × height, raw units).</summary>
    public void Apply(ReadOnlySpan<ushort> raw, Span<ushort> millimetres)
    {
        if (millimetres.Length != Width * Height) throw new ArgumentException("target has the wrong size", nameof(millimetres));
        bool exact = _toMillimetres == 1.0;
        for (int v = 0; v < Height; v++)
        {
            var row = millimetres.Slice(v * Width, Width);
            int sv = _sourceRow[v];
            if (sv < 0) { row.Clear(); continue; }
            var src = raw.Slice(sv * _sourceWidth, _sourceWidth);
            for (int u = 0; u < Width; u++)
            {
                int su = _sourceColumn[u];
                ushort d = su < 0 ? (ushort)0 : src[su];
                row[u] = exact || d == 0 ? d : (ushort)Math.Min(ushort.MaxValue, Math.Round(d * _toMillimetres));
            }
        }
    }
}
