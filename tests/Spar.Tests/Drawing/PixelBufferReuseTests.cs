using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>Decoded images reuse the buffers of disposed ones: a reused buffer must not leak the previous picture.</summary>
public sealed class PixelBufferReuseTests
{
    static byte[] Jpeg(int w, int h, byte r, byte g, byte b)
    {
        var img = new RgbaImage(w, h);
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            img.Set(x, y, new Rgb((byte)(r ^ (x & 15)), (byte)(g ^ (y & 7)), b));
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpegSkia(img, ms, 90);
        return ms.ToArray();
    }

    public static TheoryData<string> Decoders() => ["default", "imagesharp"];

    [Theory]
    [MemberData(nameof(Decoders))]
    public void A_decode_into_a_reused_buffer_equals_a_decode_into_a_fresh_one(string decoder)
    {
        RgbaImage decode(byte[] data, string name) =>
            decoder == "imagesharp" ? ImageCodec.DecodeJpegWithImageSharp(data, name) : ImageCodec.Decode(data, name);
        var bright = Jpeg(61, 37, 250, 240, 230);
        var dark = Jpeg(61, 37, 10, 20, 30);
        var expected = decode(dark, "dark.jpg").Pixels.ToArray(); // never disposed: its buffer is not reused
        int reused = 0;
        for (int i = 0; i < 20; i++)
        {
            var first = decode(bright, "bright.jpg");
            var buffer = first.Pixels;
            first.Dispose(); // hands a buffer of the same size back
            using var again = decode(dark, "dark.jpg");
            if (ReferenceEquals(buffer, again.Pixels)) reused++;
            Assert.Equal(expected, again.Pixels);
        }
        Assert.True(reused > 0, "no buffer was reused, so nothing was tested"); // other tests may take some, not all 20
    }

    [Fact]
    public void A_disposed_image_cannot_be_used()
    {
        var img = ImageCodec.Decode(Jpeg(8, 8, 1, 2, 3), "small.jpg");
        Assert.Equal(8 * 8 * 4, img.Pixels.Length);
        img.Dispose();
        Assert.Throws<ObjectDisposedException>(() => img.Pixels);
        Assert.Throws<ObjectDisposedException>(() => img.FillRow(0, 0, 3, new Rgb(1, 1, 1)));
        img.Dispose(); // twice is harmless
    }
}
