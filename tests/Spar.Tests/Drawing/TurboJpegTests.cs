using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>
/// With the system's libjpeg-turbo, spar's JPEG path must be PIL's: the same pixels out of a JPEG and the same bytes
/// into one. The references were written by Pillow 9.4 (the version behind the official vectors) with
/// bench/scripts/make-pil-jpeg-fixtures.py. Without libturbojpeg these tests are skipped, unless
/// SPAR_TEST_REQUIRE_TURBOJPEG=1 (set by .ci/run once it has installed the library) makes its absence a failure.
/// </summary>
public sealed class TurboJpegTests
{
    static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Drawing", "Fixtures", name);

    static void RequireTurbo()
    {
        if (TurboJpeg.IsAvailable) return;
        if (Environment.GetEnvironmentVariable("SPAR_TEST_REQUIRE_TURBOJPEG") == "1")
            Assert.Fail($"libjpeg-turbo is required here but not in use: {TurboJpeg.UnavailableReason}");
        Assert.Skip($"libjpeg-turbo not in use: {TurboJpeg.UnavailableReason}");
    }

    [Theory]
    [InlineData("pil_q90_420")]
    [InlineData("pil_q95_444")]
    [InlineData("pil_q85_progressive")]
    [InlineData("pil_grey")]
    public void Decodes_exactly_the_pixels_pil_decodes(string name)
    {
        RequireTurbo();
        var ours = ImageCodec.Decode(File.ReadAllBytes(Fixture(name + ".jpg")), name + ".jpg");
        var pil = ImageCodec.Decode(Fixture(name + ".decoded.png")); // PNG: lossless, read by Skia
        Assert.Equal((pil.Width, pil.Height), (ours.Width, ours.Height));
        int differing = 0;
        for (int i = 0; i < ours.Pixels.Length; i++) if (ours.Pixels[i] != pil.Pixels[i]) differing++;
        Assert.Equal(0, differing);
    }

    [Theory]
    [InlineData(75)] // PIL's default quality
    [InlineData(95)] // what bench build burns with
    public void Encodes_the_bytes_pil_writes(int quality)
    {
        RequireTurbo();
        var original = ImageCodec.Decode(Fixture("pil_photo.png"));
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpeg(original, ms, quality);
        Assert.Equal(File.ReadAllBytes(Fixture($"pil_photo.q{quality}.jpg")), ms.ToArray());
    }

    [Fact]
    public void Concurrent_decodes_and_encodes_give_identical_results()
    {
        RequireTurbo();
        var jpeg = File.ReadAllBytes(Fixture("pil_q90_420.jpg"));
        var expectedPixels = ImageCodec.Decode(jpeg, "a.jpg").Pixels;
        using var first = new MemoryStream();
        ImageCodec.EncodeJpeg(ImageCodec.Decode(jpeg, "a.jpg"), first, 80);
        var expectedBytes = first.ToArray();
        var failures = 0;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            using var img = ImageCodec.Decode(jpeg, "a.jpg"); // disposed: the buffer pool is exercised concurrently too
            using var ms = new MemoryStream();
            ImageCodec.EncodeJpeg(img, ms, 80);
            if (!img.Pixels.AsSpan().SequenceEqual(expectedPixels) || !ms.ToArray().AsSpan().SequenceEqual(expectedBytes))
                Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_warning_that_pil_ignores_still_gives_pil_s_pixels()
    {
        RequireTurbo();
        var clean = File.ReadAllBytes(Fixture("pil_q90_420.jpg"));
        // 40 junk bytes before EOI: libjpeg warns "Corrupt JPEG data: 40 extraneous bytes before marker 0xd9", and
        // Pillow 9.4 decodes the file to exactly the pixels of the clean one (checked when the fixture was made).
        byte[] junk = [.. clean[..^2], .. new byte[40], .. clean[^2..]];
        Assert.True(TurboJpeg.TryDecode(junk, 97, 61, out var direct, out var error), error);
        var pil = ImageCodec.Decode(Fixture("pil_q90_420.decoded.png"));
        Assert.Equal(pil.Pixels, direct!.Pixels);
        // Through the product path too: ImageSharp's pixels differ from PIL's on this file, so equality means no fallback.
        Assert.Equal(pil.Pixels, ImageCodec.Decode(junk, "junk.jpg").Pixels);
    }

    [Fact]
    public void Truncated_data_falls_back_to_a_picture_of_the_right_size_or_a_clear_error()
    {
        RequireTurbo();
        var jpeg = File.ReadAllBytes(Fixture("pil_q95_444.jpg"));
        var cut = jpeg[..(jpeg.Length * 2 / 3)];
        // libjpeg only warns "Premature end of JPEG file"; PIL refuses such a file as truncated, so spar does not take it.
        Assert.False(TurboJpeg.TryDecode(cut, 97, 61, out _, out var error));
        Assert.StartsWith("Premature end", error);
        long before = ImageCodec.JpegFallbacks;
        RgbaImage img;
        try { img = ImageCodec.Decode(cut, "cut.jpg"); }
        catch (Spar.Util.SparException e)
        {
            Assert.Contains("cut.jpg", e.Message);
            return;
        }
        Assert.Equal((97, 61), (img.Width, img.Height));
        Assert.True(ImageCodec.JpegFallbacks > before, "a JPEG read by the fallback is counted (spar draw reports it)");
    }

    [Fact]
    public void A_stream_read_as_another_size_than_the_guard_accepted_is_refused()
    {
        RequireTurbo();
        var jpeg = File.ReadAllBytes(Fixture("pil_q90_420.jpg"));
        Assert.False(TurboJpeg.TryDecode(jpeg, 96, 61, out var img, out var error));
        Assert.Null(img);
        Assert.Contains("97x61", error);
    }

    [Theory]
    [InlineData("pil_q90_420")]
    [InlineData("pil_q85_progressive")]
    public void The_imagesharp_fallback_stays_within_the_documented_distance_of_pil(string name)
    {
        var ours = ImageCodec.DecodeJpegWithImageSharp(File.ReadAllBytes(Fixture(name + ".jpg")), name + ".jpg");
        var pil = ImageCodec.Decode(Fixture(name + ".decoded.png"));
        long sum = 0;
        int max = 0;
        for (int i = 0; i < ours.Pixels.Length; i++)
        {
            int d = Math.Abs(ours.Pixels[i] - pil.Pixels[i]);
            sum += d;
            max = Math.Max(max, d);
        }
        double mean = (double)sum / (ours.Pixels.Length * 3 / 4);
        Assert.True(mean < 2.0 && max <= 64, $"ImageSharp vs PIL: mean {mean:F3}, max {max}"); // docs/drawing.md
    }
}
