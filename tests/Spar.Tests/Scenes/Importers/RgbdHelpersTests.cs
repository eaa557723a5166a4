using CsCheck;
using Spar.Scenes.Importers.ScanNet;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers;

public class RgbdHelpersTests
{
    [Fact]
    public void Registration_of_a_half_resolution_depth_map_picks_the_pixel_on_the_same_ray()
    {
        // Depth 2×2 at half the colour focal length; colour 4×4. Colour pixel u maps to (u - 1.5)/2 + 0.5 = u/2 - 0.25.
        var depth = new PinholeIntrinsics(1, 1, 0.5, 0.5);
        var color = new PinholeIntrinsics(2, 2, 1.5, 1.5);
        var reg = new DepthRegistration(2, 2, depth, 4, 4, color, depthShift: 1000);
        ushort[] raw = [100, 200, 300, 400];
        var mm = new ushort[16];
        reg.Apply(raw, mm);
        // u: 0→-0.25→0, 1→0.25→0, 2→0.75→1, 3→1.25→1 (nearest); same for rows.
        Assert.Equal(new ushort[] { 100, 100, 200, 200, 100, 100, 200, 200, 300, 300, 400, 400, 300, 300, 400, 400 }, mm);
    }

    [Fact]
    public void Registration_converts_units_and_blanks_pixels_outside_the_depth_view()
    {
        // Colour camera sees wider than depth: its outer columns fall outside the depth image.
        var reg = new DepthRegistration(2, 1, new PinholeIntrinsics(1, 1, 0.5, 0), 4, 1, new PinholeIntrinsics(1, 1, 1.5, 0), depthShift: 4000);
        var mm = new ushort[4];
        reg.Apply([4000, 0], mm);
        // colour u → u - 1.5 + 0.5 = u - 1: -1 (outside), 0, 1, 2 (outside); 4000 units at 4000/m = 1000 mm; 0 stays 0
        Assert.Equal(new ushort[] { 0, 1000, 0, 0 }, mm);
    }

    [Fact]
    public void Video_ranks_are_uniform_and_start_at_the_first_valid_frame()
    {
        Assert.Equal([0L, 35, 70, 106], FrameSelection.VideoRanks(1131, 32)[..4]);
        Assert.Equal([0L, 2, 5, 7], FrameSelection.VideoRanks(10, 4));
        Assert.Equal([0L, 1, 2], FrameSelection.VideoRanks(3, 32));
        Assert.Empty(FrameSelection.VideoRanks(0, 32));
        var ranks = FrameSelection.VideoRanks(5000, 32);
        Assert.Equal(32, ranks.Distinct().Count());
        Assert.True(ranks[^1] < 5000);
    }

    [Fact]
    public void Damaged_depth_and_label_pngs_are_read_or_rejected_cleanly()
    {
        using var dir = new TestPaths.TempDir();
        var ms = new MemoryStream();
        Png16.WriteDepth(ms, Enumerable.Range(0, 48).Select(i => (ushort)(i * 1000)).ToArray(), 8, 6);
        var valid = ms.ToArray();
        var path = dir["d.png"];
        Gen.Select(Gen.Int[0, valid.Length - 1].Array[1, 4], Gen.Byte.Array[4], Gen.Int[0, valid.Length]).Sample((offsets, values, length) =>
        {
            var bytes = (byte[])valid.Clone();
            for (int i = 0; i < offsets.Length; i++) bytes[offsets[i]] = values[i];
            File.WriteAllBytes(path, bytes[..length]);
            try { Png16.ReadDepth(path, out _, out _); }
            catch (SparException e) { Assert.StartsWith(path, e.Message); }
            try { Png16.ReadLabels(path, out _, out _); }
            catch (SparException e) { Assert.StartsWith(path, e.Message); }
        }, iter: 300, threads: 1);
    }
}
