namespace Spar.Geometry;

/// <summary>
/// Pinhole intrinsics in pixels (no distortion). OpenCV convention: u = fx·x/z + cx, v = fy·y/z + cy with the camera
/// frame x right, y down, z forward; pixel (i, j)'s centre is at u = i, v = j (as ScanNet's intrinsics assume).
/// </summary>
public readonly record struct CameraIntrinsics(double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>Intrinsics of a centred camera with the given horizontal field of view (square pixels).</summary>
    public static CameraIntrinsics FromHorizontalFov(int width, int height, double horizontalFovRadians)
    {
        var f = (width / 2.0) / Math.Tan(horizontalFovRadians / 2);
        return new(f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /// <summary>Usable for projection: all finite and positive focal lengths.</summary>
    public bool IsValid => double.IsFinite(Fx) && double.IsFinite(Fy) && double.IsFinite(Cx) && double.IsFinite(Cy) && Fx > 0 && Fy > 0;

    /// <summary>Pixel of a camera-frame point. Meaningless for z ≤ 0 (behind the camera): check z first.</summary>
    public Vec2 Project(Vec3 pCam) => new(Fx * pCam.X / pCam.Z + Cx, Fy * pCam.Y / pCam.Z + Cy);

    /// <summary>The camera-frame point at pixel (u, v) whose camera z (depth, as in depth maps) is <paramref name="depthZ"/>.</summary>
    public Vec3 Unproject(Vec2 pixel, double depthZ) =>
        new((pixel.X - Cx) / Fx * depthZ, (pixel.Y - Cy) / Fy * depthZ, depthZ);

    /// <summary>The 4×4 matrix ScanNet writes to intrinsic_color.txt: [[fx 0 cx 0] [0 fy cy 0] [0 0 1 0] [0 0 0 1]].</summary>
    public Mat4 ToMatrix() => new(Fx, 0, Cx, 0, 0, Fy, Cy, 0, 0, 0, 1, 0, 0, 0, 0, 1);

    public static CameraIntrinsics FromMatrix(Mat4 k) => new(k[0, 0], k[1, 1], k[0, 2], k[1, 2]);

    /// <summary>The same camera for an image resized by (sx, sy), e.g. colour intrinsics reused for a smaller depth map.</summary>
    public CameraIntrinsics Scaled(double sx, double sy) => new(Fx * sx, Fy * sy, (Cx + 0.5) * sx - 0.5, (Cy + 0.5) * sy - 0.5);
}
