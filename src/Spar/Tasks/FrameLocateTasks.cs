using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, obj_frame_locate: an object is boxed (red, bbox_img_idx[0][0]) in one frame; the answer lists
/// the other frames in which it passes the visibility rules, ascending (<c>Frame-3, Frame-7</c>; the sentence answer
/// contains that list verbatim). Dropped when the object shows pixels in another frame without passing the rules there
/// (a doubtful "is it in this frame?") or is visible in no other frame.
/// </summary>
public static class FrameLocateTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new FrameLocate()];

    sealed class FrameLocate : TaskGenerator
    {
        public override string Type => "obj_frame_locate";

        static readonly Paraphrases<(string Red, string Frame)> Questions = new(
            v => $"The {v.Red} is marked in {v.Frame}. In which other frames of the video can it be seen?",
            v => $"In which other frames does the {v.Red} from {v.Frame} appear?",
            v => $"Find every other frame showing the {v.Red} that is boxed in {v.Frame}.",
            v => $"Apart from {v.Frame}, which frames contain the {v.Red}?");

        static readonly Paraphrases<(string Red, string List)> Answers = new(
            v => $"The {v.Red} also appears in {v.List}.",
            v => $"Besides the marked frame, the {v.Red} can be seen in {v.List}.",
            v => $"It is visible in these other frames: {v.List}.");

        public override int QuestionParaphrases => Questions.Count;

        /// <summary>Sightings drawn per attempt while each one drawn is asked already.</summary>
        const int SightingDraws = 6;

        public override Candidate Propose(StreamContext ctx)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null) return Candidate.Reject("video-too-short");
            if (!video.FullyAnalysed) return Candidate.Reject("frame-not-analysed");
            // A sighting already asked is drawn again, up to SightingDraws times, before anything is built: refusing it
            // as a duplicate was a tenth of the stream's attempts on the demo world (issue 25). Each draw is uniform, so
            // what is asked has the distribution the refused attempts gave.
            var pick = video.PickObjects(ctx.Rng, 1);
            if (pick == null) return Candidate.Reject("too-few-objects");
            for (int draw = 1; draw < SightingDraws && ctx.Asked(Key(pick[0].View.InstanceId, pick[0].Frame)); draw++)
                pick = video.PickObjects(ctx.Rng, 1)!;
            var (marked, red) = pick[0];
            var others = new List<int>();
            if (OtherFrames(video, red.InstanceId, marked, others) is string reason) return Candidate.Reject(reason);

            var r = video.NewRecord(ctx);
            r.RedBbox = red.GridBox.ToMarker();
            r.BboxImgIdx = [[marked]];
            var name = Wording.Name(red, MarkerColor.Red, MarkerShape.Box);
            var list = string.Join(", ", others.Select(VideoSubset.Label));
            var answer = new AnswerSpec(list, [], Answers.Pick(ctx.Rng, (name, list)), list, () => null);
            return ctx.Finish(r, Questions.Pick(ctx.Rng, (name, VideoSubset.Label(marked))), geometric: false, answer,
                Key(red.InstanceId, marked));
        }

        static string Key(int instanceId, int marked) => $"{instanceId}:{marked}";

        /// <summary>Fills <paramref name="others"/> with the frames besides <paramref name="marked"/> showing the object; why it cannot be asked, or null.</summary>
        static string? OtherFrames(VideoSubset video, int instanceId, int marked, List<int> others)
        {
            for (int i = 0; i < video.Count; i++)
            {
                if (i == marked) continue;
                bool shown = video.Find(i, instanceId) != null;
                if (!shown && video.Present(i, instanceId)) return "partly-visible";
                if (shown) others.Add(i);
            }
            return others.Count == 0 ? "no-other-frames" : null;
        }

        // The key is (object, marked frame), drawn from every referable sighting: the stream can go on while a sighting
        // that passes the checks above is not taken.
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys)
        {
            var video = VideoSubset.Of(ctx, ctx.Settings.Video.MinFrames);
            if (video == null || !video.FullyAnalysed) return false;
            var others = new List<int>();
            foreach (var (frame, view) in video.Sightings())
            {
                if (keys.Contains(Key(view.InstanceId, frame))) continue;
                others.Clear();
                if (OtherFrames(video, view.InstanceId, frame, others) == null) return true;
            }
            return false;
        }
    }
}
