using Spar.Drawing;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>
/// spar's JPEG path: libjpeg-turbo when installed (TurboJpegTests), else ImageSharp. These tests hold for both, and pin
/// the ImageSharp fallback against libjpeg-turbo through Skia (the library PIL uses), the independent reference.
/// </summary>
public sealed class JpegCodecTests
{
    /// <summary>Smooth shading plus a little noise and a few hard colour edges, like a photo with objects.</summary>
    static RgbaImage Photo(int w, int h)
    {
        var img = new RgbaImage(w, h);
        uint s = 777;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            s ^= s << 13; s ^= s >> 17; s ^= s << 5;
            int n = (int)(s & 3) - 2, i = (y * w + x) * 4;
            bool box = x is > 20 and < 60 && y is > 10 and < 40;
            img.Pixels[i] = (byte)Math.Clamp(box ? 200 + n : x * 255 / w + n, 0, 255);
            img.Pixels[i + 1] = (byte)Math.Clamp(box ? 40 + n : y * 200 / h + 30 + n, 0, 255);
            img.Pixels[i + 2] = (byte)Math.Clamp(box ? 60 + n : 128 + n, 0, 255);
            img.Pixels[i + 3] = 255;
        }
        return img;
    }

    static (int Max, double Mean) Diff(RgbaImage a, RgbaImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        int max = 0; long sum = 0, n = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            if (i % 4 == 3) { Assert.Equal(255, a.Pixels[i]); continue; }
            int d = Math.Abs(a.Pixels[i] - b.Pixels[i]);
            max = Math.Max(max, d); sum += d; n++;
        }
        return (max, (double)sum / n);
    }

    [Fact]
    public void Decode_of_a_libjpeg_file_is_about_as_close_to_the_original_as_libjpeg_turbo_s()
    {
        var original = Photo(97, 61); // odd size: partial MCUs at the right and bottom edges
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpegSkia(original, ms, 95);
        var data = ms.ToArray();
        var ours = ImageCodec.DecodeJpegWithImageSharp(data, "photo.jpg");
        var reference = ImageCodec.DecodeWithSkia(data, "photo.jpg");
        var (_, oursError) = Diff(ours, original);
        var (_, referenceError) = Diff(reference, original);
        Assert.True(oursError <= referenceError * 1.25, $"ImageSharp {oursError:F3} vs libjpeg-turbo {referenceError:F3} mean levels from the original");
        var (max, mean) = Diff(ours, reference);
        Assert.True(mean < 2.0 && max <= 64, $"decoders differ by mean {mean:F3}, max {max}"); // chroma upsampling at hard colour edges; docs/drawing.md
    }

    [Fact]
    public void Encoded_jpeg_is_read_by_libjpeg_turbo_about_as_well_as_libjpeg_turbo_s_own()
    {
        var original = Photo(97, 61);
        using var ours = new MemoryStream();
        ImageCodec.EncodeJpegWithImageSharp(original, ours, 95);
        using var reference = new MemoryStream();
        ImageCodec.EncodeJpegSkia(original, reference, 95);
        Assert.True(JpegHeader.TryReadSize(ours.ToArray(), out int w, out int h));
        Assert.Equal((97, 61), (w, h));
        var (_, oursError) = Diff(ImageCodec.DecodeWithSkia(ours.ToArray(), "ours.jpg"), original);
        var (_, referenceError) = Diff(ImageCodec.DecodeWithSkia(reference.ToArray(), "reference.jpg"), original);
        Assert.True(oursError <= referenceError * 1.25, $"ImageSharp q95 {oursError:F3} vs libjpeg-turbo q95 {referenceError:F3} mean levels from the original");
    }

    [Fact]
    public void A_huge_frame_header_is_refused_before_decoding()
    {
        // SOI, then SOF0 declaring 60000×60000 (3.6 G pixels), then nothing: the guard must fire on the header alone.
        byte[] data = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0xEA, 0x60, 0xEA, 0x60, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        var e = Assert.Throws<SparException>(() => ImageCodec.Decode(data, "huge.jpg"));
        Assert.Contains("huge.jpg is 60000x60000", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 })]                         // cut inside the first segment
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9 })] // scan before any frame header
    public void A_jpeg_without_a_readable_frame_header_is_a_clear_error(byte[] data)
    {
        var e = Assert.Throws<SparException>(() => ImageCodec.Decode(data, "bad.jpg"));
        Assert.Contains("bad.jpg", e.Message);
    }

    [Fact]
    public void A_jpeg_with_a_valid_header_and_garbage_data_is_a_clear_error_or_an_image_of_that_size()
    {
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpegSkia(Photo(40, 30), ms, 90);
        var data = ms.ToArray()[..(ms.ToArray().Length / 3)]; // truncated in the entropy-coded data
        try
        {
            var img = ImageCodec.Decode(data, "cut.jpg");
            Assert.Equal((40, 30), (img.Width, img.Height)); // decoders may return what they could read, like Skia's IncompleteInput
        }
        catch (SparException e) { Assert.Contains("cut.jpg", e.Message); }
    }

    [Fact]
    public void Damaged_jpegs_give_an_image_or_a_clear_error_never_a_crash()
    {
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpegSkia(Photo(48, 32), ms, 90);
        var good = ms.ToArray();
        uint s = 99;
        for (int trial = 0; trial < 300; trial++)
        {
            var data = (byte[])good.Clone();
            for (int k = 0; k < 1 + trial % 4; k++)
            {
                s = s * 1664525 + 1013904223;
                data[(int)(s >> 8) % data.Length] = (byte)(s >> 24);
            }
            try { ImageCodec.Decode(data, $"damaged{trial}.jpg"); }
            catch (SparException e) { Assert.Contains($"damaged{trial}.jpg", e.Message); }
            try { ImageCodec.DecodeJpegWithImageSharp(data, $"damaged{trial}.jpg"); } // the fallback on its own too
            catch (SparException e) { Assert.Contains($"damaged{trial}.jpg", e.Message); }
        }
    }

    [Fact]
    public void Grey_jpeg_is_expanded_to_rgb_like_pil_convert()
    {
        var grey = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(33, 17, SkiaSharp.SKColorType.Gray8));
        for (int y = 0; y < 17; y++)
            for (int x = 0; x < 33; x++)
                grey.SetPixel(x, y, new SkiaSharp.SKColor((byte)(x * 7), (byte)(x * 7), (byte)(x * 7)));
        using var data = grey.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 95);
        var bytes = data.ToArray();
        var ours = ImageCodec.Decode(bytes, "grey.jpg");
        for (int i = 0; i < ours.Pixels.Length; i += 4)
        {
            Assert.Equal(ours.Pixels[i], ours.Pixels[i + 1]);
            Assert.Equal(ours.Pixels[i], ours.Pixels[i + 2]);
        }
        var (max, _) = Diff(ours, ImageCodec.DecodeWithSkia(bytes, "grey.jpg"));
        Assert.True(max <= 3, $"grey decode differs from libjpeg-turbo by {max}"); // no chroma: only IDCT rounding differs
    }
}
