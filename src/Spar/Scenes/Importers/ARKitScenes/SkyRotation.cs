using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>
/// Where the sky is in a scan's frames as captured (<c>metadata.csv</c>'s <c>sky_direction</c>): <see cref="Up"/> is
/// an upright (landscape) capture; the others need the image turned so that the sky is up.
/// </summary>
public enum SkyDirection { Up, Left, Right, Down }

/// <summary>
/// Turns a frame upright: the image, its intrinsics and its pose, consistently, so that a world point projects onto the
/// same scene content before and after. Turns are exact quarter turns of the pixel grid (pixel centres at integers,
/// docs/scenes.md), as the toolkit's <c>rotate_image</c> (<c>cv2.rotate</c>): sky Left → 90° clockwise, Right → 90°
/// counter-clockwise, Down → 180°.
/// </summary>
public static class Sky
{
    public static SkyDirection Parse(string text, string where) => text switch
    {
        "Up" => SkyDirection.Up,
        "Left" => SkyDirection.Left,
        "Right" => SkyDirection.Right,
        "Down" => SkyDirection.Down,
        _ => throw new SparException($"{where}: sky_direction '{text}' is not Up, Left, Right or Down"),
    };

    /// <summary>What was done, for the summary.</summary>
    public static string Describe(SkyDirection sky) => sky switch
    {
        SkyDirection.Left => "rotated 90° clockwise (sky Left)",
        SkyDirection.Right => "rotated 90° counter-clockwise (sky Right)",
        SkyDirection.Down => "rotated 180° (sky Down)",
        _ => "upright",
    };

    /// <summary>
    /// The sky direction the poses show, by the toolkit's <c>rectify_im.py</c> rule (<c>decide_pose</c>): world up
    /// (+Z) in camera axes, matched against the camera's −y (Up), −x (Left), +y (Down), +x (Right); the majority over
    /// <paramref name="poses"/>, ties to the earlier of Up, Left, Down, Right (the toolkit's order).
    /// </summary>
    public static SkyDirection FromPoses(IEnumerable<Mat4> cameraToWorld)
    {
        var votes = new int[4];
        foreach (var p in cameraToWorld)
        {
            // Row 2 of the camera-to-world rotation: the world-Z component of the camera's x, y and z axes.
            double ux = p[2, 0], uy = p[2, 1];
            double[] corr = [-uy, -ux, uy, ux];
            int best = 0;
            for (int i = 1; i < 4; i++) if (corr[i] > corr[best]) best = i;
            votes[best]++;
        }
        int winner = 0;
        for (int i = 1; i < 4; i++) if (votes[i] > votes[winner]) winner = i;
        return winner switch { 0 => SkyDirection.Up, 1 => SkyDirection.Left, 2 => SkyDirection.Down, _ => SkyDirection.Right };
    }

    /// <summary>The image size after the turn.</summary>
    public static (int Width, int Height) Size(SkyDirection sky, int width, int height) =>
        sky is SkyDirection.Left or SkyDirection.Right ? (height, width) : (width, height);

    /// <summary>
    /// Intrinsics of the turned image of a <paramref name="width"/>×<paramref name="height"/> one. Clockwise, pixel (u, v)
    /// goes to (H−1−v, u), so f swap and c' = (H−1−cy, cx); counter-clockwise (v, W−1−u): c' = (cy, W−1−cx); 180°:
    /// (W−1−cx, H−1−cy).
    /// </summary>
    public static CameraIntrinsics Intrinsics(SkyDirection sky, CameraIntrinsics k, int width, int height) => sky switch
    {
        SkyDirection.Left => new CameraIntrinsics(k.Fy, k.Fx, height - 1 - k.Cy, k.Cx),
        SkyDirection.Right => new CameraIntrinsics(k.Fy, k.Fx, k.Cy, width - 1 - k.Cx),
        SkyDirection.Down => new CameraIntrinsics(k.Fx, k.Fy, width - 1 - k.Cx, height - 1 - k.Cy),
        _ => k,
    };

    /// <summary>
    /// Camera-to-world of the turned camera: the same centre, its x and y axes turned with the image (clockwise: new x
    /// = old −y, new y = old x; counter-clockwise: new x = old y, new y = old −x; 180°: both negated), z unchanged.
    /// </summary>
    public static Mat4 Pose(SkyDirection sky, Mat4 c2w)
    {
        Vec3 x = c2w.Column3(0), y = c2w.Column3(1), z = c2w.Column3(2), t = c2w.TranslationPart;
        return sky switch
        {
            SkyDirection.Left => Mat4.FromAxes(-y, x, z, t),
            SkyDirection.Right => Mat4.FromAxes(y, -x, z, t),
            SkyDirection.Down => Mat4.FromAxes(-x, -y, z, t),
            _ => c2w,
        };
    }

    /// <summary>
    /// Turns a row-major <paramref name="width"/>×<paramref name="height"/> image of <typeparamref name="T"/> (a pixel
    /// word or a depth value) into <paramref name="target"/>, sized <see cref="Size"/>.
    /// </summary>
    public static void Turn<T>(SkyDirection sky, ReadOnlySpan<T> source, int width, int height, Span<T> target)
    {
        if (source.Length != width * height || target.Length != source.Length) throw new ArgumentException("image buffers do not match the size");
        switch (sky)
        {
            case SkyDirection.Up:
                source.CopyTo(target);
                break;
            case SkyDirection.Left: // new (x', y') = (H−1−y, x): new width H
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++) target[x * height + (height - 1 - y)] = source[y * width + x];
                break;
            case SkyDirection.Right: // new (x', y') = (y, W−1−x)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++) target[(width - 1 - x) * height + y] = source[y * width + x];
                break;
            case SkyDirection.Down:
                for (int i = 0, n = source.Length; i < n; i++) target[n - 1 - i] = source[i];
                break;
        }
    }
}
