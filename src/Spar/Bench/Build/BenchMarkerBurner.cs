using Spar.Drawing;
using Spar.Dataset;
using Spar.Imaging;

namespace Spar.Bench.Build;

/// <summary>
/// Burns a record's markers into a benchmark image with the SPAR-exact painter, as SPAR-Bench ships its images. An image
/// without markers is checked to decode and passed through byte for byte; a marked one is re-encoded as JPEG (quality 95, like Structured3D's
/// layout script), which keeps a benchmark the size of the real one.
/// </summary>
public sealed class BenchMarkerBurner : IMarkerBurner
{
    public static readonly BenchMarkerBurner Instance = new();

    public bool DrawsMarkers => true;

    public byte[] Burn(QaRecord record, int imageIndex, byte[] encodedImage)
    {
        var ops = MarkerPlanner.Plan(record).OnImage(imageIndex).ToList();
        // Decoded even without markers: an unreadable image must fail its record here, not the model run later.
        using var img = ImageCodec.Decode(encodedImage, $"record {record.Id} image {imageIndex}");
        if (ops.Count == 0) return encodedImage;
        foreach (var op in ops) MarkerPainter.Paint(img, op);
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpeg(img, ms, quality: 95);
        return ms.ToArray();
    }
}
