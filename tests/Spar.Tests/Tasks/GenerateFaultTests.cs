using Spar.Generation;
using Spar.Tests.Util;

namespace Spar.Tests.Tasks;

/// <summary>What generate does after a kill and with bad scene files.</summary>
public sealed class GenerateFaultTests
{
    [Fact]
    public void Image_temps_a_killed_copy_left_are_removed_by_the_rerun_and_a_live_runs_are_spared()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"], count: 2);
        var options = GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 2) with { Tasks = ["depth_prediction_oc"], Images = ImageMode.Copy };
        Generator.Run(options);
        var images = Path.Combine(tmp["out"], "synthetic", "images");
        var folder = Directory.GetDirectories(images, "image_color", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        // What a run killed between its copy and its rename leaves (its pid is gone), and a temp of a live run (this one).
        var dead = Path.Combine(folder, $".0.jpg.{StaleTempsTests.DeadPid()}.{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(folder, $".1.jpg.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(dead, [0xFF, 0xD8]);
        File.WriteAllBytes(live, [0xFF, 0xD8]);

        var report = Generator.Run(options); // every scene resumed: nothing is placed, the temps are still cleaned
        Assert.Equal(2, report.ScenesResumed);
        Assert.Equal([dead], report.TempsRemoved);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        var (exit, output, err) = Spar.Tests.Cli.CliRunner.Run("generate", "--scenes", tmp["scenes"], "--out", tmp["out"], "--per-scene", "2",
            "--tasks", "depth_prediction_oc", "--images", "copy", "--seed", "7", "--val-fraction", "0.34", "--threads", "1");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("temp file", err + output); // nothing more to remove
        Assert.True(File.Exists(live));
    }

    /// <summary>A PNG header declaring <paramref name="w"/>×<paramref name="h"/> 16-bit grey, and no pixel data.</summary>
    static byte[] HeaderOnlyPng(uint w, uint h)
    {
        var b = new byte[33];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(b, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), w);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), h);
        b[24] = 16; // bit depth; colour type 0 (grey), compression, filter, interlace 0; CRC left zero
        return b;
    }

    [Fact]
    public void A_bomb_header_or_wrong_sized_depth_map_leaves_its_frame_out_named_and_counted()
    {
        using var tmp = new TestPaths.TempDir();
        var rooms = GeneratedTree.WriteRooms(tmp["scenes"], count: 2);
        var imagesRoot = Path.Combine(tmp["scenes"], "synthetic", "images");
        // Room 0: every depth map is a bomb header (65535 x 65535) — generation used to reference these unread (mask frames).
        var bad = Directory.GetFiles(Path.Combine(imagesRoot, rooms[0].Id, "image_depth"), "*.png");
        Assert.NotEmpty(bad);
        foreach (var f in bad) File.WriteAllBytes(f, HeaderOnlyPng(65535, 65535));
        // Room 1: one depth map decodes fine but has the wrong size.
        var small = Directory.GetFiles(Path.Combine(imagesRoot, rooms[1].Id, "image_depth"), "*.png").Order(StringComparer.Ordinal).ToArray();
        Spar.Imaging.Png16.Write(small[0], 3, 2, new ushort[6]);

        var options = GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 4) with { Tasks = ["depth_prediction_oc"] };
        var report = Generator.Run(options);
        Assert.True(report.Analysis.BadDepthFrames >= bad.Length, $"{report.Analysis.BadDepthFrames} bad-depth frames counted");
        Assert.Contains("image_depth", report.Analysis.FirstBadDepth);
        // No record of room 0 was made, and no record anywhere uses a frame whose depth map is bad.
        var badColour = bad.Select(f => $"{rooms[0].Id}/image_color/{Path.GetFileNameWithoutExtension(f)}.jpg")
            .Append($"{rooms[1].Id}/image_color/{Path.GetFileNameWithoutExtension(small[0])}.jpg").ToHashSet(StringComparer.Ordinal);
        var records = GeneratedTree.Read(tmp["out"]);
        Assert.Contains(records, r => r.Record.Image.Any(i => i.StartsWith($"{rooms[1].Id}/image_color/", StringComparison.Ordinal))); // paths compare as written
        Assert.All(records, r => Assert.DoesNotContain(r.Record.Image, badColour.Contains));

        var (exit, output, err) = Spar.Tests.Cli.CliRunner.Run("generate", "--scenes", tmp["scenes"], "--out", tmp["cli"], "--per-scene", "4",
            "--tasks", "depth_prediction_oc", "--seed", "7", "--val-fraction", "0.34", "--threads", "1");
        Assert.Equal(1, exit);
        Assert.Contains("left out because their depth map is unusable", err + output);
        Assert.Contains("65535×65535 does not fit", err + output);
    }
}
