using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Spar.Dataset;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Tests.Dataset;

/// <summary>spar index / mix against the outputs of the official scripts on the same tree (vectors/index_mix).</summary>
public class OfficialIndexMixTests
{
    static readonly string Case = Path.Combine(TestPaths.Vectors, "index_mix");

    static TestPaths.TempDir ExtractTree()
    {
        var dir = new TestPaths.TempDir();
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Case, "input_tree.tar.gz")), CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gz, dir.Path, overwriteFiles: false);
        return dir;
    }

    static Dictionary<string, string> Entries(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var obj = (PyJson.Obj)PyJson.FromElement(doc.RootElement);
        return obj.Members.ToDictionary(m => m.Key, m => m.Value.Dump(ensureAscii: true));
    }

    static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Index_matches_the_official_script_and_leaves_the_tree_untouched(bool validate)
    {
        using var dir = ExtractTree();
        var before = Snapshot(dir.Path);
        var report = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["data_jsons"], Validate = validate });

        var expectedDir = Path.Combine(Case, "generate", "data_jsons");
        var expectedNames = Directory.GetFiles(expectedDir).Select(f => Path.GetFileName(f)).Order().ToList();
        Assert.Equal(expectedNames, report.Outputs.Select(o => Path.GetFileName(o.Path)).Order().ToList());
        foreach (var name in expectedNames)
            Assert.Equal(Entries(Path.Combine(expectedDir, name)), Entries(dir[Path.Combine("data_jsons", name)]));

        // The official script renamed three files; spar reports them instead and changes nothing.
        Assert.Equal(before, Snapshot(dir.Path).Where(kv => !kv.Key.StartsWith("data_jsons")).ToDictionary());
        var mismatches = report.Problems.Where(p => p.Kind == "count-mismatch").Select(p => p.File).Order().ToList();
        Assert.Equal(["scannet/qa_jsonl/train/depth_prediction_oc/fill/fill_40.jsonl",
                      "scannetpp/qa_jsonl/train/obj_spatial_relation_oo_mv/judge/judge_10.jsonl",
                      "structured3d/qa_jsonl/train/position_matching/sentence/sentence_7.jsonl"], mismatches);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Fix_names_renames_as_the_official_script_did()
    {
        using var dir = ExtractTree();
        var report = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["data_jsons"], FixNames = true });
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Case, "renames.json")));
        var expected = doc.RootElement.GetProperty("renamed_by_generate_data_josn").EnumerateArray()
            .Select(e => e.GetProperty("new").GetString()!).Order().ToList();
        foreach (var rel in expected) Assert.True(File.Exists(dir[rel]), rel);
        Assert.Equal(3, report.Renames.Count);
        // After renaming, the index points at the files that exist.
        var scannet = Entries(report.Outputs.Single(o => o.Source == "scannet").Path);
        Assert.Contains("fill_45.jsonl", scannet["scannet_depth_prediction_oc_fill"]);
    }

    [Fact]
    public void Mix_with_default_ratios_matches_the_official_output()
    {
        using var dir = ExtractTree();
        IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["data_jsons"] });
        // The official mix hard-codes the released index names; the vector copied its inputs to those names.
        foreach (var (from, to) in new[] { ("rxr_0k", "rxr_11k"), ("scannet_1k", "scannet_7799k"), ("scannetpp_0k", "scannetpp_5941k"), ("structured3d_0k", "structured3d_2523k") })
            File.Copy(dir[$"data_jsons/{from}.json"], dir[$"data_jsons/{to}.json"]);

        var report = Mixer.Mix(dir["data_jsons"], MixConfig.Official);

        var expected = Path.Combine(Case, "mix_default", "1rxr_1scannet_1scannetpp_1structured3d_0m.json");
        Assert.Equal(Path.GetFileName(expected), Path.GetFileName(report.OutputPath));
        Assert.Equal(Entries(expected), Entries(report.OutputPath));
        Assert.Equal(741, report.TotalLengthWithRepeat);
        Assert.Contains("Unknown task type: choice, skipping.", report.Warnings);
    }

    [Fact]
    public void Mix_with_patched_ratios_matches_the_official_output_including_int_ratio_naming()
    {
        using var dir = ExtractTree();
        IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["data_jsons"] });
        var config = new MixConfig(
            [new("rxr_0k", PyNumber.Float(0.5)), new("scannet_1k", PyNumber.Float(1.0)), new("scannetpp_0k", PyNumber.Int(2)), new("structured3d_0k", PyNumber.Float(0.25))],
            MixConfig.Official.FormatRatios);

        var report = Mixer.Mix(dir["data_jsons"], config);

        var expected = Path.Combine(Case, "mix_patched", "0.5rxr_1scannet_2scannetpp_0.25structured3d_0m.json");
        Assert.Equal(Path.GetFileName(expected), Path.GetFileName(report.OutputPath));
        Assert.Equal(Entries(expected), Entries(report.OutputPath));
        Assert.Equal(755, report.TotalLengthWithRepeat);
    }

    [Fact]
    public void Mix_config_file_and_cli_overrides_keep_int_and_float_apart()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["mix.json"], """{"mix_ratios": {"a_1k": 2, "b_1k": 2.0}, "qa_type_ratios": {"fill": 1}}""");
        var config = MixConfig.Load(dir["mix.json"]).With(["c_1k=10", "a_1k=0.5"], ["judge=0.2"]);
        Assert.Equal(["0.5a", "2b", "1c"], config.MixRatios.Select(kv => Mixer.RatioLabel(kv.Value) + kv.Key.Split('_')[0]));
        Assert.Equal(["fill", "judge"], config.FormatRatios.Select(kv => kv.Key));
    }
}
