using Spar.Catalog;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// generation.md §5, spatial_volume_infer: length, width, height of red in centimetres (length ≥ width, both
/// horizontal box extents; height the vertical extent). Answer <c>L, W, H</c>. Select distractors are the stream's earlier
/// answers (other objects' sizes), topped up by all three sizes scaled by one factor from [0.4, 2.2], spaced per §4 on
/// every size.
/// </summary>
public static class VolumeTasks
{
    public static readonly IReadOnlyList<TaskGenerator> Generators = [new VolumeInfer()];

    /// <summary>(length, width, height) in whole centimetres of a box size in metres.</summary>
    public static (int L, int W, int H) SizeCm(Geometry.Vec3 size) =>
        (Wording.Centimeters(Math.Max(size.X, size.Y)), Wording.Centimeters(Math.Min(size.X, size.Y)), Wording.Centimeters(size.Z));

    static string Text((int L, int W, int H) s) => $"{s.L}, {s.W}, {s.H}";

    sealed class VolumeInfer : TaskGenerator
    {
        public override string Type => "spatial_volume_infer";

        const string Definition = "Length and width are horizontal, length being the longer of the two; height is vertical.";

        static readonly Paraphrases<string> Questions = new(
            red => $"What are the length, width and height of the {red} in centimeters?",
            red => $"Estimate the size of the {red}: its length, width and height.",
            red => $"How long, how wide and how tall is the {red}?",
            red => $"Give the dimensions (length, width, height) of the {red}.");

        static readonly Paraphrases<(string Red, int L, int W, int H)> Answers = new(
            v => $"The {v.Red} is about {v.L} cm long, {v.W} cm wide and {v.H} cm tall.",
            v => $"The {v.Red} measures roughly {v.L} cm in length, {v.W} cm in width and {v.H} cm in height.",
            v => $"Its dimensions are approximately {v.L} cm by {v.W} cm by {v.H} cm (length, width, height) for the {v.Red}.",
            v => $"The length, width and height of the {v.Red} are about {v.L}, {v.W} and {v.H} centimeters.");

        public override int QuestionParaphrases => Questions.Count;

        public override Candidate Propose(StreamContext ctx)
        {
            // One question per category and size in a stream: the same object (or an identical copy) asked again from
            // another frame has the same answer, which a text model read off the earlier question (43 % blind on
            // select vs 25 %, issue 16). So the draw is over the sightings whose key is not asked yet: drawing a frame
            // and an object and refusing repeats wasted nine attempts in ten once the common objects were asked.
            var open = Sightings(ctx).Where(c => !ctx.Asked(c.Key)).ToList();
            if (open.Count == 0) return Candidate.Reject(Sightings(ctx).Count == 0 ? "too-few-objects" : "duplicate");
            var (fa, red, size, key) = ctx.Rng.Pick(open);
            var r = ctx.NewRecord(fa);
            r.RedBbox = red.GridBox.ToMarker();
            var name = Wording.Name(red, MarkerColor.Red, MarkerShape.Box);
            var body = Questions.Pick(ctx.Rng, name) + " " + Definition;
            var answer = new AnswerSpec(Text(size), Instructions.FillCentimeters, Answers.Pick(ctx.Rng, (name, size.L, size.W, size.H)),
                Text(size), () => Distractors(ctx, size));
            return ctx.Finish(r, body, geometric: false, answer, key);
        }

        static string Key(Analysis.VisibleObject red, (int L, int W, int H) size) => $"{red.Category}:{Text(size)}";

        sealed record Sighting(Analysis.FrameAnalysis Frame, Analysis.VisibleObject Object, (int L, int W, int H) Size, string Key);

        /// <summary>Every referable object of every pool frame whose size does not round to zero, in pool order (made once per stream).</summary>
        static List<Sighting> Sightings(StreamContext ctx) => ctx.State(() =>
            ctx.Analysis.Pool.Select(ctx.Analysis.Frame)
                .SelectMany(fa => fa.Referable.Select(o => (fa, o, Size: SizeCm(o.Object.Box.Size))))
                .Where(c => c.Size.L > 0 && c.Size.W > 0 && c.Size.H > 0)
                .Select(c => new Sighting(c.fa, c.o, c.Size, Key(c.o, c.Size))).ToList());

        // The stream can go on while a sighting's key is not taken (issue 25: after that only duplicates would follow).
        // Before the first proposal the list is not made here (it is the stream's state), so the answer is yes.
        public override bool CanEmitMore(StreamContext ctx, IReadOnlySet<string> keys) =>
            ctx.PeekState<List<Sighting>>() is not { } all || all.Any(c => !keys.Contains(c.Key));

        static IReadOnlyList<string>? Distractors(StreamContext ctx, (int L, int W, int H) size)
        {
            var s = ctx.Settings.Distractors;
            var chosen = new List<(int L, int W, int H)> { size };
            bool Apart((int L, int W, int H) c) => chosen.All(o => Tasks.Distractors.FarEnough(o.L, c.L, s.MinRelativeGap, 1)
                && Tasks.Distractors.FarEnough(o.W, c.W, s.MinRelativeGap, 1)
                && Tasks.Distractors.FarEnough(o.H, c.H, s.MinRelativeGap, 1));
            // First the stream's earlier answers (other objects' real sizes: exchangeable with the answer, so a
            // text-only model cannot pick it as the one size that recurs; Distractors.FromPeers), each size moved by up
            // to ±7 %: a stream asks each size once, so an exact earlier answer would mark the option that is not the
            // answer (the new value is the answer). Then scaled copies.
            var peers = ctx.Peers<(int L, int W, int H)>();
            foreach (var p in ctx.Rng.Sample(peers, Math.Min(peers.Count, s.Attempts)))
            {
                if (chosen.Count == 4) break;
                int a = Jitter(p.L), b = Jitter(p.W), h = Jitter(p.H);
                var c = (L: Math.Max(a, b), W: Math.Min(a, b), H: h);
                if (c.W > 0 && c.H > 0 && Apart(c)) chosen.Add(c);
            }
            for (int i = 0; i < s.Attempts && chosen.Count < 4; i++)
            {
                double f = ctx.Rng.Uniform(s.MinFactor, s.MaxFactor);
                var c = (L: Wording.Centimeters(size.L * f / 100), W: Wording.Centimeters(size.W * f / 100), H: Wording.Centimeters(size.H * f / 100));
                if (c.L <= 0 || c.W <= 0 || c.H <= 0) continue;
                if (Apart(c)) chosen.Add(c);
            }
            ctx.AddPeer(size);
            int Jitter(int cm) => (int)Math.Round(cm * ctx.Rng.Uniform(0.93, 1.07), MidpointRounding.AwayFromZero);
            return chosen.Count == 4 ? chosen.Skip(1).Select(Text).ToList() : null;
        }
    }
}
