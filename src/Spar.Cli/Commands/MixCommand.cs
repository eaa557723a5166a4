using System.CommandLine;
using Spar.Dataset;

namespace Spar.Cli.Commands;

internal static class MixCommand
{
    public static Command Create()
    {
        var indexDir = new Option<string>("--index-dir") { Description = "Folder with the index files (data_jsons/)", Required = true };
        var config = new Option<string?>("--config") { Description = "JSON with \"mix_ratios\" and \"qa_type_ratios\" (defaults: the official tables)" };
        var ratio = new Option<string[]>("--ratio") { Description = "Dataset ratio NAME=R (index file stem, e.g. scannet_7799k=0.5); without --config these entries are the whole dataset table", AllowMultipleArgumentsPerToken = true };
        var formatRatio = new Option<string[]>("--format-ratio") { Description = "Format ratio FMT=R (sentence, select, fill, judge); repeatable", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("mix", "Mix index files with per-source and per-format ratios, exactly as the official mix_data.py")
        {
            indexDir, config, ratio, formatRatio,
        };
        cmd.SetAction(p =>
        {
            var path = p.GetValue(config);
            var dir = p.GetValue(indexDir)!;
            var ratios = p.GetValue(ratio) ?? [];
            var formats = p.GetValue(formatRatio) ?? [];
            MixConfig mix;
            if (path != null) mix = MixConfig.Load(path).With(ratios, formats);
            else if (ratios.Length > 0) mix = MixConfig.Official.WithOnlyDatasets(ratios).With([], formats);
            else
            {
                mix = MixConfig.Official.With([], formats);
                if (!mix.AnyDatasetIn(dir))
                {
                    mix = mix.WithIndexFilesIn(dir);
                    p.InvocationConfiguration.Error.WriteLine(
                        $"note: the official index names (scannet_7799k, …) are not in {dir}; mixing its index files with ratio 1.0: {string.Join(", ", mix.MixRatios.Select(kv => kv.Key))}");
                }
            }
            var report = Mixer.Mix(dir, mix);
            foreach (var w in report.Warnings) p.InvocationConfiguration.Error.WriteLine($"warning: {w}");
            p.InvocationConfiguration.Output.WriteLine($"{report.OutputPath}: {report.Entries} entries, total length_with_repeat {report.TotalLengthWithRepeat:N0}");
            return 0;
        });
        return cmd;
    }
}
