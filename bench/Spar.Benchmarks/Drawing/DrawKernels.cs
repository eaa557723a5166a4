using BenchmarkDotNet.Attributes;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Benchmarks.Drawing;

/// <summary>Where the time of one 1296×968 sample goes: decode, draw, encode (single thread).</summary>
[MemoryDiagnoser]
public class DrawKernels
{
    byte[] _jpeg = [];
    RgbaImage _decoded = null!;
    MarkerPlan _plan = null!;
    readonly MemoryStream _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = SampleImages.Jpeg(1);
        _decoded = ImageCodec.Decode(_jpeg, "sample");
        _plan = SampleImages.Plan();
    }

    [Benchmark] public RgbaImage DecodeJpeg() => ImageCodec.Decode(_jpeg, "sample");
    [Benchmark] public RgbaImage DecodeJpegSkia() => ImageCodec.DecodeWithSkia(_jpeg, "sample");

    [Benchmark]
    public RgbaImage DrawMarkers()
    {
        foreach (var op in _plan.Ops) MarkerPainter.Paint(_decoded, op);
        return _decoded;
    }

    [Benchmark] public long EncodeJpeg95() { _sink.SetLength(0); ImageCodec.EncodeJpeg(_decoded, _sink, 95); return _sink.Length; }
    [Benchmark] public long EncodeJpeg95Skia() { _sink.SetLength(0); ImageCodec.EncodeJpegSkia(_decoded, _sink, 95); return _sink.Length; }
    [Benchmark] public long EncodeJpeg75() { _sink.SetLength(0); ImageCodec.EncodeJpeg(_decoded, _sink, 75); return _sink.Length; }
    [Benchmark] public long EncodePngFast() { _sink.SetLength(0); ImageCodec.EncodePng(_decoded, _sink, 1); return _sink.Length; }
    [Benchmark] public long EncodePngSkia6() { _sink.SetLength(0); ImageCodec.EncodePngSkia(_decoded, _sink, 6); return _sink.Length; }
}
