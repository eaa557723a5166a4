using System.Text.Json;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Generation;
using Spar.Geometry;
using Spar.Tasks;

namespace Spar.Tests.Tasks;

public sealed class GeneratorTests
{
    static readonly string[] SingleViewTypes =
    [
        "depth_prediction_oc", "depth_prediction_oo", "distance_prediction_oc", "distance_prediction_oo", "distance_infer_center_oc",
        "distance_infer_center_oo", "obj_spatial_relation_oo", "spatial_volume_infer", "spatial_imagination_oc", "spatial_imagination_oo",
    ];

    [Fact]
    public void Every_emitted_answer_is_recomputed_from_the_geometry_and_the_output_validates()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"]);
        var report = Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"]));
        Assert.Empty(report.Failures);
        var records = GeneratedTree.Read(tmp["out"]);

        var verifier = new AnswerVerifier(Path.Combine(tmp["scenes"], "synthetic", "images"));
        foreach (var (_, _, format, r) in records) verifier.Verify(r, format);
        Assert.Equal(records.Count, verifier.Checked);

        // Every single-view type appears in every one of its formats.
        foreach (var type in SingleViewTypes)
            foreach (var format in TaskCatalog.Get(type).Formats)
                Assert.True(records.Any(x => x.Record.Type == type && x.Format == format.FolderName()), $"no {type}/{format.FolderName()} record");
        Assert.Contains(records, x => x.Split == "val");
        Assert.Contains(records, x => x.Split == "train");

