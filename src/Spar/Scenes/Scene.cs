using Spar.Geometry;

namespace Spar.Scenes;

/// <summary>
/// The canonical scene (generation.md §2): everything a generator needs and nothing more. World right-handed, Z up,
/// metres; camera frames OpenCV (x right, y down, z forward); p_cam = inverse(pose)·p_world.
/// </summary>
/// <param name="Id">Scene id, e.g. <c>scene0261_00</c> or <c>synth_000003</c>; also the folder name under images/.</param>
/// <param name="Source">Dataset source: <c>synthetic</c>, <c>scannet</c>, <c>scannetpp</c>, <c>structured3d</c>…</param>
/// <param name="Room">Room geometry when known (for room_size and maps).</param>
/// <param name="Objects">Annotated objects, ordered by instance id.</param>
/// <param name="Frames">Frames, ordered by <see cref="SceneFrame.Index"/>.</param>
public sealed record Scene(
    string Id,
    string Source,
    RoomGeometry? Room,
    IReadOnlyList<SceneObject> Objects,
    IReadOnlyList<SceneFrame> Frames)
{
    /// <summary>
    /// The navigation route the video follows, when the scene is one (<c>import rxr</c>/<c>r2r</c>): its viewpoints,
    /// length and instructions. Null for every other scene (and then absent from scene.json).
    /// </summary>
    public NavigationRoute? Route { get; init; }

    /// <summary>The frames of the video subset (video_idx.txt) in video order.</summary>
    public IEnumerable<SceneFrame> VideoFrames => Frames.Where(f => f.Video != null).OrderBy(f => f.Video!.Order);

    public SceneObject? FindObject(int instanceId)
    {
        foreach (var o in Objects) if (o.InstanceId == instanceId) return o;
        return null;
    }
}

/// <summary>
/// Room geometry: the floor outline in world XY (a simple polygon, counter-clockwise) and the floor and ceiling heights.
/// </summary>
public sealed record RoomGeometry(IReadOnlyList<Vec2> FloorPolygon, double FloorZ, double CeilingZ)
{
    public double HeightMeters => CeilingZ - FloorZ;
    public double FloorAreaSquareMeters => Math.Abs(Polygon2.SignedArea(FloorPolygon));
}

/// <summary>
/// An annotated object. <see cref="Structural"/> marks walls, floor and ceiling (present in masks, not furniture);
/// <see cref="Referable"/> false keeps an object out of questions (e.g. a structural element or an ambiguous label).
/// </summary>
/// <param name="InstanceId">Positive id, unique in the scene; the value stored in instance-mask PNGs (0 = none).</param>
/// <param name="Category">Lower-case English noun phrase, e.g. <c>office chair</c>.</param>
/// <param name="Box">Oriented 3D box (centre, size, yaw about Z), metres.</param>
/// <param name="SurfacePoints">Optional world points sampled on the object's surface (for visibility without masks).</param>
public sealed record SceneObject(
    int InstanceId,
    string Category,
    OrientedBox Box,
    bool Referable = true,
    bool Structural = false,
    IReadOnlyList<Vec3>? SurfacePoints = null);

/// <summary>Membership of a frame in the video subset: line <see cref="Order"/> of video_idx.txt and its files.</summary>
/// <param name="Order">0-based position in video_idx.txt; the file is <c>video_color/frame{Order}_{Index}.jpg</c>.</param>
/// <param name="ImagePath">Video image path relative to the source's images/ root.</param>
/// <param name="DepthPath">Video depth path (relative to images/) when present.</param>
public sealed record VideoMembership(int Order, string ImagePath, string? DepthPath = null);

/// <summary>
/// One posed image. Paths are relative to the source's <c>images/</c> root (e.g. <c>scene0000_00/image_color/543.jpg</c>).
/// A frame whose pose is non-finite or singular (real ScanNet has such frames) or whose intrinsics are invalid is kept
/// but <see cref="Usable"/> is false, and generators skip it.
/// </summary>
/// <param name="Index">Frame number in the source stream (ScanNet colour frame number, rank for ScanNet++, i for synthetic).</param>
/// <param name="Pose">Camera-to-world 4×4.</param>
/// <param name="DepthPath">16-bit PNG depth in millimetres, 0 = invalid; camera z of the nearest surface.</param>
/// <param name="InstanceMaskPath">16-bit PNG of instance ids (0 = no object).</param>
public sealed record SceneFrame(
    int Index,
    string ImagePath,
    int Width,
    int Height,
    CameraIntrinsics Intrinsics,
    Mat4 Pose,
    string? DepthPath = null,
    string? InstanceMaskPath = null,
    VideoMembership? Video = null)
{
    /// <summary>Why the frame cannot be used, or null when it can: the single rule loaders and generators share.</summary>
    public string? UnusableReason =>
        !Pose.IsFinite ? "pose has non-finite values"
        : !Pose.IsAffine ? "pose bottom row is not 0 0 0 1"
        : !Pose.TryInvert(out _) ? "pose is singular"
        : !Intrinsics.IsValid ? "intrinsics are not finite and positive"
        : Width <= 0 || Height <= 0 ? "image size is not positive"
        : null;

    public bool Usable => UnusableReason == null;

    /// <summary>The posed camera, or null when the frame is unusable.</summary>
    public PinholeCamera? Camera => PinholeCamera.TryCreate(Intrinsics, Pose, Width, Height);
}

/// <summary>
/// A vision-and-language navigation path (R2R, RxR) on the Matterport3D connectivity graph, as the scene's video walks
/// it: frame k of the video is taken at <see cref="Viewpoints"/>[k] (docs/matterport.md).
/// </summary>
/// <param name="Dataset"><c>rxr</c> or <c>r2r</c>.</param>
/// <param name="PathId">The dataset's <c>path_id</c>.</param>
/// <param name="Scan">The Matterport3D scan (house) id.</param>
/// <param name="Heading">The start heading as the dataset gives it: radians from +y, turning right (clockwise seen from above) positive.</param>
/// <param name="LengthMeters">Sum of the path's edge weights (Euclidean distance between connectivity positions).</param>
public sealed record NavigationRoute(string Dataset, string PathId, string Scan, double Heading, double LengthMeters,
    IReadOnlyList<RouteViewpoint> Viewpoints, IReadOnlyList<RouteInstruction> Instructions);

/// <summary>One viewpoint of a route: its id, connectivity position, the heading its frame faces and the image shown.</summary>
/// <param name="Heading">Radians from +y turning right: the start heading, then along the next edge, the last along the last edge.</param>
/// <param name="Image">The undistorted image's name (<c>&lt;panorama&gt;_i&lt;camera&gt;_&lt;yaw&gt;</c>).</param>
public sealed record RouteViewpoint(string Id, Vec3 Position, double Heading, string Image);

/// <summary>One instruction of a route: the dataset's instruction id, its language (RxR's tags: en-IN, en-US, hi-IN, te-IN) and text.</summary>
public sealed record RouteInstruction(string Id, string Language, string Text);
