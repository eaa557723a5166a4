using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Bench;
using Spar.Bench.Build;
using Spar.Bench.Data;
using Spar.Cli;
using Spar.Dataset;

namespace Spar.Tests.Bench;

/// <summary>
/// <c>bench build --rgbd</c> (issue 23): the RGBD columns of SPAR-Bench-RGBD, checked against the scene files the test
/// reads itself (its own text and PNG parsing, its own walk of the parquet leaves), not through the code under test.
/// </summary>
public class BenchRgbdBuildTests
{
    internal const int DepthW = 32, DepthH = 24; // depth smaller than colour, as in SPAR-7M-RGBD's ScanNet

    /// <summary>Depth in mm of frame f at (x, y): varied, with some invalid (0) pixels.</summary>
    internal static ushort Mm(int f, int x, int y) => (x + y) % 11 == 0 ? (ushort)0 : (ushort)(500 + 100 * f + 37 * x + 53 * y);

    /// <summary>
    /// A SPAR-7M-RGBD tree in its native layout: scannet/images/scene0000_00/{image_color,image_depth,pose,intrinsic}/
    /// and depth_prediction_oc (single view) and view_change_infer (two views) records with their depth field.
    /// </summary>
    internal static string Tree(TestPaths.TempDir dir, int frames = 6)
    {
        string root = dir["spar"];
        string scene = Path.Combine(root, "scannet", "images", "scene0000_00");
        foreach (var f in new[] { "image_color", "image_depth", "pose", "intrinsic" }) Directory.CreateDirectory(Path.Combine(scene, f));
        for (int f = 0; f < frames; f++)
        {
            // A real JPEG: the CLI burns the markers into the colour images.
            using (var bmp = new SkiaSharp.SKBitmap(64, 48))
            {
                bmp.Erase(new SkiaSharp.SKColor((byte)(40 * f), 128, 200));
                File.WriteAllBytes(Path.Combine(scene, "image_color", $"{f}.jpg"), bmp.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90).ToArray());
            }
            using (var png = new Image<L16>(DepthW, DepthH))
            {
                for (int y = 0; y < DepthH; y++)
                    for (int x = 0; x < DepthW; x++) png[x, y] = new L16(Mm(f, x, y));
                png.SaveAsPng(Path.Combine(scene, "image_depth", $"{f}.png"));
            }
            // A rotation about z by 10°·f with a translation, six decimals as ScanNet writes them.
            double a = f * Math.PI / 18, c = Math.Cos(a), s = Math.Sin(a);
            File.WriteAllText(Path.Combine(scene, "pose", $"{f}.txt"), string.Create(CultureInfo.InvariantCulture,
                $"{c:F6} {-s:F6} 0.000000 {1.5 + f:F6}\n{s:F6} {c:F6} 0.000000 {2.25 - f * 0.5:F6}\n0.000000 0.000000 1.000000 1.400000\n0.000000 0.000000 0.000000 1.000000\n"));
        }
        File.WriteAllText(Path.Combine(scene, "intrinsic", "intrinsic_color.txt"), "1170.187988 0.000000 647.750000 0.000000\n0.000000 1170.187988 483.750000 0.000000\n0.000000 0.000000 1.000000 0.000000\n0.000000 0.000000 0.000000 1.000000\n");
        File.WriteAllText(Path.Combine(scene, "intrinsic", "intrinsic_depth.txt"), "577.870605 0.000000 319.500000 0.000000\n0.000000 577.870605 239.500000 0.000000\n0.000000 0.000000 1.000000 0.000000\n0.000000 0.000000 0.000000 1.000000\n");

