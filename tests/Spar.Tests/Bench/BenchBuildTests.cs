using Spar.Bench.SparBench;
using System.Text.Json;
using Spar.Bench;
using Spar.Bench.Build;
using Spar.Bench.Data;
using Spar.Bench.Predictions;
using Spar.Bench.Scoring;
using Spar.Cli;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Tests.Bench;

/// <summary><c>bench build</c> on a tiny hand-made SPAR-7M tree with two sources.</summary>
public class BenchBuildTests
{
    /// <summary>Writes <paramref name="count"/> records of one task/format into a source, with one image file each.</summary>
    static void Records(string root, string source, string task, string format, int count, Func<int, string> answer, int images = 1, string split = "val")
    {
        var dir = Path.Combine(root, source, "qa_jsonl", split, task, format);
        Directory.CreateDirectory(dir);
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var paths = Enumerable.Range(0, images).Select(k => $"scene{i:D4}_00/image_color/{task}_{k}.jpg").ToList();
            foreach (var p in paths)
            {
                var full = Path.Combine(root, source, "images", p);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, [0xFF, 0xD8, 0xFF, (byte)i, (byte)source.Length]);
            }
            var record = new QaRecord
            {
                Id = $"{source}_{task}_{i}",
                Type = task,
                Image = paths,
                Conversations = [new Turn("human", $"<image>\nQuestion {i} of {task} in {source}?"), new Turn("gpt", answer(i))],
            };
            // Valid markers for the type (from the catalogue), so the records can be burned into their images.
            // Slots sit apart (x = 50, 350, 650, 950) so later markers do not cover earlier ones.
            var slots = Spar.Catalog.TaskCatalog.Get(task).Markers.Slots;
            for (int k = 0; k < slots.Count; k++)
                record.SetMarker(slots[k].FieldName, slots[k].Shape == Spar.Catalog.MarkerShape.Point
                    ? [[50 + 300 * k + i, 200]] : [[50 + 300 * k + i, 200, 60 + 300 * k + i, 400]]);
            lines.Add(System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(record)));
        }
        File.WriteAllText(Path.Combine(dir, $"{format}_{count}.jsonl"), string.Join("\n", lines) + "\n");
    }

    internal static string Tree(TestPaths.TempDir dir)
    {
        string root = dir["spar"];
        Records(root, "scannet", "depth_prediction_oc", "fill", 9, i => $"{1 + i * 0.1:0.0}");
        Records(root, "structured3d", "depth_prediction_oc", "fill", 2, i => $"{2 + i:0.0}");
        Records(root, "scannet", "depth_prediction_oc", "select", 5, _ => "A"); // wrong format for a numeric task: ignored
        Records(root, "scannet", "obj_spatial_relation_oo", "select", 6, i => "ABCD"[i % 4].ToString());
        Records(root, "structured3d", "obj_spatial_relation_oo", "select", 6, i => i == 0 ? "left" : "ABCD"[i % 4].ToString());
        Records(root, "scannet", "view_change_infer", "fill", 4, i => $"move_left:{i}.5,rotate_right:30", images: 2);
        Records(root, "scannet", "obj_count", "fill", 3, _ => "2"); // not a bench task
        Records(root, "scannet", "depth_prediction_oc", "fill", 5, _ => "9.9", split: "train"); // other split
        return root;
    }

    sealed class RecordingBurner : IMarkerBurner
    {
        public bool DrawsMarkers => true;
        public List<(string Id, int Index)> Calls { get; } = [];

        public byte[] Burn(QaRecord record, int imageIndex, byte[] encodedImage)
        {
            lock (Calls) Calls.Add((record.Id, imageIndex));
            return [.. encodedImage, 0xEE, (byte)imageIndex];
        }
    }

    [Fact]
    public void Builds_balanced_sorted_renumbered_rows_with_markers_burned()
    {
        using var dir = new TestPaths.TempDir();
        var burner = new RecordingBurner();
        var result = BenchBuilder.Build(Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 2, Seed: 7) { Markers = burner });

        Assert.Equal(new Dictionary<string, int> { ["depth_prediction_oc"] = 4, ["obj_spatial_relation_oo"] = 4, ["view_change_infer"] = 4 }
            .Concat(SparBenchDefinition.Instance.TaskNames.Where(t => t is not ("depth_prediction_oc" or "obj_spatial_relation_oo" or "view_change_infer")).Select(t => KeyValuePair.Create(t, 0))),
            result.PerTask.OrderBy(kv => kv.Value == 0).ThenBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(11, result.Available["depth_prediction_oc"]);
        Assert.Equal(11, result.Available["obj_spatial_relation_oo"]); // one 'left' answer rejected
        Assert.Equal(1, result.Rejected["select answer is not a single letter A–F"].Count);

        var items = BenchSource.Open(dir["out/parquet"]).Items().ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), items.Select(i => i.Id));
        Assert.Equal(items.Select(i => i.Task).Order(StringComparer.Ordinal), items.Select(i => i.Task)); // tasks in name order
        // Balanced over sources: structured3d has only 2 depth records, both taken; obj_spatial_relation_oo splits 2 + 2.
        Assert.Equal(2, items.Count(i => i.Task == "depth_prediction_oc" && i.Source == "structured3d"));
        Assert.Equal(2, items.Count(i => i.Task == "obj_spatial_relation_oo" && i.Source == "structured3d"));
        Assert.All(items, i => Assert.DoesNotContain("<image>", i.Question));
        var vci = items.First(i => i.Task == "view_change_infer");
        Assert.Equal(("fill", "multi_view", 2), (vci.FormatType, vci.ImageType, vci.Images.Count));
        Assert.Equal([0xEE, 1], vci.Images[1].Bytes()[^2..]); // marker burner saw image index 1
        Assert.Equal(("select", "single_view"), (items[5].FormatType, items[5].ImageType));
        Assert.Equal(4 + 4 + 4 * 2, burner.Calls.Count); // each selected image burned exactly once (parquet is written from the folder)

        var tiny = BenchSource.Open(dir["out/tiny/parquet"]).Items().ToList();
        Assert.Equal(6, tiny.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), tiny.Select(i => i.Id));
        Assert.All(tiny, t => Assert.Contains(items, i => i.Question == t.Question && i.Answer == t.Answer));

        var manifest = JsonDocument.Parse(File.ReadAllText(dir["out/build.json"])).RootElement;
        Assert.Equal(12, manifest.GetProperty("rows").GetInt32());
        Assert.True(manifest.GetProperty("markers_drawn").GetBoolean());

        // Gold answers as predictions score 1.0 on every task present.
        File.WriteAllLines(dir["gold.jsonl"], items.Select(i => JsonSerializer.Serialize(new { id = i.Id, prediction = i.Answer })));
        var score = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(BenchSource.Open(dir["out/folder"])), PredictionFile.Read(dir["gold.jsonl"]), SparBenchDefinition.Instance.Scorer("official"));
        Assert.Equal(1.0, score.Aggregate.Overall);
    }

    [Fact]
    public void Same_seed_gives_identical_files_and_another_seed_another_sample()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        BenchBuilder.Build(root, dir["a"], new BenchBuildOptions(PerTask: 3, Tiny: null, Seed: 1));
        BenchBuilder.Build(root, dir["b"], new BenchBuildOptions(PerTask: 3, Tiny: null, Seed: 1));
        BenchBuilder.Build(root, dir["c"], new BenchBuildOptions(PerTask: 3, Tiny: null, Seed: 2));
        const string parquet = "parquet/data/test-00000-of-00001.parquet";
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir["a"], parquet)), File.ReadAllBytes(Path.Combine(dir["b"], parquet)));
        Assert.Equal(File.ReadAllBytes(dir["a/folder/bench.jsonl"]), File.ReadAllBytes(dir["b/folder/bench.jsonl"]));
        Assert.NotEqual(File.ReadAllBytes(dir["a/folder/bench.jsonl"]), File.ReadAllBytes(dir["c/folder/bench.jsonl"]));
    }

    [Fact]
    public void Cli_build_draws_markers_and_reports_records_it_cannot_draw()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        // The CLI burns markers for real, so the placeholder bytes become decodable JPEGs.
        using (var bmp = new SkiaSharp.SKBitmap(64, 48))
        {
            bmp.Erase(SkiaSharp.SKColors.Gray);
            var jpeg = bmp.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90).ToArray();
            foreach (var f in Directory.EnumerateFiles(root, "*.jpg", SearchOption.AllDirectories)) File.WriteAllBytes(f, jpeg);
        }
        // One record whose marker is missing: left out with its reason and counted (exit 1), not a failed build.
        var broken = Path.Combine(root, "scannet", "qa_jsonl", "val", "depth_prediction_oc", "fill", "fill_9.jsonl");
        var lines = File.ReadAllLines(broken);
        lines[0] = lines[0].Replace("\"blue_point\"", "\"no_point\"");
        File.WriteAllLines(broken, lines);
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.True(SparCli.Run(["bench", "build", root, "--out", dir["out"], "--per-task", "2", "--tiny", "1"], o, e) == 1, e.ToString());
        Assert.Contains("6 rows (tiny: 3)", o.ToString());
        Assert.Contains($"skipped 1 record(s): markers cannot be drawn (marker-missing) (first at {broken}:1)", e.ToString());
        Assert.Contains("skipped 1 record(s): select answer is not a single letter A–F", e.ToString()); // Tree's "left"
        Assert.Contains("2 record(s) skipped; the benchmark was built from the rest", e.ToString());
        Assert.DoesNotContain("markers were not drawn", o.ToString());
        // Marked images were re-encoded with the markers in their pixels.
        static bool HasRed(string path)
        {
            using var b = SkiaSharp.SKBitmap.Decode(path);
            for (int y = 0; y < b.Height; y++)
            for (int x = 0; x < b.Width; x++)
                if (b.GetPixel(x, y) is { Red: > 200, Green: < 80, Blue: < 80 }) return true;
            return false;
        }
        var images = Directory.EnumerateFiles(dir["out/folder/images"]).ToList();
        Assert.Contains(images, HasRed);
    }

    [Fact]
    public void Run_and_score_take_the_build_output_folder_and_use_its_main_benchmark()
    {
        using var dir = new TestPaths.TempDir();
        BenchBuilder.Build(Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 1, Seed: 3));
        var source = BenchSource.Open(dir["out"]);
        Assert.Equal(dir["out/parquet"], source.Location);
        Assert.Equal(12, source.Items().Count());

        var (o, e) = (new StringWriter(), new StringWriter());
        // The fixture's multiple-choice questions list no options, so the random baseline fails those 4 (exit 1).
        Assert.True(SparCli.Run(["bench", "run", dir["out"], "--model", "random", "--out", dir["p.jsonl"]], o, e) == 1, e.ToString());
        Assert.Contains($"{dir["out"]} is a bench build output: using its main benchmark {dir["out/parquet"]}; the tiny one is {dir["out/tiny/parquet"]}", e.ToString());
        Assert.Contains("12 items: 0 already done, 8 ok, 4 failed", o.ToString());

        (o, e) = (new StringWriter(), new StringWriter());
        // Failed rows make the run incomplete: a score needs --partial (issue 23).
        Assert.True(SparCli.Run(["bench", "score", dir["out"], dir["p.jsonl"], "--json", "--partial"], o, e) == 0, e.ToString());
        Assert.Contains("using its main benchmark", e.ToString());
        Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(o.ToString()).RootElement.GetProperty("overall").ValueKind);
    }

    /// <summary>Every file below <paramref name="dir"/> with its bytes, for "nothing changed" checks.</summary>
    static SortedDictionary<string, string> Snapshot(string dir) =>
        new(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(File.ReadAllBytes(f))), StringComparer.Ordinal);

    [Fact]
    public void Rebuild_replaces_the_previous_outputs_as_a_whole_and_keeps_files_it_did_not_write()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 2, Seed: 7));
        Directory.CreateDirectory(dir["out/predictions"]);
        File.WriteAllText(dir["out/predictions/model.jsonl"], "{\"id\":0}\n");

        var result = BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 1, Tiny: null, Seed: 7));

        Assert.Equal([".spar-bench-build.lock", "build.json", "folder", "parquet", "predictions"], Directory.EnumerateFileSystemEntries(dir["out"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var manifest = JsonDocument.Parse(File.ReadAllText(dir["out/build.json"])).RootElement;
        Assert.Equal((3, 0), (manifest.GetProperty("rows").GetInt32(), manifest.GetProperty("tiny_rows").GetInt32()));
        var rows = BenchSource.Open(dir["out/folder"]).Items().ToList();
        Assert.Equal(3, rows.Count);
        // Exactly the images the index names: none of the first build's 20 are left over.
        Assert.Equal(rows.SelectMany(r => r.Images).Select(i => Path.GetFileName(i.Path!)).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(dir["out/folder/images"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(3, BenchSource.Open(dir["out"]).Items().Count());
        Assert.Equal("{\"id\":0}\n", File.ReadAllText(dir["out/predictions/model.jsonl"]));
        Assert.Equal([dir["out/folder"], dir["out/parquet/data/test-00000-of-00001.parquet"], dir["out/build.json"]], result.Outputs);
    }

    [Fact]
    public void A_rebuild_refuses_to_replace_output_folders_holding_files_it_did_not_write()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 2, Seed: 7));
        // Predictions saved next to the tiny benchmark the build pointed at: the user's, not the build's.
        File.WriteAllText(dir["out/tiny/preds-gpt4o.jsonl"], "{\"id\":0}\n");
        var manifestBefore = File.ReadAllBytes(dir["out/build.json"]);
        int rowsBefore = BenchSource.Open(dir["out"]).Items().Count();
        var e = Assert.Throws<SparException>(() => BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 1, Tiny: 1, Seed: 8)));
        Assert.Contains("tiny/preds-gpt4o.jsonl", e.Message);
        Assert.Contains("nothing was changed", e.Message);
        Assert.Equal("{\"id\":0}\n", File.ReadAllText(dir["out/tiny/preds-gpt4o.jsonl"]));
        Assert.Equal(manifestBefore, File.ReadAllBytes(dir["out/build.json"]));
        Assert.Equal(rowsBefore, BenchSource.Open(dir["out"]).Items().Count());
    }

    [Fact]
    public void A_build_killed_mid_swap_is_rolled_back_so_a_failing_rebuild_cannot_lose_the_previous_one()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 2, Seed: 7));
        var manifestBefore = File.ReadAllBytes(dir["out/build.json"]);
        int rowsBefore = BenchSource.Open(dir["out"]).Items().Count();
        // Killed mid-swap: build.json and folder/ moved aside, the dead build's new folder/ already moved in.
        int dead = Spar.Tests.Util.StaleTempsTests.DeadPid();
        var replaced = dir[$"out/.bench-build-replaced.{dead}.{Guid.NewGuid():N}.tmp"];
        Directory.CreateDirectory(replaced);
        File.Move(dir["out/build.json"], Path.Combine(replaced, "build.json"));
        Directory.Move(dir["out/folder"], Path.Combine(replaced, "folder"));
        Directory.CreateDirectory(dir["out/folder/images"]);
        File.WriteAllText(dir["out/folder/bench.jsonl"], "");

        // A rebuild that fails after preparing --out (its marker renderer fails) must leave the previous build whole,
        // not a folder that no later build accepts.
        Assert.Throws<SparException>(() => BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null) { Markers = new FailingBurner(3) }));
        Assert.Equal(manifestBefore, File.ReadAllBytes(dir["out/build.json"]));
        Assert.Equal(rowsBefore, BenchSource.Open(dir["out"]).Items().Count());
        Assert.Equal(rowsBefore, BenchSource.Open(dir["out/folder"]).Items().Count());
        Assert.False(Directory.Exists(replaced));
        BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 1, Tiny: null, Seed: 7)); // and it can be rebuilt
        Assert.Equal(3, BenchSource.Open(dir["out"]).Items().Count());
    }

    [Fact]
    public void Non_empty_folder_that_is_not_a_previous_build_is_refused_and_left_alone()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        Directory.CreateDirectory(dir["mine/parquet"]);
        File.WriteAllText(dir["mine/notes.txt"], "mine");
        File.WriteAllText(dir["mine/build.json"], "{\"tool\": \"make\"}");
        var before = Snapshot(dir["mine"]);

        var e = Assert.Throws<SparException>(() => BenchBuilder.Build(root, dir["mine"], new BenchBuildOptions(PerTask: 1, Tiny: null)));

        Assert.Equal($"{dir["mine"]}: not empty and not a previous bench build (no build.json written by spar bench build; found build.json, notes.txt, parquet); " +
            "bench build replaces only its own outputs and will not write among other files: pass a new or empty folder", e.Message);
        Assert.Equal(before, Snapshot(dir["mine"]));
        Assert.Equal(3, Directory.EnumerateFileSystemEntries(dir["mine"]).Count());
    }

    sealed class FailingBurner(int failAt) : IMarkerBurner
    {
        int _calls;
        public bool DrawsMarkers => true;

        public byte[] Burn(QaRecord record, int imageIndex, byte[] encodedImage) =>
            ++_calls == failAt ? throw new SparException("burner failed") : [.. encodedImage, 0xAB];
    }

    [Fact]
    public void A_failed_rebuild_leaves_the_previous_build_byte_for_byte_and_no_temps()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 2, Seed: 7));
        var before = Snapshot(dir["out"]);

        Assert.Throws<SparException>(() => BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 3, Tiny: null, Seed: 8) { Markers = new FailingBurner(5) }));

        Assert.Equal(before, Snapshot(dir["out"]));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir["out"]), e => Path.GetFileName(e).StartsWith('.') && !OutputLock.IsLockFile(Path.GetFileName(e)));
        // A failed first build into a new folder does not leave the folder behind.
        Assert.Throws<SparException>(() => BenchBuilder.Build(root, dir["new"], new BenchBuildOptions(PerTask: 3) { Markers = new FailingBurner(1) }));
        Assert.False(Directory.Exists(dir["new"]));
    }

    [Fact]
    public void A_rerun_removes_what_a_killed_build_left_and_finishes_an_interrupted_swap()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 4, Tiny: 2, Seed: 7));
        int dead = Spar.Tests.Util.StaleTempsTests.DeadPid();
        string Temp(string name) => $".{name}.{dead}.{Guid.NewGuid():N}.tmp";
        // Killed while writing: its staging folder with a half-written index inside; and (spar before staging) a temp
        // index in folder/ and a temp build.json at the top.
        var staging = dir[$"out/{Temp("bench-build")}"];
        Directory.CreateDirectory(Path.Combine(staging, "folder"));
        File.WriteAllText(Path.Combine(staging, "folder", Temp("bench.jsonl")), "{\"id\":");
        File.WriteAllText(dir[$"out/folder/{Temp("bench.jsonl")}"], "{\"id\":");
        var topTemp = dir[$"out/{Temp("build.json")}"];
        File.WriteAllText(topTemp, "{");
        // Killed mid-swap: build.json and tiny/ already moved aside into the replaced-outputs folder.
        var replaced = dir[$"out/{Temp("bench-build-replaced")}"];
        Directory.CreateDirectory(replaced);
        File.Move(dir["out/build.json"], Path.Combine(replaced, "build.json"));
        Directory.Move(dir["out/tiny"], Path.Combine(replaced, "tiny"));

        var result = BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 2, Tiny: 1, Seed: 7));

        Assert.Equal(new[] { staging, replaced, topTemp }.Order(StringComparer.Ordinal), result.CleanedUp);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir["out"], ".*", SearchOption.AllDirectories), e => !OutputLock.IsLockFile(Path.GetFileName(e)));
        Assert.Equal(6, BenchSource.Open(dir["out"]).Items().Count());
        Assert.Equal(3, BenchSource.Open(dir["out/tiny/folder"]).Items().Count());
    }

    [Fact]
    public void A_missing_image_leaves_out_its_record_naming_the_line_and_the_rest_is_built()
    {
        using var dir = new TestPaths.TempDir();
        string root = Tree(dir);
        int full = BenchBuilder.Build(root, dir["full"], new BenchBuildOptions(PerTask: 10, Tiny: null)).Rows;
        File.Delete(Path.Combine(root, "scannet", "images", "scene0002_00/image_color/view_change_infer_1.jpg"));
        var result = BenchBuilder.Build(root, dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null));
        Assert.Contains("fill_4.jsonl:3: image not found: scene0002_00/image_color/view_change_infer_1.jpg", Assert.Single(result.ImageFailures));
        Assert.Equal(1, result.Rejected["image missing or unreadable"].Count);
        Assert.Equal(full - 1, result.Rows);
        Assert.Equal(result.Rows, BenchSource.Open(dir["out"]).Items().Count());
        Assert.Equal(Enumerable.Range(0, result.Rows).Select(i => (long)i), BenchSource.Open(dir["out"]).Items().Select(i => i.Id)); // numbered over the rows written
    }

    [Fact]
    public void Not_a_tree_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => BenchBuilder.Build(dir.Path, dir["out"], new BenchBuildOptions()));
        Assert.Contains("not a SPAR-7M tree", e.Message);
    }
}
