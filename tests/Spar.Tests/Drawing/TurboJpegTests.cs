using Spar.Drawing;

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
            var img = ImageCodec.Decode(jpeg, "a.jpg");
            using var ms = new MemoryStream();
            ImageCodec.EncodeJpeg(img, ms, 80);
            if (!img.Pixels.AsSpan().SequenceEqual(expectedPixels) || !ms.ToArray().AsSpan().SequenceEqual(expectedBytes))
                Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Truncated_data_falls_back_to_a_picture_of_the_right_size_or_a_clear_error()
    {
        RequireTurbo();
        var jpeg = File.ReadAllBytes(Fixture("pil_q95_444.jpg"));
        var cut = jpeg[..(jpeg.Length * 2 / 3)];
        Assert.False(TurboJpeg.TryDecode(cut, 97, 61, out _, out var error)); // libjpeg warns "premature end of data"
        Assert.False(string.IsNullOrEmpty(error));
        try { Assert.Equal((97, 61), (ImageCodec.Decode(cut, "cut.jpg") is var img ? (img.Width, img.Height) : default)); }
        catch (Spar.Util.SparException e) { Assert.Contains("cut.jpg", e.Message); }
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
