using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, obj_spatial_relation_oo: where red is relative to blue, seen from the camera, as the tuple
/// (left/right from camera x, above/below from camera −y, closer/farther from camera z). Slots under 0.15 m stay empty;
/// an all-empty tuple is dropped. Judge states one non-empty slot (true for Yes, its opposite for No).
/// </summary>
public static class ObjectRelationTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new RelationOo()];

    /// <summary>Camera-frame tuple of an offset Δ = c_red − c_blue (camera coordinates: x right, y down, z forward).</summary>
    public static RelationTuple CameraTuple(Geometry.Vec3 delta, RelationSettings s) => new(
    [
        Relations.Slot(delta.X, Relations.LeftRight, s.MinOffsetMeters),
        Relations.Slot(-delta.Y, Relations.AboveBelow, s.MinOffsetMeters),
        Relations.Slot(delta.Z, Relations.CloserFarther, s.MinOffsetMeters),
    ]) { NearCut = Relations.NearAny(s, delta.X, delta.Y, delta.Z) };

    /// <summary>"to the left of", "above", "closer to the camera than"…</summary>
    public static string Phrase(string word) => word switch
    {
        "left" => "to the left of",
        "right" => "to the right of",
        "above" => "above",
        "below" => "below",
        "closer" => "closer to the camera than",
        "farther" => "farther from the camera than",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    static string Opposite(string word) => word switch
    {
        "left" => "right", "right" => "left", "above" => "below", "below" => "above", "closer" => "farther", "farther" => "closer",
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, null),
    };

    /// <summary>The frame conventions, said in every question (issue 16): up is the camera's, closer/farther is depth.</summary>
    public const string Conventions = "Left/right and above/below are judged in the camera's image frame (not world up), and closer/farther compares depth along the camera's viewing direction.";

    static readonly List<RelationTuple> Pool = Relations.AllTuples(Relations.LeftRight, Relations.AboveBelow, Relations.CloserFarther);

    sealed class RelationOo : TaskGenerator
    {
        public override string Type => "obj_spatial_relation_oo";

        const string Legend = "Each option gives left/right, above/below and closer/farther (to the camera); an empty slot means no clear difference.";

        static readonly Paraphrases<(string Red, string Blue)> Questions = new(
            v => $"From the camera's viewpoint, where is the {v.Red} relative to the {v.Blue}?",
            v => $"In this image, how is the {v.Red} positioned with respect to the {v.Blue}?",
            v => $"Describe the position of the {v.Red} relative to the {v.Blue} as seen from the camera.",
            v => $"Seen from the camera, is the {v.Red} left or right of, above or below, and closer or farther than the {v.Blue}?");

        static readonly Paraphrases<(string Red, string Blue, string Phrases)> Answers = new(
            v => $"The {v.Red} is {v.Phrases} the {v.Blue}.",
            v => $"Seen from the camera, the {v.Red} is {v.Phrases} the {v.Blue}.",
            v => $"From this viewpoint, the {v.Red} appears {v.Phrases} the {v.Blue}.");

        static readonly Paraphrases<(string Red, string Blue, string Phrase)> Statements = new(
            v => $"Is the {v.Red} {v.Phrase} the {v.Blue} from the camera's viewpoint?",
            v => $"Seen from the camera, is the {v.Red} {v.Phrase} the {v.Blue}?",
            v => $"In this image, is the {v.Red} {v.Phrase} the {v.Blue}?",
            v => $"Would you say the {v.Red} is {v.Phrase} the {v.Blue}, as seen from the camera?");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var fa = ctx.PickFrame(2);
            if (fa == null) return Candidate.Reject("too-few-objects");
            var pick = ctx.Rng.Sample(fa.Referable, 2);
            var (red, blue) = (pick[0], pick[1]);
            var tuple = CameraTuple(red.CenterCamera - blue.CenterCamera, ctx.Settings.Relations);
            if (tuple.NearCut) return Candidate.Reject("near-threshold");
            if (tuple.IsEmpty) return Candidate.Reject("indistinguishable");

            var r = ctx.NewRecord(fa);
            r.RedBbox = red.GridBox.ToMarker();
            r.BlueBbox = blue.GridBox.ToMarker();
            string redName = Wording.Name(red, MarkerColor.Red, MarkerShape.Box), blueName = Wording.Name(blue, MarkerColor.Blue, MarkerShape.Box);
            string key = $"{fa.Frame.Index}:{red.InstanceId}:{blue.InstanceId}";
            var words = tuple.Slots.OfType<string>().ToList();

            if (ctx.Format == QaFormat.Judge)
            {
                var word = ctx.Rng.Pick(words);
                bool yes = ctx.WantYes;
                var statement = Statements.Pick(ctx.Rng, (redName, blueName, Phrase(yes ? word : Opposite(word)))) + " " + Conventions;
                return ctx.FinishJudge(r, statement, yes, key);
            }

            var body = Questions.Pick(ctx.Rng, (redName, blueName)) + " " + Conventions;
            if (ctx.Format == QaFormat.Select) body += " " + Legend;
            var sentence = Answers.Pick(ctx.Rng, (redName, blueName, Wording.JoinAnd(words.Select(Phrase).ToList())));
            var answer = new AnswerSpec(tuple.Text, [], sentence, tuple.Text,
                () => Relations.Distractors(ctx, tuple, Pool, 3));
            return ctx.Finish(r, body, geometric: true, answer, key);
        }
    }
}
