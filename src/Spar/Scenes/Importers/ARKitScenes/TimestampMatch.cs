namespace Spar.Scenes.Importers.ARKitScenes;

/// <summary>
/// The toolkit's lookup of a frame's pose (<c>TenFpsDataLoader</c>): the entry whose timestamp, rounded to three
/// decimals, is the frame's; else the nearest entry within <see cref="ToleranceSeconds"/>; else none (the frame is
/// skipped). Ties between two equally near entries go to the earlier, so the choice depends only on the files.
/// </summary>
public sealed class TimestampMatch<T>
{
    /// <summary>0.005 s, the toolkit's tolerance: half a 100 Hz tick, well under the 10 fps trajectory's 0.1 s spacing.</summary>
    public const double ToleranceSeconds = 0.005;

    readonly Dictionary<long, T> _byKey = [];
    readonly double[] _seconds;
    readonly T[] _values;

    public TimestampMatch(IEnumerable<(double Seconds, T Value)> entries)
    {
        var list = entries.ToList();
        // A repeated key keeps its last entry, as the toolkit's dict does.
        foreach (var (s, v) in list) _byKey[ARKitScenesFormats.Key(s)] = v;
        var sorted = list.Select((e, i) => (e.Seconds, e.Value, i)).OrderBy(e => e.Seconds).ThenBy(e => e.i).ToArray();
        _seconds = [.. sorted.Select(e => e.Seconds)];
        _values = [.. sorted.Select(e => e.Value)];
    }

    public int Count => _seconds.Length;

    public bool TryFind(long key, double seconds, out T value, out bool exact)
    {
        exact = _byKey.TryGetValue(key, out value!);
        if (exact) return true;
        int i = Array.BinarySearch(_seconds, seconds);
        if (i < 0) i = ~i;
        int best = -1;
        double bestGap = double.PositiveInfinity;
        foreach (int j in new[] { i - 1, i })
        {
            if (j < 0 || j >= _seconds.Length) continue;
            double gap = Math.Abs(_seconds[j] - seconds);
            if (gap < bestGap) { bestGap = gap; best = j; }
        }
        // A small margin: timestamps are decimal text, and 0.005 itself must not fall out by a last-bit error.
        if (best >= 0 && bestGap <= ToleranceSeconds + 1e-9) { value = _values[best]; return true; }
        value = default!;
        return false;
    }
}
