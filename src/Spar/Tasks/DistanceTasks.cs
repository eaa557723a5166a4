using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, distance rows. distance_prediction_oc: camera centre to red's box centre. distance_prediction_oo:
/// between the red and blue box centres. Metres, one decimal.
/// </summary>
public static class DistanceTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new DistanceOc(), new DistanceOo()];

    const MarkerShape Pt = MarkerShape.Point;

    sealed class DistanceOc : TaskGenerator
    {
        public override string Type => "distance_prediction_oc";

        static readonly Paraphrases<string> Questions = new(
            red => $"How far is the {red} from the camera?",
            red => $"What is the distance between you (the camera) and the {red}?",
            red => $"Estimate the distance from the observer to the {red}.",
            red => $"From where the photo was taken, how far away is the {red}?",
            red => $"Measure the straight-line distance from the camera to the center of the {red}.");

        static readonly Paraphrases<(string Red, string D)> Answers = new(
            v => $"The {v.Red} is about {v.D} meters away from the camera.",
            v => $"The distance from the camera to the {v.Red} is approximately {v.D} meters.",
            v => $"The {v.Red} stands roughly {v.D} meters from the observer.",
            v => $"It is about {v.D} meters from the camera to the {v.Red}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(1);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var red = ctx.Rng.Pick(fa.Referable);
            double d = Wording.Meters1(red.DistanceMeters);
            if (d <= 0) return Candidate.Reject("rounds-to-zero");
            var r = ctx.NewRecord(fa);
            r.RedPoint = red.GridPoint.ToMarker();
            var name = Wording.Name(red, MarkerColor.Red, Pt);
            var text = Wording.MetersText(d);
            var answer = new AnswerSpec(text, Instructions.FillMeters, Answers.Pick(ctx.Rng, (name, text)), text + " meters",
                () => ctx.MeterDistractors(d, " meters"));
            return ctx.Finish(r, Questions.Pick(ctx.Rng, name), geometric: true, answer, $"{fa.Frame.Index}:{red.InstanceId}");
        }
    }

    sealed class DistanceOo : TaskGenerator
    {
        public override string Type => "distance_prediction_oo";

        static readonly Paraphrases<(string Red, string Blue)> Questions = new(
            v => $"What is the distance between the {v.Red} and the {v.Blue}?",
            v => $"How far apart are the {v.Red} and the {v.Blue}?",
            v => $"Estimate how far the {v.Red} is from the {v.Blue}.",
            v => $"Measure the distance from the {v.Red} to the {v.Blue}.",
            v => $"How many meters separate the {v.Red} from the {v.Blue}?");

        static readonly Paraphrases<(string Red, string Blue, string D)> Answers = new(
            v => $"The {v.Red} and the {v.Blue} are about {v.D} meters apart.",
            v => $"The distance between the {v.Red} and the {v.Blue} is approximately {v.D} meters.",
            v => $"The {v.Red} is roughly {v.D} meters away from the {v.Blue}.",
            v => $"About {v.D} meters separate the {v.Red} from the {v.Blue}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(2);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 2);
            var (red, blue) = (pick[0], pick[1]);
            double d = Wording.Meters1(red.Object.Box.Center.DistanceTo(blue.Object.Box.Center));
            if (d <= 0) return Candidate.Reject("rounds-to-zero");
            var r = ctx.NewRecord(fa);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            string redName = Wording.Name(red, MarkerColor.Red, Pt), blueName = Wording.Name(blue, MarkerColor.Blue, Pt);
            var text = Wording.MetersText(d);
            var answer = new AnswerSpec(text, Instructions.FillMeters, Wording.Capitalize(Answers.Pick(ctx.Rng, (redName, blueName, text))),
                text + " meters", () => ctx.MeterDistractors(d, " meters"));
            return ctx.Finish(r, Questions.Pick(ctx.Rng, (redName, blueName)), geometric: true, answer,
                $"{fa.Frame.Index}:{red.InstanceId}:{blue.InstanceId}");
        }
    }
}
