using System.Diagnostics;
using Spar.Drawing;
using Spar.Bench.Build;
using Spar.Imaging;

namespace Spar.Benchmarks.Drawing;

/// <summary>
/// End-to-end decode + draw + encode of 1296×968 JPEG samples on N threads: images/s and the time per stage (summed
/// over threads, per image). Pipelines:
/// <list type="bullet">
/// <item><c>draw</c>: what <c>spar draw</c> / <c>export --burn-markers</c> do per image, minus file I/O
/// (<see cref="ImageCodec.Decode(ReadOnlySpan{byte}, string)"/>, the painter, <see cref="ImageCodec.EncodePng"/> at the default level).</item>
/// <item><c>burn</c>: <see cref="BenchMarkerBurner.Burn"/> itself (<c>spar bench build</c>): decode, draw, JPEG q95.</item>
/// <item><c>jpeg75</c>: the same decode and draw, then <see cref="ImageCodec.EncodeJpeg"/> at quality 75 (PIL's default, i.e.
/// like for like with the official Python path's ~90 images/s).</item>
/// <item><c>imagesharp-jpeg75</c>: jpeg75 with ImageSharp's decoder and encoder, what runs where libjpeg-turbo is not installed.</item>
/// <item><c>skia-jpeg</c>, <c>skia-png</c>: the previous Skia decode (and Skia JPEG q95 encode), for comparison.</item>
/// </list>
/// </summary>
public static class DrawThroughput
{
    public static readonly string[] Pipelines = ["draw", "burn", "jpeg75", "imagesharp-jpeg75", "skia-jpeg", "skia-png"];

    public static void Run(int images, int threads, string pipeline)
    {
        if (!Pipelines.Contains(pipeline)) throw new ArgumentException($"unknown pipeline '{pipeline}' (one of {string.Join(", ", Pipelines)})");
        var samples = Enumerable.Range(0, 8).Select(i => SampleImages.Jpeg(i)).ToArray();
        var record = SampleImages.Record();
        var ops = MarkerPlanner.Plan(record).OnImage(0).ToList();
        long decodeTicks = 0, drawTicks = 0, encodeTicks = 0, bytesOut = 0;
        void One(int i)
        {
            var input = samples[i % samples.Length];
            if (pipeline == "burn")
            {
                var s = Stopwatch.GetTimestamp();
                var burned = BenchMarkerBurner.Instance.Burn(record, 0, input); // one opaque call: counted as a whole
                Interlocked.Add(ref encodeTicks, Stopwatch.GetTimestamp() - s);
                Interlocked.Add(ref bytesOut, burned.Length);
                return;
            }
            var t0 = Stopwatch.GetTimestamp();
            using var img = pipeline switch
            {
                "skia-jpeg" or "skia-png" => ImageCodec.DecodeWithSkia(input, "sample"),
                "imagesharp-jpeg75" => ImageCodec.DecodeJpegWithImageSharp(input, "sample"),
                _ => ImageCodec.Decode(input, "sample"),
            };
            var t1 = Stopwatch.GetTimestamp();
            foreach (var op in ops) MarkerPainter.Paint(img, op);
            var t2 = Stopwatch.GetTimestamp();
            using var ms = new MemoryStream(1 << 21);
            if (pipeline == "skia-jpeg") ImageCodec.EncodeJpegSkia(img, ms, 95);
            else if (pipeline == "jpeg75") ImageCodec.EncodeJpeg(img, ms, 75);
            else if (pipeline == "imagesharp-jpeg75") ImageCodec.EncodeJpegWithImageSharp(img, ms, 75);
            else ImageCodec.EncodePng(img, ms);
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
        var stages = pipeline == "burn"
            ? $"burn (decode+draw+encode) {ms(encodeTicks):F2} ms"
            : $"decode {ms(decodeTicks):F2} ms, draw {ms(drawTicks):F2} ms, encode {ms(encodeTicks):F2} ms";
        Console.WriteLine($"pipeline={pipeline} jpeg={(pipeline.StartsWith("skia", StringComparison.Ordinal) ? "Skia" : pipeline.StartsWith("imagesharp", StringComparison.Ordinal) ? "ImageSharp" : ImageCodec.JpegCodecName)} threads={threads} images={images}: {images / clock.Elapsed.TotalSeconds:F1} images/s " +
                          $"(wall {clock.Elapsed.TotalSeconds:F2} s); per image: {stages}, output {bytesOut / (double)images / 1024:F0} KiB; " +
                          $"peak RSS {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
    }
}
