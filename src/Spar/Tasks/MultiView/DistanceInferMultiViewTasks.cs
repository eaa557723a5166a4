using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, distance inference across views. distance_infer_center_oc_mv: 2–4 candidates, each given by its
/// image and box (<c>the second image, [x1, y1, x2, y2]</c>): which is closest to / farthest from the first camera.
/// distance_infer_center_oo_mv: which of green / blue is closer to / farther from red (world distances between box
/// centres); red, green, blue sit on point_img_idx[0][0], [1], [2] (the format's R, G, B order). Both drop candidates
/// whose deciding distances differ by less than 0.15 m (no "equally" option across views).
/// </summary>
public static class DistanceInferMultiViewTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new InferOcMv(), new InferOoMv()];

    static readonly string[] FillBox =
    [
        "Answer with the image and the box, like: the second image, [x1, y1, x2, y2].",
        "Reply with the image and the bounding box of that object.",
        "Give the image and the box coordinates of the object.",
        "Respond only with which image and which box.",
    ];

    sealed class InferOcMv : TaskGenerator
    {
        public override string Type => "distance_infer_center_oc_mv";

        const string BoxNote = "Boxes are given on a 0-1000 scale with the top-left corner of each image as the origin.";

        static readonly Paraphrases<(string List, string Rel)> Questions = new(
            v => $"Which of these objects is {v.Rel} the camera of the first image: {v.List}?",
            v => $"Among the objects at {v.List}, which one is {v.Rel} the first image's viewpoint?",
            v => $"Standing where the first image was taken, which object is {v.Rel} you: {v.List}?",
            v => $"Consider the objects boxed at {v.List}. Which is {v.Rel} the observer of the first image?");

        static readonly Paraphrases<(string Winner, string Rel)> Answers = new(
            v => $"The object at {v.Winner} is {v.Rel} the first camera.",
            v => $"Of these, the one at {v.Winner} is {v.Rel} the first image's viewpoint.",
            v => $"It is the object at {v.Winner} that is {v.Rel} the observer.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            int k = 2 + ctx.Rng.Next(3);
            var images = SpreadImages(ctx.Rng, set.Frames.Count, k);
            var objs = PickObjects(ctx.Rng, set, images);
            if (objs == null) return Candidate.Reject("too-few-objects");
            bool closest = ctx.Rng.Coin();
            var dist = objs.Select(o => set.InReference(o.Object.Box.Center).Length).ToArray();
            var ranked = Enumerable.Range(0, k).OrderBy(i => closest ? dist[i] : -dist[i]).ToList();
            if (ctx.Settings.NearGap(dist[ranked[0]] - dist[ranked[1]])) return Candidate.Reject("near-threshold");
            if (Math.Abs(dist[ranked[0]] - dist[ranked[1]]) < ctx.Settings.MinDistanceGapMeters) return Candidate.Reject("indistinguishable");
            var texts = Enumerable.Range(0, k).Select(i => $"{ImageName(images[i])}, {objs[i].GridBox}").ToList();
            if (texts.Distinct().Count() != k) return Candidate.Reject("duplicate-candidates");
            string winner = texts[ranked[0]];
            string rel = k == 2 ? (closest ? "closer to" : "farther from") : (closest ? "closest to" : "farthest from");

            var r = ctx.NewRecord([.. set.Frames]);
            var list = string.Join("; ", texts.Select(t => "(" + t + ")"));
            var body = Questions.Pick(ctx.Rng, (list, rel)) + " " + BoxNote + " " + MainView;
            var answer = new AnswerSpec(winner, FillBox, Answers.Pick(ctx.Rng, (winner, rel)), winner,
                () => texts.Where(t => t != winner).ToList());
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs) + (closest ? ":near" : ":far"));
        }
    }

    sealed class InferOoMv : TaskGenerator
    {
        public override string Type => "distance_infer_center_oo_mv";

        static readonly Paraphrases<(string Red, string RedImg, string Green, string GreenImg, string Blue, string BlueImg, string Rel)> Questions = new(
            v => $"Which is {v.Rel} the {v.Red} in {v.RedImg}: the {v.Green} in {v.GreenImg} or the {v.Blue} in {v.BlueImg}?",
            v => $"Between the {v.Green} in {v.GreenImg} and the {v.Blue} in {v.BlueImg}, which one is {v.Rel} the {v.Red} in {v.RedImg}?",
            v => $"Is the {v.Green} shown in {v.GreenImg} or the {v.Blue} shown in {v.BlueImg} {v.Rel} the {v.Red} shown in {v.RedImg}?",
            v => $"Looking at the {v.Red} in {v.RedImg}, which of the {v.Green} in {v.GreenImg} and the {v.Blue} in {v.BlueImg} is {v.Rel} it?");

        static readonly Paraphrases<(string Winner, string Loser, string Red, string Rel)> Answers = new(
            v => $"The {v.Winner} is {v.Rel} the {v.Red} than the {v.Loser}.",
            v => $"Compared with the {v.Loser}, the {v.Winner} is {v.Rel} the {v.Red}.",
            v => $"Of the two, the {v.Winner} is {v.Rel} the {v.Red}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.PickSpread(3, out var reject) is not (var set, var images, var objs)) return Candidate.Reject(reject); // red, green, blue
            var (red, green, blue) = (objs[0], objs[1], objs[2]);
            var c = red.Object.Box.Center;
            double dGreen = green.Object.Box.Center.DistanceTo(c), dBlue = blue.Object.Box.Center.DistanceTo(c);
            if (ctx.Settings.NearGap(dGreen - dBlue)) return Candidate.Reject("near-threshold");
            if (Math.Abs(dGreen - dBlue) < ctx.Settings.MinDistanceGapMeters) return Candidate.Reject("indistinguishable");
            bool closer = ctx.Rng.Coin();

            const MarkerShape Pt = MarkerShape.Point;
            string redName = Wording.Name(red, MarkerColor.Red, Pt), greenName = Wording.Name(green, MarkerColor.Green, Pt),
                blueName = Wording.Name(blue, MarkerColor.Blue, Pt);
            bool greenWins = closer ? dGreen < dBlue : dGreen > dBlue;
            var (winner, loser) = greenWins ? (greenName, blueName) : (blueName, greenName);
            string rel = closer ? "closer to" : "farther from";

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedPoint = red.GridPoint.ToMarker();
            r.GreenPoint = green.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.PointImgIdx = IndexField(images);
            var body = Questions.Pick(ctx.Rng, (redName, ImageName(images[0]), greenName, ImageName(images[1]), blueName, ImageName(images[2]), rel))
                + " " + MainView;
            var answer = new AnswerSpec(winner, Instructions.FillObjectName, Answers.Pick(ctx.Rng, (winner, loser, redName, rel)),
                winner, () => [loser]);
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs) + (closer ? ":near" : ":far"));
        }
    }
}
