using System.Text;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Tests.Dataset;

public class MixerTests
{
    const string Index = """{"scannet_obj_count_fill": {"root": "spar/scannet/images", "annotation": "spar/scannet/qa_jsonl/train/obj_count/fill/fill_30.jsonl", "repeat_time": 1, "length": 30}}""";

    static string IndexDir(TestPaths.TempDir dir, bool bom = false)
    {
        Directory.CreateDirectory(dir["dj"]);
        File.WriteAllText(dir["dj/scannet_0k.json"], Index, new UTF8Encoding(bom));
        return dir["dj"];
    }

    [Theory]
    [InlineData("--ratio", "scannet_0k=-1")]
    [InlineData("--ratio", "scannet_0k=-0.5")]
    [InlineData("--ratio", "scannet_0k=1e400")]
    [InlineData("--format-ratio", "fill=-0.1")]
    public void Negative_or_non_finite_ratios_are_rejected(string option, string value)
    {
        var e = Assert.Throws<SparException>(() => option == "--ratio"
            ? MixConfig.Official.WithOnlyDatasets([value])
            : MixConfig.Official.With([], [value]));
        Assert.Contains($"{option} {value}: a ratio must be a finite number ≥ 0", e.Message);
    }

    [Fact]
    public void A_negative_ratio_in_a_config_file_is_rejected_and_nothing_is_written()
    {
        using var dir = new TestPaths.TempDir();
        var dj = IndexDir(dir);
        File.WriteAllText(dir["mix.json"], """{"mix_ratios": {"scannet_0k": 1.0}, "qa_type_ratios": {"fill": -1}}""");
        var e = Assert.Throws<SparException>(() => MixConfig.Load(dir["mix.json"]));
        Assert.Contains("qa_type_ratios.fill", e.Message);
        Assert.Single(Directory.GetFiles(dj));
    }

    [Fact]
    public void Config_and_index_files_with_a_bom_are_read()
    {
        using var dir = new TestPaths.TempDir();
        var dj = IndexDir(dir, bom: true);
        File.WriteAllText(dir["mix.json"], """{"mix_ratios": {"scannet_0k": 2.0}}""", new UTF8Encoding(true));
        var report = Mixer.Mix(dj, MixConfig.Load(dir["mix.json"]));
        Assert.Equal(Path.Combine(dj, "2scannet_0m.json"), report.OutputPath);
        Assert.Equal(6, report.TotalLengthWithRepeat);   // 30 × (2.0 × 0.1)
    }

    [Fact]
    public void Replacing_a_different_mix_of_the_same_name_is_a_warning()
    {
        using var dir = new TestPaths.TempDir();
        var dj = IndexDir(dir);
        var one = Mixer.Mix(dj, MixConfig.Official.WithOnlyDatasets(["scannet_0k=1"]));
        Assert.Empty(one.Warnings);
        Assert.Empty(Mixer.Mix(dj, MixConfig.Official.WithOnlyDatasets(["scannet_0k=1"])).Warnings);   // same content: silent
        // int 10 prints as "1" in the official name: a different mix lands on the same file
        var ten = Mixer.Mix(dj, MixConfig.Official.WithOnlyDatasets(["scannet_0k=10"]));
        Assert.Equal(one.OutputPath, ten.OutputPath);
        var warning = Assert.Single(ten.Warnings);
        Assert.Contains($"{one.OutputPath} already exists with different content and is replaced", warning);
        Assert.Contains("\"length_with_repeat\": 30", File.ReadAllText(ten.OutputPath));
    }

