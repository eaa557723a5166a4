using BenchmarkDotNet.Attributes;
using Spar.Scenes.Importers.ScanNet;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// .sens decoding throughput on a synthetic stream (320×240 JPEG colour, 160×120 zlib depth). Allocations per
/// operation at 1,000 vs 5,000 frames show the reader's memory does not grow with the stream.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SensDecodeBenchmarks
{
    string _path = "";
    ushort[] _depth = [];

    [Params(1000, 5000)]
    public int Frames { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"spar-bench-{Frames}.sens");
        if (!File.Exists(_path)) SyntheticScanNetScan.WriteSens(_path, Frames);
        _depth = new ushort[SyntheticScanNetScan.DepthW * SyntheticScanNetScan.DepthH];
    }

    /// <summary>Every frame: colour bytes read, depth inflated to 16-bit values.</summary>
    [Benchmark]
    public long DecodeAllFrames()
    {
        long sum = 0;
        using var r = SensReader.Open(_path);
        while (r.MoveNext())
        {
            sum += r.ReadColorBytes().Length;
            r.DecodeDepth(_depth);
            sum += _depth[^1];
        }
        return sum;
    }

    /// <summary>Poses only, payloads skipped by seeking (the importer's first pass).</summary>
    [Benchmark]
    public long PosesOnly()
    {
        long valid = 0;
        using var r = SensReader.Open(_path);
        while (r.MoveNext()) if (r.Current.HasFinitePose) valid++;
        return valid;
    }

    /// <summary>Every 10th frame decoded, the rest skipped (the importer's default --frame-step).</summary>
    [Benchmark]
    public long EveryTenthFrame()
    {
        long sum = 0;
        using var r = SensReader.Open(_path);
        while (r.MoveNext())
        {
            if (r.Current.Index % 10 != 0) continue;
            sum += r.ReadColorBytes().Length;
            r.DecodeDepth(_depth);
        }
        return sum;
    }
}
