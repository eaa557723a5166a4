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
    readonly SceneFrameFiles _output = new(sceneId, staging, scan.CameraFile);
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
        var (colorFile, depthFile) = _output.WriteFrame(name, jpeg, depthPng, poseText);
        string? maskPath = null;
        if (renderer != null)
        {
            if (_buffers == null || _buffers.Width != w || _buffers.Height != h) _buffers = new MeshMaskBuffers(w, h);
            renderer.Render(k, pose, _buffers);
            var mask = new ushort[w * h];
            Rendered += agreement.Apply(_buffers, mm, mask);
            maskPath = _output.WriteMask(name, Png16.EncodeImport(_png, mask, w, h));
        }
        var video = videoOrder is int order ? _output.WriteVideo(order, index, jpeg, depthPng, poseText) : null;
        return new SceneFrame(index, colorFile, w, h, k, pose, depthFile, maskPath, video);
    }

    /// <summary><c>intrinsic/</c> (the first frame's camera; scene.json has each frame's own) and <c>video_idx.txt</c>.</summary>
    public void WriteSceneFiles(IEnumerable<long> videoIndex)
    {
        _output.WriteVideoIndex(videoIndex);
        if (FirstIntrinsics is { } k) _output.WriteIntrinsics(k);
    }

    byte[] ReadBytes(string path, MatterportImage image)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: not found (undistorted colour image of {scan.CameraFile}:{image.Line})");
        return ImportFiles.ReadBytes(path);
    }
}
