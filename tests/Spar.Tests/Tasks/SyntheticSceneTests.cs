using Spar.Dataset;
using Spar.Generation;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Tasks;

/// <summary>The generator on scenes rendered by the synthetic world (composite furniture, walls, occlusion).</summary>
public sealed class SyntheticSceneTests
{
    [Fact]
    public void Answers_on_rendered_synthetic_scenes_agree_with_an_independent_recomputation()
    {
        using var tmp = new TestPaths.TempDir();
        SyntheticDataset.Write(tmp["world"], seed: 3, count: 2, new SynthOptions(Frames: 8, VideoFrames: 2, ExtraViews: 0, Width: 160, Height: 120), threads: 2);
        var imagesRoot = Path.Combine(tmp["world"], "synthetic", "images");
        var report = Generator.Run(GeneratedTree.Options(imagesRoot, tmp["out"], threads: 2, perScene: 6));
        Assert.Empty(report.Failures);

        var records = GeneratedTree.Read(tmp["out"]);
        var verifier = new AnswerVerifier(imagesRoot);
        foreach (var (_, _, format, r) in records) verifier.Verify(r, format);
        Assert.Equal(records.Count, verifier.Checked);
        var types = records.Select(x => x.Record.Type).Distinct().ToList();
        Assert.True(types.Count >= 9, "types generated: " + string.Join(", ", types));

        // Answer priors (issue 16): no fill answer or correct select option over 40 % of a type × format stream.
        foreach (var stream in records.Where(x => x.Format is "fill" or "select").GroupBy(x => (x.Record.Type, x.Format)))
        {
            if (stream.Count() < 10) continue;
            string Value(Spar.Dataset.QaRecord r) => stream.Key.Format == "fill" ? r.Answer
                : r.Question.Split('\n').Single(l => l.StartsWith(r.Answer + ". ", StringComparison.Ordinal))[3..];
            var top = stream.GroupBy(x => Value(x.Record)).MaxBy(g => g.Count())!;
            Assert.True(top.Count() <= 0.4 * stream.Count(), $"{stream.Key}: '{top.Key}' is {top.Count()} of {stream.Count()}");
        }

        var problems = new List<Problem>();
        var validation = new Validator(SparTree.Open(tmp["out"]), new ValidateOptions { Threads = 1 }).Run(problems.Add);
        Assert.True(validation.Errors == 0, string.Join("\n", problems.Take(10).Select(p => $"{p.File}:{p.Line}: {p.Message}")));
        // Images were linked into the output's own images/ folder.
        foreach (var (_, _, _, r) in records.Take(20))
            Assert.True(File.Exists(Path.Combine(tmp["out"], "synthetic", "images", r.Image[0])));
    }

    /// <summary>
    /// obj_count's per-scene plan (issue 16): a scene stream that asks anything asks at least three questions, no count
    /// takes more than 40 % of it, and so no union of scenes (a run, a split, merged shards) can pass 40 % either. The
    /// run before the plan answered "1" in 43 % of the demo's fill records: one- and two-question scenes were exempt.
    /// </summary>
    [Fact]
    public void Object_count_streams_keep_every_count_within_its_share_in_every_scene()
    {
        using var tmp = new TestPaths.TempDir();
        SyntheticDataset.Write(tmp["world"], seed: 5, count: 4, new SynthOptions(Frames: 40, VideoFrames: 16, ExtraViews: 0, Width: 160, Height: 120), threads: 2);
        var imagesRoot = Path.Combine(tmp["world"], "synthetic", "images");
        var report = Generator.Run(GeneratedTree.Options(imagesRoot, tmp["out"], threads: 2, perScene: 40) with { Tasks = ["obj_count"] });
        Assert.Empty(report.Failures);
        var records = GeneratedTree.Read(tmp["out"]).Where(x => x.Format == "fill").ToList();
        Assert.NotEmpty(records);
        foreach (var scene in records.GroupBy(x => x.Record.Id[..x.Record.Id.LastIndexOf('_')]))
        {
            var counts = scene.Select(x => int.Parse(x.Record.Answer, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(counts.Count >= 3, $"{scene.Key}: {counts.Count} questions");
            var top = counts.GroupBy(c => c).MaxBy(g => g.Count())!;
            Assert.True(top.Count() <= 0.4 * counts.Count, $"{scene.Key}: {top.Key} is {top.Count()} of {counts.Count}");
            Assert.True(counts.Count(c => c >= 2) * 2 >= counts.Count, $"{scene.Key}: multi-instance categories {string.Join(",", counts)}");
        }
    }

    /// <summary>
    /// Issue 16's "done when" on rendered scenes, measured with spar audit: no select stream of the types whose blind
    /// baselines were high (tuple distractors, repeated objects, named categories) is answerable from its text more than
    /// 10 points above chance, and no answer value takes more than 40 % of it. Before the fixes these streams scored
    /// 38–68 % (chance 25–41 %) on the demo.
    /// </summary>
    [Fact]
    public void Select_streams_of_rendered_scenes_are_not_answerable_from_their_text()
    {
        string[] types =
        [
            "spatial_imagination_oc", "spatial_imagination_oo", "spatial_imagination_oo_mv", "obj_spatial_relation_oo_mv",
            "obj_spatial_relation_oc_mv", "distance_prediction_oo_mv", "spatial_volume_infer", "distance_infer_center_oc",
        ];
        using var tmp = new TestPaths.TempDir();
        SyntheticDataset.Write(tmp["world"], seed: 7, count: 4, new SynthOptions(Frames: 48, VideoFrames: 8, ExtraViews: 4, Width: 160, Height: 120), threads: 2);
        var imagesRoot = Path.Combine(tmp["world"], "synthetic", "images");
        var run = Generator.Run(GeneratedTree.Options(imagesRoot, tmp["out"], threads: 2, perScene: 40) with
        {
            Tasks = types, Formats = [Spar.Catalog.QaFormat.Select],
        });
        Assert.Empty(run.Failures);
        var report = Spar.Dataset.Audit.Auditor.Run(SparTree.Open(tmp["out"]), null, null, [], Spar.Dataset.Audit.AuditSettings.Default with { Threads = 2 });
        var checkedStreams = 0;
        foreach (var s in report.Streams.Where(s => s.Format == "select"))
        {
            Assert.True(s.Answers.MajorityShare <= 0.4, $"{s.Type}: top answer {s.Answers.MajorityShare:P1} of {s.Records}");
            if (s.Records < 100) continue; // a smaller stream's baselines are noise (standard error > 4 points)
            checkedStreams++;
            var over = Spar.Dataset.Audit.AuditFindings.PointsOverChance(s)!.Value;
            Assert.True(over <= 10, $"{s.Type}: a blind baseline is {over:0.0} points above chance over {s.Records} records");
        }
        Assert.True(checkedStreams >= 6, $"{checkedStreams} streams with 100 records or more");
    }
}
