using Spar.Cli;
using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// The iPhone's <c>depth.bin</c> read straight, in both encodings the release ships (<see cref="ScanNetppDepthBinWriter"/>
/// writes them as the capture app does): the depth read is the depth written, an import from depth.bin is byte for byte
/// the import from the toolkit-extracted PNGs of the same depth, and a corrupt or truncated file fails the scene with
/// the file and the frame in the message.
/// </summary>
public class ScanNetppDepthBinTests
{
    const int Pixels = ScanNetppDepthBin.Width * ScanNetppDepthBin.Height;

    /// <summary>Frames with every kind of value: 0 (no depth), 1 mm, the uint16 maximum, and a per-frame gradient.</summary>
    static List<ushort[]> Frames(int count) =>
    [
        .. Enumerable.Range(0, count).Select(n =>
        {
            var mm = new ushort[Pixels];
            for (int i = 0; i < Pixels; i++) mm[i] = (ushort)((i * 37 + n * 1009) % 65536);
            mm[0] = 0; mm[1] = 1; mm[2] = 65535;
            return mm;
        }),
    ];

    [Theory]
    [InlineData(DepthFile.Stream)]
    [InlineData(DepthFile.Framed)]
    public void Every_frame_reads_back_as_written(DepthFile encoding)
    {
        using var dir = new TestPaths.TempDir();
        var path = Path.Combine(dir.Path, "depth.bin");
        var frames = Frames(7);
        ScanNetppDepthBinWriter.Write(path, encoding, frames);
        using var bin = new ScanNetppDepthBin(path);
        Assert.Equal(encoding == DepthFile.Framed, bin.IsFramed);
        var got = new ushort[Pixels];
        // Ascending with gaps, then back to an earlier frame (a stream is re-opened for it).
        foreach (int n in new[] { 0, 1, 4, 6, 2 })
        {
            bin.Read(n, got);
            Assert.True(frames[n].AsSpan().SequenceEqual(got), $"{encoding}: frame {n} differs");
        }
    }

    [Theory]
    [InlineData(DepthFile.Stream)]
    [InlineData(DepthFile.Framed)]
    public void An_import_from_depth_bin_equals_the_import_from_the_extracted_pngs(DepthFile encoding)
    {
        using var dir = new TestPaths.TempDir();
        ScanNetppFixture.Write(dir["png"], frames: 4);
        var fx = ScanNetppFixture.Write(dir["bin"], frames: 4, depthFile: encoding);
        Assert.False(Directory.Exists(Path.Combine(fx.SceneFolder, "iphone", "depth")));
        Assert.True(File.Exists(Path.Combine(fx.SceneFolder, "iphone", "depth.bin")));
        var fromPng = Import(dir["png"], dir["out-png"]);
        var fromBin = Import(dir["bin"], dir["out-bin"]);
        Assert.True(fromPng.Keys.Count(k => k.Contains("image_depth")) >= 4);
        Assert.Equal(fromPng, fromBin);
    }

    static Dictionary<string, string> Import(string release, string outDir)
    {
        var report = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = release, OutDir = outDir, VideoFrames = 2 });
        Assert.Empty(report.Failures);
        return Snapshot(Path.Combine(outDir, "scannetpp", "images", ScanNetppFixture.SceneId));
    }

    public static TheoryData<DepthFile, string, string> Corruptions => new()
    {
        // Frame 10 (imported) of the framed file is an LZ4 block; 0xFF bytes are neither a valid LZ4 block nor raw DEFLATE.
        { DepthFile.Framed, "payload", "depth.bin: frame 10 (byte " },
        // Cut inside frame 4: the sizes no longer chain to the end, and the bytes are no DEFLATE stream either.
        { DepthFile.Framed, "truncate", "not the framed encoding either (frame 4 at byte " },
        { DepthFile.Stream, "truncate", "depth.bin: frame " },
        { DepthFile.Stream, "payload", "depth.bin: frame " },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_or_truncated_depth_bin_fails_the_scene_naming_file_and_frame(DepthFile encoding, string how, string message)
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 4, depthFile: encoding);
        var path = Path.Combine(fx.SceneFolder, "iphone", "depth.bin");
        var bytes = File.ReadAllBytes(path);
        if (how == "truncate")
        {
            // Framed: depth.bin holds frames 0…30; cut in the middle of frame 4's payload.
            long cut = encoding == DepthFile.Framed ? FrameOffset(bytes, 4) + 4 + 10 : bytes.Length / 2;
            bytes = bytes[..(int)cut];
        }
        else
        {
            long start = encoding == DepthFile.Framed ? FrameOffset(bytes, 10) + 4 : bytes.Length / 3;
            long end = encoding == DepthFile.Framed ? FrameOffset(bytes, 11) : start + 64;
            bytes.AsSpan((int)start, (int)(end - start)).Fill(0xFF);
        }
        File.WriteAllBytes(path, bytes);
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(["import", "scannetpp", dir["release"], "--out", dir["out"], "--video-frames", "2"], o, e);
        Assert.Equal(1, code);
        Assert.Contains($"error: {ScanNetppFixture.SceneId}: {path}", e.ToString());
        Assert.Contains(message, e.ToString());
        Assert.Contains("imported 0 scene(s), 1 failed", o.ToString() + e.ToString());
        Assert.False(Directory.Exists(Path.Combine(dir["out"], "scannetpp", "images", ScanNetppFixture.SceneId)));
    }

    /// <summary>Byte offset of framed frame <paramref name="n"/>'s size field, walking the sizes (independently of the reader).</summary>
    static long FrameOffset(byte[] file, int n)
    {
        long at = 0;
        for (int i = 0; i < n; i++) at += 4 + BitConverter.ToUInt32(file, (int)at);
        return at;
    }

    static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
