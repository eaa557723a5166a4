using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, depth_prediction_oc_mv / _oo_mv: as the single-view rows, but each marker sits on its own image
/// (point_img_idx) and each depth is the camera z of the object's centre in the image that holds its marker.
/// </summary>
public static class DepthMultiViewTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new DepthOcMv(), new DepthOoMv()];

    const MarkerShape Pt = MarkerShape.Point;

    sealed class DepthOcMv : TaskGenerator
    {
        public override string Type => "depth_prediction_oc_mv";

        static readonly Paraphrases<(string Red, string RedImg, string RedDepth, string Blue, string BlueImg)> Questions = new(
            v => $"The {v.Red} in {v.RedImg} has a depth of {v.RedDepth} meters in that image. What is the depth of the {v.Blue} in {v.BlueImg}?",
            v => $"Given that the {v.Red} is {v.RedDepth} meters deep in {v.RedImg}, how deep is the {v.Blue} in {v.BlueImg}?",
            v => $"With the {v.Red} at a depth of {v.RedDepth} meters in {v.RedImg}, estimate the depth of the {v.Blue} as seen in {v.BlueImg}.",
            v => $"Knowing the depth of the {v.Red} in {v.RedImg} is {v.RedDepth} meters, what depth does the {v.Blue} have in {v.BlueImg}?");

        static readonly Paraphrases<(string Blue, string BlueImg, string Depth)> Answers = new(
            v => $"In {v.BlueImg}, the {v.Blue} is about {v.Depth} meters deep.",
            v => $"The depth of the {v.Blue} in {v.BlueImg} is approximately {v.Depth} meters.",
            v => $"I estimate the {v.Blue} to be at a depth of roughly {v.Depth} meters in {v.BlueImg}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.PickSpread(2, out var reject) is not (var set, var images, var objs)) return Candidate.Reject(reject);
            var (red, blue) = (objs[0], objs[1]);
            double redDepth = Wording.Meters1(red.DepthMeters), depth = Wording.Meters1(blue.DepthMeters);
            if (redDepth <= 0 || depth <= 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.PointImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Pt), blueName = Wording.Name(blue, MarkerColor.Blue, Pt);
            var text = Wording.MetersText(depth);
            var body = Questions.Pick(ctx.Rng, (redName, ImageName(images[0]), Wording.MetersText(redDepth), blueName, ImageName(images[1]))) + " " + MainView;
            var answer = new AnswerSpec(text, Instructions.FillMeters, Wording.Capitalize(Answers.Pick(ctx.Rng, (blueName, ImageName(images[1]), text))),
                text + " meters", () => ctx.MeterDistractors(depth, " meters"));
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }

    sealed class DepthOoMv : TaskGenerator
    {
        public override string Type => "depth_prediction_oo_mv";

        static readonly Paraphrases<(string Red, string RedImg, string RedDepth, string Green, string GreenImg, string Blue, string BlueImg)> Questions = new(
            v => $"The {v.Red} in {v.RedImg} has a depth of {v.RedDepth} meters. How much deeper or shallower is the {v.Green} in {v.GreenImg} than the {v.Blue} in {v.BlueImg}, each measured in its own image?",
            v => $"Given that the {v.Red} is {v.RedDepth} meters deep in {v.RedImg}, what is the depth difference between the {v.Green} in {v.GreenImg} and the {v.Blue} in {v.BlueImg}, each in its own image?",
            v => $"With the {v.Red} at {v.RedDepth} meters depth in {v.RedImg}, by how many meters does the depth of the {v.Green} in {v.GreenImg} differ from that of the {v.Blue} in {v.BlueImg}?",
            v => $"Taking the {v.Red}'s depth in {v.RedImg} ({v.RedDepth} meters) as a reference, how far apart are the depth of the {v.Green} in {v.GreenImg} and the depth of the {v.Blue} in {v.BlueImg}?");

        static readonly Paraphrases<(string Green, string Blue, string Diff, string Word)> Answers = new(
            v => $"The {v.Green} is about {v.Diff} meters {v.Word} in its image than the {v.Blue} is in its image.",
            v => $"Measured in their own images, the {v.Green} lies roughly {v.Diff} meters {v.Word} than the {v.Blue}.",
            v => $"Compared with the {v.Blue}, the {v.Green} is approximately {v.Diff} meters {v.Word}, each in its own image.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.PickSpread(3, out var reject) is not (var set, var images, var objs)) return Candidate.Reject(reject);
            var (red, blue, green) = (objs[0], objs[1], objs[2]);
            double delta = green.DepthMeters - blue.DepthMeters;
            if (ctx.Settings.NearOffset(delta)) return Candidate.Reject("near-threshold");
            if (Math.Abs(delta) < ctx.Settings.Relations.MinOffsetMeters) return Candidate.Reject("indistinguishable");
            double diff = Wording.Meters1(Math.Abs(delta)), redDepth = Wording.Meters1(red.DepthMeters);
            if (diff <= 0 || redDepth <= 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.GreenPoint = green.GridPoint.ToMarker();
            r.PointImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Pt), blueName = Wording.Name(blue, MarkerColor.Blue, Pt),
                greenName = Wording.Name(green, MarkerColor.Green, Pt);
            var text = Wording.MetersText(diff);
            var body = Questions.Pick(ctx.Rng, (redName, ImageName(images[0]), Wording.MetersText(redDepth), greenName, ImageName(images[2]),
                blueName, ImageName(images[1]))) + " " + MainView;
            var sentence = Wording.Capitalize(Answers.Pick(ctx.Rng, (greenName, blueName, text, delta > 0 ? "deeper" : "shallower")));
            var answer = new AnswerSpec(text, Instructions.FillMeters, sentence, text + " meters", () => ctx.MeterDistractors(diff, " meters"));
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }
}
