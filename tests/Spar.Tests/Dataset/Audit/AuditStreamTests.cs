using System.Globalization;
using Spar.Dataset;
using Spar.Dataset.Audit;
using Spar.Tests.Cli;
using Spar.Determinism;

namespace Spar.Tests.Dataset.Audit;

public sealed class AuditStreamTests
{
    static readonly string[] Letters = ["A", "B", "C", "D"];

    /// <summary>A select question with four numeric options; the answer letter is given.</summary>
    static string Select(string id, int template, Random rng, string answer)
    {
        var opts = Enumerable.Range(0, 4).Select(_ => (rng.Next(5, 60) / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + " meters").ToList();
        string q = template switch
        {
            0 => "What is the depth of the chair (red point)?",
            1 => "How far from the camera is the office table (red point)?",
            _ => "Estimate the depth of lamp (red point) in this image.",
        } + "\n" + string.Join("\n", opts.Select((o, i) => $"{Letters[i]}. {o}")) + "\nYour answer can only include one of options A, B, C or D.";
        return TreeBuilder.Record(id, "depth_prediction_oc", q, answer, [$"s{id}/image_color/1.jpg"], "\"red_point\": [[500, 500]], \"blue_point\": [[100, 100]]");
    }

    static StreamReport Stream(AuditReport r, string type, string format) => r.Streams.Single(s => s.Type == type && s.Format == format);

    [Fact]
    public void A_planted_bias_is_reported_as_a_full_majority_that_a_blind_baseline_exploits()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        var rng = new Random(7);
        t.Lines("scannet", "train", "depth_prediction_oc", "select",
            Enumerable.Range(0, 600).Select(i => Select($"r{i}", i % 3, rng, "A")).ToArray());
        var report = Auditor.Run(SparTree.Open(dir["spar"]), null, null, null, AuditSettings.Default with { Threads = 2 });

        var s = Stream(report, "depth_prediction_oc", "select");
        Assert.Equal(600, s.Records);
        Assert.Equal(600, s.Letters!.Counts["A"]);
        Assert.Equal(1.0, s.TopLetterShare);
        Assert.Equal(0.25, s.Letters.Chance, 9);
        Assert.Equal(1.0, s.Baselines!.LetterMajority);
        Assert.True(s.Baselines.Best > 0.97, $"best blind baseline {s.Baselines.Best}");
        Assert.Contains("prior", AuditFindings.Flags(s, report.Settings));
        Assert.Contains("blind", AuditFindings.Flags(s, report.Settings));
    }

    [Fact]
    public void A_balanced_random_tree_reports_near_chance()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        var rng = new Random(11);
        t.Lines("scannet", "train", "depth_prediction_oc", "select",
            Enumerable.Range(0, 2000).Select(i => Select($"r{i}", i % 3, rng, Letters[rng.Next(4)])).ToArray());
        string[] relations = ["to the left of", "to the right of", "above", "below"];
        t.Lines("scannet", "train", "obj_spatial_relation_oo", "judge",
            Enumerable.Range(0, 2000).Select(i => TreeBuilder.Record($"j{i}", "obj_spatial_relation_oo",
                $"Is the chair (red bbox) {relations[rng.Next(4)]} the table (blue bbox)? Answer yes or no.", rng.Next(2) == 0 ? "Yes" : "No",
                [$"s{i}/image_color/1.jpg"], "\"red_bbox\": [[1, 1, 5, 5]], \"blue_bbox\": [[10, 10, 50, 50]]")).ToArray());
        var report = Auditor.Run(SparTree.Open(dir["spar"]), null, null, null, AuditSettings.Default with { Threads = 2 });

