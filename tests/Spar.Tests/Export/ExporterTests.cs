using System.Text.Json;
using Spar.Dataset;
using Spar.Export;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Export;

public sealed class ExporterTests
{
    /// <summary>A two-dataset SPAR tree: 3 single-view point records (two share image and markers) and 1 video record.</summary>
    static SparTree BuildTree(TestPaths.TempDir tmp)
    {
        var src = tmp["spar/scannet"];
        var images = Path.Combine(src, "images", "scene0000_00");
        ImageCodec.WritePng(RgbaImage.Solid(64, 48, new Rgb(200, 200, 200)), Path.Combine(images, "image_color", "0.png"));
        ImageCodec.WritePng(RgbaImage.Solid(64, 48, new Rgb(100, 100, 100)), Path.Combine(images, "image_color", "1.png"));
        for (int i = 0; i < 12; i++)
            ImageCodec.WritePng(RgbaImage.Solid(32, 24, new Rgb((byte)(i * 20), 0, 0)), Path.Combine(images, "video_color", $"frame{i}_{i * 10}.png"));
        QaRecord Point(string id, string image, int x) => new()
        {
            Id = id, Type = "distance_prediction_oc", Image = [$"scene0000_00/image_color/{image}"], RedPoint = [[x, 500]],
            Conversations = [new("human", $"How far is {id}?"), new("gpt", "1.5")],
        };
        var video = new QaRecord
        {
            Id = "v1", Type = "obj_count", Image = Enumerable.Range(0, 12).Select(i => $"scene0000_00/video_color/frame{i}_{i * 10}.png").ToList(),
            Conversations = [new("human", "How many chairs?"), new("gpt", "4")],
        };
        Write(Path.Combine(src, "qa_jsonl", "train", "distance_prediction_oc", "fill", "fill_4.jsonl"),
            Point("p1", "0.png", 500), Point("p2", "0.png", 500), Point("p3", "1.png", 250), Point("p4", "missing.png", 1));
        Write(Path.Combine(src, "qa_jsonl", "train", "obj_count", "sentence", "sentence_1.jsonl"), video);
        return SparTree.Open(tmp["spar"]);
    }

