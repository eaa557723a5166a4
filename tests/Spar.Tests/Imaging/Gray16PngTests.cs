using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Imaging;

namespace Spar.Tests.Imaging;

/// <summary>
/// spar's 16-bit greyscale PNG writer (PngWriter.WriteGray16, behind Png16.WriteDepth since issue 25) read back by an
/// independent decoder (ImageSharp): every sample survives, the header says 16-bit greyscale, and the per-thread
/// scratch buffers carry nothing from one image into the next (a large image then a small one, and back).
/// </summary>
public sealed class Gray16PngTests
{
    static ushort[] Decode(byte[] png, out int width, out int height, out PngMetadata meta)
    {
        using var image = Image.Load<L16>(png);
        meta = image.Metadata.GetPngMetadata();
        width = image.Width; height = image.Height;
        var values = new ushort[width * height];
        image.CopyPixelDataTo(MemoryMarshal.Cast<ushort, L16>(values.AsSpan()));
        return values;
    }

    static byte[] Encode(ushort[] values, int width, int height)
    {
        using var ms = new MemoryStream();
        Png16.WriteDepth(ms, values, width, height);
        return ms.ToArray();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]      // odd width: rows not a multiple of any vector size
    [InlineData(640, 480)]  // ScanNet depth
    [InlineData(1296, 968)] // ScanNet colour (registered depth, masks)
    public void Every_sample_round_trips_through_an_independent_decoder(int width, int height)
    {
        var rng = new Random(width * 31 + height);
        var values = new ushort[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                // Smooth depth-like ramps, flat mask-like blocks, and full-range noise (high and low bytes both vary).
                values[y * width + x] = (x + y) % 3 == 0 ? (ushort)rng.Next(65536) : y < height / 2 ? (ushort)(1000 + x + 2 * y) : (ushort)(x / 8 + 1);
        var png = Encode(values, width, height);
        var back = Decode(png, out int w, out int h, out var meta);
        Assert.Equal((width, height), (w, h));
        Assert.Equal(PngColorType.Grayscale, meta.ColorType);
        Assert.Equal(PngBitDepth.Bit16, meta.BitDepth);
        Assert.Equal(values, back);
    }

    [Fact]
    public void Scratch_buffers_do_not_leak_between_images_of_different_sizes()
    {
        var big = Enumerable.Range(0, 300 * 200).Select(i => (ushort)(i * 7)).ToArray();
        var small = Enumerable.Range(0, 5 * 4).Select(i => (ushort)(60000 - i)).ToArray();
        var zeros = new ushort[9 * 9];
        foreach (var (values, w, h) in new[] { (big, 300, 200), (small, 5, 4), (zeros, 9, 9), (big, 300, 200) })
            Assert.Equal(values, Decode(Encode(values, w, h), out _, out _, out _));
        // The same input gives the same bytes whatever was encoded before on the thread.
        Assert.Equal(Encode(small, 5, 4), Encode(small, 5, 4));
    }

    [Fact]
    public void Too_few_values_for_the_size_is_refused()
    {
        using var ms = new MemoryStream();
        Assert.Throws<ArgumentException>(() => Png16.WriteDepth(ms, new ushort[11], 4, 3));
    }
}
