using System.Diagnostics;
using Spar.Drawing;

namespace Spar.Benchmarks.Drawing;

/// <summary>
/// End-to-end decode + draw + encode of 1296×968 JPEG samples on N threads: images/s and the time per stage
/// (summed over threads, per image). Encoders: jpeg (q95), jpeg75, fastpng / fastpng-opt (spar's PngWriter), skiapng1 / skiapng6 (Skia decode);
/// is-jpeg75, is-fastpng decode with ImageSharp instead (is-jpeg75 also encodes with it).
/// </summary>
public static class DrawThroughput
{
    public static void Run(int images, int threads, string encoder)
    {
        SixLabors.ImageSharp.Configuration.Default.MaxDegreeOfParallelism = 1; // parallel across images, not inside one
        var samples = Enumerable.Range(0, 8).Select(i => SampleImages.Jpeg(i)).ToArray();
        var plan = SampleImages.Plan();
        long decodeTicks = 0, drawTicks = 0, encodeTicks = 0, bytesOut = 0;
        void One(int i)
        {
            var t0 = Stopwatch.GetTimestamp();
            RgbaImage img;
            if (encoder.StartsWith("is-", StringComparison.Ordinal))
            {
                using var isImg = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgba32>(samples[i % samples.Length]);
                img = new RgbaImage(isImg.Width, isImg.Height);
                isImg.CopyPixelDataTo(img.Pixels);
            }
            else img = ImageCodec.Decode(samples[i % samples.Length], "sample");
            var t1 = Stopwatch.GetTimestamp();
            foreach (var op in plan.Ops) MarkerPainter.Paint(img, op);
            var t2 = Stopwatch.GetTimestamp();
            using var ms = new MemoryStream(1 << 21);
            switch (encoder)
            {
                case "jpeg": ImageCodec.EncodeJpeg(img, ms, 95); break;
                case "skiapng1": ImageCodec.EncodePngSkia(img, ms, 1); break;
                case "jpeg75": ImageCodec.EncodeJpeg(img, ms, 75); break;
                case "is-jpeg75":
                {
                    using var isOut = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgba32>(img.Pixels, img.Width, img.Height);
                    SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(isOut, ms, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 75 });
                    break;
                }
                case "is-fastpng":
                case "fastpng": PngWriter.Write(img, ms, System.IO.Compression.CompressionLevel.Fastest); break;
                case "fastpng-opt": PngWriter.Write(img, ms, System.IO.Compression.CompressionLevel.Optimal); break;
                default: ImageCodec.EncodePngSkia(img, ms, 6); break;
            }
            var t3 = Stopwatch.GetTimestamp();
            Interlocked.Add(ref decodeTicks, t1 - t0);
            Interlocked.Add(ref drawTicks, t2 - t1);
            Interlocked.Add(ref encodeTicks, t3 - t2);
            Interlocked.Add(ref bytesOut, ms.Length);
        }
        Parallel.For(0, Math.Min(images, 16), new ParallelOptions { MaxDegreeOfParallelism = threads }, One); // warm-up
        decodeTicks = drawTicks = encodeTicks = bytesOut = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, images, new ParallelOptions { MaxDegreeOfParallelism = threads }, One);
        clock.Stop();
        double ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / images;
        Console.WriteLine($"encoder={encoder} threads={threads} images={images}: {images / clock.Elapsed.TotalSeconds:F1} images/s " +
                          $"(wall {clock.Elapsed.TotalSeconds:F2} s); per image: decode {ms(decodeTicks):F2} ms, draw {ms(drawTicks):F2} ms, " +
                          $"encode {ms(encodeTicks):F2} ms, output {bytesOut / (double)images / 1024:F0} KiB");
    }
}
