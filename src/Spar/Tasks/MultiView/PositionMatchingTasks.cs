using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, position_matching: an object boxed in red on image 1 (always drawn on image 0, no index field);
/// where is the same object in image 2? The answer is its box on image 2 on the 0–1000 grid. Select offers four
/// boxes (the shared <see cref="Distractors.Boxes"/>): boxes of other visible objects in image 2 with IoU &lt; 0.3 to
/// the answer, topped up with jittered copies of the answer with IoU &lt; 0.3.
/// </summary>
public static class PositionMatchingTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new PositionMatching()];

    sealed class PositionMatching : TaskGenerator
    {
        public override string Type => "position_matching";

        static readonly Paraphrases<string> Questions = new(
            v => $"The {v} is marked in the first image. Where is the same object in the second image?",
            v => $"Find the {v} from the first image in the second image. What is its bounding box there?",
            v => $"In the second image, locate the object that is boxed as the {v} in the first image.",
            v => $"The first image shows a {v}. Give the position of that same object in the second image.");

        static readonly Paraphrases<(string Name, string Box)> Answers = new(
            v => $"In the second image, the {v.Name} is at {v.Box}.",
            v => $"The same object appears at {v.Box} in the second image.",
            v => $"The {v.Name} can be found at {v.Box} in the second image.");

        static readonly string[] FillBox =
        [
            "Answer with the bounding box [x1, y1, x2, y2] on a 0-1000 scale.",
            "Give only the box as [x1, y1, x2, y2], normalized to 0-1000.",
            "Reply with the bounding box coordinates (0-1000, top-left origin).",
            "Respond with [x1, y1, x2, y2] in the second image, scaled to 0-1000.",
        ];

        const string BoxNote = "Box coordinates are normalized to a 0-1000 scale with the top-left corner of the image as the origin.";

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            var (first, second) = (set.Frames[0], set.Frames[1]);
            var common = first.Referable.Where(o => second.Referable.Any(p => p.InstanceId == o.InstanceId)).ToList();
            var there = ctx.Rng.Pick(common);
            var target = second.Referable.First(p => p.InstanceId == there.InstanceId);
            var box = target.GridBox;
            if (box.X2 <= box.X1 || box.Y2 <= box.Y1) return Candidate.Reject("degenerate-box");

            var r = ctx.NewRecord([.. set.Frames]);
            r.RedBbox = there.GridBox.ToMarker();
            string name = Wording.Name(there, MarkerColor.Red, MarkerShape.Box);
            var body = Questions.Pick(ctx.Rng, name) + " " + BoxNote + " " + MainView;
            var text = box.ToString();
            var answer = new AnswerSpec(text, FillBox, Answers.Pick(ctx.Rng, (name, text)), text,
                () => Distractors.Boxes(ctx.Rng, box, second.Visible.Where(o => o.InstanceId != target.InstanceId).Select(o => o.GridBox).ToList())
                    ?.Select(b => b.ToString()).ToList());
            return ctx.Finish(r, body, geometric: false, answer, Key(set, [there]));
        }
    }
}
