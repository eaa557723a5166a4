using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, nav (folder <c>nav_video</c>): the route the camera took from Frame-1 to the last frame, as moves
/// and turns derived from the video frames' poses (<see cref="NavRoute"/>). Sentence only; the answer contains the step
/// list verbatim, e.g. <c>move forward 1.2 m, turn left 90 degrees, move forward 2.0 m</c>. One question per scene.
/// </summary>
public static class NavigationTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new Navigation()];

    sealed class Navigation : TaskGenerator
    {
        public override string Type => "nav";

        static readonly Paraphrases<string> Questions = new(
            last => $"The camera moves through the room from Frame-1 to {last}. Describe its route as a sequence of moves and turns.",
            last => $"How did the camera get from where Frame-1 was taken to where {last} was taken? List the moves and turns.",
            last => $"Give step-by-step directions that take you from the viewpoint of Frame-1 to the viewpoint of {last}.",
            last => $"Starting at Frame-1, which moves and turns reproduce the camera's path to {last}?");

        static readonly Paraphrases<string> Answers = new(
            s => $"The route is: {s}.",
            s => $"From the first frame to the last, the camera's path is: {s}.",
            s => $"To follow the camera: {s}.");

        const string Conventions = "Distances are in meters along the floor and turns in multiples of 15 degrees.";

        public override int QuestionParaphrases => Questions.Count;

        // One question per scene: the driver stops the stream after it (the reject below guards direct callers).
        public override bool OnePerScene => true;

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.Emitted > 0) return Candidate.Reject("one-per-scene"); // the question does not vary within a scene
            var video = VideoSubset.Of(ctx, 2); // the loader shows nav records as a video whatever their length
            if (video == null) return Candidate.Reject("video-too-short");
            var samples = new List<NavRoute.Sample>();
            foreach (var f in video.Frames)
            {
                var yaw = NavRoute.Yaw(f.Frame.Pose);
                if (yaw == null) return Candidate.Reject("heading-undefined");
                samples.Add(new NavRoute.Sample(f.Frame.Pose.TranslationPart.XY, yaw.Value));
            }
            var s = ctx.Settings.Video;
            var steps = NavRoute.Plan(samples, s.RouteToleranceMeters, s.MinMoveMeters, s.TurnStepDegrees);
            if (steps.Count == 0) return Candidate.Reject("no-motion");

            var r = video.NewRecord(ctx);
            var text = NavRoute.Text(steps);
            var answer = new AnswerSpec(text, [], Answers.Pick(ctx.Rng, text), text, () => null);
            var body = Questions.Pick(ctx.Rng, VideoSubset.Label(video.Count - 1)) + " " + Conventions;
            return ctx.Finish(r, body, geometric: false, answer, "route");
        }
    }
}
