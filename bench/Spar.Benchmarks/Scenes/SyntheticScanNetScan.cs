using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// A ScanNet-format scan for benchmarks: a .sens of <c>frames</c> frames (colour 320×240 JPEG, depth 160×120 zlib,
/// every 50th pose -inf as in real scans) plus a 40-object mesh, segmentation, aggregation and axis alignment.
/// </summary>
public static class SyntheticScanNetScan
{
    public const int ColorW = 320, ColorH = 240, DepthW = 160, DepthH = 120;

    public static string Write(string scansDir, string sceneId, int frames)
    {
        var objects = new List<SceneObject>();
        for (int i = 0; i < 40; i++)
            objects.Add(new SceneObject(i + 1, i % 5 == 0 ? "chair" : "box " + (i % 7),
                new OrientedBox(new Vec3(i % 8 - 4, i / 8 - 2.5, 0.4), new Vec3(0.5, 0.4, 0.8), 0)));
        var folder = ScanNetScanWriter.Write(scansDir, new Scene(sceneId, "synthetic", null, objects, []),
            Mat4.RotationZ(0.2), _ => throw new InvalidOperationException());
        WriteSens(Path.Combine(folder, sceneId + ".sens"), frames);
        return folder;
    }

    public static void WriteSens(string path, int frames)
    {
        float[] colorK = [280, 0, 159.5f, 0, 0, 280, 119.5f, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        float[] depthK = [140, 0, 79.5f, 0, 0, 140, 59.5f, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        float[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        var header = new SensHeader(4, "StructureSensor", colorK, identity, depthK, identity,
            SensColorCompression.Jpeg, SensDepthCompression.ZlibUshort, ColorW, ColorH, DepthW, DepthH, 1000f, 0);
        var jpegs = Enumerable.Range(0, 8).Select(Jpeg).ToArray();
        var depth = new ushort[DepthW * DepthH];
        var lost = Enumerable.Repeat(float.NegativeInfinity, 16).ToArray();
        using var w = SensWriter.Create(path, header);
        for (int f = 0; f < frames; f++)
        {
            for (int y = 0, i = 0; y < DepthH; y++)
                for (int x = 0; x < DepthW; x++, i++)
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

    static byte[] Jpeg(int seed)
    {
        using var image = new Image<Rgb24>(ColorW, ColorH);
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