        var select = Stream(report, "depth_prediction_oc", "select");
        Assert.Equal(0.25, select.Baselines!.Chance!.Value, 9);
        // 2,000 records: a standard error of about 1 point on the full-data baselines, 1.4 on the 1,000-record kNN sample.
        Assert.InRange(select.Baselines.LetterMajority!.Value, 0.20, 0.30);
        Assert.InRange(select.Baselines.TemplateMajority, 0.20, 0.30);
        Assert.InRange(select.Baselines.Knn!.Value, 0.19, 0.31);
        Assert.Equal(1000, select.Baselines.KnnEvaluated);
        Assert.InRange(select.TopLetterShare!.Value, 0.25, 0.29);
        Assert.DoesNotContain("blind", AuditFindings.Flags(select, report.Settings));
        Assert.DoesNotContain("prior", AuditFindings.Flags(select, report.Settings));

        var judge = Stream(report, "obj_spatial_relation_oo", "judge");
        Assert.Equal(0.5, judge.Baselines!.Chance!.Value);
        Assert.InRange(judge.Baselines.TemplateMajority, 0.45, 0.55);
        Assert.InRange(judge.Baselines.Knn!.Value, 0.43, 0.57);
        Assert.Equal(2000, judge.Letters!.Counts["Yes"] + judge.Letters.Counts["No"]);
        Assert.InRange(judge.Answers.MajorityShare, 0.5, 0.54);
        Assert.Equal(2, judge.Answers.Distinct);
    }

    [Fact]
    public void Duplicate_questions_on_the_same_images_are_counted_and_named()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        string Q(string id, string image, string answer) =>
            TreeBuilder.Record(id, "obj_count", "How many chairs are in the room?", answer, [image]);
        var path = t.Lines("scannet", "train", "obj_count", "fill",
            Q("a", "s/image_color/1.jpg", "3"), Q("b", "s/image_color/1.jpg", "3"), Q("c", "s/image_color/2.jpg", "3"),
            Q("d", "s/image_color/1.jpg", "4"), TreeBuilder.Record("e", "obj_count", "How many tables are in the room?", "1", ["s/image_color/1.jpg"]));
        var report = Auditor.Run(SparTree.Open(dir["spar"]), null, null, null, AuditSettings.Default);

        var d = Stream(report, "obj_count", "fill").Duplicates;
        // a, b and d ask the same question on the same image (c has another image, e another question): 2 repeats, 1 group,
        // and d's answer differs.
        Assert.True(d.Exact);
        Assert.Equal(2, d.Records);
        Assert.Equal(1, d.Groups);
        Assert.Equal(1, d.Conflicting);
        Assert.Equal($"{Path.GetRelativePath(report.Root, path)}:1 = {Path.GetRelativePath(report.Root, path)}:2 (+1 more) — different answers", d.Examples.Single());
    }

    [Fact]
    public void The_duplicate_sketch_estimates_from_a_hash_sample_when_keys_exceed_its_capacity()
    {
        var sketch = new DuplicateSketch(capacity: 1000);
        // 20,000 distinct keys, each seen twice: 20,000 duplicate records.
        for (int i = 0; i < 20_000; i++)
        for (int copy = 0; copy < 2; copy++)
            sketch.Add(Spar.Determinism.SplitMix64.Finalize((ulong)i + 1), 0, new RecordRef(0, i * 2 + copy));
        Assert.False(sketch.Exact);
        Assert.InRange(sketch.DuplicateRecords, 17_000, 23_000);
    }

    [Fact]
    public void Heavy_hitters_are_exact_within_capacity_and_keep_a_true_majority_beyond_it()
    {
        var hh = new HeavyHitters<string>(8, StringComparer.Ordinal, StringComparer.Ordinal);
        for (int i = 0; i < 1000; i++) hh.Add(i % 2 == 0 ? "front" : $"v{i}");
        Assert.False(hh.Exact);
        var (value, count) = hh.Top(1)[0];
        Assert.Equal("front", value);
        // Misra–Gries: the kept count is at most MaxUndercount below the true 500.
        Assert.InRange(500 - count, 0, hh.MaxUndercount);
        Assert.True(hh.MaxUndercount <= 1000 / 9);
    }

    [Fact]
    public void Output_does_not_depend_on_the_thread_count()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        var rng = new Random(3);
        foreach (var task in new[] { "depth_prediction_oc", "depth_prediction_oc_mv", "distance_prediction_oc" })
            t.Lines("scannet", "train", task, "select", Enumerable.Range(0, 300).Select(i => Select($"{task}{i}", i % 3, rng, Letters[rng.Next(4)])
                .Replace("depth_prediction_oc\"", $"{task}\"")).ToArray());
        var one = AuditJson.Serialize(Auditor.Run(SparTree.Open(dir["spar"]), null, null, null, AuditSettings.Default with { Threads = 1 }));
        var four = AuditJson.Serialize(Auditor.Run(SparTree.Open(dir["spar"]), null, null, null, AuditSettings.Default with { Threads = 4 }));
        Assert.Equal(one, four);
    }

    [Fact]
    public void Templates_mask_object_names_and_numbers_but_keep_the_wording()
    {
        Assert.Equal("with the <obj> (red point) having a depth of # meters, how deep is <obj> (blue point)?",
            QuestionText.Template("With the office chair (red point) having a depth of 1.6 meters, how deep is towel (blue point)?"));
        Assert.Equal(QuestionText.Template("How far is the lamp (red point)?\nA. 1.0\nB. 2.5"), QuestionText.Template("How far is the big sofa (red point)?\nA. 3.0\nB. 0.5"));
        Assert.NotEqual(QuestionText.Template("How far is the lamp (red point)?"), QuestionText.Template("How deep is the lamp (red point)?"));
        var options = QuestionText.Options("Q?\nA. Left, above\nB) right\nYour answer can only include one of options A or B.");
        Assert.Equal([('A', "left, above"), ('B', "right")], options.Select(o => (o.Letter, o.Text)));
    }

    [Fact]
    public void Bad_input_exits_2_with_a_message_naming_the_path()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, _, err) = CliRunner.Run("audit", dir["missing"]);
        Assert.Equal(2, exit);
        Assert.Contains(dir["missing"] + ": directory not found", err);

        Directory.CreateDirectory(dir["empty/x"]);
        (exit, _, err) = CliRunner.Run("audit", dir["empty"]);
        Assert.Equal(2, exit);
        Assert.Contains("no qa_jsonl files under this folder", err);

        // A source folder is read as that source (TreeRootTests), not refused.
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", "obj_count", "fill", TreeBuilder.Record("a", "obj_count", "How many?", "3", ["s/image_color/1.jpg"]));
        (exit, _, err) = CliRunner.Run("audit", dir["spar"], "--scenes", dir["nowhere"]);
        Assert.Equal(2, exit);
        Assert.Contains(dir["nowhere"] + ": scene folder not found", err);
    }

    [Fact]
    public void Unparseable_lines_are_named_and_exit_1_and_out_writes_every_file()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.File("scannet", "train", "obj_count", "fill", "fill_2.jsonl",
            TreeBuilder.Record("a", "obj_count", "How many chairs?", "3", ["s/image_color/1.jpg"]) + "\n{\"id\": \n");
        var (exit, output, err) = CliRunner.Run("audit", dir["spar"], "--out", dir["out"]);
        Assert.Equal(1, exit);
        Assert.Contains("fill_2.jsonl:2: unparseable line", err);
        Assert.Contains("largest answer-value share: 100.0 %", output);
        foreach (var f in new[] { "audit.md", "audit.json", "audit.html", "answer-share.png", "answer-share.svg" })
            Assert.True(File.Exists(Path.Combine(dir["out"], f)), f);
        Assert.Contains("\"unparseable_lines\": 1", File.ReadAllText(dir["out/audit.json"]));
        Assert.Empty(Directory.GetFiles(dir["out"], "*.tmp*"));
    }
}
