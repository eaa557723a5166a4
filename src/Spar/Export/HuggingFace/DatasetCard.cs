using System.Globalization;
using System.Text;
using Spar.Util;

namespace Spar.Export.HuggingFace;

/// <summary>
/// The export's <c>README.md</c>: the Hub dataset card whose YAML header <c>datasets</c> reads (<c>configs</c> with their
/// <c>data_files</c>, <c>dataset_info</c> with features and split sizes, in the YAML form of
/// <c>Features._from_yaml_list</c>), then counts, the licence notice of the annotations and of the images, and SPAR's
/// citation.
/// </summary>
public static class DatasetCard
{
    const string AllConfig = "all";

    public static string Write(string outDir, IReadOnlyList<HfSplit> splits, HfExportOptions options)
    {
        var path = Path.Combine(outDir, "README.md");
        AtomicFile.WriteAllText(path, Text(splits, options));
        return path;
    }

    static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Text(IReadOnlyList<HfSplit> splits, HfExportOptions options)
    {
        var sources = splits.Select(s => s.Source).Distinct().Order(StringComparer.Ordinal).ToList();
        var splitNames = splits.Select(s => s.Split).Distinct().Order(StringComparer.Ordinal).ToList();
        var y = new StringBuilder();
        y.Append("---\nlicense: mit\npretty_name: SPAR-7M\nlanguage:\n- en\ntask_categories:\n- visual-question-answering\n");
        y.Append("tags:\n- spatial-reasoning\n- 3d\n- spar\nconfigs:\n");
        Config(y, AllConfig, true, splitNames.Select(sp => (sp, $"data/*/{sp}-*.parquet")));
        foreach (var source in sources)
            Config(y, source, false, splits.Where(s => s.Source == source).Select(s => (s.Split, $"data/{source}/{s.Split}-*.parquet")));
        y.Append("dataset_info:\n");
        Info(y, AllConfig, options.EmbedImages, splitNames.Select(sp => (sp, splits.Where(s => s.Split == sp).Sum(s => s.Rows))));
        foreach (var source in sources)
            Info(y, source, options.EmbedImages, splits.Where(s => s.Source == source).Select(s => (s.Split, s.Rows)));
        y.Append("---\n\n");

        y.Append("# SPAR-7M\n\n");
        y.Append("Spatial perception and reasoning QA from [SPAR](https://github.com/fudan-zvg/spar), exported by `spar export --to hf`.\n");
        y.Append("One config per source and `all` (the default); the record `type` (35 task types) and the answer `format` (fill, select, sentence, judge) are columns.\n\n");
        y.Append("```python\nfrom datasets import load_dataset\nds = load_dataset(\"path/to/this/folder\", \"scannet\", split=\"train\")\n```\n\n");
        y.Append(options.EmbedImages
            ? "`image` holds the images (`Sequence(Image)`).\n\n"
            : "`image` holds paths relative to this folder (not the images: export with `--embed-images` for a self-contained dataset); " +
              "`datasets` opens relative paths against the working directory, so join them with this folder before casting to `Image`.\n\n");
        if (options.BurnMarkers) y.Append("The markers (points, boxes) are drawn into the images.\n\n");
        y.Append("`conversations` is the record's `[{from, value}]`; the marker columns (`red_point` … `bbox_img_idx`) are as in the jsonl release, null when absent; `extra` is a JSON object of the record's other fields.\n\n");

        y.Append("## Counts\n\n| source | split | records |\n|---|---|---:|\n");
        foreach (var s in splits) y.Append($"| {s.Source} | {s.Split} | {N(s.Rows)} |\n");
        y.Append("\n| source | split | type | records |\n|---|---|---|---:|\n");
        foreach (var s in splits)
            foreach (var (type, rows) in s.RowsByType) y.Append($"| {s.Source} | {s.Split} | {type} | {N(rows)} |\n");

        y.Append("\n## Licence\n\n");
        y.Append("The SPAR-7M annotations (questions, answers, markers, splits) are released by their authors under the MIT licence.\n");
        y.Append("The images are **not** covered by it: they come from ScanNet, ScanNet++, Structured3D and Matterport3D (RxR), each under its own terms of use, " +
                 "which forbid redistribution. " + (options.EmbedImages
                     ? "This export embeds images: keep it to yourself (do not upload it to the Hub or share it) unless those terms allow it.\n"
                     : "This export holds no images, only paths into your own copy.\n"));
        y.Append("\n## Citation\n\n```bibtex\n@article{zhang2025from,\n    title={From Flatland to Space: Teaching Vision-Language Models to Perceive and Reason in 3D},\n" +
                 "    author={Zhang, Jiahui and Chen, Yurui and Xu, Yueming and Huang, Ze and Mei, Jilin and Chen, Junhui and Zhou, Yanpeng and Yuan, Yujie and Cai, Xinyue and Huang, Guowei and Quan, Xingyue and Xu, Hang and Zhang, Li},\n" +
                 "    year={2025},\n    journal={arXiv preprint arXiv:2503.22976},\n}\n```\n");
        return y.ToString();
    }

    static void Config(StringBuilder y, string name, bool isDefault, IEnumerable<(string Split, string Glob)> files)
    {
        y.Append($"- config_name: {name}\n");
        if (isDefault) y.Append("  default: true\n");
        y.Append("  data_files:\n");
        foreach (var (split, glob) in files) y.Append($"  - split: {split}\n    path: {glob}\n");
    }

    static void Info(StringBuilder y, string name, bool embedImages, IEnumerable<(string Split, long Rows)> splits)
    {
        y.Append($"- config_name: {name}\n  features:\n");
        foreach (var c in new[] { "id", "source", "type", "format" }) y.Append($"  - name: {c}\n    dtype: string\n");
        y.Append("  - name: conversations\n    list:\n    - name: from\n      dtype: string\n    - name: value\n      dtype: string\n");
        y.Append($"  - name: image\n    sequence: {(embedImages ? "image" : "string")}\n");
        y.Append("  - name: depth\n    sequence: string\n");
        foreach (var m in HfParquet.MarkerColumns) y.Append($"  - name: {m}\n    sequence:\n      sequence: float64\n");
        y.Append("  - name: extra\n    dtype: string\n  splits:\n");
        foreach (var (split, rows) in splits) y.Append($"  - name: {split}\n    num_examples: {N(rows)}\n");
    }
}
