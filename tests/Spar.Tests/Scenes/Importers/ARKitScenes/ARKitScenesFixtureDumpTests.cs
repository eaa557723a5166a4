using Spar.Scenes.Importers.ARKitScenes;

namespace Spar.Tests.Scenes.Importers.ARKitScenes;

/// <summary>
/// Writes the ARKitScenes fixture download (a landscape and a portrait scan) and imports it with 1, 2 and 3 threads and
/// as two shards: the outputs are byte-identical. With <c>SPAR_ARKITSCENES_FIXTURE_DIR</c> set the download is written
/// there and kept, so bench/scripts/byte-identity.sh can hash it and its <c>spar import arkitscenes</c> output.
/// </summary>
public class ARKitScenesFixtureDumpTests
{
    public const string EnvVar = "SPAR_ARKITSCENES_FIXTURE_DIR";

    [Fact]
    public void Fixture_download_is_written_and_imports_identically_for_any_thread_count_and_sharding()
    {
        using var temp = new TestPaths.TempDir();
        string root = Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } dir ? Path.GetFullPath(dir) : temp.Path;
        ARKitScenesFixture.Write(root);
        Dictionary<string, string> Import(string name, int threads, params Spar.Generation.ShardSpec[] shards)
        {
            var outDir = temp[name];
            foreach (var shard in shards.DefaultIfEmpty(Spar.Generation.ShardSpec.Whole))
            {
                var report = ARKitScenesImporter.Run(new ARKitScenesImportOptions { Input = root, OutDir = outDir, FrameStep = 2, VideoFrames = 3, Threads = threads, Shard = shard });
                Assert.Empty(report.Failures);
            }
            var images = Path.Combine(outDir, "arkitscenes", "images");
            return Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .ToDictionary(f => Path.GetRelativePath(images, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        }
        var one = Import("t1", 1);
        Assert.True(one.Count > 40, $"only {one.Count} files imported");
        Assert.Equal(one, Import("t3", 3));
        Assert.Equal(one, Import("shards", 2, Spar.Generation.ShardSpec.Parse("1/2"), Spar.Generation.ShardSpec.Parse("2/2")));
    }
}
