using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Spar.Tests.Cli;
using Spar.Tests.Dataset;

namespace Spar.Tests.Export;

/// <summary>
/// <c>spar export --to hf</c> on the real SPAR-7M records: the shards read back field by field (schema, lists, nulls,
/// image bytes), the <c>huggingface</c> metadata and the card's YAML say what datasets' readers expect, and the export
/// is byte-identical across thread counts. bench/scripts/check-hf-export.mjs reads the same folder with DuckDB.
/// </summary>
public class HfExportTests
{
    static string Real(string relative) => Path.Combine(TestPaths.Shared, "real", "spar7m", "spar", relative);

    static string RealTreeWithImages(TestPaths.TempDir dir)
    {
        var spar = dir["spar"];
        foreach (var f in Directory.EnumerateFiles(Real(""), "*", SearchOption.AllDirectories))
        {
            var dst = Path.Combine(spar, Path.GetRelativePath(Real(""), f));
            Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
            File.Copy(f, dst);
        }
        // A val record with point_list and an unknown field: both go to "extra"; no depth, no markers: nulls.
        new TreeBuilder(spar).Lines("scannet", "val", "obj_count", "fill",
            TreeBuilder.Record("scene0012_01_9", "obj_count", "How many chairs are there?", "3", ["scene0012_01/image_color/133.jpg"],
                "\"point_list\": [[[1, 2], [3, 4.5]]], \"difficulty\": \"hard\""));
        return spar;
    }

    /// <summary>A leaf column read raw: its defined values (dense, as objects) and its levels.</summary>
    sealed record Leaf(object[] Data, int[] DefinitionLevels, int[] RepetitionLevels);

    static async Task<Leaf> ReadLeaf(ParquetRowGroupReader g, DataField f)
    {
        int n = checked((int)g.GetMetadata(f)!.MetaData!.NumValues);
        var def = new int[n];
        var rep = new int[n];
        object[] values;
        if (f.ClrType == typeof(double))
        {
            var v = new double[n];
            await g.ReadRawAsync(f, v.AsMemory(), def.AsMemory(), rep.AsMemory());
            values = [.. v.Cast<object>()];
        }
        else if (f.ClrType == typeof(byte[]) || f.ClrType == typeof(ReadOnlyMemory<byte>))
        {
            var v = new ReadOnlyMemory<byte>[n];
            await g.ReadRawAsync(f, v.AsMemory(), def.AsMemory(), rep.AsMemory());
            values = [.. v.Select(b => (object)b.ToArray())];
        }
        else
        {
            var v = new ReadOnlyMemory<char>[n];
            await g.ReadRawAsync(f, v.AsMemory(), def.AsMemory(), rep.AsMemory());
            values = [.. v.Select(b => (object)b.ToString())];
        }
        if (f.MaxDefinitionLevel == 0) Array.Fill(def, 0);
        int defined = f.MaxDefinitionLevel == 0 ? n : def.Count(d => d == f.MaxDefinitionLevel);
        return new Leaf(values[..defined], def, rep);
    }

    static async Task<(ParquetSchema Schema, Dictionary<string, string> Meta, Dictionary<string, Leaf> Columns)> Read(string file)
    {
        await using var reader = await ParquetReader.CreateAsync(file);
        Assert.Equal(1, reader.RowGroupCount);
        using var g = reader.OpenRowGroupReader(0);
        var cols = new Dictionary<string, Leaf>();
        foreach (var f in reader.Schema.GetDataFields()) cols[f.Path.ToString()] = await ReadLeaf(g, f);
        return (reader.Schema, reader.CustomMetadata, cols);
    }

