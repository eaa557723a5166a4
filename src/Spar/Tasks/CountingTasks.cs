using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, obj_count: how many instances of a category the video shows, counting every distinct instance
/// that passes the visibility rules in at least one video frame (not per frame). The question says "in this room"
/// only when every instance of the category in the scene is among them, else it asks about the video. Every other
/// record of a stream asks about a category with at least two instances when the video shows one. Dropped when an instance of the
/// category shows pixels somewhere in the video without ever passing the rules (it may or may not be counted).
/// </summary>
public static class CountingTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new ObjectCount()];

    sealed class ObjectCount : TaskGenerator
    {
        public override string Type => "obj_count";

        // "In this room" only when every instance of the category in the scene is counted; else the video is the scope.
        static readonly Paraphrases<string> RoomQuestions = new(
            c => $"How many {c} instances are in this room?",
            c => $"What is the number of {c} instances in the room shown by the video?",
            c => $"The video shows the whole room's {c} instances. How many are there?",
            c => $"How many {c} instances does this room contain?");

        static readonly Paraphrases<string> VideoQuestions = new(
            c => $"Count the {c} objects that appear in the video. How many are there?",
            c => $"Across all frames of the video, how many distinct {c} instances can you see?",
            c => $"How many different {c} instances are shown in this video?",
            c => $"In the video, how many distinct {c} instances appear?");

        static readonly Paraphrases<(string Category, string N, string Noun)> RoomAnswers = new(
            v => $"There {(v.N == "1" ? "is" : "are")} {v.N} {v.Category} {v.Noun} in the room.",
            v => $"The room holds {v.N} {v.Category} {v.Noun}.",
            v => $"I count {v.N} {v.Category} {v.Noun} in the room.");

        static readonly Paraphrases<(string Category, string N, string Noun)> VideoAnswers = new(
            v => $"The video shows {v.N} distinct {v.Category} {v.Noun}.",
            v => $"I count {v.N} {v.Category} {v.Noun} across the frames.",
            v => $"There {(v.N == "1" ? "is" : "are")} {v.N} {v.Category} {v.Noun} in the video.");

        static readonly string[] FillInstructions =
        [
            "Answer with a single integer.",
            "Reply with the number only.",
            "Give just the count as an integer.",
            "Respond with one whole number.",
        ];

        public override int QuestionParaphrases => RoomQuestions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            if (!video.FullyAnalysed) return Candidate.Reject("frame-not-analysed");
            var seen = video.Sightings().Select(s => s.View.Object).DistinctBy(o => o.InstanceId).ToList();
            var categories = seen.Select(o => o.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (categories.Count == 0) return Candidate.Reject("too-few-objects");
            // Every other record asks about a category seen more than once when the video has one: otherwise "1"
            // would be the answer most of the time (issue 16).
            var multi = categories.Where(c => seen.Count(o => o.Category == c) >= 2).ToList();
            var category = ctx.Rng.Pick(ctx.Emitted % 2 == 0 && multi.Count > 0 ? multi : categories);
            var counted = seen.Where(o => o.Category == category).Select(o => o.InstanceId).ToHashSet();
            var ofCategory = ctx.Analysis.Scene.Objects.Where(o => o.Category == category).ToList();
            if (Unaskable(video, counted, ofCategory) is string reason) return Candidate.Reject(reason);

            var r = video.NewRecord(ctx);
            var n = Wording.Int(counted.Count);
            bool wholeRoom = ofCategory.All(o => counted.Contains(o.InstanceId));
            var answers = wholeRoom ? RoomAnswers : VideoAnswers;
            var answer = new AnswerSpec(n, FillInstructions, answers.Pick(ctx.Rng, (category, n, counted.Count == 1 ? "instance" : "instances")), n, () => null);
            return ctx.Finish(r, (wholeRoom ? RoomQuestions : VideoQuestions).Pick(ctx.Rng, category), geometric: false, answer, category);
        }

        /// <summary>Why a category cannot be asked (its instances are <paramref name="ofCategory"/>, those counted in the video <paramref name="counted"/>), or null.</summary>
        static string? Unaskable(VideoSubset video, HashSet<int> counted, List<Scenes.SceneObject> ofCategory)
        {
            if (ofCategory.Any(o => o.Structural || !o.Referable)) return "label-not-unique";
            foreach (var f in video.Frames)
                foreach (var id in f.PresentInstanceIds)
                    if (!counted.Contains(id) && ofCategory.Any(o => o.InstanceId == id)) return "partly-visible";
            return null;
        }

        // The key is the category. Propose draws from the categories seen twice or more on even records (when there are
        // any), else from all: the stream can go on while a category it can draw next passes the checks and is not taken.
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null || !video.FullyAnalysed) return false;
            var seen = video.Sightings().Select(s => s.View.Object).DistinctBy(o => o.InstanceId).ToList();
            var byCategory = seen.GroupBy(o => o.Category, StringComparer.Ordinal).ToList();
            var multi = byCategory.Where(g => g.Count() >= 2).ToList();
            var drawable = ctx.Emitted % 2 == 0 && multi.Count > 0 ? multi : byCategory;
            return drawable.Any(g => !keys.Contains(g.Key) && Unaskable(video, g.Select(o => o.InstanceId).ToHashSet(),
                ctx.Analysis.Scene.Objects.Where(o => o.Category == g.Key).ToList()) == null);
        }
    }
}
