using Spar.Analysis;
using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, depth rows. depth_prediction_oc: given red's depth, the depth of blue. depth_prediction_oo: given
/// red's depth, how much deeper or shallower green is than blue (non-negative; the sentence says which).
/// Depth = camera z of the box centre, metres, one decimal.
/// </summary>
public static class DepthTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new DepthOc(), new DepthOo()];

    const MarkerShape Pt = MarkerShape.Point;

    sealed class DepthOc : TaskGenerator
    {
        public override string Type => "depth_prediction_oc";

        static readonly Paraphrases<(string Red, string RedDepth, string Blue)> Questions = new(
            v => $"With the {v.Red} having a depth of {v.RedDepth} meters, determine the depth of the {v.Blue} in the same frame.",
            v => $"The {v.Red} is {v.RedDepth} meters deep in this image. How deep is the {v.Blue}?",
            v => $"Given that the depth of the {v.Red} is {v.RedDepth} meters, what is the depth of the {v.Blue}?",
            v => $"Knowing that the {v.Red} lies at a depth of {v.RedDepth} meters, estimate the depth of the {v.Blue}.",
            v => $"If the {v.Red} is at a depth of {v.RedDepth} meters from the camera, what depth is the {v.Blue} at?");

        static readonly Paraphrases<(string Blue, string Depth)> Answers = new(
            v => $"The {v.Blue}'s central depth is estimated to be about {v.Depth} meters.",
            v => $"The depth of the {v.Blue} is approximately {v.Depth} meters.",
            v => $"The {v.Blue} is about {v.Depth} meters deep.",
            v => $"I estimate the {v.Blue} to be at a depth of roughly {v.Depth} meters.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(2);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 2);
            var (red, blue) = (pick[0], pick[1]);
            double redDepth = Wording.Meters1(red.DepthMeters), depth = Wording.Meters1(blue.DepthMeters);
            if (redDepth <= 0 || depth <= 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord(fa);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            string redName = Wording.Name(red, MarkerColor.Red, Pt), blueName = Wording.Name(blue, MarkerColor.Blue, Pt);
            var text = Wording.MetersText(depth);
            var body = Questions.Pick(ctx.Rng, (redName, Wording.MetersText(redDepth), blueName));
            var answer = new AnswerSpec(text, Instructions.FillMeters, Answers.Pick(ctx.Rng, (blueName, text)),
                text + " meters", () => ctx.MeterDistractors(depth, " meters"));
            return ctx.Finish(r, body, geometric: true, answer, $"{fa.Frame.Index}:{red.InstanceId}:{blue.InstanceId}");
        }
    }

    sealed class DepthOo : TaskGenerator
    {
        public override string Type => "depth_prediction_oo";

        static readonly Paraphrases<(string Red, string RedDepth, string Green, string Blue)> Questions = new(
            v => $"With the {v.Red} at a depth of {v.RedDepth} meters, how much deeper or shallower is the {v.Green} than the {v.Blue}?",
            v => $"The {v.Red} has a depth of {v.RedDepth} meters. What is the depth difference between the {v.Green} and the {v.Blue}?",
            v => $"Given that the {v.Red} is {v.RedDepth} meters deep, by how many meters does the depth of the {v.Green} differ from that of the {v.Blue}?",
            v => $"Taking the {v.Red}, at a depth of {v.RedDepth} meters, as a reference, how far apart in depth are the {v.Green} and the {v.Blue}?");

        static readonly Paraphrases<(string Green, string Blue, string Diff, string Word)> Answers = new(
            v => $"The {v.Green} is about {v.Diff} meters {v.Word} than the {v.Blue}.",
            v => $"The {v.Green} lies roughly {v.Diff} meters {v.Word} than the {v.Blue}.",
            v => $"Compared with the {v.Blue}, the {v.Green} is approximately {v.Diff} meters {v.Word}.",
            v => $"The depth of the {v.Green} is about {v.Diff} meters {(v.Word == "deeper" ? "greater" : "smaller")} than that of the {v.Blue}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(3);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 3);
            var (red, blue, green) = (pick[0], pick[1], pick[2]);
            double delta = green.DepthMeters - blue.DepthMeters;
            if (ctx.Settings.NearOffset(delta)) return Candidate.Reject("near-threshold");
            if (Math.Abs(delta) < ctx.Settings.Relations.MinOffsetMeters) return Candidate.Reject("indistinguishable");
            double diff = Wording.Meters1(Math.Abs(delta)), redDepth = Wording.Meters1(red.DepthMeters);
            if (diff <= 0 || redDepth <= 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord(fa);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.GreenPoint = green.GridPoint.ToMarker();
            string redName = Wording.Name(red, MarkerColor.Red, Pt), blueName = Wording.Name(blue, MarkerColor.Blue, Pt),
                greenName = Wording.Name(green, MarkerColor.Green, Pt);
            var text = Wording.MetersText(diff);
            var body = Questions.Pick(ctx.Rng, (redName, Wording.MetersText(redDepth), greenName, blueName));
            var sentence = Wording.Capitalize(Answers.Pick(ctx.Rng, (greenName, blueName, text, delta > 0 ? "deeper" : "shallower")));
            var answer = new AnswerSpec(text, Instructions.FillMeters, sentence, text + " meters", () => ctx.MeterDistractors(diff, " meters"));
            return ctx.Finish(r, body, geometric: true, answer, $"{fa.Frame.Index}:{red.InstanceId}:{blue.InstanceId}:{green.InstanceId}");
        }
    }
}
