using Spar.Analysis;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, video perspective taking: the single-view definitions (observer at the standing object's centre,
/// facing the target horizontally; relations from <see cref="SpatialImaginationTasks"/>) with objects spread over the
/// video. Labelled variants: green box → bbox_img_idx[0][0], <c>object0</c> (stand here); blue → [1], <c>object1</c>
/// (face it); red → [2], <c>object2</c> (the object asked about); yellow → [3], <c>object3</c> (oo's reference).
/// <c>_hard</c> variants have no markers: each object is named by a category that only one object of the scene has.
/// </summary>
public static class VideoSpatialImaginationTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators =
    [
        new Imagination("spatial_imagination_oc_video", objects: 3, hard: false),
        new Imagination("spatial_imagination_oo_video", objects: 4, hard: false),
        new Imagination("spatial_imagination_oc_video_hard", objects: 3, hard: true),
        new Imagination("spatial_imagination_oo_video_hard", objects: 4, hard: true),
    ];


    static readonly Paraphrases<(string Stand, string Face, string Target)> OcQuestions = new(
        v => $"Imagine you are standing at {v.Stand} and facing {v.Face}. Where is {v.Target} relative to you?",
        v => $"Suppose you move to the position of {v.Stand} and look toward {v.Face}. Is {v.Target} to your left or right, above or below you, and in front of or behind you?",
        v => $"If you stood at the center of {v.Stand}, facing {v.Face} horizontally, where would {v.Target} be?",
        v => $"Picture yourself at {v.Stand}, looking at {v.Face}. Describe where {v.Target} is from that viewpoint.");

    static readonly Paraphrases<(string Target, string Phrases)> OcAnswers = new(
        v => $"From there, {v.Target} is {v.Phrases}.",
        v => $"Standing at that spot, you would find {v.Target} {v.Phrases}.",
        v => $"In that position, {v.Target} would be {v.Phrases}.");

    static readonly Paraphrases<(string Stand, string Face, string Target, string Reference)> OoQuestions = new(
        v => $"Imagine you are standing at {v.Stand} and facing {v.Face}. Where is {v.Target} relative to {v.Reference}?",
        v => $"Suppose you move to the position of {v.Stand} and look toward {v.Face}. How is {v.Target} placed with respect to {v.Reference}?",
        v => $"If you stood at the center of {v.Stand}, facing {v.Face} horizontally, where would {v.Target} be compared with {v.Reference}?",
        v => $"Picture yourself at {v.Stand}, looking at {v.Face}. Describe the position of {v.Target} relative to {v.Reference} from that viewpoint.");

    static readonly Paraphrases<(string Relation, string Sides)> OoAnswers = new(
        v => $"From there, {v.Relation}{v.Sides}.",
        v => $"Standing at that spot, {v.Relation}{v.Sides}.",
        v => $"In that position, {v.Relation}{v.Sides}.");

    sealed class Imagination(string type, int objects, bool hard) : TaskGenerator
    {
        public override string Type => type;
        public override int QuestionParaphrases => objects == 3 ? OcQuestions.Count : OoQuestions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            var pick = hard ? PickUnique(ctx, video) : video.PickObjects(ctx.Rng, objects);
            if (pick == null) return Candidate.Reject(hard ? "label-not-unique" : "too-few-objects");
            // Pick order: stand (green), face (blue), target (red), reference (yellow).
            if (Relate(ctx, pick.Select(p => p.View.Object).ToList(), out var tuple) is string reason) return Candidate.Reject(reason);

            var names = pick.Select((p, i) => hard ? $"the {p.View.Category}" : VideoWording.Labelled(p.View.Category, $"object{i}", p.Frame)).ToList();
            var r = video.NewRecord(ctx);
            if (!hard)
            {
                r.GreenBbox = pick[0].View.GridBox.ToMarker();
                r.BlueBbox = pick[1].View.GridBox.ToMarker();
                r.RedBbox = pick[2].View.GridBox.ToMarker();
                if (objects == 4) r.YellowBbox = pick[3].View.GridBox.ToMarker();
                r.BboxImgIdx = [pick.Select(p => (double)p.Frame).ToArray()];
            }

            string body, sentence;
            if (objects == 3)
            {
                body = OcQuestions.Pick(ctx.Rng, (names[0], names[1], names[2]));
                sentence = OcAnswers.Pick(ctx.Rng, (names[2], Wording.JoinAnd(tuple.Slots.OfType<string>().Select(PerspectiveWording.ObserverPhrase).ToList())));
            }
            else
            {
                body = OoQuestions.Pick(ctx.Rng, (names[0], names[1], names[2], names[3])) + " " + SpatialImaginationTasks.DistanceNote;
                string relation = $"{names[2]} is {Wording.JoinAnd(tuple.Slots.Take(3).OfType<string>().Select(PerspectiveWording.PairPhrase).ToList())} {names[3]}";
                var sides = new List<string>();
                if (tuple.Slots[3] is { } fr) sides.Add($"{names[2]} is {PerspectiveWording.ObserverPhrase(fr)}");
                if (tuple.Slots[4] is { } fy) sides.Add($"{names[3]} is {PerspectiveWording.ObserverPhrase(fy)}");
                sentence = OoAnswers.Pick(ctx.Rng, (relation, sides.Count == 0 ? "" : "; " + Wording.JoinAnd(sides)));
            }
            var answer = new AnswerSpec("", [], sentence, "", () => null);
            return ctx.Finish(r, body + " " + Wording.WorldUp, geometric: true, answer, string.Join(":", pick.Select(p => p.View.InstanceId)));
        }

        /// <summary>The relations of the target (and reference) seen from the standing object facing the second (pick order); why they cannot be asked, or null.</summary>
        string? Relate(StreamContext ctx, IReadOnlyList<Scenes.SceneObject> picked, out RelationTuple tuple)
        {
            tuple = null!;
            var observer = SpatialImaginationTasks.Observer.At(picked[0].Box.Center, picked[1].Box.Center, ctx.Settings.MinHeadingDistanceMeters);
            if (observer == null) return "heading-undefined";
            if (objects == 3)
            {
                tuple = SpatialImaginationTasks.OcTuple(observer.Value, picked[2].Box.Center, ctx.Settings.Relations);
                return tuple.NearCut ? "near-threshold" : tuple.IsEmpty ? "indistinguishable" : null;
            }
            tuple = SpatialImaginationTasks.OoTuple(observer.Value, picked[2].Box.Center, picked[3].Box.Center, ctx.Settings.Relations);
            return tuple.NearCut ? "near-threshold" : tuple.Slots.Take(3).All(s => s == null) ? "indistinguishable" : null;
        }

        /// <summary>Distinct objects whose category no other object of the scene has, each on a random frame showing it.</summary>
        List<(int Frame, VisibleObject View)>? PickUnique(StreamContext ctx, VideoSubset video)
        {
            var byId = UniqueById(ctx, video);
            if (byId.Count < objects) return null;
            return ctx.Rng.Sample(byId, objects).Select(g => ctx.Rng.Pick(g)).ToList();
        }

        /// <summary>Sightings of the objects whose category no other object of the scene has, grouped by instance in id order.</summary>
        static List<List<(int Frame, VisibleObject View)>> UniqueById(StreamContext ctx, VideoSubset video)
        {
            var perCategory = ctx.Analysis.Scene.Objects.GroupBy(o => o.Category, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return video.Sightings().Where(s => perCategory[s.View.Category] == 1)
                .GroupBy(s => s.View.InstanceId).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        }

        /// <summary>Ordered object tuples enumerated at most by <see cref="CanEmitMore"/>; beyond this the stream is assumed not exhausted.</summary>
        const int MaxTuplesChecked = 20_000;

        // The key is the picked objects in pick order, and only their boxes decide the checks (the frames they are
        // shown on do not): the stream can go on while an ordered tuple of drawable objects passes Relate untaken.
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return false;
            var drawable = (hard ? UniqueById(ctx, video).Select(g => g[0].View.Object)
                : video.Sightings().Select(s => s.View.Object).DistinctBy(o => o.InstanceId)).ToList();
            double tuples = 1;
            for (int i = 0; i < objects; i++) tuples *= drawable.Count - i;
            if (tuples > MaxTuplesChecked) return true;
            var picked = new Scenes.SceneObject[objects];
            var used = new bool[drawable.Count];
            bool Extend(int depth)
            {
                if (depth == objects)
                    return !keys.Contains(string.Join(":", picked.Select(o => o.InstanceId))) && Relate(ctx, picked, out _) == null;
                for (int i = 0; i < drawable.Count; i++)
                {
                    if (used[i]) continue;
                    used[i] = true; picked[depth] = drawable[i];
                    bool found = Extend(depth + 1);
                    used[i] = false;
                    if (found) return true;
                }
                return false;
            }
            return Extend(0);
        }
    }
}