    [Theory]
    [InlineData("01")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+1")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("1e")]
    [InlineData("0x10")]
    [InlineData(" 1")]
    public void A_ratio_on_the_command_line_must_be_a_json_number(string number)
    {
        var e = Assert.Throws<SparException>(() => MixConfig.Official.WithOnlyDatasets([$"scannet_0k={number}"]));
        Assert.Contains($"--ratio scannet_0k={number}: expected NAME=NUMBER with NUMBER written as in the JSON config", e.Message);
    }

    [Fact]
    public void An_int_ratio_beyond_64_bits_is_refused()
    {
        var e = Assert.Throws<SparException>(() => MixConfig.Official.WithOnlyDatasets(["scannet_0k=99999999999999999999"]));
        Assert.Contains("--ratio scannet_0k=99999999999999999999: the integer does not fit 64 bits", e.Message);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("2", false)]
    [InlineData("-0", false)]
    [InlineData("0.5", true)]
    [InlineData("1e-3", true)]
    [InlineData("2E+1", true)]
    public void Json_numbers_are_accepted_with_the_int_or_float_kind_json_load_gives(string number, bool isFloat)
    {
        var ratio = MixConfig.Official.WithOnlyDatasets([$"scannet_0k={number}"]).MixRatios.Single().Value;
        Assert.Equal(!isFloat, ratio.IsInt);
    }

    [Theory]
    [InlineData("1e308")]                    // × 0.1 = 1e307: 30 × 1e307 does not fit a long
    [InlineData("9223372036854775807")]      // int × float 0.1 ≈ 9.2e17, × 30 > 2^63
    public void A_ratio_whose_length_with_repeat_does_not_fit_is_refused_and_nothing_is_written(string ratio)
    {
        using var dir = new TestPaths.TempDir();
        var dj = IndexDir(dir);
        var e = Assert.Throws<SparException>(() => Mixer.Mix(dj, MixConfig.Official.WithOnlyDatasets([$"scannet_0k={ratio}"])));
        Assert.Contains("entry scannet_obj_count_fill: length 30 × repeat_time", e.Message);
        Assert.Contains("does not fit a 64-bit record count", e.Message);
        Assert.Single(Directory.GetFiles(dj));
    }

    [Fact]
    public void An_int_ratio_product_that_overflows_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        var dj = IndexDir(dir);
        var config = MixConfig.Official.WithOnlyDatasets(["scannet_0k=4611686018427387904"]).With([], ["fill=4"]);
        var e = Assert.Throws<SparException>(() => Mixer.Mix(dj, config));
        Assert.Contains("repeat_time 4611686018427387904 × 4 does not fit", e.Message);
        Assert.Single(Directory.GetFiles(dj));
    }

    [Fact]
    public void Indexing_another_split_into_the_same_folder_warns_that_the_index_is_replaced()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        var record = TreeBuilder.Record("a", "depth_prediction_oc", "q", "1.5", ["a.jpg"], "\"red_point\": [[1, 2]]");
        t.Lines("scannet", "train", "depth_prediction_oc", "fill", record, record);
        t.Lines("scannet", "val", "depth_prediction_oc", "fill", record);
        var tree = SparTree.Open(dir["spar"]);

        var train = IndexBuilder.Build(tree, new IndexOptions { OutDir = dir["idx"] });
        Assert.Empty(train.Problems);
        Assert.Empty(IndexBuilder.Build(tree, new IndexOptions { OutDir = dir["idx"] }).Problems);   // same content: silent
        var val = IndexBuilder.Build(tree, new IndexOptions { OutDir = dir["idx"], Split = "val" });
        Assert.Equal(train.Outputs.Single().Path, val.Outputs.Single().Path);   // official naming: scannet_0k.json both times
        var warning = Assert.Single(val.Problems);
        Assert.Equal((Severity.Warning, "replaced", Path.GetFullPath(val.Outputs.Single().Path)), (warning.Severity, warning.Kind, warning.File));
        Assert.Contains("already exists with different content and is replaced", warning.Message);
        Assert.False(val.HasErrors);
    }
}

/// <summary>Issue 13, defect 6: an index file with an integer beyond 64 bits (Python's json reads it) is bad input, not a crash.</summary>
public class MixerHugeIntegerTests
{
    [Theory]
    [InlineData("\"length\": 123456789012345678901234567890", "\"scannet_obj_count_fill.length\": the integer 123456789012345678901234567890 does not fit in 64 bits")]
    [InlineData("\"length\": 30, \"extra\": [1, -99999999999999999999]", "\"scannet_obj_count_fill.extra[1]\": the integer -99999999999999999999")]
    public void Mix_names_the_file_and_field_and_exits_2(string fields, string expected)
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir["dj"]);
        var index = dir["dj/scannet_0k.json"];
        File.WriteAllText(index, $$$"""{"scannet_obj_count_fill": {"root": "spar/scannet/images", "annotation": "a.jsonl", "repeat_time": 1, {{{fields}}}}}""");
        var before = File.ReadAllBytes(index);
        var (exit, _, err) = Spar.Tests.Cli.CliRunner.Run("mix", "--index-dir", dir["dj"], "--ratio", "scannet_0k=1");
        Assert.Equal(2, exit);
        Assert.Contains($"error: {index}: {expected}", err);
        Assert.Equal(before, File.ReadAllBytes(index));
        Assert.Single(Directory.GetFiles(dir["dj"]));   // nothing written
    }

    [Fact]
    public void A_huge_integer_in_a_mix_config_names_the_field()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["mix.json"], """{"mix_ratios": {"scannet_0k": 1e2, "rxr_1k": 100000000000000000000000}}""");
        var e = Assert.Throws<SparException>(() => MixConfig.Load(dir["mix.json"]));
        Assert.Contains("\"mix_ratios.rxr_1k\": the integer 100000000000000000000000 does not fit in 64 bits", e.Message);
    }
}
