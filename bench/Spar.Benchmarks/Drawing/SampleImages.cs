using Spar.Dataset;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Benchmarks.Drawing;

/// <summary>Photo-like 1296×968 JPEG samples (smooth shading plus deterministic texture, so JPEG has real work) and a marker record.</summary>
public static class SampleImages
{
    public const int Width = 1296, Height = 968;

    public static byte[] Jpeg(int seed, int quality = 95)
    {
        var img = new RgbaImage(Width, Height);
        uint state = (uint)seed * 2654435761u + 1;
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
        {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5;
            int noise = (int)(state & 7) - 4; // camera-like sensor noise, not white noise
            int i = (y * Width + x) * 4;
            img.Pixels[i] = Clamp(x * 200 / Width + 30 + noise + (int)(20 * Math.Sin(y / 17.0 + seed)));
            img.Pixels[i + 1] = Clamp(y * 180 / Height + 40 + noise + (int)(25 * Math.Cos(x / 23.0)));
            img.Pixels[i + 2] = Clamp(120 + noise + ((x / 64 + y / 48 + seed) % 2) * 40);
            img.Pixels[i + 3] = 255;
        }
        using var ms = new MemoryStream();
        ImageCodec.EncodeJpegSkia(img, ms, quality); // libjpeg-turbo, like the JPEGs in real datasets
        return ms.ToArray();
    }

    static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);

    /// <summary>A typical single-view record: four boxes (spatial-imagination style markers).</summary>
    public static MarkerPlan Plan() => MarkerPlanner.Plan(Record());

    public static QaRecord Record() => new()
    {
        Id = "bench", Type = "spatial_imagination_oo", Image = ["x.jpg"],
        RedBbox = [[120, 200, 380, 610]], BlueBbox = [[450, 150, 700, 520]], GreenBbox = [[600, 600, 950, 980]], YellowBbox = [[30, 40, 200, 300]],
    };
}
