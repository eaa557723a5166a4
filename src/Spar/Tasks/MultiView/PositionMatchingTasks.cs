using Spar.Analysis;
using Spar.Catalog;
using static Spar.Tasks.MultiView.MultiViewPieces;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, position_matching: an object boxed in red on image 1 (always drawn on image 0, no index field);
/// where is the same object in image 2? The answer is its box on image 2 on the 0–1000 grid. Select offers four
/// boxes: boxes of other visible objects in image 2 that overlap the answer little (IoU &lt; 0.3), topped up with
/// jittered copies of the answer with IoU &lt; 0.3.
/// </summary>
public static class PositionMatchingTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new PositionMatching()];

    public const double MaxDistractorIoU = 0.3;

    /// <summary>Intersection over union of two grid boxes (inclusive corners, like pixels).</summary>
    public static double IoU(GridBox a, GridBox b)
    {
        double w = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1) + 1, h = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1) + 1;
        double inter = w > 0 && h > 0 ? w * h : 0;
        double area(GridBox g) => (g.X2 - g.X1 + 1.0) * (g.Y2 - g.Y1 + 1.0);
        return inter / (area(a) + area(b) - inter);
    }

    /// <summary>Three wrong boxes: other objects' boxes first, then jittered copies; null when none can be found.</summary>
    public static List<GridBox>? BoxDistractors(Rng rng, GridBox answer, IEnumerable<GridBox> others, int count = 3, int attempts = 64)
    {
        var chosen = new List<GridBox>();
        bool Fits(GridBox b) => IoU(b, answer) < MaxDistractorIoU && chosen.All(c => c != b) && b != answer;
        foreach (var b in rng.Sample(others.Distinct().ToList(), int.MaxValue))
            if (chosen.Count < count && Fits(b)) chosen.Add(b);
        int w = answer.X2 - answer.X1, h = answer.Y2 - answer.Y1;
        for (int i = 0; i < attempts && chosen.Count < count; i++)
        {
            int x1 = rng.Next(Math.Max(1, 1001 - w)), y1 = rng.Next(Math.Max(1, 1001 - h));
            var b = new GridBox(x1, y1, Math.Min(1000, x1 + w), Math.Min(1000, y1 + h));
            if (Fits(b)) chosen.Add(b);
        }
        return chosen.Count == count ? chosen : null;
    }

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
                () => BoxDistractors(ctx.Rng, box, second.Visible.Where(o => o.InstanceId != target.InstanceId).Select(o => o.GridBox))
                    ?.Select(b => b.ToString()).ToList());
            return ctx.Finish(r, body, geometric: false, answer, Key(set, [there]));
        }
    }
}
