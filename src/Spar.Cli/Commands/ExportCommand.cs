using System.CommandLine;
using Spar.Dataset;
using Spar.Export;
using Spar.Imaging;

namespace Spar.Cli.Commands;

/// <summary><c>spar export ROOT --to llava|sharegpt|internvl|hf --out DIR [--burn-markers] [--index data_json] [--embed-images]</c>.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var root = CommonOptions.TreeRoot();
        var to = new Option<string>("--to") { Description = "Training format: llava, sharegpt or internvl; or hf, a Hugging Face datasets folder (parquet shards and a dataset card)", Required = true }.OneOf("llava", "sharegpt", "internvl", "hf");
        var output = new Option<string>("--out") { Description = "output folder; image paths in the files are relative to it", Required = true };
        var burn = new Option<bool>("--burn-markers") { Description = "write copies of marked images (content-addressed PNG) and point at them" };
        var index = new Option<string?>("--index") { Description = "data_json index or mix file: which datasets, in which order, with repeat_time" };
        var split = new Option<string>("--split") { Description = "split to export when reading the tree: train (default; SPAR-Bench is built from val), val, … or all", DefaultValueFactory = _ => "train" };
        var threads = CommonOptions.Threads();
        var allowOutside = CommonOptions.AllowOutside();
        var format = new Option<string>("--burn-format") { Description = "png (lossless, default) or jpg (JPEG at --jpeg-quality: ~3x faster, ~5x smaller)", DefaultValueFactory = _ => "png" };
        format.OneOf("png", "jpg");
        var quality = new Option<int>("--jpeg-quality") { Description = "JPEG quality 1-100 for --burn-format jpg", DefaultValueFactory = _ => 95 }.InRange(1, 100);
        var level = new Option<int>("--png-level") { Description = "PNG compression for burned images: 0 stored, 1 Huffman-only (fastest), 2-9 zlib levels; lossless at every level", DefaultValueFactory = _ => Spar.Imaging.ImageCodec.DefaultPngLevel }.InRange(0, 9);
        var embed = new Option<bool>("--embed-images") { Description = "hf: write the images into the parquet (Sequence(Image)); without it the image column holds paths relative to --out" };
        var shardRows = new Option<int>("--shard-rows") { Description = "hf: rows per parquet file (default 100,000; 2,000 with --embed-images)" }.InRange(0, int.MaxValue);
        var sources = CommonOptions.Sources();
        var cmd = new Command("export", "Export conversations for LLaVA, LLaMA-Factory (ShareGPT) or InternVL, prompts as SPAR's loader builds them")
        {
            root, to, output, burn, index, split, threads, format, quality, level, allowOutside, embed, shardRows, sources,
        };
        cmd.SetStoppableAction((parse, cancel) =>
        {
            var err = parse.InvocationConfiguration.Error;
            if (parse.GetValue(to) == "hf")
            {
                if (parse.GetValue(index) != null) throw new Spar.Util.SparException("--index: the hf export reads the tree (one config per source); mix with an index is for the training formats");
                var hf = new Spar.Export.HuggingFace.HfExportOptions(parse.GetValue(output)!)
                {
                    EmbedImages = parse.GetValue(embed), BurnMarkers = parse.GetValue(burn),
                    // Every split unless one is named: a Hub dataset holds train and val side by side.
                    Split = parse.GetResult(split) is { Implicit: false } && parse.GetValue(split) is { } sp and not "all" ? sp : null,
                    Sources = CommonOptions.NullIfEmpty(parse.GetValue(sources)), ShardRows = parse.GetValue(shardRows),
                    Threads = parse.GetValue(threads), Paths = CommonOptions.Paths(parse, allowOutside),
                };
                var hfTree = CommonOptions.OpenTree(parse, root);
                long hfErrors = 0;
                var result = ProgressView.Run(err, "export hf", progress => Spar.Export.HuggingFace.HfExport.Run(hfTree, hf, issue =>
                {
                    if (issue.IsError) hfErrors++;
                    lock (err) err.WriteLine(issue);
                }, progress, cancel));
                var so = parse.InvocationConfiguration.Output;
                foreach (var s in result.Splits) so.WriteLine($"  {s.Source}/{s.Split}: {s.Rows:N0} records in {s.Files.Count} file(s)");
                so.WriteLine($"{result.Rows:N0} records exported, {result.Skipped:N0} skipped; dataset card {Path.Combine(Path.GetFullPath(hf.OutDir), "README.md")}");
                return hfErrors > 0 ? 1 : 0;
            }
            var options = new ExportOptions(parse.GetValue(output)!, ConversationWriters.Parse(parse.GetValue(to)!), parse.GetValue(burn),
                parse.GetValue(index), parse.GetValue(split) is "all" ? null : parse.GetValue(split), parse.GetValue(threads), parse.GetValue(level),
                parse.GetValue(format) == "jpg" ? parse.GetValue(quality) : null) { Paths = CommonOptions.Paths(parse, allowOutside) };
            var tree = CommonOptions.OpenTree(parse, root);
            long errors = 0;
            var summary = ProgressView.Run(parse.InvocationConfiguration.Error, "export", progress => new Exporter(options).Run(tree, issue =>
            {
                if (issue.IsError) errors++;
                lock (err) err.WriteLine(issue);
            }, progress, cancel));
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{summary.Samples:N0} samples exported, {summary.Skipped:N0} skipped" +
                        (options.BurnMarkers ? $", {summary.ImagesDrawn:N0} marked images drawn, {summary.ImagesReused:N0} reused" : ""));
            foreach (var f in summary.Files) o.WriteLine($"  {f}");
            if (summary.UnmarkedWithMarkers > 0)
                err.WriteLine($"warning: {summary.UnmarkedWithMarkers:N0} samples ask about marked objects (\"the chair (red point)\") but point at " +
                              "images without markers: SPAR's loader draws them, training frameworks do not. Add --burn-markers to export marked copies.");
            return errors > 0 ? 1 : 0;
        });
        return cmd;
    }
}
