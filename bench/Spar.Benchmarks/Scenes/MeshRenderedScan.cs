using Spar.Geometry;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// Gives a ScanNet scene folder that has a mesh but no frames (e.g. the public scene0000_00 sample: mesh, segs,
/// aggregation, meta file) a <c>.sens</c> of frames rendered from its own mesh at ScanNet's resolutions — colour
/// 1296×968 (a flat JPEG: colour does not matter to masks), depth 640×480 in millimetres with ScanNet's typical depth
/// intrinsics — on a ring of cameras at the room's centre (<see cref="MaskRenderThroughput"/>'s path). Input for timing
/// an import with and without mask rendering on a real mesh.
/// </summary>
public static class MeshRenderedScan
{
    public static void Write(string sceneFolder, int frames)
    {
        var sceneId = Path.GetFileName(Path.GetFullPath(sceneFolder));
        var ply = PlyReader.ReadMesh(Path.Combine(sceneFolder, sceneId + "_vh_clean_2.ply"));
        var mesh = LabelledMesh.FromVertexInstances(ply.Vertices.Positions, ply.Triangles, new ushort[ply.Vertices.Count]);
        var poses = MaskRenderThroughput.RingPoses(ply.Vertices.Positions, frames);
        var colorK = new CameraIntrinsics(1170.19, 1170.19, 647.75, 483.75);
        var depthK = new CameraIntrinsics(577.59, 577.59, 318.91, 242.68);
        float[] K(CameraIntrinsics k) => [(float)k.Fx, 0, (float)k.Cx, 0, 0, (float)k.Fy, (float)k.Cy, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        float[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        var header = new SensHeader(4, "StructureSensor", K(colorK), identity, K(depthK), identity,
            SensColorCompression.Jpeg, SensDepthCompression.ZlibUshort, 1296, 968, 640, 480, 1000f, 0);
        byte[] jpeg;
        using (var image = new Image<Rgb24>(1296, 968, new Rgb24(120, 110, 100)))
        {
            var ms = new MemoryStream();
            image.SaveAsJpeg(ms);
            jpeg = ms.ToArray();
        }
        var renderer = new MeshMaskRasterizer(mesh);
        var fb = new MeshMaskBuffers(640, 480);
        var depth = new ushort[640 * 480];
        using var w = SensWriter.Create(Path.Combine(sceneFolder, sceneId + ".sens"), header);
        for (int f = 0; f < poses.Count; f++)
        {
            renderer.Render(depthK, poses[f], fb);
            for (int i = 0; i < depth.Length; i++) depth[i] = (ushort)Math.Min(65535, Math.Round(fb.DepthMeters(i) * 1000));
            // ScanNet stores raw (unaligned) poses; the sample's meta file has no axisAlignment, so raw = mesh frame.
            w.WriteFrame([.. poses[f].ToRowMajor().Select(v => (float)v)], jpeg, depth, (ulong)f * 33_333, (ulong)f * 33_333);
        }
    }
}
