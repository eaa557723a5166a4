using Spar.Catalog;
using Spar.Geometry;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, object relations across views, in the first image's camera frame (x right, −y up, z forward).
/// obj_spatial_relation_oc_mv: red relative to the first observer: left/right and front/behind by the bearing rule,
/// above/below from camera −y. obj_spatial_relation_oo_mv: red (one image) relative to blue (another image) as the
/// single-view camera tuple (left/right, above/below, closer/farther), computed in the first camera's frame.
/// </summary>
public static class RelationMultiViewTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new RelationOcMv(), new RelationOoMv()];

    const MarkerShape Bx = MarkerShape.Box;

    /// <summary>Observer tuple of a point in the reference camera frame.</summary>
    public static RelationTuple ObserverTuple(Vec3 cam, RelationSettings s)
    {
        var (lr, fb) = Relations.Bearing(cam.X, cam.Z, s);
        return new RelationTuple([lr, Relations.Slot(-cam.Y, Relations.AboveBelow, s.MinOffsetMeters), fb])
        {
            NearCut = Relations.NearBearing(cam.X, cam.Z, s) || Relations.NearAny(s, cam.Y),
        };
    }

    static string ObserverPhrase(string word) => word switch
    {
        "left" => "to the left of the first camera",
        "right" => "to the right of the first camera",
        "above" => "above the first camera",
        "below" => "below the first camera",
        "front" => "in front of the first camera",
        "behind" => "behind the first camera",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    /// <summary>The frame conventions of the object–object type, said in every question (issue 16).</summary>
    const string OoConventions = "Left/right and above/below are judged in the first camera's image frame (not world up), and closer/farther compares depth along the first camera's viewing direction.";

    /// <summary>
    /// Every (ordering of the set, image, object) whose object, referable in a later image, lies clearly behind the
    /// first image's camera (its tuple has "behind" and no decision in the margin band). Each view of the set may
    /// be the first; the others keep their order.
    /// </summary>
    public static List<(ViewSet Set, int Img, Analysis.VisibleObject Obj, RelationTuple Tuple)> BehindFirst(ViewSet set, RelationSettings s)
    {
        var found = new List<(ViewSet, int, Analysis.VisibleObject, RelationTuple)>();
        for (int first = 0; first < set.Frames.Count; first++)
        {
            var frames = new List<Analysis.FrameAnalysis>(set.Frames.Count) { set.Frames[first] };
            for (int k = 0; k < set.Frames.Count; k++) if (k != first) frames.Add(set.Frames[k]);
            var ordered = first == 0 ? set : new ViewSet(frames, set.SharedObject);
            for (int k = 1; k < frames.Count; k++)
                foreach (var o in frames[k].Referable)
                    if (ObserverTuple(ordered.InReference(o.Object.Box.Center), s) is { NearCut: false } t && t.Slots.Contains("behind"))
                        found.Add((ordered, k, o, t));
        }
        return found;
    }

    static readonly List<RelationTuple> OcPool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.FrontBehind);
    static readonly List<RelationTuple> OoPool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.CloserFarther);

    sealed class RelationOcMv : TaskGenerator
    {
        public override string Type => "obj_spatial_relation_oc_mv";

        const string Legend = "Each option gives left/right, above/below and front/behind relative to the first image's camera; an empty slot means neither.";

        static readonly Paraphrases<(string Red, string Img)> Questions = new(
            v => $"Where is the {v.Red} shown in {v.Img} relative to the observer of the first image?",
            v => $"Seen from the camera of the first image, where is the {v.Red} marked in {v.Img}?",
            v => $"Relative to the viewpoint of the first image, is the {v.Red} in {v.Img} to the left or right, above or below, in front or behind?",
            v => $"Describe the position of the {v.Red} in {v.Img} with respect to the first image's camera.");

        static readonly Paraphrases<(string Red, string Phrases)> Answers = new(
            v => $"The {v.Red} is {v.Phrases}.",
            v => $"Seen from the first viewpoint, the {v.Red} is {v.Phrases}.",
            v => $"Relative to the first observer, the {v.Red} lies {v.Phrases}.");

        // One question per object and answer in a stream: the same object asked again from a nearby first camera has the
        // same answer, which a text model read off the earlier question by the object's name (36–41 % blind on select
        // vs 25 %, issue 16); asked again, it must be about a different relation.
        static string KeyOf(Analysis.VisibleObject obj, RelationTuple tuple) => $"{obj.InstanceId}:{tuple.Text}";

        /// <summary>View sets drawn beyond the first when looking for an object behind the first camera.</summary>
        const int ExtraBehindDraws = 16;

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            // (view set, image, object) is drawn again, up to ViewSetDraws times, while its (object, relation) is asked:
            // refusing it as a duplicate was a third of the stream's attempts on the demo world (issue 25). Drawing again
            // keeps the distribution of what is asked (each draw uniform, as when the attempt was refused); drawing
            // among the image's open objects instead favoured categories with many instances (chairs, "below"), and a
            // text model read the relation off the name (37 % kNN vs 25 % on SyntheticSceneTests' world).
            ViewSet? set = null;
            int img = 0;
            Analysis.VisibleObject? red = null;
            RelationTuple? tuple = null;
            for (int draw = 0; draw < CameraMotionTasks.ViewSetDraws; draw++)
            {
                var drawn = ctx.PickViews();
                if (drawn == null) { if (draw == 0) return Candidate.Reject("no-view-set"); break; }
                int i = ctx.Rng.Next(drawn.Frames.Count);
                var seen = drawn.Frames[i].Referable;
                if (seen.Count == 0) { if (draw == 0) return Candidate.Reject("too-few-objects"); continue; }
                var o = ctx.Rng.Pick(seen);
                var t = ObserverTuple(drawn.InReference(o.Object.Box.Center), ctx.Settings.Relations);
                (set, img, red, tuple) = (drawn, i, o, t);
                if (!ctx.Asked(KeyOf(o, t))) break;
            }
            if (set == null || red == null || tuple == null) return Candidate.Reject("too-few-objects");
            // Every other record asks about an object behind the first camera when the geometry offers one: a random
            // object is in front of it almost always (99.5 % "front", issue 16), so the slot was a prior, not a view.
            // The first camera of overlapping views rarely has anything behind it that another view shows, so the
            // search tries each view of the set as the first one, then a few more view sets.
            if (ctx.Emitted % 2 == 1 && !tuple.Slots.Contains("behind"))
            {
                // Only pairs not asked yet: a small scene's few behind pairs would otherwise be proposed again and again.
                List<(ViewSet Set, int Img, Analysis.VisibleObject Obj, RelationTuple Tuple)> Fresh(ViewSet vs) =>
                    BehindFirst(vs, ctx.Settings.Relations).Where(b => !ctx.Asked(KeyOf(b.Obj, b.Tuple))).ToList();
                var behind = Fresh(set);
                for (int d = 0; behind.Count == 0 && d < ExtraBehindDraws; d++)
                    if (ctx.PickViews() is { } other) behind = Fresh(other);
                if (behind.Count > 0)
                {
                    (set, img, red, tuple) = ctx.Rng.Pick(behind);
                }
            }
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.IsEmpty) return Candidate.Reject("indistinguishable");
            if (ctx.Asked(KeyOf(red, tuple))) return Candidate.Reject("duplicate");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = red.GridBox.ToMarker();
            r.BboxImgIdx = IndexField(img);
            string redName = Wording.Name(red, MarkerColor.Red, Bx);
            var body = Questions.Pick(ctx.Rng, (redName, ImageName(img))) + " " + MainView + (ctx.Format == QaFormat.Select ? " " + Legend : "");
            var sentence = Wording.Capitalize(Answers.Pick(ctx.Rng, (redName, Wording.JoinAnd(tuple.Slots.OfType<string>().Select(ObserverPhrase).ToList()))));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, OcPool, 3, ImageName(img), red.Category));
            return ctx.Finish(r, body, geometric: true, answer, KeyOf(red, tuple));
        }
    }

    sealed class RelationOoMv : TaskGenerator
    {
        public override string Type => "obj_spatial_relation_oo_mv";

        const string Legend = "Each option gives left/right, above/below and closer/farther (to the first image's camera); an empty slot means no clear difference.";

        static readonly Paraphrases<(string Red, string RedImg, string Blue, string BlueImg)> Questions = new(
            v => $"From the viewpoint of the first image, where is the {v.Red} in {v.RedImg} relative to the {v.Blue} in {v.BlueImg}?",
            v => $"Seen from the first image's camera, how is the {v.Red} shown in {v.RedImg} positioned with respect to the {v.Blue} shown in {v.BlueImg}?",
            v => $"Describe where the {v.Red} from {v.RedImg} is relative to the {v.Blue} from {v.BlueImg}, as seen from the first camera.",
            v => $"Taking the first image's camera as reference, is the {v.Red} in {v.RedImg} left or right of, above or below, and closer or farther than the {v.Blue} in {v.BlueImg}?");

        static readonly Paraphrases<(string Red, string Blue, string Phrases)> Answers = new(
            v => $"Seen from the first camera, the {v.Red} is {v.Phrases} the {v.Blue}.",
            v => $"From the first viewpoint, the {v.Red} appears {v.Phrases} the {v.Blue}.",
            v => $"The {v.Red} is {v.Phrases} the {v.Blue}, judged from the first image's camera.");

        static readonly Paraphrases<(string Red, string RedImg, string Blue, string BlueImg, string Phrase)> Statements = new(
            v => $"Seen from the first image's camera, is the {v.Red} in {v.RedImg} {v.Phrase} the {v.Blue} in {v.BlueImg}?",
            v => $"From the viewpoint of the first image, is the {v.Red} in {v.RedImg} {v.Phrase} the {v.Blue} in {v.BlueImg}?",
            v => $"Taking the first camera as reference, is the {v.Red} from {v.RedImg} {v.Phrase} the {v.Blue} from {v.BlueImg}?",
            v => $"Would you say the {v.Red} shown in {v.RedImg} is {v.Phrase} the {v.Blue} shown in {v.BlueImg}, as seen from the first camera?");

        public override int QuestionParaphrases => Questions.Count;

        static string Phrase(string word) => word switch
        {
            "closer" => "closer to the first camera than",
            "farther" => "farther from the first camera than",
            _ => ObjectRelationTasks.Phrase(word),
        };

        static string Opposite(string word) => word switch
        {
            "left" => "right", "right" => "left", "above" => "below", "below" => "above", "closer" => "farther", "farther" => "closer",
            _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
        };

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.PickSpread(2, out var reject) is not (var set, var images, var objs)) return Candidate.Reject(reject);
            var (red, blue) = (objs[0], objs[1]);
            var tuple = ObjectRelationTasks.CameraTuple(set.InReference(red.Object.Box.Center) - set.InReference(blue.Object.Box.Center),
                ctx.Settings.Relations);
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.IsEmpty) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = red.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            r.BboxImgIdx = IndexField(images); // red is the first present of red/blue/green → bii[0], blue → bii[1]
            string redName = Wording.Name(red, MarkerColor.Red, Bx), blueName = Wording.Name(blue, MarkerColor.Blue, Bx);
            string redImg = ImageName(images[0]), blueImg = ImageName(images[1]);
            var words = tuple.Slots.OfType<string>().ToList();

            if (ctx.Format == QaFormat.Judge)
            {
                var word = ctx.Rng.Pick(words);
                bool yes = ctx.WantYes;
                var statement = Statements.Pick(ctx.Rng, (redName, redImg, blueName, blueImg, Phrase(yes ? word : Opposite(word)))) + " " + MainView + " " + OoConventions;
                return ctx.FinishJudge(r, statement, yes, Key(set, objs));
            }

            var body = Questions.Pick(ctx.Rng, (redName, redImg, blueName, blueImg)) + " " + MainView + " " + OoConventions + (ctx.Format == QaFormat.Select ? " " + Legend : "");
            var sentence = Answers.Pick(ctx.Rng, (redName, blueName, Wording.JoinAnd(words.Select(Phrase).ToList())));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, OoPool, 3));
            return ctx.Finish(r, body, geometric: true, answer, Key(set, objs));
        }
    }
}