    [Fact]
    public async Task The_real_records_read_back_field_by_field_with_embedded_images()
    {
        using var dir = new TestPaths.TempDir();
        var spar = RealTreeWithImages(dir);
        var (exit, output, err) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["hf"], "--embed-images");
        Assert.True(exit == 0, output + err);
        Assert.Contains("3 records exported, 0 skipped", output);
        Assert.Equal(["README.md", "data/scannet/train-00000.parquet", "data/scannet/val-00000.parquet"],
            Directory.EnumerateFiles(dir["hf"], "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir["hf"], f)).Order(StringComparer.Ordinal));

        var (schema, meta, c) = await Read(dir["hf/data/scannet/train-00000.parquet"]);
        // Tree order: depth_prediction_oc/sentence before depth_prediction_oo_mv/fill.
        Assert.Equal(["scene0261_00_16", "scene0012_01_1661"], c["id"].Data.Cast<string>());
        Assert.Equal(["scannet", "scannet"], c["source"].Data.Cast<string>());
        Assert.Equal(["depth_prediction_oc", "depth_prediction_oo_mv"], c["type"].Data.Cast<string>());
        Assert.Equal(["sentence", "fill"], c["format"].Data.Cast<string>());

        // conversations: list<struct<from, value>>, the record's turns verbatim.
        var records = File.ReadAllLines(Real("scannet/qa_jsonl/train/depth_prediction_oc/sentence/sentence_1.jsonl"))
            .Concat(File.ReadAllLines(Real("scannet/qa_jsonl/train/depth_prediction_oo_mv/fill/fill_1.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var turns = records.SelectMany(r => r.GetProperty("conversations").EnumerateArray()).ToList();
        Assert.Equal(turns.Select(t => t.GetProperty("from").GetString()), c["conversations/list/element/from"].Data.Cast<string>());
        Assert.Equal(turns.Select(t => t.GetProperty("value").GetString()), c["conversations/list/element/value"].Data.Cast<string>());
        Assert.Equal([0, 1, 0, 1], c["conversations/list/element/from"].RepetitionLevels);

        // image: list<struct<bytes, path>>: each image's own bytes and the record's path.
        var paths = records.SelectMany(r => r.GetProperty("image").EnumerateArray().Select(p => p.GetString()!)).ToList();
        Assert.Equal(paths, c["image/list/element/path"].Data.Cast<string>());
        Assert.Equal(paths.Select(p => File.ReadAllBytes(Real("scannet/images/" + p))), c["image/list/element/bytes"].Data.Cast<byte[]>());
        Assert.Equal([0, 0, 1, 1], c["image/list/element/path"].RepetitionLevels);

        // depth: the first record has one, the second none (null list, not an empty one).
        Assert.Equal(["scene0261_00/image_depth/543.png"], c["depth/list/element"].Data.Cast<string>());
        Assert.Equal([3, 0], c["depth/list/element"].DefinitionLevels);
        // markers: red_point [[553, 397]] and [[395, 89]]; green only on the second; point_img_idx [[0, 2, 1]].
        Assert.Equal([553.0, 397, 395, 89], c["red_point/list/element/list/element"].Data.Cast<double>());
        Assert.Equal([0, 5, 5], c["green_point/list/element/list/element"].DefinitionLevels);
        Assert.Equal([0.0, 2, 1], c["point_img_idx/list/element/list/element"].Data.Cast<double>());
        Assert.Empty(c["extra"].Data);
        Assert.Equal([0, 0], c["extra"].DefinitionLevels);

        // The HF metadata: features as datasets' Features.from_dict reads them.
        using var hf = JsonDocument.Parse(meta["huggingface"]);
        var features = hf.RootElement.GetProperty("info").GetProperty("features");
        Assert.Equal("Sequence", features.GetProperty("image").GetProperty("_type").GetString());
        Assert.Equal("Image", features.GetProperty("image").GetProperty("feature").GetProperty("_type").GetString());
        Assert.Equal(JsonValueKind.Array, features.GetProperty("conversations").ValueKind);
        Assert.Equal("string", features.GetProperty("conversations")[0].GetProperty("value").GetProperty("dtype").GetString());
        Assert.Equal("float64", features.GetProperty("red_point").GetProperty("feature").GetProperty("feature").GetProperty("dtype").GetString());
        // Every column has a feature and vice versa.
        Assert.Equal(schema.Fields.Select(f => f.Name), features.EnumerateObject().Select(p => p.Name));

        // val: the unknown field and point_list in "extra", markers null.
        (_, _, c) = await Read(dir["hf/data/scannet/val-00000.parquet"]);
        Assert.Equal(["scene0012_01_9"], c["id"].Data.Cast<string>());
        Assert.Equal("{\"point_list\":[[[1,2],[3,4.5]]],\"difficulty\":\"hard\"}", Assert.Single(c["extra"].Data.Cast<string>()));
        Assert.Equal([0], c["red_point/list/element/list/element"].DefinitionLevels);

        // The card: configs for all (default) and scannet with both splits, exact counts, licence and citation.
        var card = File.ReadAllText(dir["hf/README.md"]);
        Assert.StartsWith("---\nlicense: mit\n", card);
        Assert.Contains("- config_name: all\n  default: true\n  data_files:\n  - split: train\n    path: data/*/train-*.parquet\n  - split: val\n    path: data/*/val-*.parquet\n", card);
        Assert.Contains("- config_name: scannet\n  data_files:\n  - split: train\n    path: data/scannet/train-*.parquet\n", card);
        Assert.Contains("  - name: image\n    sequence: image\n", card);
        Assert.Contains("  - name: conversations\n    list:\n    - name: from\n      dtype: string\n", card);
        Assert.Contains("  splits:\n  - name: train\n    num_examples: 2\n  - name: val\n    num_examples: 1\n", card);
        Assert.Contains("| scannet | train | depth_prediction_oo_mv | 1 |", card);
        Assert.Contains("MIT licence", card);
        Assert.Contains("arXiv:2503.22976", card);
        Assert.Contains("This export embeds images", card);
    }

    [Fact]
    public async Task Without_embedding_images_are_paths_relative_to_the_export_and_output_is_the_same_whatever_the_threads()
    {
        using var dir = new TestPaths.TempDir();
        var spar = RealTreeWithImages(dir);
        var (exit, output, err) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["a"], "-j", "1", "--split", "train");
        Assert.True(exit == 0, output + err);
        (exit, output, err) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["b"], "-j", "4", "--split", "train", "--shard-rows", "1");
        Assert.True(exit == 0, output + err);
        Assert.Contains("scannet/train: 2 records in 2 file(s)", output);
        (exit, output, err) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["c"], "-j", "4", "--split", "train");
        Assert.Equal(File.ReadAllBytes(dir["a/data/scannet/train-00000.parquet"]), File.ReadAllBytes(dir["c/data/scannet/train-00000.parquet"]));
        Assert.Equal(File.ReadAllText(dir["a/README.md"]), File.ReadAllText(dir["c/README.md"]));
        Assert.False(File.Exists(dir["a/data/scannet/val-00000.parquet"]));

        var images = (await Read(dir["a/data/scannet/train-00000.parquet"])).Columns["image/list/element"].Data.Cast<string>().ToList();
        Assert.Equal("../spar/scannet/images/scene0261_00/image_color/543.jpg", images[0]);
        Assert.All(images, p => Assert.True(File.Exists(Path.Combine(dir["a"], p)), p));
        Assert.Contains("  - name: image\n    sequence: string\n", File.ReadAllText(dir["a/README.md"]));

        // A rerun with fewer shards removes the extra shard of the earlier export (it would be read as part of the split).
        (exit, _, _) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["b"], "--split", "train");
        Assert.Equal(0, exit);
        Assert.False(File.Exists(dir["b/data/scannet/train-00001.parquet"]));
    }

