using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, obj_count: how many instances of a category the room holds, counting every distinct instance
/// that passes the visibility rules in at least one video frame (not per frame). Dropped when an instance of the
/// category shows pixels somewhere in the video without ever passing the rules (it may or may not be counted).
/// </summary>
public static class CountingTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new ObjectCount()];

    sealed class ObjectCount : TaskGenerator
    {
        public override string Type => "obj_count";

        static readonly Paraphrases<string> Questions = new(
            c => $"How many {c} instances are in this room?",
            c => $"Count the {c} objects that appear in the video. How many are there?",
            c => $"Across all frames, how many distinct {c} instances can you see?",
            c => $"What is the number of {c} instances in the room shown by the video?");

        static readonly Paraphrases<(string Category, string N, string Noun)> Answers = new(
            v => $"There {(v.N == "1" ? "is" : "are")} {v.N} {v.Category} {v.Noun} in the room.",
            v => $"The video shows {v.N} distinct {v.Category} {v.Noun}.",
            v => $"I count {v.N} {v.Category} {v.Noun} in total.");

        static readonly string[] FillInstructions =
        [
            "Answer with a single integer.",
            "Reply with the number only.",
            "Give just the count as an integer.",
            "Respond with one whole number.",
        ];

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            if (!video.FullyAnalysed) return Candidate.Reject("frame-not-analysed");
            var seen = video.Sightings().Select(s => s.View.Object).DistinctBy(o => o.InstanceId).ToList();
            var categories = seen.Select(o => o.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (categories.Count == 0) return Candidate.Reject("too-few-objects");
            var category = ctx.Rng.Pick(categories);
            var counted = seen.Where(o => o.Category == category).Select(o => o.InstanceId).ToHashSet();
            var ofCategory = ctx.Analysis.Scene.Objects.Where(o => o.Category == category).ToList();
            if (ofCategory.Any(o => o.Structural || !o.Referable)) return Candidate.Reject("label-not-unique");
            foreach (var f in video.Frames)
                foreach (var id in f.PresentInstanceIds)
                    if (!counted.Contains(id) && ofCategory.Any(o => o.InstanceId == id)) return Candidate.Reject("partly-visible");

            var r = video.NewRecord(ctx);
            var n = Wording.Int(counted.Count);
            var answer = new AnswerSpec(n, FillInstructions, Answers.Pick(ctx.Rng, (category, n, counted.Count == 1 ? "instance" : "instances")), n, () => null);
            return ctx.Finish(r, Questions.Pick(ctx.Rng, category), geometric: false, answer, category);
        }
    }
}
