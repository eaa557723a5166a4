using System.Globalization;
using Spar.Bench.Run;
using Spar.Dataset;
using Spar.Util;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

public sealed class BaselineTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Option_letters_come_from_lettered_lines_only()
    {
        var q = "Which is closer? A. is not an option here\nA. the chair\n  B. the table\nC.no space\nD. the lamp\nYour answer can only include one of options A, B or D.";
        Assert.Equal(['A', 'B', 'D'], SelectOptions.Letters(q));
    }

    [Fact]
    public void Random_choices_are_uniform_over_the_options_and_reproducible()
    {
        var items = Enumerable.Range(0, 2000)
            .Select(i => Item(i, "obj_spatial_relation_oo", Mcq($"Q{i}", "a", "b", "c", "d"), "A", Jpeg)).ToList();
        var baseline = new RandomBaseline(7);

        var answers = items.Select(baseline.Answer).ToList();

        Assert.Equal(answers, items.Select(new RandomBaseline(7).Answer));
        Assert.NotEqual(answers, items.Select(new RandomBaseline(8).Answer));
        foreach (var letter in "ABCD")
            Assert.InRange(answers.Count(a => a == letter.ToString()), 430, 570); // 500 ± ~5σ
    }

    [Fact]
    public void Random_fill_answers_are_plausible_numbers_and_view_changes()
    {
        var baseline = new RandomBaseline(3);
        for (int i = 0; i < 300; i++)
        {
            var depth = baseline.Answer(Item(i, "depth_prediction_oc", "Q", "1", Jpeg));
            double d = double.Parse(depth, CultureInfo.InvariantCulture);
            Assert.InRange(d, 0.5, 5.0);
            Assert.Matches(@"^\d+\.\d$", depth);
            Assert.InRange(double.Parse(baseline.Answer(Item(i, "depth_prediction_oo_mv", "Q", "1", Jpeg)), CultureInfo.InvariantCulture), 0.1, 2.0);

            var vci = baseline.Answer(Item(i, "view_change_infer", "Q", "x", Jpeg, Png)).Split(',');
            Assert.Equal(5, vci.Length);
            string[][] axes = [["move_right", "move_left"], ["move_down", "move_up"], ["move_forward", "move_backward"], ["rotate_left", "rotate_right"], ["rotate_down", "rotate_up"]];
            for (int a = 0; a < 5; a++)
            {
                var kv = vci[a].Split(':');
                Assert.Contains(kv[0], axes[a]);
                double v = double.Parse(kv[1], CultureInfo.InvariantCulture);
                Assert.InRange(v, 0, a < 3 ? 1.5 : 45);
            }
        }
    }

    [Fact]
    public async Task Random_run_writes_the_same_file_whatever_the_concurrency()
    {
        using var dir = new TestPaths.TempDir();
        var bench = new InMemoryBench(Mixed(90));

        await BenchRunner.RunAsync(bench, new RandomBaseline(5), dir["c1.jsonl"], new BenchRunOptions(1), cancel: Cancel);
        await BenchRunner.RunAsync(bench, new RandomBaseline(5), dir["c8.jsonl"], new BenchRunOptions(8), cancel: Cancel);

        // Lines may finish in another order; their content per id is the same.
        Assert.Equal(File.ReadAllLines(dir["c1.jsonl"]).Order(StringComparer.Ordinal), File.ReadAllLines(dir["c8.jsonl"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Progress_counts_up_to_the_pending_items_and_reports_failures()
    {
        using var dir = new TestPaths.TempDir();
        var items = Mixed(10);
        items[4] = Item(4, "obj_spatial_relation_oo", "Q4: no options here", "A", Png); // random cannot answer: failed
        var bench = new InMemoryBench(items);
        await BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(1, Limit: 3), cancel: Cancel);
        var seen = new List<BenchRunProgress>();

        var summary = await BenchRunner.RunAsync(bench, new RandomBaseline(1), dir["p.jsonl"], new BenchRunOptions(3), seen.Add, Cancel);

        Assert.Equal((10, 3, 6, 1), (summary.Selected, summary.AlreadyDone, summary.Ok, summary.Failed));
        Assert.All(seen, p => Assert.Equal((7, 3), (p.Pending, p.AlreadyDone)));
        Assert.Equal(0, seen[0].Done);
        Assert.Equal((7, 1), (seen[^1].Done, seen[^1].Failed));
        Assert.Equal(seen.Select(p => p.Done).Order(), seen.Select(p => p.Done));
        var failed = File.ReadAllLines(dir["p.jsonl"]).Select(l => PredictionLines.Parse(System.Text.Encoding.UTF8.GetBytes(l))).Single(l => !l.IsOk);
        Assert.Equal(4, failed.Id);
        Assert.Contains("no option lines", failed.Error);
    }

    internal static void WriteRecords(string file, string type, params string[] answers)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllLines(file, answers.Select((a, i) => System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(new QaRecord
        {
            Id = $"scene0000_00_{i}",
            Type = type,
            Image = ["scene0000_00/image_color/0.jpg"],
            Conversations = [new Turn("human", "question"), new Turn("gpt", a)],
        }))));
    }

    [Fact]
    public async Task Blind_prior_learns_the_mode_and_the_lower_median_from_a_training_tree()
    {
        using var dir = new TestPaths.TempDir();
        var train = Path.Combine(dir.Path, "scannet", "qa_jsonl", "train");
        WriteRecords(Path.Combine(train, "obj_spatial_relation_oo", "select", "select_4.jsonl"), "obj_spatial_relation_oo", "A", "C", "C", "B");
        WriteRecords(Path.Combine(dir.Path, "structured3d", "qa_jsonl", "train", "obj_spatial_relation_oo", "select", "select_2.jsonl"), "obj_spatial_relation_oo", "B", "B");
        // Sentence answers are not read: only the format the bench uses.
        WriteRecords(Path.Combine(train, "obj_spatial_relation_oo", "sentence", "sentence_3.jsonl"), "obj_spatial_relation_oo", "D", "D", "D");
        WriteRecords(Path.Combine(train, "depth_prediction_oc", "fill", "fill_5.jsonl"), "depth_prediction_oc", "3.0", "1.20", "10", "2.5", "0.9");
        WriteRecords(Path.Combine(train, "distance_prediction_oc", "fill", "fill_4.jsonl"), "distance_prediction_oc", "4", "1", "2", "3");
        WriteRecords(Path.Combine(train, "view_change_infer", "fill", "fill_3.jsonl"), "view_change_infer", "move_left:0.1", "move_right:0.2", "move_left:0.1");
        WriteRecords(Path.Combine(dir.Path, "scannet", "qa_jsonl", "val", "depth_prediction_oc", "fill", "fill_1.jsonl"), "depth_prediction_oc", "99");

        var prior = BlindPrior.FromTrainingTree(dir.Path);

        Assert.Equal(
            [
                new("depth_prediction_oc", "2.5"),
                new("distance_prediction_oc", "2"),
                new("obj_spatial_relation_oo", "B"), // B 3, C 2 over both sources
                new KeyValuePair<string, string>("view_change_infer", "move_left:0.1"),
            ],
            prior.AnswerByTask);
        Assert.Equal(18, prior.AnswersRead);
        var answer = await prior.AnswerAsync(Item(1, "depth_prediction_oc", "Q", "1", Jpeg), Cancel);
        Assert.Equal(("2.5", null, 1), (answer.Prediction, answer.Endpoint, answer.Attempts));
        await Assert.ThrowsAsync<SparException>(() => prior.AnswerAsync(Item(2, "spatial_imagination_oc", "Q", "A", Jpeg), Cancel));
    }

    [Fact]
    public void Blind_prior_ties_break_by_answer_not_by_reading_order()
    {
        var ab = BlindPrior.FromAnswers([("position_matching", "B"), ("position_matching", "A")]);
        var ba = BlindPrior.FromAnswers([("position_matching", "A"), ("position_matching", "B")]);
        Assert.Equal("A", ab.AnswerByTask.Single().Value);
        Assert.Equal("A", ba.AnswerByTask.Single().Value);
    }

    [Fact]
    public void Blind_prior_reports_a_bad_line_with_file_and_line()
    {
        using var dir = new TestPaths.TempDir();
        var file = Path.Combine(dir.Path, "qa_jsonl", "train", "position_matching", "select", "select_2.jsonl");
        WriteRecords(file, "position_matching", "A");
        File.AppendAllText(file, "{\"id\": 3, \"conversations\": \n");

        var e = Assert.Throws<SparException>(() => BlindPrior.FromTrainingTree(dir.Path));

        Assert.Contains("select_2.jsonl:2:", e.Message);
    }

    [Fact]
    public void Blind_prior_without_a_split_folder_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => BlindPrior.FromTrainingTree(dir.Path));
        Assert.Contains("qa_jsonl/train", e.Message);
    }
}