    [Fact]
    public async Task Burned_markers_are_embedded_as_the_drawn_copies()
    {
        using var dir = new TestPaths.TempDir();
        var spar = RealTreeWithImages(dir);
        var (exit, output, err) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["hf"], "--embed-images", "--burn-markers", "--split", "train");
        Assert.True(exit == 0, output + err);
        var c = (await Read(dir["hf/data/scannet/train-00000.parquet"])).Columns;
        var bytes = c["image/list/element/bytes"].Data.Cast<byte[]>().ToList();
        var paths = c["image/list/element/path"].Data.Cast<string>().ToList();
        Assert.Equal(4, bytes.Count);
        // Every image of both records carries a marker (point_img_idx spreads record 2's over its three images): all are the drawn PNGs.
        Assert.All(bytes, b => Assert.True(b is [0x89, (byte)'P', (byte)'N', (byte)'G', ..]));
        Assert.All(paths, p => Assert.EndsWith(".png", p));
        // The drawn copy shows the red point of the README record at (553, 397) on the 0-1000 grid: px (716.7, 384.3).
        using var img = Spar.Imaging.ImageCodec.Decode(bytes[0], paths[0]);
        var px = img[717, 384];
        Assert.True(px.R > 200 && px.G < 80 && px.B < 80, px.ToString());
        Assert.Contains("The markers (points, boxes) are drawn into the images.", File.ReadAllText(dir["hf/README.md"]));
    }

    [Fact]
    public void A_record_whose_image_is_missing_is_named_and_skipped()
    {
        using var dir = new TestPaths.TempDir();
        var spar = RealTreeWithImages(dir);
        File.Delete(Path.Combine(spar, "scannet/images/scene0012_01/image_color/3321.jpg"));
        var (exit, output, err) = CliRunner.Run("export", spar, "--to", "hf", "--out", dir["hf"], "--embed-images");
        Assert.Equal(1, exit);
        Assert.Contains("fill_1.jsonl:1: error: record scene0012_01_1661: image 1 not found", err);
        Assert.Contains("2 records exported, 1 skipped", output);
    }
}
