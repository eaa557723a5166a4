using System.Globalization;
using Spar.Analysis;
using Spar.Geometry;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, camera_motion_infer: where image 2's camera is, seen from image 1: the projection of its centre
/// into image 1 on the 0–1000 grid and its distance in metres (one decimal), written <c>(x,y) d</c>. Only asked when
/// that centre lies in front of image 1's camera (z &gt; 0) and projects inside the image. Select offers four such
/// answers: the distractors move the point at least <see cref="MinPointGap"/> grid units away from every other
/// option, and half of them also change the distance, so neither part alone gives the answer away.
/// </summary>
public static class CameraMotionTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new CameraMotion()];

    public const int MinPointGap = 150;

    /// <summary>View sets drawn per proposal while looking for one camera inside the other's picture.</summary>
    public const int ViewSetDraws = 6;

    public static string Format(GridPoint p, double roundedMeters) =>
        $"({p.X.ToString(CultureInfo.InvariantCulture)},{p.Y.ToString(CultureInfo.InvariantCulture)}) {Wording.MetersText(roundedMeters)}";

    /// <summary>Three distractor answers, or null when the spacing cannot be met.</summary>
    public static List<string>? Distractors(Rng rng, GridPoint answer, double meters, IReadOnlyList<double>? otherMeters, int attempts = 64)
    {
        var points = new List<GridPoint> { answer };
        for (int i = 0; i < attempts && points.Count < 4; i++)
        {
            var p = new GridPoint(rng.Next(1001), rng.Next(1001));
            if (points.All(q => Math.Max(Math.Abs(q.X - p.X), Math.Abs(q.Y - p.Y)) >= MinPointGap)) points.Add(p);
        }
        if (points.Count < 4) return null;
        return points.Skip(1).Select((p, i) => Format(p, otherMeters != null && i < otherMeters.Count && i % 2 == 0 ? otherMeters[i] : meters)).ToList();
    }

    static bool InView(PinholeCamera cam, Vec3 point, out Vec2 pixel) => cam.TryProject(point, out pixel, out _) && cam.IsInsideImage(pixel);

    sealed class CameraMotion : TaskGenerator
    {
        public override string Type => "camera_motion_infer";

        static readonly Paraphrases<int> Questions = new(
            _ => "Where is the camera of the second image, as seen from the first image, and how far away is it?",
            _ => "Locate the position from which the second image was taken in the first image, and give its distance from the first camera.",
            _ => "If you marked the second image's camera in the first image, where would it be, and how far is it from the first camera?",
            _ => "From the first viewpoint, where does the second camera appear in the image and at what distance?");

        static readonly string[] FillInstructions =
        [
            "Answer as (x,y) d: the point on a 0-1000 scale with the top-left corner as the origin, then the distance in meters.",
            "Reply in the form (x,y) d, with x and y normalized to 0-1000 and d in meters with one decimal.",
            "Give the image position as (x,y) on a 0-1000 grid followed by the distance in meters, e.g. (500,400) 1.5.",
        ];

        static readonly Paraphrases<(string X, string Y, string D)> Answers = new(
            v => $"The second camera appears at ({v.X},{v.Y}) in the first image, about {v.D} meters away.",
            v => $"Seen from the first image, the second image was taken at ({v.X},{v.Y}), roughly {v.D} meters from the first camera.",
            v => $"It is at ({v.X},{v.Y}) in the first image and about {v.D} meters away.");

        const string PointNote = "Coordinates are normalized to a 0-1000 scale with the top-left corner of the image as the origin.";

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            // Two views of a shared object usually stand side by side, each camera outside the other's picture (about two
            // draws in three on the synthetic walks): draw a few sets, and let either frame serve as image 1.
            // An ordered pair already asked is passed over like one whose camera is out of view: asking it again could
            // only be refused as a duplicate (a quarter of the stream's attempts on the demo world, issue 25).
            ViewSet? set = null;
            bool drewAny = false, sawAsked = false;
            for (int draw = 0; draw < ViewSetDraws && set == null; draw++)
            {
                var drawn = ctx.PickViews();
                if (drawn == null) break;
                drewAny = true;
                var back = drawn with { Frames = [drawn.Frames[1], drawn.Frames[0]] };
                bool fwdIn = InView(drawn.ReferenceCamera, drawn.Frames[1].Camera!.Centre, out _);
                bool backIn = InView(drawn.Frames[1].Camera!, drawn.ReferenceCamera.Centre, out _);
                if (fwdIn && !ctx.Asked(drawn.Key)) set = drawn;
                else if (backIn && !ctx.Asked(back.Key)) set = back;
                else if (fwdIn || backIn) sawAsked = true;
            }
            if (set == null) return Candidate.Reject(!drewAny ? "no-view-set" : sawAsked ? "duplicate" : "camera-not-in-view");
            var cam = set.ReferenceCamera;
            var centre = set.Frames[1].Camera!.Centre;
            if (cam.Centre.DistanceTo(centre) < ctx.Settings.MinCameraBaselineMeters) return Candidate.Reject("short-baseline");
            if (!InView(cam, centre, out var px)) return Candidate.Reject("camera-not-in-view");
            // px is a continuous position with pixel centres on integers; the grid measures from the image's left/top edge.
            var point = new GridPoint(Grid.FromCoordinate(px.X + 0.5, cam.Width), Grid.FromCoordinate(px.Y + 0.5, cam.Height));
            double d = Wording.Meters1(cam.ToCamera(centre).Length);
            if (d <= 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord([.. set.Frames]);
            var text = Format(point, d);
            var body = Questions.Pick(ctx.Rng, 0) + " " + PointNote + " " + MainView;
            string x = point.X.ToString(CultureInfo.InvariantCulture), y = point.Y.ToString(CultureInfo.InvariantCulture);
            var answer = new AnswerSpec(text, FillInstructions, Answers.Pick(ctx.Rng, (x, y, Wording.MetersText(d))), text,
                () => Distractors(ctx.Rng, point, d, Spar.Tasks.Distractors.Numeric(ctx.Rng, d, Wording.Meters1, ctx.Settings.Distractors,
                    ctx.Settings.Distractors.MinAbsoluteGap)));
            return ctx.Finish(r, body, geometric: false, answer, set.Key);
        }
    }
}
