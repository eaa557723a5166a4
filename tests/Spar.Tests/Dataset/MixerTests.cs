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
    [InlineData("--ratio", "scannet_0k=nan")]
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
}
