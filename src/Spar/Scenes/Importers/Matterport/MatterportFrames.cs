using System.Text;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>
/// Writes undistorted Matterport3D images into a staged scene, one at a time: the colour JPEG as it is, depth from
/// 0.25 mm units to millimetres (<see cref="DepthToMillimetres"/>), the OpenCV pose, and — when a labelled mesh is
/// given — the instance mask rendered from it and checked against the depth. Shared by <c>import matterport</c>
/// (region scenes) and <c>import rxr</c>/<c>r2r</c> (route scenes), so both name and convert frames the same way.
/// </summary>
public sealed class MatterportFrames(MatterportScan scan, string sceneId, string staging, MeshMaskRasterizer? renderer, SensorDepthAgreement agreement)
{
    readonly MemoryStream _png = new();
    MeshMaskBuffers? _buffers;

    /// <summary>Object pixels of the rendered masks, and those dropped because the sensor depth disagrees.</summary>
    public MaskAgreementCounts Rendered;

    /// <summary>The first frame's intrinsics (for <c>intrinsic/</c>), null before any frame.</summary>
    public CameraIntrinsics? FirstIntrinsics { get; private set; }

    /// <summary>
    /// Matterport depth is z in 0.25 mm units (÷ 4000 for metres); spar's is z in millimetres: the nearest millimetre,
    /// halves up, 0 (no reading) staying 0.
    /// </summary>
    public static ushort DepthToMillimetres(ushort quarterMillimetres) => (ushort)((quarterMillimetres + 2) >> 2);

    /// <summary>
    /// Writes one image as frame <paramref name="index"/> named <c>image_color/&lt;name&gt;.jpg</c> (and, with
    /// <paramref name="videoOrder"/>, its video copy <c>video_color/frame&lt;order&gt;_&lt;index&gt;.jpg</c>).
    /// </summary>
    public SceneFrame Write(MatterportImage image, int index, string name, int? videoOrder = null)
    {
        var colorPath = scan.ColorFile(image);
        var depthPath = scan.DepthFile(image);
        var jpeg = ReadBytes(colorPath, image);
        if (JpegHeader.Size(jpeg) is not { } size)
            throw new SparException($"{colorPath}: not a JPEG (undistorted colour image of {scan.CameraFile}:{image.Line})");
        var (w, h) = size;
        if (!File.Exists(depthPath)) throw new SparException($"{depthPath}: not found (undistorted depth image of {scan.CameraFile}:{image.Line})");
        var raw = Png16.ReadDepth(depthPath, out int dw, out int dh);
        if ((dw, dh) != (w, h)) throw new SparException($"{depthPath}: depth is {dw}×{dh}, its colour image {colorPath} is {w}×{h}");
        var mm = new ushort[w * h];
        for (int i = 0; i < mm.Length; i++) mm[i] = DepthToMillimetres(raw[i]);
        var k = image.Intrinsics(h);
        var pose = image.CameraToWorld;
        FirstIntrinsics ??= k;

        var depthPng = Png16.EncodeImport(_png, mm, w, h);
        var poseText = Encoding.ASCII.GetBytes(MatrixFile.Format(pose));
        Put(RgbdLayout.Color(sceneId, name), jpeg);
        Put(RgbdLayout.Depth(sceneId, name), depthPng);
        Put(RgbdLayout.Pose(sceneId, name), poseText);
        string? maskPath = null;
        if (renderer != null)
        {
            if (_buffers == null || _buffers.Width != w || _buffers.Height != h) _buffers = new MeshMaskBuffers(w, h);
            renderer.Render(k, pose, _buffers);
            var mask = new ushort[w * h];
            Rendered += agreement.Apply(_buffers, mm, mask);
            maskPath = RgbdLayout.Instance(sceneId, name);
            Put(maskPath, Png16.EncodeImport(_png, mask, w, h));
        }
        VideoMembership? video = null;
        if (videoOrder is int order)
        {
            Put(RgbdLayout.VideoColor(sceneId, order, index), jpeg);
            Put(RgbdLayout.VideoDepth(sceneId, order, index), depthPng);
            Put(RgbdLayout.VideoPose(sceneId, order, index), poseText);
            video = new VideoMembership(order, RgbdLayout.VideoColor(sceneId, order, index), RgbdLayout.VideoDepth(sceneId, order, index));
        }
        return new SceneFrame(index, RgbdLayout.Color(sceneId, name), w, h, k, pose, RgbdLayout.Depth(sceneId, name), maskPath, video);
    }

    /// <summary><c>intrinsic/</c> (the first frame's camera; scene.json has each frame's own) and <c>video_idx.txt</c>.</summary>
    public void WriteSceneFiles(IEnumerable<long> videoIndex)
    {
        Put(RgbdLayout.VideoIndex(sceneId), Encoding.ASCII.GetBytes(RgbdLayout.VideoIndexText(videoIndex)));
        if (FirstIntrinsics is not { } k) return;
        var matrix = Encoding.ASCII.GetBytes(MatrixFile.Format(k.ToMatrix()));
        Put(RgbdLayout.Intrinsic(sceneId, RgbdLayout.IntrinsicColor), matrix);
        Put(RgbdLayout.Intrinsic(sceneId, RgbdLayout.IntrinsicDepth), matrix);
    }

    byte[] ReadBytes(string path, MatterportImage image)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: not found (undistorted colour image of {scan.CameraFile}:{image.Line})");
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SparException($"{path}: cannot read: {e.Message}", e); }
    }

    void Put(string relative, ReadOnlySpan<byte> bytes)
    {
        // CreateNew: two images of one scene with the same name (a repeated scan line) must fail, not overwrite.
        var path = Path.Combine(staging, relative[(sceneId.Length + 1)..]);
        try
        {
            using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            fs.Write(bytes);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new SparException($"{scan.CameraFile}: {Path.GetFileName(path)} is written twice (an image listed twice?)");
        }
    }
}
