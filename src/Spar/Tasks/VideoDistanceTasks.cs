using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, video distance rows. distance_prediction_oo_video: the distance between red (marked in Frame-i)
/// and blue (marked in Frame-j, j ≠ i), box centres, metres with one decimal. distance_infer_center_oo_video: which of
/// 2–4 labelled candidates (<c>object0…</c>) is closest to / farthest from <c>objectA</c>; point_list[0][0] is objectA,
/// point_list[0][k+1] is objectK, point_img_idx[0] gives each point's frame in the same order.
/// </summary>
public static class VideoDistanceTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new DistanceOoVideo(), new InferOoVideo()];

    sealed class DistanceOoVideo : TaskGenerator
    {
        public override string Type => "distance_prediction_oo_video";

        static readonly Paraphrases<(string Red, string Blue)> Questions = new(
            v => $"What is the distance between the {v.Red} and the {v.Blue}?",
            v => $"How far apart are the {v.Red} and the {v.Blue}?",
            v => $"Across the video, estimate how far the {v.Red} is from the {v.Blue}.",
            v => $"Measure the distance from the {v.Red} to the {v.Blue}.");

        static readonly Paraphrases<(string Red, string Blue, string D)> Answers = new(
            v => $"The {v.Red} and the {v.Blue} are about {v.D} meters apart.",
            v => $"The distance between the {v.Red} and the {v.Blue} is approximately {v.D} meters.",
            v => $"The {v.Red} is roughly {v.D} meters away from the {v.Blue}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            var pick = video.PickObjects(ctx.Rng, 2);
            if (pick == null) return Candidate.Reject("too-few-objects");
            var ((fr, red), (fb, blue)) = (pick[0], pick[1]);
            if (fr == fb) return Candidate.Reject("same-frame");
            double d = Wording.Meters1(red.Object.Box.Center.DistanceTo(blue.Object.Box.Center));
            if (d <= 0) return Candidate.Reject("rounds-to-zero");

            var r = video.NewRecord(ctx);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.PointImgIdx = [[fr, fb]];
            const MarkerShape Pt = MarkerShape.Point;
            string redName = $"{Wording.Name(red, MarkerColor.Red, Pt)} in {VideoSubset.Label(fr)}";
            string blueName = $"{Wording.Name(blue, MarkerColor.Blue, Pt)} in {VideoSubset.Label(fb)}";
            var text = Wording.MetersText(d);
            var answer = new AnswerSpec(text, Instructions.FillMeters, Wording.Capitalize(Answers.Pick(ctx.Rng, (redName, blueName, text))),
                text + " meters", () => ctx.MeterDistractors(d, " meters"));
            return ctx.Finish(r, Questions.Pick(ctx.Rng, (redName, blueName)), geometric: true, answer, Key(red.InstanceId, blue.InstanceId));
        }

        static string Key(int a, int b) => $"{Math.Min(a, b)}:{Math.Max(a, b)}";

        // The key is the unordered object pair: a pair can be asked when two of their sightings lie on different frames
        // and their distance does not round to zero; the stream can go on while such a pair is not taken.
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return false;
            var objects = video.Sightings().GroupBy(s => s.View.InstanceId)
                .Select(g => (View: g.First().View, Frames: g.Select(s => s.Frame).Distinct().ToList())).ToList();
            for (int i = 0; i < objects.Count; i++)
                for (int j = i + 1; j < objects.Count; j++)
                {
                    var (a, b) = (objects[i], objects[j]);
                    if (keys.Contains(Key(a.View.InstanceId, b.View.InstanceId))) continue;
                    bool twoFrames = a.Frames.Count > 1 || b.Frames.Count > 1 || a.Frames[0] != b.Frames[0];
                    if (twoFrames && Wording.Meters1(a.View.Object.Box.Center.DistanceTo(b.View.Object.Box.Center)) > 0) return true;
                }
            return false;
        }
    }

    sealed class InferOoVideo : TaskGenerator
    {
        public override string Type => "distance_infer_center_oo_video";

        static readonly Paraphrases<(string Anchor, string Candidates, string Rel)> Questions = new(
            v => $"Which of these objects is {v.Rel} {v.Anchor}: {v.Candidates}?",
            v => $"Among {v.Candidates}, which one is {v.Rel} {v.Anchor}?",
            v => $"Looking at {v.Anchor}, which of {v.Candidates} is {v.Rel} it?",
            v => $"Of the labelled objects {v.Candidates}, which lies {v.Rel} {v.Anchor}?");

        static readonly Paraphrases<(string Winner, string Category, string Rel)> Answers = new(
            v => $"The object {v.Rel} objectA is {v.Winner}, the {v.Category}.",
            v => $"Of the candidates, {v.Winner}, the {v.Category}, is {v.Rel} objectA.",
            v => $"The {v.Category} labelled {v.Winner} is {v.Rel} objectA.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            int k = 2 + ctx.Rng.Next(3);
            var pick = video.PickObjects(ctx.Rng, k + 1);
            if (pick == null) return Candidate.Reject("too-few-objects");
            var (anchorFrame, anchor) = pick[0];
            var cands = pick.Skip(1).ToList();
            bool closest = ctx.Rng.Coin();
            var c = anchor.Object.Box.Center;
            var ranked = Enumerable.Range(0, k).OrderBy(i => (closest ? 1 : -1) * cands[i].View.Object.Box.Center.DistanceTo(c)).ToList();
            double best = cands[ranked[0]].View.Object.Box.Center.DistanceTo(c), next = cands[ranked[1]].View.Object.Box.Center.DistanceTo(c);
            if (ctx.Settings.NearGap(best - next)) return Candidate.Reject("near-threshold");
            if (Math.Abs(best - next) < ctx.Settings.MinDistanceGapMeters) return Candidate.Reject("indistinguishable");
            int winner = ranked[0];

            var r = video.NewRecord(ctx);
            r.PointList = [pick.Select(p => new[] { (double)p.View.GridPoint.X, p.View.GridPoint.Y }).ToArray()];
            r.PointImgIdx = [pick.Select(p => (double)p.Frame).ToArray()];
            string Label(int i) => $"object{i}";
            string anchorName = VideoWording.Labelled(anchor.Category, "objectA", anchorFrame);
            var names = Enumerable.Range(0, k).Select(i => VideoWording.Labelled(cands[i].View.Category, Label(i), cands[i].Frame)).ToList();
            string rel = closest ? "closest to" : "farthest from";
            var body = Questions.Pick(ctx.Rng, (anchorName, Wording.JoinOr(names), rel));
            var labels = Enumerable.Range(0, k).Select(Label).ToList();
            var answer = new AnswerSpec(Label(winner), VideoWording.FillLabel,
                Answers.Pick(ctx.Rng, (Label(winner), cands[winner].View.Category, rel)), Label(winner),
                () => labels.Where(l => l != Label(winner)).ToList());
            return ctx.Finish(r, body, geometric: true, answer,
                $"{(closest ? "near" : "far")}:{anchor.InstanceId}:{string.Join(",", cands.Select(x => x.View.InstanceId).Order())}");
        }
    }
}