        void Records(string task, int count, int views, Func<int, string> answer)
        {
            var lines = new List<string>();
            for (int i = 0; i < count; i++)
            {
                var framesOf = Enumerable.Range(0, views).Select(k => (i + k) % frames).ToList();
                var record = new QaRecord
                {
                    Id = $"{task}_{i}",
                    Type = task,
                    Image = [.. framesOf.Select(f => $"scene0000_00/image_color/{f}.jpg")],
                    Depth = [.. framesOf.Select(f => $"scene0000_00/image_depth/{f}.png")],
                    Conversations = [new Turn("human", $"Q {task} {i} frames {string.Join(",", framesOf)}"), new Turn("gpt", answer(i))],
                };
                var slots = Spar.Catalog.TaskCatalog.Get(task).Markers.Slots;
                for (int k = 0; k < slots.Count; k++)
                    record.SetMarker(slots[k].FieldName, slots[k].Shape == Spar.Catalog.MarkerShape.Point ? [[50 + 300 * k, 200]] : [[50 + 300 * k, 200, 60 + 300 * k, 400]]);
                lines.Add(System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(record)));
            }
            var file = Path.Combine(root, "scannet", "qa_jsonl", "val", task, "fill", $"fill_{count}.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, string.Join("\n", lines) + "\n");
        }
        Records("depth_prediction_oc", 4, 1, i => $"{1 + i * 0.5:0.0}");
        Records("view_change_infer", 3, 2, i => $"move_left:{i}.5,rotate_right:30");
        return root;
    }

    /// <summary>The frames a row shows, from the question text the fixture wrote.</summary>
    internal static int[] FramesOf(string question) => [.. question[(question.LastIndexOf(' ') + 1)..].Split(',').Select(int.Parse)];

    /// <summary>The test's own reading of a ScanNet matrix file: 16 numbers, row-major, as float32.</summary>
    static float[] MatrixText(string path) =>
        [.. File.ReadAllText(path).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(t => float.Parse(t, CultureInfo.InvariantCulture))];

    static float[] ExpectedPose(string root, int f) => MatrixText(Path.Combine(root, "scannet/images/scene0000_00/pose", $"{f}.txt"));

    static async Task<Field[]> TopFields(string parquet)
    {
        await using var reader = await ParquetReader.CreateAsync(parquet);
        return [.. reader.Schema.Fields];
    }

    /// <summary>One leaf column's flat values and repetition levels over the whole file, read with Parquet.Net directly.</summary>
    static async Task<(List<float> Values, List<int> Repetition)> RawLeaf(string parquet, string column)
    {
        var values = new List<float>();
        var rep = new List<int>();
        await using var reader = await ParquetReader.CreateAsync(parquet);
        var leaf = reader.Schema.GetDataFields().Single(f => f.Path.ToString().Split('/', '.')[0] == column);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.GetMetadata(leaf)!.MetaData!.NumValues);
            var v = new float[n];
            var d = new int[n];
            var r = new int[n];
            await group.ReadRawAsync<float>(leaf, v.AsMemory(), d.AsMemory(), r.AsMemory());
            Assert.All(d, level => Assert.Equal(leaf.MaxDefinitionLevel, level)); // no null or empty list anywhere
            values.AddRange(v);
            rep.AddRange(r);
        }
        return (values, rep);
    }

    [Fact]
    public async Task Rgbd_build_writes_the_published_columns_with_the_scene_data()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        var result = BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: 1) { Rgbd = true });
        Assert.Equal(0, result.Skipped);
        Assert.Equal(7, result.Rows);
        string parquet = dir["out/parquet/data/test-00000-of-00001.parquet"];

        // Schema as the published RGBD files: the four columns between image and question, float32 leaves nested per image.
        var top = await TopFields(parquet);
        Assert.Equal(["id", "img_type", "format_type", "task", "source", "image", "depth", "pose", "intrinsic_color", "intrinsic_depth", "question", "answer"],
            top.Select(f => f.Name));
        await using (var reader = await ParquetReader.CreateAsync(parquet))
        {
            var leaves = reader.Schema.GetDataFields().Where(f => BenchColumns.Rgbd.Contains(f.Path.ToString().Split('/', '.')[0]))
                .ToDictionary(f => f.Path.ToString().Split('/', '.')[0]);
            Assert.Equal((typeof(float), 3), (leaves["depth"].ClrType, leaves["depth"].MaxRepetitionLevel));
            foreach (var m in new[] { "pose", "intrinsic_color", "intrinsic_depth" })
                Assert.Equal((typeof(float), 2), (leaves[m].ClrType, leaves[m].MaxRepetitionLevel));
            using var features = JsonDocument.Parse(reader.CustomMetadata["huggingface"]);
            var f = features.RootElement.GetProperty("info").GetProperty("features");
            Assert.Equal("float32", f.GetProperty("depth").GetProperty("feature").GetProperty("feature").GetProperty("feature").GetProperty("dtype").GetString());
            Assert.Equal("float32", f.GetProperty("pose").GetProperty("feature").GetProperty("feature").GetProperty("dtype").GetString());
        }

        // Rows in id order with the frames each shows (from the question text the fixture wrote).
        var rows = BenchSource.Open(dir["out/folder"]).Items().Select(i => (i.Id, Frames: FramesOf(i.Question))).OrderBy(r => r.Id).ToList();
        Assert.Equal(4 * 1 + 3 * 2, rows.Sum(r => r.Frames.Length));

        // The pose leaf, walked independently: each row's poses in image order, 16 values each; levels 0 = new row, 1 = next image.
        var (poseValues, poseRep) = await RawLeaf(parquet, "pose");
        Assert.Equal(rows.SelectMany(r => r.Frames.SelectMany(f => ExpectedPose(root, f))), poseValues);
        Assert.Equal(rows.SelectMany(r => r.Frames.SelectMany((_, k) => Enumerable.Range(0, 16).Select(i => i > 0 ? 2 : k > 0 ? 1 : 0))), poseRep);
        var colorK = MatrixText(Path.Combine(root, "scannet/images/scene0000_00/intrinsic/intrinsic_color.txt"));
        var depthK = MatrixText(Path.Combine(root, "scannet/images/scene0000_00/intrinsic/intrinsic_depth.txt"));
        Assert.Equal(1170.188f, colorK[0], 3); // the test's own parse matches the published example
        Assert.Equal(rows.SelectMany(r => r.Frames.SelectMany(_ => colorK)), (await RawLeaf(parquet, "intrinsic_color")).Values);
        Assert.Equal(rows.SelectMany(r => r.Frames.SelectMany(_ => depthK)), (await RawLeaf(parquet, "intrinsic_depth")).Values);

        // The depth leaf: one H×W map per image in metres, row-major; levels 0 = new row, 1 = next image, 2 = next depth row.
        var (depthValues, depthRep) = await RawLeaf(parquet, "depth");
        Assert.Equal(rows.SelectMany(r => r.Frames.SelectMany(f => Enumerable.Range(0, DepthH).SelectMany(y => Enumerable.Range(0, DepthW).Select(x => Mm(f, x, y) / 1000f)))),
            depthValues);
        Assert.Equal(rows.Count, depthRep.Count(l => l == 0));
        Assert.Equal(rows.Sum(r => r.Frames.Length - 1), depthRep.Count(l => l == 1));
        Assert.Equal(rows.Sum(r => r.Frames.Length) * (DepthH - 1), depthRep.Count(l => l == 2));

        // The reader gives the same back per row, with the shapes of the scene data.
        var withRgbd = BenchSource.Open(dir["out"]).WithRgbd().Items().ToList();
        Assert.All(withRgbd, item =>
        {
            var frames = FramesOf(item.Question);
            var rgbd = Assert.IsType<BenchRgbd>(item.Rgbd);
            Assert.Equal(frames.Length, rgbd.Depth.Count);
            for (int k = 0; k < frames.Length; k++)
            {
                var map = rgbd.Depth[k].Load();
                Assert.Equal((DepthW, DepthH), (map.Width, map.Height));
                Assert.Equal(Mm(frames[k], 5, 7) / 1000f, map.Metres[7 * DepthW + 5]);
                Assert.Equal(ExpectedPose(root, frames[k]), rgbd.Pose[k]);
            }
        });
        Assert.True(BenchSource.Open(dir["out"]).HasRgbd);
        Assert.Null(Assert.IsType<BenchItem>(BenchSource.Open(dir["out"]).Items().First()).Rgbd); // only read when asked

        // The folder form keeps each map as a 16-bit PNG in millimetres, exactly the scene's values.
        using (var line = JsonDocument.Parse(File.ReadLines(dir["out/folder/bench.jsonl"]).First()))
        {
            var first = line.RootElement;
            var frames = FramesOf(first.GetProperty("question").GetString()!);
            var depthFile = first.GetProperty("depth")[0].GetString()!;
            using var png = Image.Load<L16>(Path.Combine(dir["out/folder"], depthFile));
            Assert.Equal((DepthW, DepthH), (png.Width, png.Height));
            for (int y = 0; y < DepthH; y++)
                for (int x = 0; x < DepthW; x++) Assert.Equal(Mm(frames[0], x, y), png[x, y].PackedValue);
            Assert.Equal(ExpectedPose(root, frames[0]), first.GetProperty("pose")[0].EnumerateArray().Select(v => v.GetSingle()));
        }

        // The tiny benchmark carries the columns too; build.json says it is an RGBD build.
        Assert.Contains(await TopFields(dir["out/tiny/parquet/data/test-00000-of-00001.parquet"]), f => f.Name == "depth");
        Assert.True(JsonDocument.Parse(File.ReadAllText(dir["out/build.json"])).RootElement.GetProperty("rgbd").GetBoolean());
    }

    [Fact]
    public async Task Lmms_eval_export_of_the_rgbd_folder_form_keeps_the_rgbd_columns()
    {
        // The folder form is rewritten as parquet for lmms-eval; it used to lose depth, pose and both intrinsics.
        using var dir = new TestPaths.TempDir();
        BenchBuilder.Build(Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null) { Rgbd = true });
        string built = dir["out/parquet/data/test-00000-of-00001.parquet"];

        Spar.Bench.Export.LmmsEvalExport.Write(BenchSource.Open(dir["out/folder"]), dir["lmms"]);
        string exported = dir["lmms/data/test-00000-of-00001.parquet"];

        Assert.Equal((await TopFields(built)).Select(f => f.Name), (await TopFields(exported)).Select(f => f.Name));
        foreach (var column in new[] { "depth", "pose", "intrinsic_color", "intrinsic_depth" })
        {
            var (want, wantLevels) = await RawLeaf(built, column); // checked against the scene files by the build test above
            var (got, gotLevels) = await RawLeaf(exported, column);
            Assert.Equal(want, got);
            Assert.Equal(wantLevels, gotLevels);
        }
        Assert.True(BenchSource.Open(exported).HasRgbd);
    }

    [Fact]
    public async Task Rgb_build_of_the_same_tree_has_no_rgbd_columns_and_refuses_nothing()
    {
        using var dir = new TestPaths.TempDir();
        var result = BenchBuilder.Build(Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null));
        Assert.Equal(7, result.Rows);
        Assert.Equal(["id", "img_type", "format_type", "task", "source", "image", "question", "answer"],
            (await TopFields(dir["out/parquet/data/test-00000-of-00001.parquet"])).Select(f => f.Name));
        Assert.False(Directory.Exists(dir["out/folder/depth"]));
        Assert.False(BenchSource.Open(dir["out"]).HasRgbd);
        Assert.DoesNotContain("rgbd", File.ReadAllText(dir["out/build.json"]));
    }

    [Fact]
    public void Records_without_depth_or_with_a_missing_pose_are_left_out_naming_them()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        var file = Path.Combine(root, "scannet/qa_jsonl/val/depth_prediction_oc/fill/fill_4.jsonl");
        var lines = File.ReadAllLines(file);
        lines[1] = JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(lines[1])!.Where(kv => kv.Key != "depth").ToDictionary());
        File.WriteAllLines(file, lines);
        File.Delete(Path.Combine(root, "scannet/images/scene0000_00/pose/3.txt")); // frame 3: record 3 of depth_prediction_oc, and view_change_infer 2 (frames 2,3)

        var result = BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null) { Rgbd = true });

        var noDepth = result.Rejected.Single(r => r.Key.StartsWith("no depth field"));
        Assert.Equal((1, $"{file}:2"), noDepth.Value);
        Assert.Equal(2, result.Rejected["RGBD file missing or unreadable"].Count);
        Assert.All(result.ImageFailures, f => Assert.Contains("scene0000_00/pose/3.txt not found", f));
        Assert.Equal(4, result.Rows);
        Assert.Equal(4, BenchSource.Open(dir["out"]).WithRgbd().Items().Count(i => i.Rgbd is not null));
    }

    [Fact]
    public void Poses_and_intrinsics_missing_beside_the_frames_are_taken_from_scenes()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        // Move pose/ and intrinsic/ out of the tree into a scenes folder, as spar generate's output lacks them.
        string images = Path.Combine(root, "scannet/images/scene0000_00");
        Directory.CreateDirectory(dir["scenes/scene0000_00"]);
        foreach (var f in new[] { "pose", "intrinsic" }) Directory.Move(Path.Combine(images, f), dir[$"scenes/scene0000_00/{f}"]);

        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.True(SparCli.Run(["bench", "build", root, "--out", dir["without"], "--per-task", "10", "--tiny", "0", "--rgbd"], o, e) == 2, e.ToString());
        // Every row lacks its pose: nothing to build (exit 2), and the message says where it looked and what to pass.
        Assert.True(e.ToString().Contains("every selected record has a missing or unreadable image or RGBD file"), e.ToString());
        Assert.Matches(@"scene0000_00/pose/\d\.txt not found", e.ToString());
        Assert.Contains("pass --scenes DIR", e.ToString());

        (o, e) = (new StringWriter(), new StringWriter());
        Assert.True(SparCli.Run(["bench", "build", root, "--out", dir["with"], "--per-task", "10", "--tiny", "0", "--rgbd", "--scenes", dir["scenes"]], o, e) == 0, e.ToString());
        var items = BenchSource.Open(dir["with"]).WithRgbd().Items().ToList();
        Assert.Equal(7, items.Count);
        foreach (var item in items)
            for (int k = 0; k < item.Images.Count; k++)
                Assert.Equal(MatrixText(dir[$"scenes/scene0000_00/pose/{FramesOf(item.Question)[k]}.txt"]), item.Rgbd!.Pose[k]);
        Assert.Contains(dir["scenes"], File.ReadAllText(dir["with/build.json"]));

        (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, SparCli.Run(["bench", "build", root, "--out", dir["rgb"], "--scenes", dir["scenes"]], o, e));
        Assert.Contains("--scenes is only used with --rgbd", e.ToString());
    }

    [Fact]
    public void Cli_rgbd_build_of_a_generated_tree_finds_poses_in_the_scenes_it_was_generated_from()
    {
        using var dir = new TestPaths.TempDir();
        int Run(params string[] args)
        {
            var (o, e) = (new StringWriter(), new StringWriter());
            int code = SparCli.Run(args, o, e);
            Assert.True(code == 0, $"{string.Join(" ", args)}: exit {code}\n{o}\n{e}");
            return code;
        }
        Run("scenes", "synth", "--count", "1", "--seed", "5", "--frames", "8", "--video-frames", "4", "--out", dir["world"], "--threads", "1");
        string scenes = dir["world/synthetic/images"];
        Run("generate", "--scenes", scenes, "--out", dir["tree"], "--seed", "2", "--val-fraction", "1", "--threads", "1");
        // generate places the images and depth maps its records use, not poses or intrinsics:
        Assert.Empty(Directory.EnumerateDirectories(dir["tree"], "pose", SearchOption.AllDirectories));
        Run("bench", "build", dir["tree"], "--out", dir["bench"], "--per-task", "1", "--tiny", "0", "--rgbd");

        var items = BenchSource.Open(dir["bench"]).WithRgbd().Items().ToList();
        Assert.NotEmpty(items);
        // Questions repeat across records (templates), so a row must match one of the records with its text and answer.
        var records = new List<QaRecord>();
        foreach (var f in Directory.EnumerateFiles(dir["tree/synthetic/qa_jsonl/val"], "*.jsonl", SearchOption.AllDirectories))
            foreach (var l in File.ReadLines(f).Where(l => l.Length > 0))
                records.Add(SparJson.ParseRecord(System.Text.Encoding.UTF8.GetBytes(l)));
        bool Matches(QaRecord source, BenchItem item)
        {
            var rgbd = item.Rgbd!;
            if (source.Image.Count != rgbd.Depth.Count) return false;
            for (int k = 0; k < source.Image.Count; k++)
            {
                var frame = Path.GetFileNameWithoutExtension(source.Image[k]);
                var sceneDir = Path.Combine(scenes, source.Image[k].Split('/')[0]);
                if (!MatrixText(Path.Combine(sceneDir, "pose", frame + ".txt")).SequenceEqual(rgbd.Pose[k])) return false;
                if (!MatrixText(Path.Combine(sceneDir, "intrinsic", "intrinsic_color.txt")).SequenceEqual(rgbd.IntrinsicColor[k])) return false;
                if (!MatrixText(Path.Combine(sceneDir, "intrinsic", "intrinsic_depth.txt")).SequenceEqual(rgbd.IntrinsicDepth[k])) return false;
                using var png = Image.Load<L16>(Path.Combine(sceneDir, "image_depth", frame + ".png"));
                var map = rgbd.Depth[k].Load();
                if ((png.Width, png.Height) != (map.Width, map.Height)) return false;
                for (int y = 0; y < png.Height; y += 7)
                    for (int x = 0; x < png.Width; x += 11)
                        if (png[x, y].PackedValue / 1000f != map.Metres[y * map.Width + x]) return false;
            }
            return true;
        }
        foreach (var item in items)
            Assert.Contains(records, r => Candidate.CleanQuestion(r.Question) == item.Question && r.Answer.Trim() == item.Answer && Matches(r, item));
    }
}
