using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>Opens a benchmark in whichever form <paramref name="path"/> holds.</summary>
public static class BenchSource
{
    /// <summary>
    /// A <c>.parquet</c> file; a folder with <c>bench.jsonl</c> (folder form); a folder with parquet shards anywhere below
    /// it (read in ordinal path order, as HF's <c>data/test-0000k-of-0000n.parquet</c> sort); a <c>.tsv</c>/<c>.csv</c> file.
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
            var shards = Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).ToList();
            if (shards.Count > 0) return new ParquetBenchReader(shards, path);
            throw new SparException($"{path}: folder has neither {FolderBenchReader.IndexFile} nor parquet shards");
        }
        throw new SparException($"{path}: no such file or folder");
    }
}
