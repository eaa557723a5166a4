using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, appearance_order: the order in which four named categories first appear in the video, answered
/// as <c>chair, table, lamp, door</c>. A category's first appearance is the first frame in which one of its instances
/// passes the visibility rules; before that it may show as a glimpse (pixels, but not visible: an object sliding in
/// from the image border). Four categories are asked only when each one's span from first glimpse to first clear
/// view ends before the next one's first glimpse, so "first appears" gives the same order whichever way it is read.
/// Structural categories are never asked.
/// </summary>
public static class AppearanceOrderTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new AppearanceOrder()];

    const int Categories = 4;

    sealed class AppearanceOrder : TaskGenerator
    {
        public override string Type => "appearance_order";

        static readonly Paraphrases<string> Questions = new(
            list => $"In what order do the following objects first appear in the video: {list}?",
            list => $"Sort these categories by when they are first seen in the video: {list}.",
            list => $"Which comes first in the video? Order {list} by their first appearance.",
            list => $"Watching the frames in order, list {list} in the order they first show up.");

        static readonly Paraphrases<string> Answers = new(
            order => $"They first appear in this order: {order}.",
            order => $"The order of first appearance is {order}.",
            order => $"From first to last seen: {order}.");

        static readonly string[] FillInstructions =
        [
            "Answer with the names separated by commas, first seen first.",
            "Reply with the four names in order, comma-separated.",
            "Give only the ordered list of names.",
            "List the names from earliest to latest, separated by commas.",
        ];

        public override int QuestionParaphrases => Questions.Count;

        /// <summary>Category sets drawn per attempt while each one drawn is asked already.</summary>
        const int SetDraws = 6;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            if (!video.FullyAnalysed) return Candidate.Reject("frame-not-analysed");
            var firsts = FirstAppearances(ctx, video);
            if (firsts.Count < Categories) return Candidate.Reject("too-few-objects");
            // Four different first frames (ties would make the order ambiguous), one category from each.
            var byFrame = firsts.GroupBy(c => c.Frame).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
            if (byFrame.Count < Categories) return Candidate.Reject("same-frame");
            // A set already asked is drawn again, up to SetDraws times, before anything is built: refusing it as a
            // duplicate was a seventh of the stream's attempts on the demo world (issue 25). Each draw is uniform, so
            // what is asked has the distribution the refused attempts gave.
            var chosen = ctx.Rng.Sample(byFrame, Categories).Select(g => ctx.Rng.Pick(g)).ToList();
            for (int draw = 1; draw < SetDraws && ctx.Asked(Key(chosen.Select(c => c.Category))); draw++)
                chosen = ctx.Rng.Sample(byFrame, Categories).Select(g => ctx.Rng.Pick(g)).ToList();
            var sorted = chosen.OrderBy(c => c.Frame).ToList();
            for (int i = 1; i < sorted.Count; i++)
                if (!Follows(sorted[i - 1], sorted[i])) return Candidate.Reject("glimpse-overlap");
            var order = sorted.Select(c => c.Category).ToList();
            var asked = chosen.Select(c => c.Category).ToList();
            if (asked.SequenceEqual(order)) (asked[0], asked[1]) = (asked[1], asked[0]); // never list them in answer order

            var r = video.NewRecord(ctx);
            var text = string.Join(", ", order);
            var answer = new AnswerSpec(text, FillInstructions, Answers.Pick(ctx.Rng, text), text, () => null);
            return ctx.Finish(r, Questions.Pick(ctx.Rng, string.Join(", ", asked)), geometric: false, answer,
                Key(order));
        }

        // The key is the set of four categories; a set can be asked when its first frames differ and each category's
        // glimpse comes after the previous one's first clear view (the checks in Propose): the stream can go on while
        // such a set is not taken.
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null || !video.FullyAnalysed) return false;
            var f = FirstAppearances(ctx, video).OrderBy(c => c.Frame).ToList();
            for (int a = 0; a < f.Count; a++)
                for (int b = a + 1; b < f.Count; b++)
                {
                    if (!Follows(f[a], f[b])) continue;
                    for (int c = b + 1; c < f.Count; c++)
                    {
                        if (!Follows(f[b], f[c])) continue;
                        for (int d = c + 1; d < f.Count; d++)
                            if (Follows(f[c], f[d]) && !keys.Contains(Key([f[a].Category, f[b].Category, f[c].Category, f[d].Category])))
                                return true;
                    }
                }
            return false;
        }

        /// <summary>A record's key: its four categories in name order (the same set asked in any order is the same question).</summary>
        static string Key(IEnumerable<string> categories) => string.Join(",", categories.Order(StringComparer.Ordinal));

        /// <summary>Whether <paramref name="later"/> can follow <paramref name="earlier"/> in an asked order (distinct first frames, no glimpse overlap).</summary>
        static bool Follows((string Category, int Frame, int Glimpse) earlier, (string Category, int Frame, int Glimpse) later) =>
            later.Frame > earlier.Frame && later.Glimpse > earlier.Frame;

        /// <summary>(category, first visible frame, first frame with any pixel) for every usable category, by name.</summary>
        static List<(string Category, int Frame, int Glimpse)> FirstAppearances(StreamContext ctx, VideoSubset video)
        {
            var scene = ctx.Analysis.Scene;
            var categoryOf = scene.Objects.ToDictionary(o => o.InstanceId, o => o);
            var firstVisible = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var firstPresent = new Dictionary<string, int>(StringComparer.Ordinal);
            var unusable = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < video.Count; i++)
            {
                foreach (var id in video.Frames[i].PresentInstanceIds)
                    if (categoryOf.TryGetValue(id, out var o)) firstPresent.TryAdd(o.Category, i);
                foreach (var v in video.Frames[i].Visible)
                {
                    if (!v.Referable) unusable.Add(v.Category);
                    firstVisible.TryAdd(v.Category, i);
                }
            }
            foreach (var o in scene.Objects) if (o.Structural || !o.Referable) unusable.Add(o.Category);
            return firstVisible.Where(kv => !unusable.Contains(kv.Key))
                .Select(kv => (kv.Key, kv.Value, firstPresent[kv.Key])).ToList();
        }
    }
}
