using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>
/// Relation thresholds (generation.md §4): below them a slot is left empty as indistinguishable. Around every cut-off
/// lies a margin band: a candidate whose decision falls within <see cref="MarginMeters"/> (or
/// <see cref="MarginDegrees"/>) of a threshold is dropped ("near-threshold"), because no model can see which side
/// of the line it lies on. 0 turns the band off.
/// </summary>
public sealed record RelationSettings
{
    public double MinOffsetMeters { get; init; } = 0.15;
    public double MinBearingDegrees { get; init; } = 10;
    public double MarginMeters { get; init; } = 0.05;
    public double MarginDegrees { get; init; } = 3;
    public static readonly RelationSettings Default = new();
}

/// <summary>
/// A relation tuple: slots such as left/right, above/below, closer/farther or front/behind, each possibly empty.
/// Written <c>left, above, closer</c>, empties as <c>left, , closer</c>.
/// </summary>
public sealed record RelationTuple(IReadOnlyList<string?> Slots)
{
    /// <summary>Some slot's decision lies inside the margin band of its threshold: the candidate is not asked.</summary>
    public bool NearCut { get; init; }

    public bool IsEmpty => Slots.All(s => s == null);
    public string Text => string.Join(", ", Slots.Select(s => s ?? ""));
    public override string ToString() => Text;

    public bool Equals(RelationTuple? other) => other != null && Slots.SequenceEqual(other.Slots);
    public override int GetHashCode() => Slots.Aggregate(17, (h, s) => h * 31 + (s?.GetHashCode(StringComparison.Ordinal) ?? 0));
}

/// <summary>Slot words and the rules that fill them.</summary>
public static class Relations
{
    public static readonly (string Positive, string Negative) LeftRight = ("right", "left");
    public static readonly (string Positive, string Negative) AboveBelow = ("above", "below");
    public static readonly (string Positive, string Negative) CloserFarther = ("farther", "closer");
    public static readonly (string Positive, string Negative) FrontBehind = ("front", "behind");

    /// <summary>The word for a signed offset: positive word when Δ ≥ threshold, negative word when Δ ≤ −threshold, else empty.</summary>
    public static string? Slot(double delta, (string Positive, string Negative) words, double threshold) =>
        delta >= threshold ? words.Positive : delta <= -threshold ? words.Negative : null;

    /// <summary>True when |Δ| lies within <paramref name="margin"/> of the threshold (either side): the slot could flip.</summary>
    public static bool NearCut(double delta, double threshold, double margin) =>
        margin > 0 && Math.Abs(Math.Abs(delta) - threshold) < margin;

    /// <summary>Whether any slot of <paramref name="deltas"/> (signed offsets judged against the distance threshold) is near its cut.</summary>
    public static bool NearAny(RelationSettings s, params double[] deltas) =>
        deltas.Any(d => NearCut(d, s.MinOffsetMeters, s.MarginMeters));

    /// <summary>
    /// Whether either observer-centred slot of <see cref="Bearing"/> is near a cut: a condition (distance or angle)
    /// inside its band while the slot's other condition does not already settle it.
    /// </summary>
    public static bool NearBearing(double lateral, double forward, RelationSettings s)
    {
        double fromForward = Math.Atan2(Math.Abs(lateral), Math.Abs(forward)) * 180 / Math.PI;
        return NearSlot(lateral, fromForward, s) || NearSlot(forward, 90 - fromForward, s);
    }

    static bool NearSlot(double offset, double angleDegrees, RelationSettings s)
    {
        bool distNear = NearCut(offset, s.MinOffsetMeters, s.MarginMeters);
        bool angleNear = s.MarginDegrees > 0 && Math.Abs(angleDegrees - s.MinBearingDegrees) < s.MarginDegrees;
        bool distClearlyFalse = !distNear && Math.Abs(offset) < s.MinOffsetMeters;
        bool angleClearlyFalse = !angleNear && angleDegrees < s.MinBearingDegrees;
        return (distNear && !angleClearlyFalse) || (angleNear && !distClearlyFalse);
    }

    /// <summary>
    /// Observer-centred slots: left/right from the lateral offset and front/behind from the forward offset, each empty
    /// when the offset is under the distance threshold or the bearing is within the angle threshold of the other axis
    /// (an object 5 m ahead and 0.2 m aside is "ahead", not "right").
    /// </summary>
    public static (string? LeftRight, string? FrontBehind) Bearing(double lateral, double forward, RelationSettings s)
    {
        double minRad = s.MinBearingDegrees * Math.PI / 180;
        string? lr = Math.Abs(lateral) >= s.MinOffsetMeters && Math.Atan2(Math.Abs(lateral), Math.Abs(forward)) >= minRad
            ? (lateral > 0 ? "right" : "left") : null;
        string? fb = Math.Abs(forward) >= s.MinOffsetMeters && Math.Atan2(Math.Abs(forward), Math.Abs(lateral)) >= minRad
            ? (forward > 0 ? "front" : "behind") : null;
        return (lr, fb);
    }

    /// <summary>All tuples with the given slot vocabularies (empties included), minus the all-empty one: distractor pool.</summary>
    public static List<RelationTuple> AllTuples(params (string Positive, string Negative)[] slots)
    {
        var result = new List<RelationTuple> { new(Array.Empty<string?>()) };
        foreach (var (pos, neg) in slots)
        {
            var next = new List<RelationTuple>();
            foreach (var t in result)
            foreach (var w in new[] { neg, null, pos })
                next.Add(new RelationTuple([.. t.Slots, w]));
            result = next;
        }
        result.RemoveAll(t => t.IsEmpty);
        return result;
    }

    /// <summary>
    /// Wrong tuples for a select question (generation.md §4): balanced over the stream
    /// (<see cref="StreamContext.BalancedDistractors"/>), ties preferring tuples with the answer's empty slots.
    /// </summary>
    public static List<string> Distractors(StreamContext ctx, RelationTuple answer, List<RelationTuple> pool, int count, params string[] contexts)
    {
        var shape = EmptyShape(answer);
        var texts = PoolTexts(pool);
        var shapes = ShapeByText(pool);
        return [.. ctx.BalancedDistractors(answer.Text, texts, count, t => shapes[t] == shape, contexts)];
    }

    static int EmptyShape(RelationTuple t)
    {
        int m = 0;
        for (int i = 0; i < t.Slots.Count; i++) if (t.Slots[i] == null) m |= 1 << i;
        return m;
    }

    // Pools are static lists; their texts and shapes are computed once per pool.
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<List<RelationTuple>, string[]> Texts = new();
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<List<RelationTuple>, Dictionary<string, int>> Shapes = new();
    static string[] PoolTexts(List<RelationTuple> pool) => Texts.GetValue(pool, p => p.Select(t => t.Text).ToArray());
    static Dictionary<string, int> ShapeByText(List<RelationTuple> pool) =>
        Shapes.GetValue(pool, p => p.ToDictionary(t => t.Text, EmptyShape, StringComparer.Ordinal));
}
