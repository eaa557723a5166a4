namespace Spar.Dataset.Audit;

/// <summary>
/// Misra–Gries frequent-value summary with a fixed number of counters: memory stays bounded however many distinct
/// values a stream has. Every value seen more than <c>Total / (capacity + 1)</c> times is kept, and every kept count is
/// at most <see cref="MaxUndercount"/> below the true count; while the number of distinct values stays within the
/// capacity the counts are exact (<see cref="MaxUndercount"/> = 0). Deterministic for a given input order.
/// </summary>
public sealed class HeavyHitters<TKey>(int capacity, IEqualityComparer<TKey>? equality = null, IComparer<TKey>? order = null)
    where TKey : notnull
{
    readonly Dictionary<TKey, long> _counts = new(Math.Min(capacity, 64), equality);
    readonly IComparer<TKey> _order = order ?? Comparer<TKey>.Default;
    List<TKey>? _drop;

    public int Capacity => capacity;
    public long Total { get; private set; }

    /// <summary>How many times all counters were decremented: the largest amount by which a kept count can be low.</summary>
    public long MaxUndercount { get; private set; }

    public bool Exact => MaxUndercount == 0;

    /// <summary>Distinct values kept (all distinct values seen when <see cref="Exact"/>).</summary>
    public int Kept => _counts.Count;

    public void Add(TKey value)
    {
        Total++;
        if (_counts.TryGetValue(value, out long n)) { _counts[value] = n + 1; return; }
        if (_counts.Count < capacity) { _counts[value] = 1; return; }
        // The new value and every kept one lose one count: capacity + 1 distinct values cancel out.
        MaxUndercount++;
        _drop ??= [];
        _drop.Clear();
        foreach (var (k, c) in _counts)
            if (c == 1) _drop.Add(k);
        foreach (var k in _counts.Keys.ToList())
            _counts[k]--;
        foreach (var k in _drop) _counts.Remove(k);
    }

    public long CountOf(TKey value) => _counts.GetValueOrDefault(value);

    /// <summary>The <paramref name="n"/> largest counts, ties in value order (so the list never depends on hashing).</summary>
    public IReadOnlyList<(TKey Value, long Count)> Top(int n) =>
        _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, _order).Take(n).Select(kv => (kv.Key, kv.Value)).ToList();

    public IEnumerable<KeyValuePair<TKey, long>> Entries => _counts;
}
