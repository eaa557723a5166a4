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
}
