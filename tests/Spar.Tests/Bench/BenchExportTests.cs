using System.Security.Cryptography;
using System.Text.Json;
using Spar.Bench;
using Spar.Bench.Data;
using Spar.Bench.Export;
using Spar.Cli;

namespace Spar.Tests.Bench;

/// <summary>
/// The bridges out: <c>bench export --to vlmevalkit</c> (the SparBench TSV as VLMEvalKit's ImageBaseDataset reads it)
/// and <c>--to lmms-eval</c> (a task YAML including lmms-eval's sparbench.yaml, pointed at the parquet), read back.
/// </summary>
public sealed class BenchExportTests
{
    static List<BenchItem> Items() =>
    [
        .. BenchFixtures.Sample(),
        BenchFixtures.Item(4, "camera_motion_infer", "B", images: 2, question: "Q with \"quotes\", a comma,\r\nCRLF and 中文\nA. x\nB. y"),
    ];

    static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = SparCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Vlmevalkit_tsv_reads_back_field_by_field()
    {
        using var dir = new TestPaths.TempDir();
        var items = Items();
        FolderBenchWriter.Write(dir["bench"], items);

        var (exit, output, err) = Cli("bench", "export", dir["bench"], "--to", "vlmevalkit", dir["out"]);

        Assert.True(exit == 0, err);
        var tsv = dir["out/SparBench_spar.tsv"];
        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(tsv)));
        Assert.Contains($"5 rows → {dir["out"]}: SparBench_spar.tsv, SparBench_spar.tsv.md5, SparBench_spar_config.json, README.md (md5 {md5})", output);
        Assert.Equal($"{md5}  SparBench_spar.tsv\n", File.ReadAllText(dir["out/SparBench_spar.tsv.md5"]));

        // Every field back through spar's reader of VLMEvalKit TSVs (pandas quoting; base64 or a list literal).
        BenchFixtures.AssertSameItems(items, BenchSource.Open(tsv).Items().ToList(), comparePaths: false);

        // The raw cells, as ImageBaseDataset sees them.
        using var reader = DelimitedReader.Open(tsv);
        var fields = new List<string>();
        Assert.True(reader.TryRead(fields));
        Assert.Equal(["index", "image", "question", "answer", "task", "category", "img_type", "format_type", "source"], fields);
        Assert.True(reader.TryRead(fields));
        Assert.Equal(("0", Convert.ToBase64String(items[0].Images[0].Bytes()), "Low"), (fields[0], fields[1], fields[5]));
        Assert.True(reader.TryRead(fields)); // id 1
        Assert.True(reader.TryRead(fields)); // id 2: two images as str(list)
        Assert.Equal($"['{Convert.ToBase64String(items[2].Images[0].Bytes())}', '{Convert.ToBase64String(items[2].Images[1].Bytes())}']", fields[1]);
        Assert.Equal(("view_change_infer", "Medium"), (fields[4], fields[5]));

        // The quoting is pandas' minimal one: only cells with a tab, a newline or a quote are quoted.
        var lines = File.ReadAllText(tsv).Split('\n');
        Assert.StartsWith("0\t", lines[1]);
        Assert.Contains("\t\"Which is \"\"closer\"\"?\tTab\nA. chair\nB. desk\"\tA\t", File.ReadAllText(tsv));

        var config = JsonDocument.Parse(File.ReadAllText(dir["out/SparBench_spar_config.json"])).RootElement;
        var data = config.GetProperty("data").GetProperty("SparBench_spar");
        Assert.Equal(("SparBench", "SparBench_spar"), (data.GetProperty("class").GetString(), data.GetProperty("dataset").GetString()));
        Assert.Contains("python run.py --config SparBench_spar_config.json", File.ReadAllText(dir["out/README.md"]));
    }

    [Fact]
    public void Vlmevalkit_export_is_byte_identical_from_every_form_and_scores_like_the_original()
    {
        using var dir = new TestPaths.TempDir();
        var items = Items();
        FolderBenchWriter.Write(dir["bench"], items);
        ParquetBenchWriter.Write(dir["p/data/test-00000-of-00001.parquet"], items);
        VlmEvalKitExport.Write(BenchSource.Open(dir["bench"]), dir["a"]);
        VlmEvalKitExport.Write(BenchSource.Open(dir["p"]), dir["b"]);
        Assert.Equal(File.ReadAllBytes(dir["a/SparBench_spar.tsv"]), File.ReadAllBytes(dir["b/SparBench_spar.tsv"]));

        File.WriteAllLines(dir["pred.jsonl"], items.Select(i => JsonSerializer.Serialize(new { id = i.Id, prediction = i.Answer + " " })));
        var original = Cli("bench", "score", dir["bench"], dir["pred.jsonl"], "--json");
        var exported = Cli("bench", "score", dir["a/SparBench_spar.tsv"], dir["pred.jsonl"], "--json");
        Assert.True(original.Exit == 0 && exported.Exit == 0, original.Err + exported.Err);
        Assert.Equal(original.Out, exported.Out);
    }

    [Fact]
    public void Lmms_eval_yaml_points_the_official_task_at_the_parquet_shards()
    {
        using var dir = new TestPaths.TempDir();
        var items = Items();
        ParquetBenchWriter.Write(dir["hf/data/test-00000-of-00002.parquet"], items.Take(3));
        ParquetBenchWriter.Write(dir["hf/data/test-00001-of-00002.parquet"], items.Skip(3));

        var (exit, output, err) = Cli("bench", "export", dir["hf"], "--to", "lmms-eval", dir["out"], "--name", "sparbench_mine");

        Assert.True(exit == 0, err);
        Assert.Contains("5 rows", output);
        Assert.False(Directory.Exists(dir["out/data"])); // a parquet benchmark is pointed at, not copied
        var yaml = File.ReadAllLines(dir["out/sparbench_mine.yaml"]).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal([
            "include: sparbench.yaml",
            "task: sparbench_mine",
            "dataset_path: parquet",
            "dataset_kwargs:",
            "  data_files:",
            "    test:",
            $"      - \"{Path.GetFullPath(dir["hf/data/test-00000-of-00002.parquet"])}\"",
            $"      - \"{Path.GetFullPath(dir["hf/data/test-00001-of-00002.parquet"])}\"",
            "test_split: test",
        ], yaml);
        var readme = File.ReadAllText(dir["out/README.md"]);
        Assert.Contains("--tasks sparbench_mine", readme);
        Assert.Contains("cp sparbench_mine.yaml \"$TASKS/\"", readme);
    }

    [Fact]
    public void Lmms_eval_export_of_another_form_writes_the_parquet_it_points_at()
    {
        using var dir = new TestPaths.TempDir();
        var items = Items();
        FolderBenchWriter.Write(dir["bench"], items);

        var result = LmmsEvalExport.Write(BenchSource.Open(dir["bench"]), dir["out"]);

        Assert.Equal(["data/test-00000-of-00001.parquet", "sparbench_spar.yaml", "README.md"], result.Files);
        var shard = Path.GetFullPath(dir["out/data/test-00000-of-00001.parquet"]);
        Assert.Contains($"      - \"{shard}\"", File.ReadAllLines(dir["out/sparbench_spar.yaml"]));
        BenchFixtures.AssertSameItems(items, BenchSource.Open(shard).Items().ToList(), comparePaths: false);
    }

    [Theory]
    [InlineData("lmms-eval", "Bad-Name", "task name 'Bad-Name' must be lower-case letters")]
    [InlineData("vlmevalkit", "a/b", "dataset name 'a/b' must be letters")]
    public void Names_that_would_break_the_tools_are_refused(string to, string name, string message)
    {
        using var dir = new TestPaths.TempDir();
        FolderBenchWriter.Write(dir["bench"], Items());
        var (exit, _, err) = Cli("bench", "export", dir["bench"], "--to", to, dir["out"], "--name", name);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Yaml_strings_are_escaped() =>
        Assert.Equal("\"a\\\\b \\\"c\\\" \\u0009\"", LmmsEvalExport.Quoted("a\\b \"c\" \t"));
}
