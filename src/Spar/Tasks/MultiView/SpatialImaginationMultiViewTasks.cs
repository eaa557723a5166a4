using Spar.Analysis;
using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Observer = Spar.Tasks.SpatialImaginationTasks.Observer;
using static Spar.Tasks.PerspectiveWording;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, perspective taking across views: as spatial_imagination_oc / _oo (the observer stands at green's
/// centre facing blue, up/down in world coordinates), with the objects spread over the three images. Box image
/// indices follow the format's irregular order: green → bbox_img_idx[0][0], blue → [1], red → [2] (, yellow → [3]).
/// spatial_imagination_map_mv: 3–5 labelled boxes (bbox_list) placed on a top-down map whose origin is the first
/// camera, x to its right and y forward (both horizontal), one line per object <c>objectK: (x, y)</c> in metres.
/// </summary>
public static class SpatialImaginationMultiViewTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new ImaginationOcMv(), new ImaginationOoMv(), new MapMv()];

    const MarkerShape Bx = MarkerShape.Box;

    static string Located(string name, int img) => $"{name} in {ImageName(img)}";


    /// <summary>Objects in slot order green, blue, red(, yellow) with their images, or a reject reason.</summary>
    static (List<VisibleObject>? Objects, int[] Images, Observer? Observer) Pick(StreamContext ctx, ViewSet set, int slots)
    {
        var images = SpreadImages(ctx.Rng, set.Frames.Count, slots);
        var objs = PickObjects(ctx.Rng, set, images);
        if (objs == null) return (null, images, null);
        var observer = Observer.At(objs[0].Object.Box.Center, objs[1].Object.Box.Center, ctx.Settings.MinHeadingDistanceMeters);
        return (objs, images, observer);
    }

    sealed class ImaginationOcMv : TaskGenerator
    {
        public override string Type => "spatial_imagination_oc_mv";

        public override int QuestionParaphrases => OcQuestions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            var (objs, images, observer) = Pick(ctx, set, 3);
            if (objs == null) return Candidate.Reject("too-few-objects");
            if (observer == null) return Candidate.Reject("heading-undefined");
            var (green, blue, red) = (objs[0], objs[1], objs[2]);
            var tuple = SpatialImaginationTasks.OcTuple(observer.Value, red.Object.Box.Center, ctx.Settings.Relations);
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.IsEmpty) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = red.GridBox.ToMarker();
            r.GreenBbox = green.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.BboxImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Bx);
            var body = OcQuestions.Pick(ctx.Rng, (Located(redName, images[2]), Located(Wording.Name(blue, MarkerColor.Blue, Bx), images[1]),
                Located(Wording.Name(green, MarkerColor.Green, Bx), images[0])))
                + " " + MainView + " " + Wording.WorldUp + (ctx.Format == QaFormat.Select ? " " + OcLegend : "");
            var sentence = OcAnswers.Pick(ctx.Rng, (redName, Wording.JoinAnd(tuple.Slots.OfType<string>().Select(ObserverPhrase).ToList())));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, OcPool, 3));
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }

    sealed class ImaginationOoMv : TaskGenerator
    {
        public override string Type => "spatial_imagination_oo_mv";

        public override int QuestionParaphrases => OoQuestions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            var (objs, images, observer) = Pick(ctx, set, 4);
            if (objs == null) return Candidate.Reject("too-few-objects");
            if (observer == null) return Candidate.Reject("heading-undefined");
            var (green, blue, red, yellow) = (objs[0], objs[1], objs[2], objs[3]);
            var tuple = SpatialImaginationTasks.OoTuple(observer.Value, red.Object.Box.Center, yellow.Object.Box.Center, ctx.Settings.Relations);
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.Slots.Take(3).All(s => s == null)) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = red.GridBox.ToMarker();
            r.GreenBbox = green.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.YellowBbox = yellow.GridBox.ToMarker();
            r.BboxImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Bx), yellowName = Wording.Name(yellow, MarkerColor.Yellow, Bx);
            var body = OoQuestions.Pick(ctx.Rng, (Located(redName, images[2]), Located(Wording.Name(blue, MarkerColor.Blue, Bx), images[1]),
                Located(Wording.Name(green, MarkerColor.Green, Bx), images[0]), Located(yellowName, images[3])))
                + " " + MainView + " " + Wording.WorldUp + " " + SpatialImaginationTasks.DistanceNote + (ctx.Format == QaFormat.Select ? " " + OoLegend : "");
            var pairWords = tuple.Slots.Take(3).OfType<string>().Select(PairPhrase).ToList();
            string relation = $"the {redName} is {Wording.JoinAnd(pairWords)} the {yellowName}";
            var sides = new List<string>();
            if (tuple.Slots[3] is { } fr) sides.Add($"the {redName} is {ObserverPhrase(fr)}");
            if (tuple.Slots[4] is { } fy) sides.Add($"the {yellowName} is {ObserverPhrase(fy)}");
            var sentence = OoAnswers.Pick(ctx.Rng, (relation, sides.Count == 0 ? "" : "; " + Wording.JoinAnd(sides)));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, OoPool, 3));
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }

    sealed class MapMv : TaskGenerator
    {
        public override string Type => "spatial_imagination_map_mv";

        static readonly Paraphrases<string> Questions = new(
            v => $"Draw a top-down map of the labelled objects {v}. Put the origin at the camera of the first image, with x pointing to its right and y pointing forward (both horizontal). Where is each object?",
            v => $"Using the first image's camera as the origin of a bird's-eye map (x to the right, y forward, horizontal), give the position of each labelled object: {v}.",
            v => $"Place the objects {v} on a top-down map: the first camera is at (0, 0), x grows to its right and y straight ahead on the floor plane. What are their coordinates?",
            v => $"Seen from above, with the first image's viewpoint at the origin, x to the right and y forward, where are the objects {v}?");

        const string Format = "Answer with one line per object in the form objectK: (x, y), in meters with one decimal.";

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            int k = 3 + ctx.Rng.Next(3);
            var images = SpreadImages(ctx.Rng, set.Frames.Count, k);
            var objs = PickObjects(ctx.Rng, set, images);
            if (objs == null) return Candidate.Reject("too-few-objects");
            var map = TopDown.For(set.ReferenceCamera);
            if (map == null) return Candidate.Reject("camera-vertical");

            var r = ctx.NewRecord([.. set.Frames]);
            r.BboxList = [[.. objs.Select(o => new double[] { o.GridBox.X1, o.GridBox.Y1, o.GridBox.X2, o.GridBox.Y2 })]];
            r.BboxImgIdx = IndexField(images);
            var labels = Enumerable.Range(0, k).Select(i => $"object{i} (in {ImageName(images[i])})").ToList();
            var lines = objs.Select((o, i) =>
            {
                var (x, y) = map.Value.Place(o.Object.Box.Center);
                return $"object{i}: ({Wording.MetersText(Wording.Meters1(x) + 0.0)}, {Wording.MetersText(Wording.Meters1(y) + 0.0)})";
            });
            var question = $"{Questions.Pick(ctx.Rng, Wording.JoinAnd(labels))} {MainView}  {Wording.GeometrySentence} {Format}";
            r.Conversations = [new Dataset.Turn("human", question), new Dataset.Turn("gpt", string.Join("\n", lines))];
            return Candidate.Accept(r, Key(set, objs));
        }
    }

    /// <summary>The first camera's horizontal frame: origin at its centre, forward = its view axis projected on the floor.</summary>
    public readonly record struct TopDown(Geometry.Vec3 Origin, Geometry.Vec3 Forward, Geometry.Vec3 Right)
    {
        public static TopDown? For(Geometry.PinholeCamera cam)
        {
            var z = cam.CameraToWorld.Column3(2);
            double h = Math.Sqrt(z.X * z.X + z.Y * z.Y);
            if (h < 1e-3) return null;
            var f = new Geometry.Vec3(z.X / h, z.Y / h, 0);
            return new TopDown(cam.Centre, f, new Geometry.Vec3(f.Y, -f.X, 0));
        }

        public (double X, double Y) Place(Geometry.Vec3 p) { var d = p - Origin; return (d.Dot(Right), d.Dot(Forward)); }
    }
}
