using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Benchmarks.Drawing;

/// <summary>
/// How far spar's JPEG decoders (ImageSharp, the fallback; the system's libjpeg-turbo when installed) are from Skia's
/// bundled libjpeg-turbo (PIL uses the same library): per file and decoder, the largest channel difference, the share of
/// identical channel values and of identical pixels, and the mean difference.
/// </summary>
public static class JpegDecodeDiff
{
    public static void Run(IEnumerable<string> files)
    {
        Console.WriteLine("file\tdecoder\tsize\tmax|d|\tidentical channels %\tidentical pixels %\tmean|d|");
        foreach (var file in files)
        {
            var data = File.ReadAllBytes(file);
            Compare(file, "ImageSharp", ImageCodec.DecodeJpegWithImageSharp(data, file), ImageCodec.DecodeWithSkia(data, file));
            if (TurboJpeg.IsAvailable)
                Compare(file, "libjpeg-turbo", ImageCodec.Decode(data, file), ImageCodec.DecodeWithSkia(data, file));
        }
    }

    static void Compare(string file, string decoder, RgbaImage a, RgbaImage b)
    {
        {
            if (a.Width != b.Width || a.Height != b.Height) { Console.WriteLine($"{file}\t{decoder}\tsize differs"); return; }
            long same = 0, samePixels = 0, sum = 0;
            int max = 0;
            for (int i = 0; i < a.Pixels.Length; i += 4)
            {
                bool pixelSame = true;
                for (int c = 0; c < 3; c++)
                {
                    int d = Math.Abs(a.Pixels[i + c] - b.Pixels[i + c]);
                    if (d == 0) same++; else pixelSame = false;
                    sum += d;
                    max = Math.Max(max, d);
                }
                if (pixelSame) samePixels++;
            }
            long pixels = a.Pixels.Length / 4;
            Console.WriteLine($"{Path.GetFileName(file)}\t{decoder}\t{a.Width}x{a.Height}\t{max}\t{100.0 * same / (pixels * 3):F2}\t{100.0 * samePixels / pixels:F2}\t{(double)sum / (pixels * 3):F3}");
        }
    }

    /// <summary>Writes the throughput samples (q95 and q85, Skia-encoded 4:2:0) so they can be compared too.</summary>
    public static IEnumerable<string> WriteSamples(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var q in new[] { 95, 85 })
        {
            var path = Path.Combine(dir, $"sample_q{q}.jpg");
            File.WriteAllBytes(path, SampleImages.Jpeg(3, q));
            yield return path;
        }
    }
}
