using Spar.Geometry;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Fills a colour-resolution depth image (millimetres, 0 = none) from a frame's raw depth.</summary>
public interface IDepthRegistration
{
    void Apply(ReadOnlySpan<ushort> raw, Span<ushort> millimetres);
}

/// <summary>
/// Registers depth to the colour camera when the two do not share their optical centre (colour/depth extrinsics other
/// than identity): every depth pixel is lifted to a 3-D point in the depth camera, moved into the colour camera by
/// <c>colourFromDepth</c>, projected, and written into the colour pixels its footprint covers (the block of
/// fx_c/fx_d × fy_c/fy_d pixels around the projection, so upsampling leaves no holes), the nearest surface winning
/// (a z-buffer in colour camera z). No blending: averaging across an occlusion edge would invent surfaces. Colour
/// pixels no depth pixel reaches (disoccluded by the baseline, or outside the depth view) stay 0. Deterministic: depth
/// pixels are visited in row order and a tie in z keeps the first. One instance per thread (it owns its z-buffer).
/// </summary>
public sealed class ReprojectedDepthRegistration : IDepthRegistration
{
    readonly int _dw, _dh, _cw, _ch;
    readonly PinholeIntrinsics _depth, _color;
    readonly Mat4 _colourFromDepth;
    readonly double _toMeters, _halfU, _halfV;
    readonly float[] _z;

    public ReprojectedDepthRegistration(int depthWidth, int depthHeight, PinholeIntrinsics depth,
        int colorWidth, int colorHeight, PinholeIntrinsics color, double depthShift, Mat4 colourFromDepth)
    {
        (_dw, _dh, _cw, _ch, _depth, _color, _colourFromDepth) = (depthWidth, depthHeight, colorWidth, colorHeight, depth, color, colourFromDepth);
        _toMeters = 1.0 / depthShift;
        // Half the footprint of one depth pixel in colour pixels (at equal depth), at least half a pixel.
        _halfU = Math.Max(0.5, 0.5 * color.Fx / depth.Fx);
        _halfV = Math.Max(0.5, 0.5 * color.Fy / depth.Fy);
        _z = new float[colorWidth * colorHeight];
    }

    public void Apply(ReadOnlySpan<ushort> raw, Span<ushort> millimetres)
    {
        if (millimetres.Length != _cw * _ch) throw new ArgumentException("target has the wrong size", nameof(millimetres));
        Array.Fill(_z, float.PositiveInfinity);
        var m = _colourFromDepth;
        double r00 = m[0, 0], r01 = m[0, 1], r02 = m[0, 2], t0 = m[0, 3];
        double r10 = m[1, 0], r11 = m[1, 1], r12 = m[1, 2], t1 = m[1, 3];
        double r20 = m[2, 0], r21 = m[2, 1], r22 = m[2, 2], t2 = m[2, 3];
        for (int v = 0; v < _dh; v++)
            for (int u = 0; u < _dw; u++)
            {
                ushort d = raw[v * _dw + u];
                if (d == 0) continue;
                double z = d * _toMeters;
                double x = (u - _depth.Cx) / _depth.Fx * z, y = (v - _depth.Cy) / _depth.Fy * z;
                double xc = r00 * x + r01 * y + r02 * z + t0, yc = r10 * x + r11 * y + r12 * z + t1, zc = r20 * x + r21 * y + r22 * z + t2;
                if (zc <= 0) continue;
                double uc = _color.Fx * xc / zc + _color.Cx, vc = _color.Fy * yc / zc + _color.Cy;
                double scale = z / zc; // a nearer point covers more colour pixels
                double hu = _halfU * scale, hv = _halfV * scale;
                if (!(uc + hu >= 0 && uc - hu < _cw && vc + hv >= 0 && vc - hv < _ch)) continue;
                int x0 = Math.Max(0, (int)Math.Ceiling(uc - hu)), x1 = Math.Min(_cw - 1, (int)Math.Ceiling(uc + hu) - 1);
                int y0 = Math.Max(0, (int)Math.Ceiling(vc - hv)), y1 = Math.Min(_ch - 1, (int)Math.Ceiling(vc + hv) - 1);
                float zf = (float)zc;
                for (int yy = y0; yy <= y1; yy++)
                    for (int xx = x0; xx <= x1; xx++)
                    {
                        int i = yy * _cw + xx;
                        if (zf < _z[i]) _z[i] = zf;
                    }
            }
        for (int i = 0; i < millimetres.Length; i++)
            millimetres[i] = float.IsPositiveInfinity(_z[i]) ? (ushort)0 : (ushort)Math.Clamp(Math.Round(_z[i] * 1000.0), 1, ushort.MaxValue);
    }
}
