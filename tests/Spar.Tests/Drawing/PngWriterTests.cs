using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

public sealed class PngWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(9)]
    public void Round_trips_exactly_through_an_independent_decoder(int level)
    {
        // Odd width (row length not a multiple of the vector size), noise so every filter byte matters.
        var img = new RgbaImage(37, 23);
        uint s = 12345;
        for (int i = 0; i < img.Pixels.Length; i++)
        {
            s = s * 1664525 + 1013904223;
            img.Pixels[i] = i % 4 == 3 ? (byte)255 : (byte)(s >> 24);
        }
        using var ms = new MemoryStream();
        ImageCodec.EncodePng(img, ms, level);
        var back = ImageCodec.Decode(ms.ToArray(), "roundtrip");   // Skia's PNG decoder
        Assert.Equal(img.Pixels, back.Pixels);
    }
}
