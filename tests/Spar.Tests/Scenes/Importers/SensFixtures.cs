using Spar.Scenes.Importers.ScanNet;

namespace Spar.Tests.Scenes.Importers;

/// <summary>Small <c>.sens</c> fixtures written by the tests themselves, following ScanNet's published layout.</summary>
static class SensFixtures
{
    public static float[] Intrinsic(float fx, float fy, float cx, float cy) =>
        [fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    public static float[] Identity => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    public static float[] Translation(float x, float y, float z) => [1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z, 0, 0, 0, 1];

    public static float[] NegInf => Enumerable.Repeat(float.NegativeInfinity, 16).ToArray();

    public static SensHeader Header(int colorW = 8, int colorH = 6, int depthW = 4, int depthH = 3,
        SensDepthCompression depth = SensDepthCompression.ZlibUshort, uint version = 4) =>
        new(version, "StructureSensor", Intrinsic(10, 11, 4, 3), Identity, Intrinsic(5, 5.5f, 2, 1.5f), Identity,
            SensColorCompression.Jpeg, depth, colorW, colorH, depthW, depthH, 1000f, 0);

    /// <summary>Depth of frame <paramref name="frame"/>: distinct per pixel and frame so mix-ups show.</summary>
    public static ushort[] Depth(SensHeader h, int frame)
    {
        var d = new ushort[h.DepthWidth * h.DepthHeight];
        for (int i = 0; i < d.Length; i++) d[i] = (ushort)(1000 + 100 * frame + i);
        return d;
    }

    /// <summary>Stand-in colour payload (the reader passes colour bytes through, so any bytes do).</summary>
    public static byte[] Color(int frame) => [0xFF, 0xD8, (byte)frame, 1, 2, 3, (byte)(frame * 7), 0xFF, 0xD9];

    public static void Write(string path, SensHeader h, IEnumerable<float[]> poses)
    {
        using var w = SensWriter.Create(path, h);
        int i = 0;
        foreach (var pose in poses)
        {
            w.WriteFrame(pose, Color(i), Depth(h, i), timestampColor: (ulong)(1000 * i), timestampDepth: (ulong)(1000 * i + 5));
            i++;
        }
    }
}
