namespace Spar.Geometry;

/// <summary>
/// A posed pinhole camera: intrinsics, image size and camera-to-world pose, with the world-to-camera transform cached
/// (p_cam = inverse(pose)·p_world). Build with <see cref="TryCreate"/> when the pose comes from data.
/// </summary>
public sealed class PinholeCamera
{
    public CameraIntrinsics Intrinsics { get; }
    public Mat4 CameraToWorld { get; }
    public Mat4 WorldToCamera { get; }
    public int Width { get; }
    public int Height { get; }

    PinholeCamera(CameraIntrinsics k, Mat4 cameraToWorld, Mat4 worldToCamera, int width, int height)
    {
        Intrinsics = k; CameraToWorld = cameraToWorld; WorldToCamera = worldToCamera; Width = width; Height = height;
    }

    /// <summary>Fails (returns null) when the pose is not finite or not invertible, or the intrinsics or size are invalid.</summary>
    public static PinholeCamera? TryCreate(CameraIntrinsics k, Mat4 cameraToWorld, int width, int height) =>
        k.IsValid && width > 0 && height > 0 && cameraToWorld.IsAffine && cameraToWorld.TryInvert(out var inv)
            ? new PinholeCamera(k, cameraToWorld, inv, width, height)
            : null;

    public static PinholeCamera Create(CameraIntrinsics k, Mat4 cameraToWorld, int width, int height) =>
        TryCreate(k, cameraToWorld, width, height) ?? throw new ArgumentException("invalid camera: singular or non-finite pose, bad intrinsics or size");

    public Vec3 Centre => CameraToWorld.TranslationPart;

    public Vec3 ToCamera(Vec3 pWorld) => WorldToCamera.TransformPoint(pWorld);
    public Vec3 ToWorld(Vec3 pCam) => CameraToWorld.TransformPoint(pCam);

    /// <summary>Projects a world point. Returns false when it is not in front of the camera (z ≤ 0); the pixel may lie outside the image.</summary>
    public bool TryProject(Vec3 pWorld, out Vec2 pixel, out double depthZ)
    {
        var c = ToCamera(pWorld);
        depthZ = c.Z;
        if (!(c.Z > 0)) { pixel = default; return false; }
        pixel = Intrinsics.Project(c);
        return true;
    }

    public bool IsInsideImage(Vec2 pixel) => pixel.X >= -0.5 && pixel.Y >= -0.5 && pixel.X < Width - 0.5 && pixel.Y < Height - 0.5;

    /// <summary>The world point seen at a pixel at camera depth <paramref name="depthZ"/> (metres).</summary>
    public Vec3 Unproject(Vec2 pixel, double depthZ) => ToWorld(Intrinsics.Unproject(pixel, depthZ));

    /// <summary>
    /// The viewing ray through a pixel, in world coordinates. Its direction has camera z = 1, so for a rigid pose the
    /// ray parameter t of a hit equals that point's depth (camera z).
    /// </summary>
    public Ray PixelRay(Vec2 pixel) =>
        new(Centre, CameraToWorld.TransformDirection(Intrinsics.Unproject(pixel, 1.0)));
}