    static void Write(string path, params QaRecord[] records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, records.Select(r => System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(r))));
    }

    static (ExportSummary Summary, List<ExportIssue> Issues) Export(SparTree tree, string outDir, ExportTarget target, bool burn, string? index = null)
    {
        var issues = new List<ExportIssue>();
        var summary = new Exporter(new ExportOptions(outDir, target, burn, index, Threads: 2)).Run(tree, issues.Add);
        return (summary, issues);
    }

    /// <summary>(question, answer, image paths) of every exported sample, read back with a plain JSON parser.</summary>
    static List<(string Q, string A, string[] Images)> ReadBack(string outDir, ExportTarget target)
    {
        IEnumerable<JsonElement> Elements() => target switch
        {
            ExportTarget.Llava => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "llava.json"))).RootElement.EnumerateArray(),
            ExportTarget.ShareGpt => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "sharegpt.json"))).RootElement.EnumerateArray(),
            _ => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "internvl_meta.json"))).RootElement.EnumerateObject()
                .SelectMany(e => File.ReadAllLines(e.Value.GetProperty("annotation").GetString()!).Select(l => JsonDocument.Parse(l).RootElement)),
        };
        return Elements().Select(e =>
        {
            if (target == ExportTarget.ShareGpt)
            {
                var m = e.GetProperty("messages");
                Assert.Equal("user", m[0].GetProperty("role").GetString());
                Assert.Equal("assistant", m[1].GetProperty("role").GetString());
                return (m[0].GetProperty("content").GetString()!, m[1].GetProperty("content").GetString()!,
                    e.GetProperty("images").EnumerateArray().Select(x => x.GetString()!).ToArray());
            }
            var c = e.GetProperty("conversations");
            Assert.Equal("human", c[0].GetProperty("from").GetString());
            Assert.Equal("gpt", c[1].GetProperty("from").GetString());
            var img = e.GetProperty("image");
            var paths = img.ValueKind == JsonValueKind.String ? [img.GetString()!] : img.EnumerateArray().Select(x => x.GetString()!).ToArray();
            return (c[0].GetProperty("value").GetString()!, c[1].GetProperty("value").GetString()!, paths);
        }).ToList();
    }

    [Theory]
    [InlineData(ExportTarget.Llava, false)]
    [InlineData(ExportTarget.ShareGpt, true)]
    [InlineData(ExportTarget.InternVl, true)]
    public void Exported_files_parse_and_point_at_existing_images(ExportTarget target, bool burn)
    {
        using var tmp = new TestPaths.TempDir();
        var tree = BuildTree(tmp);
        var outDir = tmp["out"];
        var (summary, issues) = Export(tree, outDir, target, burn);

        Assert.Equal(4, summary.Samples);
        Assert.Equal(1, summary.Skipped);
        var error = Assert.Single(issues, i => i.IsError);
        Assert.Contains("missing.png", error.Message);
        Assert.Equal(4, error.Line);

        var samples = ReadBack(outDir, target);
        Assert.Equal(4, samples.Count);
        foreach (var (q, _, images) in samples)
        {
            Assert.Equal(images.Length, q.Split("<image>").Length - 1);
            foreach (var p in images) Assert.True(File.Exists(Path.Combine(outDir, p)), $"{p} does not exist under {outDir}");
        }
        Assert.Equal("<image>\nHow far is p1?", samples[0].Q);
        Assert.StartsWith("Frame-1: <image>\nFrame-2: <image>\n", samples[3].Q);
        Assert.Equal(12, samples[3].Images.Length);

        if (burn)
        {
            // p1 and p2 share image and marker → one drawing; p3 another; the video has no markers → originals.
            Assert.Equal(2, summary.ImagesDrawn);
            Assert.Equal(1, summary.ImagesReused);
            Assert.Equal(samples[0].Images[0], samples[1].Images[0]);
            Assert.StartsWith(BurnedImages.Folder, samples[0].Images[0]);
            var marked = ImageCodec.Decode(Path.Combine(outDir, samples[0].Images[0]));
            Assert.Equal(new Rgb(255, 0, 0), marked[32, 24]);
            Assert.False(samples[3].Images[0].StartsWith(BurnedImages.Folder, StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(0, summary.ImagesDrawn);
            Assert.EndsWith("image_color/0.png", samples[0].Images[0]);
        }
    }

    [Fact]
    public void Index_repeat_time_takes_a_prefix_below_one_and_repeats_whole_numbers()
    {
        using var tmp = new TestPaths.TempDir();
        var tree = BuildTree(tmp);
        var index = tmp["mix.json"];
        File.WriteAllText(index, """
        {
          "scannet_obj_count_sentence": {"root": "spar/scannet/images", "annotation": "spar/scannet/qa_jsonl/train/obj_count/sentence/sentence_1.jsonl", "repeat_time": 3, "length": 1},
          "scannet_distance_prediction_oc_fill": {"root": "spar/scannet/images", "annotation": "spar/scannet/qa_jsonl/train/distance_prediction_oc/fill/fill_4.jsonl", "repeat_time": 0.5, "length": 4}
        }
        """);
        var (summary, _) = Export(tree, tmp["out"], ExportTarget.Llava, burn: false, index);
        var samples = ReadBack(tmp["out"], ExportTarget.Llava);
        // 3 × the video record in key order, then the first int(4 × 0.5) = 2 lines of the point file.
        Assert.Equal(["How many chairs?", "How many chairs?", "How many chairs?", "How far is p1?", "How far is p2?"],
            samples.Select(s => s.Q[(s.Q.LastIndexOf('\n') + 1)..]).ToArray());
        Assert.Equal(5, summary.Samples);
    }

    [Fact]
    public void Fractional_repeat_above_one_is_an_error()
    {
        var ds = new ExportDataset("k", "a.jsonl", "root", 2.5);
        Assert.Contains("2.5", Assert.Throws<Spar.Util.SparException>(() => ds.Plan(10)).Message);
        Assert.Equal((2, 10L), new ExportDataset("k", "a", "r", 2.0).Plan(10));
        Assert.Equal((1, 0L), new ExportDataset("k", "a", "r", 0.0001).Plan(7));
    }

    [Fact]
    public void Burning_to_jpeg_writes_jpg_copies_with_the_markers_and_keeps_png_hashes_apart()
    {
        using var tmp = new TestPaths.TempDir();
        var tree = BuildTree(tmp);
        var summary = new Exporter(new ExportOptions(tmp["out"], ExportTarget.Llava, true, Threads: 2, BurnJpegQuality: 90)).Run(tree, _ => { });
        Assert.Equal(2, summary.ImagesDrawn);
        var samples = ReadBack(tmp["out"], ExportTarget.Llava);
        Assert.EndsWith(".jpg", samples[0].Images[0]);
        var path = Path.Combine(tmp["out"], samples[0].Images[0]);
        Assert.True(JpegHeader.IsJpeg(File.ReadAllBytes(path)));
        var marked = ImageCodec.Decode(path);
        var centre = marked[32, 24]; // inside the red disc, away from its edge: JPEG keeps it close to pure red
        Assert.True(centre.R > 230 && centre.G < 30 && centre.B < 30, $"centre {centre}");
        var grey = marked[2, 2]; // background (200,200,200), 10 px from the disc: only chroma ringing of q90 4:2:0
        Assert.True(Math.Abs(grey.R - 200) <= 8 && Math.Abs(grey.G - 200) <= 8 && Math.Abs(grey.B - 200) <= 8, $"background {grey}");
        // The same image and markers as PNG, and as JPEG at another quality, are different files.
        var source = Path.Combine(tmp["spar/scannet/images"], "scene0000_00", "image_color", "0.png");
        var key = MarkerPlanner.Plan(new QaRecord { Id = "k", Type = "distance_prediction_oc", Image = ["x"], RedPoint = [[500, 500]] }).KeyFor(0);
        Assert.Equal(3, new[] { BurnedImages.RelativePath(source, key), BurnedImages.RelativePath(source, key, 90), BurnedImages.RelativePath(source, key, 75) }.Distinct().Count());
    }

    [Fact]
    public void A_rerun_removes_temps_a_killed_export_left_and_keeps_those_of_live_processes()
    {
        using var tmp = new TestPaths.TempDir();
        var tree = BuildTree(tmp);
        int dead = Spar.Tests.Util.StaleTempsTests.DeadPid();
        Directory.CreateDirectory(tmp["out/images/ab"]);
        var deadTop = tmp[$"out/.llava.json.{dead}.{Guid.NewGuid():N}.tmp"];
        var deadImage = tmp[$"out/images/ab/.abcd.png.{dead}.{Guid.NewGuid():N}.tmp"];
        Directory.CreateDirectory(tmp["out/annotations"]);
        var deadAnnotation = tmp[$"out/annotations/.scannet_x_fill.jsonl.{dead}.{Guid.NewGuid():N}.tmp"];
        var live = tmp[$"out/.other.json.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"];
        foreach (var f in new[] { deadTop, deadImage, deadAnnotation, live }) File.WriteAllText(f, "half-written");
        var issues = new List<ExportIssue>();
        new Exporter(new ExportOptions(tmp["out"], ExportTarget.Llava, true, Threads: 2)).Run(tree, issues.Add);
        Assert.False(File.Exists(deadTop));
        Assert.False(File.Exists(deadImage));
        Assert.False(File.Exists(deadAnnotation)); // InternVL's per-dataset files
        Assert.True(File.Exists(live));
        Assert.Contains(issues, i => !i.IsError && i.Message.Contains("removed 3 temp file(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Output_is_identical_across_thread_counts()
    {
        using var tmp = new TestPaths.TempDir();
        var tree = BuildTree(tmp);
        new Exporter(new ExportOptions(tmp["a"], ExportTarget.ShareGpt, true, Threads: 1)).Run(tree, _ => { });
        new Exporter(new ExportOptions(tmp["b"], ExportTarget.ShareGpt, true, Threads: 2)).Run(tree, _ => { });
        Assert.Equal(File.ReadAllText(tmp["a/sharegpt.json"]).Replace(tmp["a"], ""), File.ReadAllText(tmp["b/sharegpt.json"]).Replace(tmp["b"], ""));
    }
}
