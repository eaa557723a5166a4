using Spar.Analysis;
using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Observer = Spar.Tasks.SpatialImaginationTasks.Observer;

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

    static string ObserverPhrase(string word) => word switch
    {
        "left" => "to your left",
        "right" => "to your right",
        "above" => "above you",
        "below" => "below you",
        "front" => "in front of you",
        "behind" => "behind you",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    static readonly List<RelationTuple> OcPool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.FrontBehind);
    static readonly List<RelationTuple> OoPool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.CloserFarther,
        Relations.FrontBehind, Relations.FrontBehind);

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

        const string Legend = "Each option gives left/right, above/below and front/behind from your new position; an empty slot means neither.";

        static readonly Paraphrases<(string Red, string Blue, string Green)> Questions = new(
            v => $"Imagine you are standing at the {v.Green} and facing the {v.Blue}. Where is the {v.Red} relative to you?",
            v => $"Suppose you move to the position of the {v.Green} and look toward the {v.Blue}. Is the {v.Red} to your left or right, above or below you, and in front of or behind you?",
            v => $"If you stood at the center of the {v.Green}, facing the {v.Blue} horizontally, where would the {v.Red} be?",
            v => $"Picture yourself at the {v.Green}, looking at the {v.Blue}. Describe where the {v.Red} is from that viewpoint.");

        static readonly Paraphrases<(string Red, string Phrases)> Answers = new(
            v => $"From there, the {v.Red} is {v.Phrases}.",
            v => $"Standing at that spot, you would find the {v.Red} {v.Phrases}.",
            v => $"In that position, the {v.Red} would be {v.Phrases}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            var (objs, images, observer) = Pick(ctx, set, 3);
            if (objs == null) return Candidate.Reject("too-few-objects");
            if (observer == null) return Candidate.Reject("heading-undefined");
            var (green, blue, red) = (objs[0], objs[1], objs[2]);
            var tuple = SpatialImaginationTasks.OcTuple(observer.Value, red.Object.Box.Center, ctx.Settings.Relations);
            if (tuple.IsEmpty) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = red.GridBox.ToMarker();
            r.GreenBbox = green.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.BboxImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Bx);
            var body = Questions.Pick(ctx.Rng, (Located(redName, images[2]), Located(Wording.Name(blue, MarkerColor.Blue, Bx), images[1]),
                Located(Wording.Name(green, MarkerColor.Green, Bx), images[0])))
                + " " + MainView + " " + WorldUp + (ctx.Format == QaFormat.Select ? " " + Legend : "");
            var sentence = Answers.Pick(ctx.Rng, (redName, Wording.JoinAnd(tuple.Slots.OfType<string>().Select(ObserverPhrase).ToList())));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx.Rng, tuple, OcPool, 3).Select(t => t.Text).ToList());
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }

    sealed class ImaginationOoMv : TaskGenerator
    {
        public override string Type => "spatial_imagination_oo_mv";

        const string Legend = "Each option gives, from your new position: red left/right of yellow, above/below it, closer/farther than it, then whether red and yellow are each in front or behind; an empty slot means neither.";

        static readonly Paraphrases<(string Red, string Blue, string Green, string Yellow)> Questions = new(
            v => $"Imagine you are standing at the {v.Green} and facing the {v.Blue}. Where is the {v.Red} relative to the {v.Yellow}?",
            v => $"Suppose you move to the position of the {v.Green} and look toward the {v.Blue}. How is the {v.Red} placed with respect to the {v.Yellow}?",
            v => $"If you stood at the center of the {v.Green}, facing the {v.Blue} horizontally, where would the {v.Red} be compared with the {v.Yellow}?",
            v => $"Picture yourself at the {v.Green}, looking at the {v.Blue}. Describe the position of the {v.Red} relative to the {v.Yellow} from that viewpoint.");

        static readonly Paraphrases<(string Relation, string Sides)> Answers = new(
            v => $"From there, {v.Relation}{v.Sides}.",
            v => $"Standing at that spot, {v.Relation}{v.Sides}.",
            v => $"In that position, {v.Relation}{v.Sides}.");

        public override int QuestionParaphrases => Questions.Count;

        static string Pair(string word) => word switch
        {
            "left" => "to the left of",
            "right" => "to the right of",
            "above" => "above",
            "below" => "below",
            "closer" => "closer to you than",
            "farther" => "farther from you than",
            _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
        };

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            var (objs, images, observer) = Pick(ctx, set, 4);
            if (objs == null) return Candidate.Reject("too-few-objects");
            if (observer == null) return Candidate.Reject("heading-undefined");
            var (green, blue, red, yellow) = (objs[0], objs[1], objs[2], objs[3]);
            var tuple = SpatialImaginationTasks.OoTuple(observer.Value, red.Object.Box.Center, yellow.Object.Box.Center, ctx.Settings.Relations);
            if (tuple.Slots.Take(3).All(s => s == null)) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = red.GridBox.ToMarker();
            r.GreenBbox = green.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.YellowBbox = yellow.GridBox.ToMarker();
            r.BboxImgIdx = IndexField(images);
            string redName = Wording.Name(red, MarkerColor.Red, Bx), yellowName = Wording.Name(yellow, MarkerColor.Yellow, Bx);
            var body = Questions.Pick(ctx.Rng, (Located(redName, images[2]), Located(Wording.Name(blue, MarkerColor.Blue, Bx), images[1]),
                Located(Wording.Name(green, MarkerColor.Green, Bx), images[0]), Located(yellowName, images[3])))
                + " " + MainView + " " + WorldUp + (ctx.Format == QaFormat.Select ? " " + Legend : "");
            var pairWords = tuple.Slots.Take(3).OfType<string>().Select(Pair).ToList();
            string relation = $"the {redName} is {Wording.JoinAnd(pairWords)} the {yellowName}";
            var sides = new List<string>();
            if (tuple.Slots[3] is { } fr) sides.Add($"the {redName} is {ObserverPhrase(fr)}");
            if (tuple.Slots[4] is { } fy) sides.Add($"the {yellowName} is {ObserverPhrase(fy)}");
            var sentence = Answers.Pick(ctx.Rng, (relation, sides.Count == 0 ? "" : "; " + Wording.JoinAnd(sides)));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx.Rng, tuple, OoPool, 3).Select(t => t.Text).ToList());
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
