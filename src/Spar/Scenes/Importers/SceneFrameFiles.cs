using System.Text;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>
/// The one writer of the per-frame files of a staged RGB-D scene (<see cref="RgbdLayout"/>): a frame's colour JPEG,
/// depth PNG and pose, its instance mask, its video copies, and the scene-level <c>intrinsic/</c> and
/// <c>video_idx.txt</c>. Every importer that writes frames (ScanNet, ScanNet++, Structured3D, ARKitScenes, Matterport)
/// goes through it, so they name files, handle a file written twice and link video copies the same way; decoding,
/// registration, rotation, encoding and mask rendering stay with each importer. Stateless apart from its constructor arguments, so frames may
/// be written from several threads.
/// </summary>
/// <param name="sceneId">The scene id every <see cref="RgbdLayout"/> path starts with.</param>
/// <param name="staging">The scene's staging folder (committed as a whole later, so no per-file rename is needed).</param>
/// <param name="listing">The input that lists the frames, named in the error when two frames write one file.</param>
public sealed class SceneFrameFiles(string sceneId, string staging, string listing)
{
    public string SceneId => sceneId;

    /// <summary>
    /// Writes <paramref name="bytes"/> at <paramref name="relative"/> (an <see cref="RgbdLayout"/> path, scene id first).
    /// CreateNew: two frames of one scene with the same name (a frame listed twice) must fail, not overwrite, and fail
    /// with the file and the listing named rather than a bare IOException. Only opening is guarded: a failed write (a
    /// full disk) also leaves the file existing, and must keep its own error, not be reported as a duplicate.
    /// </summary>
    public void Put(string relative, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(staging, relative[(sceneId.Length + 1)..]);
        FileStream fs;
        try { fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16); }
        catch (IOException) when (File.Exists(path))
        {
            throw new SparException($"{listing}: {relative} is written twice (a frame listed twice?)");
        }
        using (fs) fs.Write(bytes);
    }

    /// <summary>Frame <paramref name="frame"/>'s colour, depth and pose; returns the colour and depth paths for scene.json.</summary>
    public (string Color, string Depth) WriteFrame(long frame, ReadOnlySpan<byte> jpeg, ReadOnlySpan<byte> depthPng, ReadOnlySpan<byte> poseText) =>
        WriteFrame(RgbdLayout.Color(sceneId, frame), RgbdLayout.Depth(sceneId, frame), RgbdLayout.Pose(sceneId, frame), jpeg, depthPng, poseText);

    /// <inheritdoc cref="WriteFrame(long, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public (string Color, string Depth) WriteFrame(string frame, ReadOnlySpan<byte> jpeg, ReadOnlySpan<byte> depthPng, ReadOnlySpan<byte> poseText) =>
        WriteFrame(RgbdLayout.Color(sceneId, frame), RgbdLayout.Depth(sceneId, frame), RgbdLayout.Pose(sceneId, frame), jpeg, depthPng, poseText);

    (string Color, string Depth) WriteFrame(string color, string depth, string pose, ReadOnlySpan<byte> jpeg, ReadOnlySpan<byte> depthPng, ReadOnlySpan<byte> poseText)
    {
        Put(color, jpeg);
        Put(depth, depthPng);
        Put(pose, poseText);
        return (color, depth);
    }

    /// <summary>Frame <paramref name="frame"/>'s instance mask PNG; returns its path for scene.json.</summary>
    public string WriteMask(long frame, ReadOnlySpan<byte> png) => PutAt(RgbdLayout.Instance(sceneId, frame), png);

    /// <inheritdoc cref="WriteMask(long, ReadOnlySpan{byte})"/>
    public string WriteMask(string frame, ReadOnlySpan<byte> png) => PutAt(RgbdLayout.Instance(sceneId, frame), png);

    string PutAt(string path, ReadOnlySpan<byte> png)
    {
        Put(path, png);
        return path;
    }

    /// <summary>
    /// The video copies of a frame (<c>video_color/frame&lt;order&gt;_&lt;frame&gt;</c> …; <paramref name="frame"/> is
    /// the number the source's SPAR-7M names use) and the membership scene.json records.
    /// </summary>
    public VideoMembership WriteVideo(int order, long frame, ReadOnlySpan<byte> jpeg, ReadOnlySpan<byte> depthPng, ReadOnlySpan<byte> poseText)
    {
        var color = RgbdLayout.VideoColor(sceneId, order, frame);
        var depth = RgbdLayout.VideoDepth(sceneId, order, frame);
        Put(color, jpeg);
        Put(depth, depthPng);
        Put(RgbdLayout.VideoPose(sceneId, order, frame), poseText);
        return new VideoMembership(order, color, depth);
    }

    /// <summary><c>video_idx.txt</c>: the source frame numbers of the video frames, in order.</summary>
    public void WriteVideoIndex(IEnumerable<long> frames) =>
        Put(RgbdLayout.VideoIndex(sceneId), Encoding.ASCII.GetBytes(RgbdLayout.VideoIndexText(frames)));

    /// <summary>
    /// <c>intrinsic/</c>'s colour and depth matrices. Every importer registers depth to the colour camera, so both
    /// describe the colour camera (<paramref name="k"/>, as the frames are written).
    /// </summary>
    public void WriteIntrinsics(CameraIntrinsics k)
    {
        var matrix = Encoding.ASCII.GetBytes(MatrixFile.Format(k.ToMatrix()));
        Put(RgbdLayout.Intrinsic(sceneId, RgbdLayout.IntrinsicColor), matrix);
        Put(RgbdLayout.Intrinsic(sceneId, RgbdLayout.IntrinsicDepth), matrix);
    }
}
