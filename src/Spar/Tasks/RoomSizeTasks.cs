using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, room_size: the floor area of the room the video walks through, from the room's floor polygon
/// (shoelace area), m² with one decimal. Scenes without room geometry get no room_size question. One question per
/// scene and format (the question is the same whichever frames it shows).
/// </summary>
public static class RoomSizeTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new RoomSize()];

    sealed class RoomSize : TaskGenerator
    {
        public override string Type => "room_size";

        static readonly Paraphrases<int> Questions = new(
            _ => "What is the floor area of this room?",
            _ => "How large is the room shown in the video, in square meters?",
            _ => "Estimate the size of this room's floor.",
            _ => "Based on the video, how many square meters does the room cover?");

        static readonly Paraphrases<string> Answers = new(
            a => $"The room's floor area is about {a} square meters.",
            a => $"This room covers roughly {a} square meters.",
            a => $"The floor of the room measures approximately {a} square meters.");

        static readonly string[] FillInstructions =
        [
            "The unit is square meter.",
            "Answer with a single number in square meters.",
            "Give only the area in square meters.",
            "Reply with the area, one decimal, in square meters.",
        ];

        public override int QuestionParaphrases => Questions.Count;

        // One question per scene: the driver stops the stream after it (the reject below guards direct callers).
        public override bool OnePerScene => true;

        public override Candidate Propose(StreamContext ctx)
        {
            if (ctx.Emitted > 0) return Candidate.Reject("one-per-scene"); // the question does not vary within a scene
            var room = ctx.Analysis.Scene.Room;
            if (room == null || room.FloorPolygon.Count < 3) return Candidate.Reject("no-room-geometry");
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            double area = Wording.Meters1(room.FloorAreaSquareMeters);
            if (area <= 0) return Candidate.Reject("rounds-to-zero");

            var r = video.NewRecord(ctx);
            var text = Wording.MetersText(area);
            var answer = new AnswerSpec(text, FillInstructions, Answers.Pick(ctx.Rng, text), text + " square meters",
                () => ctx.MeterDistractors(area, " square meters"));
            return ctx.Finish(r, Questions.Pick(ctx.Rng, 0), geometric: false, answer, "room");
        }
    }
}
