using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>Opens a benchmark in whichever form <paramref name="path"/> holds.</summary>
public static class BenchSource
{
    /// <summary>The file a <c>spar bench build</c> output folder is recognised by.</summary>
    public const string BuildManifestFile = "build.json";

    /// <summary>
    /// A <c>.parquet</c> file; a folder with <c>bench.jsonl</c> (folder form); a <c>spar bench build</c> output (a folder
    /// with <c>build.json</c>: its main benchmark <c>parquet/</c>, said in <see cref="IBenchSource.Note"/>); a folder
    /// with the parquet shards of one benchmark below it (read in ordinal path order, as HF's
    /// <c>data/test-0000k-of-0000n.parquet</c> sort); a <c>.tsv</c>/<c>.csv</c> file.
    /// </summary>
    public static IBenchSource Open(string path)
    {
        if (File.Exists(path))
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            return ext switch
            {
                ".parquet" => new ParquetBenchReader([path], path),
                ".tsv" or ".csv" => new TsvBenchReader(path),
                ".jsonl" when Path.GetFileName(path) == FolderBenchReader.IndexFile => new FolderBenchReader(Path.GetDirectoryName(Path.GetFullPath(path))!),
                _ => throw new SparException($"{path}: unknown benchmark form (expected .parquet, .tsv, .csv, or a folder)"),
            };
        }
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, FolderBenchReader.IndexFile))) return new FolderBenchReader(path);
            if (File.Exists(Path.Combine(path, BuildManifestFile)))
            {
                var main = Path.Combine(path, "parquet");
                if (!Directory.Exists(main))
                    throw new SparException($"{path}: a bench build output without its main benchmark parquet/ (rebuild it, or pass folder/)");
                var tiny = Directory.Exists(Path.Combine(path, "tiny")) ? $"; the tiny one is {Path.Combine(path, "tiny", "parquet")}" : "";
                return Shards(main, $"{path} is a bench build output: using its main benchmark {main}{tiny}");
            }
            return Shards(path, null);
        }
        throw new SparException($"{path}: no such file or folder");
    }

    /// <summary>
    /// The shards below <paramref name="folder"/>, which must belong to one benchmark: shards in several benchmark
    /// folders (a shard's folder, or the parent of a folder named <c>data</c>, as in HF's layout) are refused, since
    /// their rows would be read as one benchmark with every id twice.
    /// </summary>
    static ParquetBenchReader Shards(string folder, string? note)
    {
        var shards = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (shards.Count == 0) throw new SparException($"{folder}: folder has neither {FolderBenchReader.IndexFile} nor parquet shards");
        var benchmarks = shards.Select(s => BenchmarkFolder(folder, s)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (benchmarks.Count > 1)
            throw new SparException($"{folder}: several benchmarks found: {string.Join(", ", benchmarks)} — pass one");
        return new ParquetBenchReader(shards, folder) { Note = note };
    }

    static string BenchmarkFolder(string root, string shard)
    {
        var dir = Path.GetDirectoryName(Path.GetRelativePath(root, shard)) ?? "";
        if (Path.GetFileName(dir) == "data") dir = Path.GetDirectoryName(dir) ?? "";
        return dir.Length == 0 ? "./" : dir.Replace('\\', '/') + "/";
    }
}
