using CsCheck;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;

namespace Spar.Tests.Scenes.Importers;

/// <summary>Random streams and meshes written in ScanNet's formats read back exactly.</summary>
public class ScanNetFormatPropertyTests
{
    static readonly Gen<float> PoseValue = Gen.Frequency((8, Gen.Float[-50, 50]), (1, Gen.Const(float.NegativeInfinity)));

    [Fact]
    public void Sens_streams_read_back_what_was_written()
    {
        var gen = Gen.Select(Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[0, 4], Gen.Bool,
            PoseValue.Array[16].Array[4], Gen.UShort.Array[6 * 5 * 4], Gen.Byte.Array[0, 40].Array[4]);
        gen.Sample((w, h, frames, zlib, poses, depthValues, colors) =>
        {
            var header = SensFixtures.Header(colorW: w + 3, colorH: h + 2, depthW: w, depthH: h,
                depth: zlib ? SensDepthCompression.ZlibUshort : SensDepthCompression.RawUshort);
            var depths = Enumerable.Range(0, frames).Select(i => depthValues.AsSpan(i * w * h, w * h).ToArray()).ToList();
            var ms = new MemoryStream();
            using (var writer = new SensWriter(ms, header, ownsStream: false))
                for (int i = 0; i < frames; i++) writer.WriteFrame(poses[i], colors[i], depths[i], (ulong)i, (ulong)(2 * i));
            ms.Position = 0;
            using var r = SensReader.Open(ms, "random.sens");
            Assert.Equal(frames, r.Header.FrameCount);
            var depth = new ushort[w * h];
            for (int i = 0; i < frames; i++)
            {
                Assert.True(r.MoveNext());
                Assert.Equal(poses[i], r.Current.CameraToWorld);
                Assert.Equal(poses[i].All(float.IsFinite), r.Current.HasFinitePose);
                Assert.Equal(((ulong)i, (ulong)(2 * i)), (r.Current.TimestampColor, r.Current.TimestampDepth));
                if (i % 2 == 0) continue; // leave some payloads unread
                r.DecodeDepth(depth);
                Assert.Equal(depths[i], depth);
                Assert.Equal(colors[i], r.ReadColorBytes().ToArray());
            }
            Assert.False(r.MoveNext());
        }, iter: 60);
    }

    [Fact]
    public void Ply_meshes_read_back_in_ascii_and_binary()
    {
        var gen = Gen.Select(Gen.Float[-1000, 1000].Array[Gen.Int[0, 20].Select(n => 3 * n)], Gen.Bool);
        gen.Sample((positions, binary) =>
        {
            int n = positions.Length / 3;
            var colors = Enumerable.Range(0, 3 * n).Select(i => (byte)(i * 37)).ToArray();
            var ms = new MemoryStream();
            PlyWriter.Write(ms, positions, colors, [], binary);
            ms.Position = 0;
            var v = PlyReader.Read(ms, "random.ply");
            Assert.Equal(n, v.Count);
            Assert.Equal(positions, v.Positions);
            Assert.Equal(colors, v.Colors);
        }, iter: 100);
    }
}
