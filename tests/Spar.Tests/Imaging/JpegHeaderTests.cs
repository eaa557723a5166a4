using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Imaging;

namespace Spar.Tests.Imaging;

/// <summary>The one JPEG header parser (the importer's and the drawer's merged) on well-formed, truncated and malformed headers.</summary>
public sealed class JpegHeaderTests
{
    // SOI, APP0 (length 16), SOF0 (length 17) for 0x0123 rows × 0x0456 columns, then a DHT stub.
    static readonly byte[] App0 = [0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    static readonly byte[] Sof0 = [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x23, 0x04, 0x56, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    static readonly byte[] Dht = [0xFF, 0xC4, 0x00, 0x03, 0x00];

    static byte[] Header(params byte[][] parts) => [0xFF, 0xD8, .. parts.SelectMany(p => p)];

    [Fact]
    public void Reads_the_frame_size_after_other_segments_and_fill_bytes()
    {
        Assert.Equal((0x456, 0x123), JpegHeader.Size(Header(App0, Sof0, Dht)));
        Assert.Equal((0x456, 0x123), JpegHeader.Size(Header(App0, [0xFF], Sof0))); // a fill byte before the marker
    }

    [Fact]
    public void Every_truncation_before_the_end_of_the_frame_header_has_no_size()
    {
        var full = Header(App0, Sof0);
        for (int n = 0; n < full.Length; n++)
            Assert.Null(JpegHeader.Size(full.AsSpan(0, n)));
        Assert.NotNull(JpegHeader.Size(full));
    }

    [Fact]
    public void A_frame_segment_whose_length_runs_past_the_data_has_no_size()
    {
        // The importer's former parser read the size here: the fields were present though the segment was cut.
        var sof = (byte[])Sof0.Clone();
        sof[3] = 0x40;
        Assert.Null(JpegHeader.Size(Header(App0, sof)));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xC0, 0x00, 0x05, 0x08, 0x01, 0x23 })]          // frame header too short for its size fields
    [InlineData(new byte[] { 0xFF, 0xE1, 0x00, 0x01 })]                              // segment length below 2
    [InlineData(new byte[] { 0xFF, 0xDA, 0x00, 0x08, 0, 0, 0, 0, 0, 0 })]           // scan data before any frame header
    [InlineData(new byte[] { 0xFF, 0xD9, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 1, 0, 1 })] // end of image before the frame header
    [InlineData(new byte[] { 0x00, 0xC0, 0x00, 0x11 })]                              // not a marker where one must be
    public void Malformed_headers_have_no_size(byte[] afterApp0) =>
        Assert.Null(JpegHeader.Size(Header(App0, afterApp0, Sof0)));

    [Fact]
    public void Data_that_does_not_start_like_a_JPEG_is_not_one()
    {
        Assert.False(JpegHeader.IsJpeg([0xFF, 0xD8]));
        Assert.False(JpegHeader.IsJpeg([0x89, (byte)'P', (byte)'N', (byte)'G']));
        Assert.Null(JpegHeader.Size([0xFF, 0xD8, 0x00, .. App0, .. Sof0]));
    }

    [Fact]
    public void An_encoded_JPEG_reports_the_size_it_was_encoded_at()
    {
        using var image = new Image<Rgb24>(37, 11);
        var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        Assert.Equal((37, 11), JpegHeader.Size(ms.ToArray()));
    }
}
