using Spar.Scenes.Importers.ScanNetpp;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// Writes the ScanNet++ fixture release and imports it twice, with 1 and 3 threads: the outputs are byte-identical. With
/// <c>SPAR_SCANNETPP_FIXTURE_DIR</c> set the release is written there and kept, so bench/scripts/byte-identity.sh can
/// hash it and its <c>spar import scannetpp</c> output.
/// </summary>
public class ScanNetppFixtureDumpTests
{
    public const string EnvVar = "SPAR_SCANNETPP_FIXTURE_DIR";

    [Fact]
    public void Fixture_release_is_written_and_imports_identically_for_any_thread_count()
    {
        using var temp = new TestPaths.TempDir();
        string root = Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } dir ? Path.GetFullPath(dir) : temp.Path;
        ScanNetppFixture.Write(root, frames: 4, overlap: true);
        Dictionary<string, string> Import(int threads)
        {
            var outDir = temp[$"imported-{threads}"];
            var report = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = root, OutDir = outDir, VideoFrames = 2, Threads = threads });
            Assert.Empty(report.Failures);
            var scene = Path.Combine(outDir, "scannetpp", "images", ScanNetppFixture.SceneId);
            return Directory.EnumerateFiles(scene, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .ToDictionary(f => Path.GetRelativePath(scene, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        }
        var one = Import(1);
        Assert.True(one.Count > 20, $"only {one.Count} files imported");
        Assert.Equal(one, Import(3));
    }

    public const string BenchDirVar = "SPAR_SCANNETPP_BENCH_DIR", BenchFramesVar = "SPAR_SCANNETPP_BENCH_FRAMES";

    /// <summary>
    /// The release bench/scripts/scannetpp-import.sh times: native resolution (1920×1440 colour, 256×192 depth in a
    /// framed depth.bin), <c>SPAR_SCANNETPP_BENCH_FRAMES</c> registered frames, written to <c>SPAR_SCANNETPP_BENCH_DIR</c>.
    /// Without them a 3-frame one at 480×360 is written and imported here.
    /// </summary>
    [Fact]
    public void Bench_release_has_its_frames_and_depth_bin()
    {
        using var temp = new TestPaths.TempDir();
        bool bench = Environment.GetEnvironmentVariable(BenchDirVar) is { Length: > 0 };
        string root = bench ? Path.GetFullPath(Environment.GetEnvironmentVariable(BenchDirVar)!) : temp["release"];
        int frames = int.TryParse(Environment.GetEnvironmentVariable(BenchFramesVar), out int n) ? n : 3;
        var fx = ScanNetppFixture.Write(root, frames: frames, depthFile: DepthFile.Framed, width: bench ? 1920 : 480, height: bench ? 1440 : 360);
        var iphone = Path.Combine(fx.SceneFolder, "iphone");
        Assert.Equal(frames + 1, Directory.GetFiles(Path.Combine(iphone, "rgb"), "*.jpg").Length);
        Assert.True(File.Exists(Path.Combine(iphone, "depth.bin")));
        if (bench) return; // the script imports it, timed
        var report = ScanNetppImporter.Run(new ScanNetppImportOptions { Input = root, OutDir = temp["out"], VideoFrames = 0 });
        Assert.Empty(report.Failures);
        Assert.Equal(frames, report.Scenes.Single().ImageFrames);
    }
}
