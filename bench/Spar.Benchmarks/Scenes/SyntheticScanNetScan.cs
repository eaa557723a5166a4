using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Imaging;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// A ScanNet-format scan for benchmarks: a .sens of <c>frames</c> frames (colour 320×240 JPEG, depth 160×120 zlib;
/// or ScanNet's own 1296×968 / 640×480 with its typical intrinsics; every 50th pose -inf as in real scans) plus a
/// 40-object mesh, segmentation, aggregation and axis alignment.
/// </summary>
public static class SyntheticScanNetScan
{
    public const int ColorW = 320, ColorH = 240, DepthW = 160, DepthH = 120;

    /// <summary>Camera of a synthetic stream: sizes and (fx, cx, cy) for colour and depth.</summary>
    public sealed record Camera(int ColorW, int ColorH, float ColorF, float ColorCx, float ColorCy, int DepthW, int DepthH, float DepthF, float DepthCx, float DepthCy);

    public static readonly Camera Small = new(ColorW, ColorH, 280, 159.5f, 119.5f, DepthW, DepthH, 140, 79.5f, 59.5f);
    public static readonly Camera ScanNet = new(1296, 968, 1170.19f, 647.75f, 483.75f, 640, 480, 577.59f, 318.91f, 242.68f);

    public static string Write(string scansDir, string sceneId, int frames, Camera? camera = null)
    {
        var objects = new List<SceneObject>();
        for (int i = 0; i < 40; i++)
            objects.Add(new SceneObject(i + 1, i % 5 == 0 ? "chair" : "box " + (i % 7),
                new OrientedBox(new Vec3(i % 8 - 4, i / 8 - 2.5, 0.4), new Vec3(0.5, 0.4, 0.8), 0)));
        var folder = ScanNetScanWriter.Write(scansDir, new Scene(sceneId, "synthetic", null, objects, []),
            Mat4.RotationZ(0.2), _ => throw new InvalidOperationException());
        WriteSens(Path.Combine(folder, sceneId + ".sens"), frames, camera);
        return folder;
    }

    /// <summary>
    /// A rendered synthetic scene written in ScanNet formats (colour, depth, instance projections, mesh of its boxes)
    /// under the ScanNet-style id <paramref name="sceneId"/>: input for the import → generate pipeline check.
    /// </summary>
    public static string WriteRendered(string scansDir, string sceneId, long seed, int frames)
    {
        var synth = SyntheticWorld.Generate(seed, 0, new SynthOptions(Frames: frames, VideoFrames: Math.Min(16, frames)));
        var old = synth.Scene;
        var scene = old with
        {
            Id = sceneId,
            Frames = [.. old.Frames.Select(f => f with { ImagePath = f.ImagePath.Replace(old.Id, sceneId), DepthPath = null, InstanceMaskPath = null, Video = null })],
        };
        var rasterizer = SyntheticDataset.CreateRasterizer(synth);
        return ScanNetScanWriter.Write(scansDir, scene, Mat4.RotationZ(0.4) * Mat4.Translation(new Vec3(1.5, -2, 0)), f =>
        {
            var fb = new FrameBuffers(f.Width, f.Height);
            rasterizer.Render(f.Camera!, fb);
            return new ScanNetFrameImages(ImageCodec.EncodeRenderedJpeg(fb.Rgba, f.Width, f.Height), fb.DepthMillimeters, fb.Instance);
        });
    }

    public static void WriteSens(string path, int frames, Camera? camera = null)
    {
        var c = camera ?? Small;
        float[] colorK = [c.ColorF, 0, c.ColorCx, 0, 0, c.ColorF, c.ColorCy, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        float[] depthK = [c.DepthF, 0, c.DepthCx, 0, 0, c.DepthF, c.DepthCy, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        float[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        var header = new SensHeader(4, "StructureSensor", colorK, identity, depthK, identity,
            SensColorCompression.Jpeg, SensDepthCompression.ZlibUshort, c.ColorW, c.ColorH, c.DepthW, c.DepthH, 1000f, 0);
        var jpegs = Enumerable.Range(0, 8).Select(seed => Jpeg(seed, c.ColorW, c.ColorH)).ToArray();
        var depth = new ushort[c.DepthW * c.DepthH];
        var lost = Enumerable.Repeat(float.NegativeInfinity, 16).ToArray();
        using var w = SensWriter.Create(path, header);
        for (int f = 0; f < frames; f++)
        {
            for (int y = 0, i = 0; y < c.DepthH; y++)
                for (int x = 0; x < c.DepthW; x++, i++)
                    depth[i] = (ushort)(1500 + 3 * x + 2 * y + 5 * f % 200 + ((x * 7919 + y * 104729 + f) & 15));
            double a = f * 0.002;
            float[] pose = f % 50 == 49 ? lost :
            [
                (float)Math.Cos(a), 0, (float)Math.Sin(a), (float)(2 * Math.Cos(a)),
                (float)-Math.Sin(a), 0, (float)Math.Cos(a), (float)(2 * Math.Sin(a)),
                0, -1, 0, 1.4f,
                0, 0, 0, 1,
            ];
            w.WriteFrame(pose, jpegs[f % jpegs.Length], depth, (ulong)f * 33_333, (ulong)f * 33_333);
        }
    }

    static byte[] Jpeg(int seed, int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++) row[x] = new Rgb24((byte)(x + seed * 30), (byte)(y * 2), (byte)((x ^ y) + seed));
            }
        });
        var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }
}
