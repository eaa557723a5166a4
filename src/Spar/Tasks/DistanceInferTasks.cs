using Spar.Analysis;
using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, distance-inference rows. distance_infer_center_oc: which of 2–4 objects named by their (unique)
/// category is closest to / farthest from the camera. distance_infer_center_oo: which of green / blue is closer to /
/// farther from red; select adds an "equally" option, which is the answer when the gap is under the threshold.
/// </summary>
public static class DistanceInferTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new InferOc(), new InferOo()];

    sealed class InferOc : TaskGenerator
    {
        public override string Type => "distance_infer_center_oc";

        static readonly Paraphrases<(string Or, string And, string Rel)> Questions = new(
            v => $"Which of the following objects is {v.Rel} the camera: {v.Or}?",
            v => $"Among the {v.And}, which one is {v.Rel} you?",
            v => $"Of the {v.And}, which object is {v.Rel} the observer?",
            v => $"Considering the {v.Or}, which is {v.Rel} the camera?");

        static readonly Paraphrases<(string Name, string Rel)> Answers = new(
            v => $"The {v.Name} is the object {v.Rel} the camera.",
            v => $"Of these objects, the {v.Name} is {v.Rel} the observer.",
            v => $"The {v.Name} is {v.Rel} you.");

        public override int QuestionParaphrases => Questions.Count;

        /// <summary>Candidate sets drawn per attempt while every one drawn is asked in both directions.</summary>
        const int SetDraws = 6;

        public override Candidate Propose(StreamContext ctx)
        {
            // One question per set of named categories and direction (below): a set whose both directions are asked is
            // drawn again, up to SetDraws times, before anything is built; refusing it as a duplicate was a fifth of the
            // stream's attempts on the demo world (issue 25).
            FrameAnalysis? fa = null;
            List<VisibleObject> cands = [];
            string setKey = "";
            for (int draw = 0; draw < SetDraws; draw++)
            {
                var drawn = ctx.PickFrame(2);
                if (drawn == null) { if (draw == 0) return Candidate.Reject("too-few-objects"); break; }
                var unique = drawn.Referable.Where(o => drawn.IsCategoryUnique(o.Category)).ToList();
                if (unique.Count < 2) { if (draw == 0) return Candidate.Reject("label-not-unique"); continue; }
                int n = 2 + ctx.Rng.Next(Math.Min(4, unique.Count) - 1);
                (fa, cands) = (drawn, ctx.Rng.Sample(unique, n));
                setKey = string.Join(",", cands.Select(o => o.Category).Order(StringComparer.Ordinal));
                if (!ctx.Asked(KeyOf(true)) || !ctx.Asked(KeyOf(false))) break;
            }
            if (fa == null) return Candidate.Reject("label-not-unique");
            int k = cands.Count;
            bool coin = ctx.Rng.Coin();
            var byDistance = cands.OrderBy(o => o.DistanceMeters).ToList();
            // Either direction is a true question when its winner is clear of the runner-up. Which one is asked keeps each
            // category's hit rate per direction balanced (a category the question names is the answer about 1/k of the
            // times it is named): categories along the walls are farther from the camera than the furniture in the
            // middle of the room, so a text model learnt "the door is farthest" (67 % blind on select vs 41 %, issue 16).
            // One question per set of named categories and direction in a stream: the candidates are named by category
            // only, so the same question from another frame of the room reads the same and mostly has the same answer,
            // which a text model learnt from the earlier one.
            string KeyOf(bool c) => $"{(c ? "near" : "far")}:{setKey}";
            string? reject = null;
            var usable = new List<bool>(2);
            foreach (bool c in new[] { true, false })
            {
                if (ctx.Asked(KeyOf(c))) { reject ??= "duplicate"; continue; }
                double gap = c ? byDistance[1].DistanceMeters - byDistance[0].DistanceMeters : byDistance[^1].DistanceMeters - byDistance[^2].DistanceMeters;
                if (ctx.Settings.NearGap(gap)) { reject ??= "near-threshold"; continue; }
                if (gap < ctx.Settings.MinDistanceGapMeters) { reject ??= "indistinguishable"; continue; }
                usable.Add(c);
            }
            if (usable.Count == 0) return Candidate.Reject(reject!);
            string Direction(bool c) => c ? "near" : "far";
            int Excess(bool c) => ctx.HitExcess(Direction(c) + "|" + (c ? byDistance[0] : byDistance[^1]).Category, k);
            bool closest = usable.Count == 1 ? usable[0]
                : Excess(true) != Excess(false) ? Excess(true) < Excess(false) : coin;
            // A winner already right more often than 1/k of the times it was named in that direction is not asked again
            // until it has lost enough: geometry makes some categories win almost always (a picture on the wall is
            // the farthest object), and choosing the direction alone cannot balance those.
            if (Excess(closest) > 0) return Candidate.Reject("answer-prior");
            var winner = closest ? byDistance[0] : byDistance[^1];
            ctx.CountWhenEmitted(Direction(closest) + "|" + winner.Category,
                cands.Where(o => o != winner).Select(o => Direction(closest) + "|" + o.Category));
            // Two candidates take the comparative ("which is closer to the camera").
            string rel = k == 2 ? (closest ? "closer to" : "farther from") : (closest ? "closest to" : "farthest from");
            var names = cands.Select(o => o.Category).ToList();
            var r = ctx.NewRecord(fa);
            var body = Questions.Pick(ctx.Rng, (Wording.JoinOr(names), Wording.JoinAnd(names), rel));
            var answer = new AnswerSpec(winner.Category, Instructions.FillObjectName, Answers.Pick(ctx.Rng, (winner.Category, rel)),
                winner.Category, () => names.Where(n => n != winner.Category).ToList());
            return ctx.Finish(r, body, geometric: true, answer, KeyOf(closest));
        }
    }

    sealed class InferOo : TaskGenerator
    {
        public override string Type => "distance_infer_center_oo";

        static readonly Paraphrases<(string Red, string Green, string Blue, string Rel)> Questions = new(
            v => $"Which is {v.Rel} the {v.Red}: the {v.Green} or the {v.Blue}?",
            v => $"Between the {v.Green} and the {v.Blue}, which one is {v.Rel} the {v.Red}?",
            v => $"Is the {v.Green} or the {v.Blue} {v.Rel} the {v.Red}?",
            v => $"Looking at the {v.Red}, which of the {v.Green} and the {v.Blue} is {v.Rel} it?");

        static readonly Paraphrases<(string Winner, string Loser, string Red, string Rel)> Answers = new(
            v => $"The {v.Winner} is {v.Rel} the {v.Red} than the {v.Loser}.",
            v => $"Compared with the {v.Loser}, the {v.Winner} is {v.Rel} the {v.Red}.",
            v => $"Of the two, the {v.Winner} is {v.Rel} the {v.Red}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(3);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 3);
            var (red, blue, green) = (pick[0], pick[1], pick[2]);
            var c = red.Object.Box.Center;
            double dGreen = green.Object.Box.Center.DistanceTo(c), dBlue = blue.Object.Box.Center.DistanceTo(c);
            bool closer = ctx.Rng.Coin();
            if (ctx.Settings.NearGap(dGreen - dBlue)) return Candidate.Reject("near-threshold");
            bool equal = Math.Abs(dGreen - dBlue) < ctx.Settings.MinDistanceGapMeters;
            if (equal && ctx.Format != QaFormat.Select) return Candidate.Reject("indistinguishable");

            const MarkerShape Pt = MarkerShape.Point;
            string redName = Wording.Name(red, MarkerColor.Red, Pt), greenName = Wording.Name(green, MarkerColor.Green, Pt),
                blueName = Wording.Name(blue, MarkerColor.Blue, Pt);
            bool greenWins = closer ? dGreen < dBlue : dGreen > dBlue;
            var (winner, loser) = greenWins ? (greenName, blueName) : (blueName, greenName);
            string rel = closer ? "closer to" : "farther from";
            string equally = closer ? "They are equally close to it." : "They are equally far from it.";

            var r = ctx.NewRecord(fa);
            r.RedPoint = red.GridPoint.ToMarker();
            r.BluePoint = blue.GridPoint.ToMarker();
            r.GreenPoint = green.GridPoint.ToMarker();
            var body = Questions.Pick(ctx.Rng, (redName, greenName, blueName, rel));
            string option = equal ? equally : winner;
            var answer = new AnswerSpec(winner, Instructions.FillObjectName, Answers.Pick(ctx.Rng, (winner, loser, redName, rel)),
                option, () => equal ? [greenName, blueName] : [loser, equally]);
            return ctx.Finish(r, body, geometric: true, answer,
                $"{fa.Frame.Index}:{(closer ? "near" : "far")}:{red.InstanceId}:{blue.InstanceId}:{green.InstanceId}");
        }
    }
}
