using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, obj_count: how many instances of a category the video shows, counting every distinct instance
/// that passes the visibility rules in at least one video frame (not per frame). The question says "in this room"
/// only when every instance of the category in the scene is among them, else it asks about the video. A category is not
/// asked when an instance of it shows pixels somewhere in the video without ever passing the rules (it may or may not be
/// counted). Which categories a scene asks about is planned per scene so that no count dominates (<c>MakePlan</c>).
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

        /// <summary>A category the video can be asked about, with its count.</summary>
        sealed record Item(string Category, int Count, bool WholeRoom);

        /// <summary>The stream's plan: the questions it asks, in order, and how many were emitted.</summary>
        sealed class Plan(List<Item> items)
        {
            public List<Item> Items { get; } = items;
            public readonly List<int> Done = [];
            public int Proposed = -1, EmittedAtProposal = -1;
        }

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            if (!video.FullyAnalysed) return Candidate.Reject("frame-not-analysed");
            var plan = ctx.State(() => MakePlan(ctx, video));
            if (plan.Items.Count == 0) return Candidate.Reject(plan.Proposed == -2 ? "too-few-objects" : "answer-prior");
            // The driver advances Emitted only when it accepts the latest proposal.
            if (plan.Proposed >= 0 && ctx.Emitted > plan.EmittedAtProposal) plan.Done.Add(plan.Proposed);
            plan.Proposed = -1;
            int next = Next(plan, plan.Done, ctx);
            if (next < 0) return Candidate.Reject("answer-prior");
            plan.Proposed = next;
            plan.EmittedAtProposal = ctx.Emitted;
            var item = plan.Items[next];

            var r = video.NewRecord(ctx);
            var n = Wording.Int(item.Count);
            var answers = item.WholeRoom ? RoomAnswers : VideoAnswers;
            var answer = new AnswerSpec(n, FillInstructions, answers.Pick(ctx.Rng, (item.Category, n, item.Count == 1 ? "instance" : "instances")), n, () => null);
            return ctx.Finish(r, (item.WholeRoom ? RoomQuestions : VideoQuestions).Pick(ctx.Rng, item.Category), geometric: false, answer, item.Category);
        }

        /// <summary>
        /// The next planned question whose value keeps every prefix of the stream within the share (AnswerPrior's rule,
        /// so the driver never refuses it), or -1.
        /// </summary>
        static int Next(Plan plan, IReadOnlyCollection<int> done, StreamContext ctx)
        {
            int cap = AnswerPrior.Cap(ctx.Settings.MaxAnswerShare, ctx.Emitted);
            for (int i = 0; i < plan.Items.Count; i++)
            {
                if (done.Contains(i)) continue;
                if (done.Count(d => plan.Items[d].Count == plan.Items[i].Count) + 1 <= cap) return i;
            }
            return -1;
        }

        // The stream can go on while the plan has a question Propose would still pick (Emitted only grows by emitting, so
        // one the share refuses now stays refused). The plan is only read here, never made: making it draws from the
        // stream's random generator, which would change the records (issue 25).
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys)
        {
            if (ctx.PeekState<Plan>() is not { } plan) return true;
            var done = new HashSet<int>(plan.Done);
            if (plan.Proposed >= 0 && ctx.Emitted > plan.EmittedAtProposal) done.Add(plan.Proposed);
            return Next(plan, done, ctx) >= 0;
        }

        /// <summary>
        /// The questions one scene's stream asks (issue 16): every countable category of the video, then the largest
        /// selection in which no count takes more than <see cref="TaskSettings.MaxAnswerShare"/> of the stream. Decided
        /// per scene, so any union of scenes (a run, a split, merged shards) stays within the share; a scene whose
        /// categories cannot meet it (fewer than three different counts, e.g. every category seen once) asks nothing.
        /// Distinct counts come first, so a stream cut short still keeps to the share; the multi-instance categories
        /// thereby make up at least 60 % of the questions.
        /// </summary>
        static Plan MakePlan(StreamContext ctx, VideoSubset video)
        {
            var seen = video.Sightings().Select(s => s.View.Object).DistinctBy(o => o.InstanceId).ToList();
            var categories = seen.Select(o => o.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (categories.Count == 0) return new Plan([]) { Proposed = -2 };
            var items = new List<Item>();
            foreach (var category in categories)
            {
                var counted = seen.Where(o => o.Category == category).Select(o => o.InstanceId).ToHashSet();
                var ofCategory = ctx.Analysis.Scene.Objects.Where(o => o.Category == category).ToList();
                // Not countable: a structural or unreferable instance of the category, or one that shows pixels somewhere
                // in the video without ever passing the visibility rules (it may or may not be counted).
                if (ofCategory.Any(o => o.Structural || !o.Referable)) continue;
                if (video.Frames.Any(f => f.PresentInstanceIds.Any(id => !counted.Contains(id) && ofCategory.Any(o => o.InstanceId == id)))) continue;
                items.Add(new Item(category, counted.Count, ofCategory.All(o => counted.Contains(o.InstanceId))));
            }
            double share = ctx.Settings.MaxAnswerShare;
            var byCount = items.GroupBy(i => i.Count).OrderBy(g => g.Key)
                .Select(g => ctx.Rng.Sample(g.ToList(), g.Count())).ToList();
            if (share >= 1) return new Plan(Interleave(byCount, int.MaxValue, items.Count));
            for (int total = items.Count; total >= 3; total--)
            {
                int cap = (int)Math.Floor(share * total + 1e-9);
                if (byCount.Sum(g => Math.Min(g.Count, cap)) >= total) return new Plan(Interleave(byCount, cap, total));
            }
            return new Plan([]);
        }

        /// <summary>Round robin over the counts (largest groups first in each round), at most <paramref name="cap"/> per count, <paramref name="total"/> in all.</summary>
        static List<Item> Interleave(List<List<Item>> byCount, int cap, int total)
        {
            var order = byCount.OrderByDescending(g => g.Count).ThenBy(g => g[0].Count).ToList();
            var result = new List<Item>(total);
            for (int round = 0; result.Count < total; round++)
            {
                bool any = false;
                foreach (var g in order)
                    if (round < g.Count && round < cap && result.Count < total) { result.Add(g[round]); any = true; }
                if (!any) break;
            }
            return result;
        }
    }
}
