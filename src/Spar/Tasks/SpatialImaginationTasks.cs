using Spar.Analysis;
using Spar.Catalog;
using Spar.Geometry;
using static Spar.Tasks.PerspectiveWording;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, perspective taking. The observer stands at green's box centre facing blue's (horizontal heading,
/// world up). spatial_imagination_oc: where red is: left/right, above/below (world), front/behind.
/// spatial_imagination_oo: red relative to yellow: left/right, above/below, closer/farther (to the observer), then
/// front/behind of red and of yellow. Left/right and front/behind use the 10° bearing rule as well as 0.15 m.
/// </summary>
public static class SpatialImaginationTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new ImaginationOc(), new ImaginationOo()];

    /// <summary>The observer's horizontal frame: position, forward and right unit vectors (world), or null when blue is too close.</summary>
    public readonly record struct Observer(Vec3 Position, Vec3 Forward, Vec3 Right)
    {
        public static Observer? At(Vec3 standAt, Vec3 faceTowards, double minDistance)
        {
            var d = faceTowards - standAt;
            double h = Math.Sqrt(d.X * d.X + d.Y * d.Y);
            if (h < minDistance) return null;
            var f = new Vec3(d.X / h, d.Y / h, 0);
            return new Observer(standAt, f, new Vec3(f.Y, -f.X, 0));
        }

        public (double Lateral, double Forward, double Up) Offset(Vec3 p)
        {
            var d = p - Position;
            return (d.Dot(Right), d.Dot(Forward), d.Z);
        }
    }

    public static RelationTuple OcTuple(Observer o, Vec3 red, RelationSettings s)
    {
        var (lat, fwd, up) = o.Offset(red);
        var (lr, fb) = Relations.Bearing(lat, fwd, s);
        return new RelationTuple([lr, Relations.Slot(up, Relations.AboveBelow, s.MinOffsetMeters), fb])
        {
            NearCut = Relations.NearBearing(lat, fwd, s) || Relations.NearAny(s, up),
        };
    }

    public static RelationTuple OoTuple(Observer o, Vec3 red, Vec3 yellow, RelationSettings s)
    {
        var (latR, fwdR, upR) = o.Offset(red);
        var (latY, fwdY, upY) = o.Offset(yellow);
        double distR = red.DistanceTo(o.Position), distY = yellow.DistanceTo(o.Position);
        return new RelationTuple(
        [
            Relations.Slot(latR - latY, Relations.LeftRight, s.MinOffsetMeters),
            Relations.Slot(upR - upY, Relations.AboveBelow, s.MinOffsetMeters),
            Relations.Slot(distR - distY, Relations.CloserFarther, s.MinOffsetMeters),
            Relations.Bearing(latR, fwdR, s).FrontBehind,
            Relations.Bearing(latY, fwdY, s).FrontBehind,
        ])
        {
            NearCut = Relations.NearAny(s, latR - latY, upR - upY, distR - distY)
                      || Relations.NearBearing(latR, fwdR, s) || Relations.NearBearing(latY, fwdY, s),
        };
    }


    /// <summary>spatial_imagination_oo's closer/farther slot, said in the question (issue 16).</summary>
    public const string DistanceNote = "Closer and farther compare straight-line distances from your new position.";


    sealed class ImaginationOc : TaskGenerator
    {
        public override string Type => "spatial_imagination_oc";

        public override int QuestionParaphrases => OcQuestions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(3);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 3);
            var (red, blue, green) = (pick[0], pick[1], pick[2]);
            var observer = Observer.At(green.Object.Box.Center, blue.Object.Box.Center, ctx.Settings.MinHeadingDistanceMeters);
            if (observer == null) return Candidate.Reject("heading-undefined");
            var tuple = OcTuple(observer.Value, red.Object.Box.Center, ctx.Settings.Relations);
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.IsEmpty) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord(fa);
            r.RedBbox = red.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.GreenBbox = green.GridBox.ToMarker();
            const MarkerShape Bx = MarkerShape.Box;
            string redName = Wording.Name(red, MarkerColor.Red, Bx);
            var body = OcQuestions.Pick(ctx.Rng, (redName, Wording.Name(blue, MarkerColor.Blue, Bx), Wording.Name(green, MarkerColor.Green, Bx)))
                + " " + Wording.WorldUp + (ctx.Format == QaFormat.Select ? " " + OcLegend : "");
            var sentence = OcAnswers.Pick(ctx.Rng, (redName, Wording.JoinAnd(tuple.Slots.OfType<string>().Select(ObserverPhrase).ToList())));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, OcPool, 3));
            return ctx.Finish(r, body, geometric: true, answer, $"{fa.Frame.Index}:{red.InstanceId}:{blue.InstanceId}:{green.InstanceId}");
        }
    }

    sealed class ImaginationOo : TaskGenerator
    {
        public override string Type => "spatial_imagination_oo";

        public override int QuestionParaphrases => OoQuestions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(4);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 4);
            var (red, blue, green, yellow) = (pick[0], pick[1], pick[2], pick[3]);
            var observer = Observer.At(green.Object.Box.Center, blue.Object.Box.Center, ctx.Settings.MinHeadingDistanceMeters);
            if (observer == null) return Candidate.Reject("heading-undefined");
            var tuple = OoTuple(observer.Value, red.Object.Box.Center, yellow.Object.Box.Center, ctx.Settings.Relations);
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.Slots.Take(3).All(s => s == null)) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord(fa);
            r.RedBbox = red.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.GreenBbox = green.GridBox.ToMarker();
            r.YellowBbox = yellow.GridBox.ToMarker();
            const MarkerShape Bx = MarkerShape.Box;
            string redName = Wording.Name(red, MarkerColor.Red, Bx), yellowName = Wording.Name(yellow, MarkerColor.Yellow, Bx);
            var body = OoQuestions.Pick(ctx.Rng, (redName, Wording.Name(blue, MarkerColor.Blue, Bx), Wording.Name(green, MarkerColor.Green, Bx), yellowName))
                + " " + Wording.WorldUp + " " + DistanceNote + (ctx.Format == QaFormat.Select ? " " + OoLegend : "");
            var pairWords = tuple.Slots.Take(3).OfType<string>().Select(PairPhrase).ToList();
            string relation = $"the {redName} is {Wording.JoinAnd(pairWords)} the {yellowName}";
            var sides = new List<string>();
            if (tuple.Slots[3] is { } fr && tuple.Slots[4] == fr) sides.Add($"both are {ObserverPhrase(fr)}");
            else
            {
                if (tuple.Slots[3] is { } r3) sides.Add($"the {redName} is {ObserverPhrase(r3)}");
                if (tuple.Slots[4] is { } y4) sides.Add($"the {yellowName} is {ObserverPhrase(y4)}");
            }
            var sentence = OoAnswers.Pick(ctx.Rng, (relation, sides.Count == 0 ? "" : "; " + Wording.JoinAnd(sides)));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, OoPool, 3));
            return ctx.Finish(r, body, geometric: true, answer,
                $"{fa.Frame.Index}:{red.InstanceId}:{blue.InstanceId}:{green.InstanceId}:{yellow.InstanceId}");
        }
    }
}
