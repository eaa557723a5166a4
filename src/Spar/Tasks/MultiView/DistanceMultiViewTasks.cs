using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, distance_prediction_oc_mv: distance from the first image's camera centre to red's box centre
/// (red may be marked on any image). distance_prediction_oo_mv: distance between red and blue centres, marked on two
/// different images.
/// </summary>
public static class DistanceMultiViewTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new DistanceOcMv(), new DistanceOoMv()];

    const MarkerShape Pt = MarkerShape.Point;

    sealed class DistanceOcMv : TaskGenerator
    {
        public override string Type => "distance_prediction_oc_mv";

        static readonly Paraphrases<(string Red, string RedImg)> Questions = new(
            v => $"How far is the {v.Red} shown in {v.RedImg} from the camera of the first image?",
            v => $"What is the distance between the camera that took the first image and the {v.Red} marked in {v.RedImg}?",
            v => $"Estimate the distance from the first image's viewpoint to the {v.Red} in {v.RedImg}.",
            v => $"Standing where the first image was taken, how far away is the {v.Red} seen in {v.RedImg}?");

        static readonly Paraphrases<(string Red, string D)> Answers = new(
            v => $"The {v.Red} is about {v.D} meters from the first image's camera.",
            v => $"From the first viewpoint, the {v.Red} is roughly {v.D} meters away.",
            v => $"The distance from the first camera to the {v.Red} is approximately {v.D} meters.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.PickOne(out var reject) is not (var set, var images, var objs)) return Candidate.Reject(reject);
            int img = images[0];
            var red = objs[0];
            double d = Wording.Meters1(set.InReference(red.Object.Box.Center).Length);
            if (d <= 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedPoint = red.GridPoint.ToMarker();
            r.PointImgIdx = IndexField(img);
            string redName = Wording.Name(red, MarkerColor.Red, Pt);
            var text = Wording.MetersText(d);
            var body = Questions.Pick(ctx.Rng, (redName, ImageName(img))) + " " + MainView;
            var answer = new AnswerSpec(text, Instructions.FillMeters, Wording.Capitalize(Answers.Pick(ctx.Rng, (redName, text))),
                text + " meters", () => ctx.MeterDistractors(d, " meters"));
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }

    sealed class DistanceOoMv : TaskGenerator
    {
        public override string Type => "distance_prediction_oo_mv";

        static readonly Paraphrases<(string Red, string RedImg, string Blue, string BlueImg)> Questions = new(
            v => $"What is the distance between the {v.Red} in {v.RedImg} and the {v.Blue} in {v.BlueImg}?",
            v => $"How far apart are the {v.Red} (shown in {v.RedImg}) and the {v.Blue} (shown in {v.BlueImg})?",
            v => $"Estimate the distance from the {v.Red} marked in {v.RedImg} to the {v.Blue} marked in {v.BlueImg}.",
            v => $"The {v.Red} appears in {v.RedImg} and the {v.Blue} in {v.BlueImg}. How far is one from the other?");

        static readonly Paraphrases<(string Red, string Blue, string D)> Answers = new(
            v => $"The {v.Red} and the {v.Blue} are about {v.D} meters apart.",
            v => $"The distance between the {v.Red} and the {v.Blue} is approximately {v.D} meters.",
            v => $"Roughly {v.D} meters separate the {v.Red} from the {v.Blue}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            // One question per object pair and stream: the same pair seen in another view set has the same distance, so
            // a text model answered from the earlier question's answer (39 % blind on select vs 25 %, issue 16). So the
            // draw is over the pairs not asked yet, in up to ViewSetDraws view sets: drawing red and blue and refusing
            // an asked pair was a third of the stream's attempts on the demo world (issue 25).
            ViewSet? set = null;
            int[] images = [];
            var pairs = new List<(Analysis.VisibleObject Red, Analysis.VisibleObject Blue)>();
            bool any = false;
            for (int draw = 0; draw < CameraMotionTasks.ViewSetDraws && pairs.Count == 0; draw++)
            {
                var drawn = ctx.PickViews();
                if (drawn == null) { if (draw == 0) return Candidate.Reject("no-view-set"); break; }
                (set, images) = (drawn, SpreadImages(ctx.Rng, drawn.Frames.Count, 2));
                foreach (var a in set.Frames[images[0]].Referable)
                    foreach (var b in set.Frames[images[1]].Referable)
                    {
                        if (a.InstanceId == b.InstanceId) continue;
                        any = true;
                        if (!ctx.Asked(PairKey(a, b))) pairs.Add((a, b));
                    }
            }
            if (set == null || pairs.Count == 0) return Candidate.Reject(any ? "duplicate" : "too-few-objects");
            var (red, blue) = ctx.Rng.Pick(pairs);
            double d = Wording.Meters1(red.Object.Box.Center.DistanceTo(blue.Object.Box.Center));
            if (d <= 0) return Candidate.Reject("rounds-to-zero");
            string key = PairKey(red, blue);

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.PointImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Pt), blueName = Wording.Name(blue, MarkerColor.Blue, Pt);
            var text = Wording.MetersText(d);
            var body = Questions.Pick(ctx.Rng, (redName, ImageName(images[0]), blueName, ImageName(images[1]))) + " " + MainView;
            var answer = new AnswerSpec(text, Instructions.FillMeters, Wording.Capitalize(Answers.Pick(ctx.Rng, (redName, blueName, text))),
                text + " meters", () => ctx.MeterDistractors(d, " meters"));
            return ctx.Finish(r, body, geometric: true, answer, key);
        }

        static string PairKey(Analysis.VisibleObject a, Analysis.VisibleObject b) =>
            $"{Math.Min(a.InstanceId, b.InstanceId)}:{Math.Max(a.InstanceId, b.InstanceId)}";
    }
}
