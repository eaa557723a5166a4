using System.Buffers.Binary;
using Spar.Scenes.Importers.ScanNet;
using Spar.Util;
using static Spar.Tests.Scenes.Importers.SensFixtures;

namespace Spar.Tests.Scenes.Importers;

public class SensReaderTests
{
    static string WriteThreeFrames(TestPaths.TempDir dir, SensHeader h)
    {
        var path = dir["scene.sens"];
        Write(path, h, [Translation(1, 2, 3), NegInf, Translation(-1, 0.5f, 2)]);
        return path;
    }

    [Fact]
    public void Reads_back_header_poses_colour_and_depth_as_written()
    {
        using var dir = new TestPaths.TempDir();
        var h = Header();
        var path = WriteThreeFrames(dir, h);
        using var r = SensReader.Open(path);
        Assert.Equal(4u, r.Header.Version);
        Assert.Equal("StructureSensor", r.Header.SensorName);
        Assert.Equal(h.ColorIntrinsic, r.Header.ColorIntrinsic);
        Assert.Equal(h.DepthIntrinsic, r.Header.DepthIntrinsic);
        Assert.Equal((SensColorCompression.Jpeg, SensDepthCompression.ZlibUshort), (r.Header.ColorCompression, r.Header.DepthCompression));
        Assert.Equal((8, 6, 4, 3), (r.Header.ColorWidth, r.Header.ColorHeight, r.Header.DepthWidth, r.Header.DepthHeight));
        Assert.Equal(1000f, r.Header.DepthShift);
        Assert.Equal(3, r.Header.FrameCount);
        var depth = new ushort[12];
        for (int i = 0; i < 3; i++)
        {
            Assert.True(r.MoveNext());
            Assert.Equal(i, r.Current.Index);
            Assert.Equal((ulong)(1000 * i), r.Current.TimestampColor);
            Assert.Equal((ulong)(1000 * i + 5), r.Current.TimestampDepth);
            Assert.Equal(i != 1, r.Current.HasFinitePose);
            var color = r.ReadColorBytes();
            r.DecodeDepth(depth);
            Assert.Equal(Depth(h, i), depth);
            Assert.Equal(Color(i), color.ToArray()); // still valid after the depth was read
        }
        Assert.Equal([1, 0, 0, -1, 0, 1, 0, 0.5f, 0, 0, 1, 2, 0, 0, 0, 1], r.Current.CameraToWorld);
        Assert.False(r.MoveNext());
    }

    [Fact]
    public void Skipped_payloads_do_not_disturb_later_frames()
    {
        using var dir = new TestPaths.TempDir();
        var h = Header(depth: SensDepthCompression.RawUshort);
        var path = WriteThreeFrames(dir, h);
        using var r = SensReader.Open(path);
        Assert.True(r.MoveNext());
        r.DecodeDepth(new ushort[12]); // depth first, colour never read
        Assert.True(r.MoveNext());     // payload untouched
        Assert.True(r.MoveNext());
        var depth = new ushort[12];
        r.DecodeDepth(depth);
        Assert.Equal(Depth(h, 2), depth);
        Assert.Equal(Color(2), r.ReadColorBytes().ToArray());
    }

    [Fact]
    public void Wrong_version_names_the_file_and_the_version()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["old.sens"];
        Write(path, Header(version: 3), [Identity]);
        var e = Assert.Throws<SparException>(() => SensReader.Open(path));
        Assert.Contains("old.sens", e.Message);
        Assert.Contains("found version 3", e.Message);
        Assert.EndsWith("(at byte 0)", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_sens_stream_is_rejected_at_byte_0()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["mesh.sens"];
        File.WriteAllText(path, "ply\nformat ascii 1.0\n");
        var e = Assert.Throws<SparException>(() => SensReader.Open(path));
        Assert.Contains("mesh.sens", e.Message);
        Assert.Contains("not a ScanNet .sens file", e.Message);
    }

    [Fact]
    public void Truncated_header_says_where_the_file_ends()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["cut.sens"];
        Write(path, Header(), [Identity]);
        Truncate(path, 40);
        var e = Assert.Throws<SparException>(() => SensReader.Open(path));
        Assert.Contains("truncated header", e.Message);
        Assert.Contains("ends at byte 40", e.Message);
    }

    [Fact]
    public void Truncated_frame_payload_names_the_frame()
    {
        using var dir = new TestPaths.TempDir();
        var path = WriteThreeFrames(dir, Header());
        Truncate(path, new FileInfo(path).Length - 8 - 5); // IMU count, then 5 bytes of frame 2's depth
        using var r = SensReader.Open(path);
        Assert.True(r.MoveNext());
        Assert.True(r.MoveNext());
        var e = Assert.Throws<SparException>(() => r.MoveNext());
        Assert.Contains("frame 2 of 3", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("scene.sens", e.Message);
    }

    [Fact]
    public void Frame_count_larger_than_the_file_is_reported_at_open()
    {
        using var dir = new TestPaths.TempDir();
        var path = WriteThreeFrames(dir, Header());
        var bytes = File.ReadAllBytes(path);
        long countAt = SensHeader.SizeFor("StructureSensor") - 8;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)countAt), 1_000_000);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SparException>(() => SensReader.Open(path));
        Assert.Contains("declares 1000000 frames", e.Message);
    }

    [Fact]
    public void Corrupt_depth_stream_is_an_error_naming_the_frame()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["bad.sens"];
        var h = Header();
        using (var w = SensWriter.Create(path, h))
        {
            w.WriteFrame(Identity, Color(0), Depth(h, 0));
            w.WriteRawFrame(Identity, Color(1), [1, 2, 3, 4, 5]);
        }
        using var r = SensReader.Open(path);
        var depth = new ushort[12];
        Assert.True(r.MoveNext());
        r.DecodeDepth(depth);
        Assert.True(r.MoveNext());
        var e = Assert.Throws<SparException>(() => r.DecodeDepth(depth));
        Assert.Contains("frame 1", e.Message);
        Assert.Contains("bad.sens", e.Message);
    }

    [Fact]
    public void Depth_of_the_wrong_size_is_an_error()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["small.sens"];
        var h = Header();
        var smaller = h with { DepthWidth = 2 };
        using (var w = SensWriter.Create(path, smaller)) w.WriteFrame(Identity, Color(0), new ushort[6]);
        // Patch the header's depth width back to 4 so the stored depth is too short for it.
        var bytes = File.ReadAllBytes(path);
        int widthAt = (int)SensHeader.SizeFor("StructureSensor") - 8 - 4 - 4 * 4 + 8;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(widthAt), 4);
        File.WriteAllBytes(path, bytes);
        using var r = SensReader.Open(path);
        Assert.Equal(4, r.Header.DepthWidth);
        Assert.True(r.MoveNext());
        var e = Assert.Throws<SparException>(() => r.DecodeDepth(new ushort[12]));
        Assert.Contains("inflates to 12 bytes, expected 24", e.Message);
    }

    static void Truncate(string path, long length)
    {
        using var fs = new FileStream(path, FileMode.Open);
        fs.SetLength(length);
    }
}
