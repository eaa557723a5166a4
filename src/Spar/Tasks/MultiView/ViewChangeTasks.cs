using System.Globalization;
using Spar.Catalog;
using Spar.Geometry;
using static Spar.Tasks.MultiView.MultiViewPieces;
using Spar.Determinism;

namespace Spar.Tasks.MultiView;

/// <summary>
/// generation.md §5, view_change_infer: how the camera moved from image 1 to image 2, in image 1's camera frame.
/// Translation = image 2's camera centre in image 1's camera coordinates (x right, y down, z forward), metres with one
/// decimal; rotation = yaw and pitch of image 2's viewing direction in image 1's frame, integer degrees (roll is not
/// asked). Each axis gets one key whose sign word makes the value non-negative, decided after rounding; a zero takes
/// the first word (move_right, move_down, move_forward, rotate_left, rotate_down, the spec's example words). Written
/// <c>key:value</c> joined by "," without spaces, so the official scorer's <c>split(",")</c> / <c>split(":")</c> reader parses it.
/// </summary>
public static class ViewChangeTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new ViewChange()];

    /// <summary>The five signed components: right, down, forward (m), left yaw, down pitch (degrees).</summary>
    public static double[] Components(PinholeCamera from, PinholeCamera to)
    {
        var t = from.ToCamera(to.Centre);
        var f = from.WorldToCamera.TransformDirection(to.CameraToWorld.Column3(2));
        double yawRight = Math.Atan2(f.X, f.Z) * 180 / Math.PI;
        double pitchUp = Math.Atan2(-f.Y, Math.Sqrt(f.X * f.X + f.Z * f.Z)) * 180 / Math.PI;
        return [t.X, t.Y, t.Z, -yawRight, -pitchUp];
    }

    /// <summary>The answer string, e.g. <c>move_right:0.3,move_down:0.0,move_forward:1.2,rotate_left:15,rotate_down:5</c>.</summary>
    public static string Format(double[] components) => string.Join(",", ViewChangeAxes.All.Select((a, i) =>
    {
        double v = a.Degrees ? Math.Round(components[i], MidpointRounding.AwayFromZero) : Wording.Meters1(components[i]);
        string key = v < 0 ? a.Opposite : a.Key;
        v = Math.Abs(v);
        return key + ":" + (a.Degrees ? ((int)v).ToString(CultureInfo.InvariantCulture) : Wording.MetersText(v));
    }));

    sealed class ViewChange : TaskGenerator
    {
        public override string Type => TaskNames.ViewChangeInfer;

        static readonly Paraphrases<int> Questions = new(
            _ => "How did the camera move and turn from the first image to the second image?",
            _ => "Describe the camera motion between the two images: its translation and rotation, relative to the first view.",
            _ => "From the first image to the second, how far did the camera move along each axis and how much did it rotate?",
            _ => "The two images were taken from different viewpoints. What movement and rotation take the first camera to the second?");

        static readonly string[] FillInstructions =
        [
            "Answer as move_right:x,move_down:y,move_forward:z,rotate_left:a,rotate_down:b (use move_left, move_up, move_backward, rotate_right or rotate_up for the opposite directions), meters with one decimal and integer degrees, measured in the first camera's frame.",
            "Reply in the form move_right:0.0,move_down:0.0,move_forward:0.0,rotate_left:0,rotate_down:0, swapping a key for its opposite direction so every value is non-negative; meters and degrees, relative to the first camera.",
            "Give key:value pairs separated by commas without spaces: one of move_right/move_left, move_down/move_up, move_forward/move_backward in meters, then rotate_left/rotate_right and rotate_down/rotate_up in degrees, in the first camera's frame.",
        ];

        static readonly Paraphrases<(string Moves, string Turns)> Answers = new(
            v => $"The camera moved {v.Moves} and turned {v.Turns}.",
            v => $"From the first view, the camera travels {v.Moves}, then rotates {v.Turns}.",
            v => $"Relative to the first image, the camera shifted {v.Moves} and rotated {v.Turns}.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            var set = ctx.PickViews();
            if (set == null) return Candidate.Reject("no-view-set");
            if (set.ReferenceCamera.Centre.DistanceTo(set.Frames[1].Camera!.Centre) < ctx.Settings.MinCameraBaselineMeters)
                return Candidate.Reject("short-baseline");
            var text = Format(Components(set.ReferenceCamera, set.Frames[1].Camera!));
            var pairs = text.Split(',').Select(p => p.Split(':')).ToList();
            var moves = pairs.Take(3).Where(p => p[1] != "0.0").Select(p => ViewChangeAxes.Phrase(p[0], p[1])).ToList();
            var turns = pairs.Skip(3).Where(p => p[1] != "0").Select(p => ViewChangeAxes.Phrase(p[0], p[1])).ToList();
            if (moves.Count == 0 && turns.Count == 0) return Candidate.Reject("rounds-to-zero");

            var r = ctx.NewRecord([.. set.Frames]);
            var body = Questions.Pick(ctx.Rng, 0) + " " + MainView;
            var sentence = Answers.Pick(ctx.Rng, (moves.Count == 0 ? "no distance" : Wording.JoinAnd(moves),
                turns.Count == 0 ? "by no noticeable angle" : Wording.JoinAnd(turns)));
            var answer = new AnswerSpec(text, FillInstructions, sentence, text, () => null);
            return ctx.Finish(r, body, geometric: false, answer, set.Key);
        }
    }
}