        // Paraphrase coverage: with names and numbers blanked, each type shows ≥ 4 question openings and ≥ 3 sentence answers.
        static string Shape(string text, int words) => string.Join(" ", System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(text, @"\b[a-z]+ \((red|blue|green|yellow) (point|bbox)\)", "X"), @"[0-9.]+", "N")
            .Split(' ').Take(words));
        foreach (var type in SingleViewTypes)
        {
            var ofType = records.Where(x => x.Record.Type == type).ToList();
            Assert.True(ofType.Select(x => Shape(x.Record.Question, 3)).Distinct().Count() >= 4, $"{type}: question paraphrases not all used");
            var sentences = ofType.Where(x => x.Format == "sentence").Select(x => Shape(x.Record.Answer, 40)).Distinct().Count();
            Assert.True(sentences >= 3, $"{type}: {sentences} sentence answer shapes");
        }

        var problems = new List<Problem>();
        var validation = new Validator(SparTree.Open(tmp["out"]), new ValidateOptions { Threads = 1 }).Run(problems.Add);
        Assert.True(validation.Errors == 0 && validation.Warnings == 0, string.Join("\n", problems.Take(10).Select(p => $"{p.File}:{p.Line}: {p.Message}")));
        Assert.Equal(records.Count, validation.Records);

        // Each frame was analysed at most once in the run, and the manifest counts it.
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(tmp["out"], RunManifest.FileName)));
        var frames = manifest.RootElement.GetProperty("frames");
        Assert.Equal(report.FramesAnalysedThisSession, frames.GetProperty("analysed").GetInt64());
        Assert.True(report.FramesAnalysedThisSession <= frames.GetProperty("total").GetInt64());
        Assert.Equal(records.Count, manifest.RootElement.GetProperty("records_total").GetInt64());
    }

    [Fact]
    public void Select_letters_cycle_evenly_and_judge_is_half_yes()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"]);
        Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 12));
        var records = GeneratedTree.Read(tmp["out"]);
        var select = records.Where(x => x.Format == "select").ToList();
        Assert.NotEmpty(select);
        foreach (var stream in select.GroupBy(x => (Scene: x.Record.Id[..x.Record.Id.LastIndexOf('_')], x.Record.Type)))
        {
            int options = SelectOptions.Letters(stream.First().Record.Question).Count;
            if (stream.Any(x => SelectOptions.Letters(x.Record.Question).Count != options)) continue; // mixed option counts
            var counts = Enumerable.Range(0, options).Select(i => stream.Count(x => x.Record.Answer == ((char)('A' + i)).ToString())).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{stream.Key}: letters {string.Join(",", counts)}");
        }
        var four = select.Where(x => SelectOptions.Letters(x.Record.Question).Count == 4).ToList();
        var total = "ABCD".Select(c => four.Count(x => x.Record.Answer == c.ToString())).ToList();
        Assert.True(total.Min() >= four.Count / 4 - 12, $"overall letters {string.Join(",", total)}");

        var judge = records.Where(x => x.Format == "judge").ToList();
        Assert.NotEmpty(judge);
        foreach (var stream in judge.GroupBy(x => x.Record.Id[..x.Record.Id.LastIndexOf('_')]))
            Assert.True(Math.Abs(stream.Count(x => x.Record.Answer == "Yes") - stream.Count(x => x.Record.Answer == "No")) <= 1);
        Assert.True(Math.Abs(judge.Count(x => x.Record.Answer == "Yes") - judge.Count(x => x.Record.Answer == "No")) <= judge.Count / 10 + 3);
    }

    [Fact]
    public void Identical_bytes_with_one_or_two_threads_and_with_three_shards_merged()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"]);
        Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["one"], threads: 1));
        Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["two"], threads: 2));
        var expected = GeneratedTree.Snapshot(tmp["one"]);
        Assert.NotEmpty(expected);
        GeneratedTree.AssertSame(expected, GeneratedTree.Snapshot(tmp["two"]));

        for (int k = 1; k <= 3; k++)
        {
            var report = Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp[$"shard{k}"], threads: 2) with { Shard = new ShardSpec(k, 3) });
            Assert.Null(report.Assembly);
        }
        Assert.Throws<Spar.Util.SparException>(() => Generator.Merge([tmp["shard1"], tmp["shard3"]], tmp["bad"]));
        Generator.Merge([tmp["shard1"], tmp["shard2"], tmp["shard3"]], tmp["merged"]);
        GeneratedTree.AssertSame(expected, GeneratedTree.Snapshot(tmp["merged"]));
        Assert.True(File.Exists(Path.Combine(tmp["merged"], "synthetic", "images", "room00", "image_color", "0.jpg")));

        // Shards sharing one output folder (a job array on a shared file system), merged in place.
        for (int k = 1; k <= 3; k++)
            Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["shared"], threads: 1) with { Shard = new ShardSpec(k, 3) });
        Generator.Merge([tmp["shared"]], tmp["shared"]);
        GeneratedTree.AssertSame(expected, GeneratedTree.Snapshot(tmp["shared"]));
    }

    [Fact]
    public void A_run_killed_half_way_and_restarted_gives_the_same_output()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"]);
        Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["full"]));

        using var cancel = new CancellationTokenSource();
        int committed = 0;
        var stopped = Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["resumed"]), null, cancel.Token,
            _ => { if (++committed == 3) cancel.Cancel(); });
        Assert.True(stopped.Stopped);
        Assert.Null(stopped.Assembly);
        Assert.False(File.Exists(Path.Combine(tmp["resumed"], RunManifest.FileName)));
        // A half-written temp file left by the kill must not matter.
        var parts = Directory.EnumerateDirectories(Path.Combine(tmp["resumed"], Generator.WorkFolder)).Single();
        File.WriteAllText(Path.Combine(parts, "parts", ".room05.part.999.dead.tmp"), "garbage");

        var report = Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["resumed"]));
        Assert.Equal(3, report.ScenesResumed);
        Assert.Equal(3, report.ScenesGenerated);
        GeneratedTree.AssertSame(GeneratedTree.Snapshot(tmp["full"]), GeneratedTree.Snapshot(tmp["resumed"]));
    }

    [Fact]
    public void Obvious_scenes_get_obvious_answers()
    {
        using var tmp = new TestPaths.TempDir();
        var f = new SceneFixture("obvious", 128, 96);
        f.Add(1, "floor", new Vec3(0, 3, -0.05), new Vec3(14, 14, 0.1), structural: true)
         .Add(2, "table", new Vec3(0, 3, 0.375), new Vec3(1.2, 0.8, 0.75))
         .Add(3, "chair", new Vec3(1, 3, 0.6), new Vec3(0.5, 0.5, 1.2))      // 1 m right of the table, 0.225 m higher (clear of the margin band)
         .Add(4, "lamp", new Vec3(0, 4.5, 0.9), new Vec3(0.4, 0.4, 1.8))      // north of the table
         .Camera(new Vec3(0.5, -1, 0.6), new Vec3(0.5, 3, 0.6))               // level, looking +y (north)
         .Camera(new Vec3(-2, 3, 5), new Vec3(0.5, 3, 0.4));                  // turned 90°: looking +x (east), from above
        f.Write(tmp["scenes"]);
        Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 30) with
        {
            Tasks = ["obj_spatial_relation_oo", "spatial_imagination_oc", "depth_prediction_oc"], ValFraction = 0,
        });
        var records = GeneratedTree.Read(tmp["out"]);
        var verifier = new AnswerVerifier(Path.Combine(tmp["scenes"], "synthetic", "images"));
        foreach (var (_, _, format, r) in records) verifier.Verify(r, format);

        string Frame(QaRecord r) => Path.GetFileNameWithoutExtension(r.Image[0]);
        var rel = records.Where(x => x.Format == "select" && x.Record.Type == "obj_spatial_relation_oo"
            && x.Record.Question.Contains("chair (red bbox)") && x.Record.Question.Contains("table (blue bbox)")).ToList();
        string Option(QaRecord r) => r.Question.Split('\n').Single(l => l.StartsWith(r.Answer + ". "))[3..];
        // Facing north, the chair is 1 m to the right of the table, same height, same depth.
        Assert.Contains(rel, x => Frame(x.Record) == "0");
        foreach (var x in rel.Where(x => Frame(x.Record) == "0")) Assert.Matches("^right, [a-z]*, $", Option(x.Record));
        // Turned to face east, the chair is straight behind the table: farther, neither left nor right.
        Assert.Contains(rel, x => Frame(x.Record) == "1");
        foreach (var x in rel.Where(x => Frame(x.Record) == "1")) Assert.Matches("^, [a-z]*, farther$", Option(x.Record));

        // Standing at the table facing the chair (east), the lamp (north, taller) is to the left and above.
        var imag = records.Where(x => x.Format == "select" && x.Record.Type == "spatial_imagination_oc"
            && x.Record.Question.Contains("lamp (red bbox)") && x.Record.Question.Contains("table (green bbox)") && x.Record.Question.Contains("chair (blue bbox)")).ToList();
        Assert.NotEmpty(imag);
        foreach (var x in imag) Assert.Equal("left, above, ", Option(x.Record));

        // Depth in the level north-facing view: table and chair both 4.0 m deep.
        var depth = records.Where(x => x.Format == "fill" && x.Record.Type == "depth_prediction_oc" && Frame(x.Record) == "0"
            && x.Record.Question.Contains("table (blue point)")).ToList();
        foreach (var x in depth) Assert.Equal("4.0", x.Record.Answer);
    }

    [Fact]
    public void Names_relying_on_category_are_unique_in_the_frame()
    {
        using var tmp = new TestPaths.TempDir();
        var f = new SceneFixture("twolamps");
        f.Add(1, "table", new Vec3(0, 3, 0.375), new Vec3(1.2, 0.8, 0.75))
         .Add(2, "lamp", new Vec3(-1.2, 3.5, 0.9), new Vec3(0.4, 0.4, 1.8))
         .Add(3, "lamp", new Vec3(1.4, 3.8, 0.9), new Vec3(0.4, 0.4, 1.8))
         .Add(4, "sofa", new Vec3(0, 5, 0.45), new Vec3(2.0, 0.9, 0.9))
         .Camera(new Vec3(0, -1, 1.4), new Vec3(0, 4, 0.5));
        f.Write(tmp["scenes"]);
        Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 20) with { Tasks = ["distance_infer_center_oc"], ValFraction = 0 });
        var records = GeneratedTree.Read(tmp["out"]);
        Assert.NotEmpty(records);
        Assert.DoesNotContain(records, x => x.Record.Question.Contains("lamp"));
    }

    [Fact]
    public void A_rerun_replaces_only_files_spar_wrote_and_refuses_to_touch_others()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"]);
        var options = GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 6) with { Tasks = ["depth_prediction_oc"], Formats = [QaFormat.Fill], ValFraction = 0 };
        Generator.Run(options);
        var folder = Path.Combine(tmp["out"], "synthetic", "qa_jsonl", "train", "depth_prediction_oc", "fill");
        var first = Directory.GetFiles(folder).Single();

        // A run killed after moving its files but before writing the manifest: the ledger still proves ownership.
        File.Delete(Path.Combine(tmp["out"], RunManifest.FileName));
        Generator.Run(options with { Seed = 7, PerScene = 5 });
        var second = Directory.GetFiles(folder).Single();
        Assert.NotEqual(Path.GetFileName(first), Path.GetFileName(second));

        // A file spar did not write (an official SPAR-7M file, say) stops the run; nothing is deleted or changed.
        var official = Path.Combine(folder, "fill_3.jsonl");
        File.WriteAllText(official, "{\"id\": \"official\"}\n");
        var secondBytes = File.ReadAllBytes(second);
        var e = Assert.Throws<Spar.Util.SparException>(() => Generator.Run(options with { Seed = 8 }));
        Assert.Contains("fill_3.jsonl", e.Message);
        Assert.Equal("{\"id\": \"official\"}\n", File.ReadAllText(official));
        Assert.Equal(secondBytes, File.ReadAllBytes(second));
        Assert.Equal(2, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public void A_scene_changed_since_its_part_was_made_is_generated_again()
    {
        using var tmp = new TestPaths.TempDir();
        GeneratedTree.WriteRooms(tmp["scenes"], count: 2);
        var options = GeneratedTree.Options(tmp["scenes"], tmp["out"], perScene: 6) with { Tasks = ["depth_prediction_oc"], ValFraction = 0 };
        Generator.Run(options);
        // Re-import with fewer frames, say: the same scene id, another scene.json.
        var path = Directory.GetFiles(tmp["scenes"], Spar.Scenes.SceneJson.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var scene = Spar.Scenes.SceneJson.Read(path).Scene;
        var kept = scene.Frames.Take(scene.Frames.Count / 2).ToList();
        Spar.Scenes.SceneJson.Write(scene with { Frames = kept }, path);

        var report = Generator.Run(options with { Scenes = [tmp["scenes"], tmp["scenes"]] }); // overlapping inputs are one scene each
        Assert.Equal((1, 1), (report.ScenesChanged, report.ScenesResumed));
        var allowed = kept.Select(f => f.ImagePath).ToHashSet(StringComparer.Ordinal);
        var ofScene = GeneratedTree.Read(tmp["out"]).Where(x => x.Record.Id.StartsWith(scene.Id + "_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ofScene);
        Assert.All(ofScene, x => Assert.All(x.Record.Image, i => Assert.Contains(i, allowed)));
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        using var tmp = new TestPaths.TempDir();
        var dir = SceneFixture.LivingRoom("roomx").Write(tmp["scenes"]);
        var bad = Assert.Throws<Spar.Util.SparException>(() => Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"]) with { Tasks = ["no_such_task"] }));
        Assert.Contains("no_such_task", bad.Message);
        var noFormat = Assert.Throws<Spar.Util.SparException>(() => Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"]) with
            { Tasks = ["depth_prediction_oc", "obj_spatial_relation_oo"], Formats = [QaFormat.Judge] }));
        Assert.Contains("--tasks depth_prediction_oc has none of the --formats judge (its formats: fill, select, sentence)", noFormat.Message);
        Assert.Throws<Spar.Util.SparException>(() => ShardSpec.Parse("4/3"));
        Assert.Throws<Spar.Util.SparException>(() => Generator.Run(GeneratedTree.Options(tmp["nothing"], tmp["out"])));

        // A scene folder renamed away from its id fails that scene, naming the file; nothing is assembled.
        Directory.Move(dir, Path.Combine(tmp["scenes"], "synthetic", "images", "renamed"));
        var report = Generator.Run(GeneratedTree.Options(tmp["scenes"], tmp["out"]));
        var failure = Assert.Single(report.Failures);
        Assert.Contains("scene.json", failure);
        Assert.Null(report.Assembly);
    }

    [Fact]
    public void Every_generator_has_the_paraphrase_pools_the_spec_asks_for()
    {
        foreach (var type in SingleViewTypes)
        {
            Assert.True(TaskRegistry.TryGet(type, out var g), type);
            Assert.True(g.QuestionParaphrases >= 4, $"{type}: {g.QuestionParaphrases} question paraphrases");
        }
        Assert.True(Instructions.Sentence.Length >= 4 && Instructions.FillMeters.Length >= 4 && Instructions.Judge.Length >= 4);
    }
}
