using Spar.Util;
using Spar.Determinism;

namespace Spar.Dataset.Audit;

/// <summary>Where a record is: the stream's file (index into its file list) and the 1-based line.</summary>
public readonly record struct RecordRef(int File, long Line);

/// <summary>
/// Duplicate questions on the same images, in bounded memory. A key is the hash of (question, image list). Keys are
/// kept while a hash sample of them fits <c>capacity</c>: at level ℓ only keys whose mixed hash falls in the lowest
/// 2^−ℓ of the range are tracked, and ℓ rises by one whenever the tracked keys exceed the capacity. Identical records
/// share their key, so a duplicate pair is either tracked whole or not at all, and counts scaled by 2^ℓ estimate the
/// whole stream; ℓ = 0 (up to <c>capacity</c> distinct keys) is exact. Which keys are tracked depends only on the set
/// of keys, not on the order of the records.
/// </summary>
public sealed class DuplicateSketch(int capacity = 1 << 16)
{
    struct Entry
    {
        public int Count;
        public ulong Answer;
        public bool Conflict;
        public RecordRef First, Second;
    }

    readonly Dictionary<ulong, Entry> _keys = [];
    int _level;
    long _trackedRecords;

    public int Level => _level;
    public bool Exact => _level == 0;

    public void Add(ulong key, ulong answer, RecordRef at)
    {
        if (!Tracked(key, _level)) return;
        _trackedRecords++;
        if (_keys.TryGetValue(key, out var e))
        {
            e.Count++;
            if (e.Answer != answer) e.Conflict = true;
            if (e.Count == 2) e.Second = at;
            _keys[key] = e;
            return;
        }
        _keys[key] = new Entry { Count = 1, Answer = answer, First = at };
        while (_keys.Count > capacity)
        {
            _level++;
            foreach (var k in _keys.Keys.ToList())
            {
                if (Tracked(k, _level)) continue;
                _trackedRecords -= _keys[k].Count;
                _keys.Remove(k);
            }
        }
    }

    static bool Tracked(ulong key, int level) => level == 0 || SplitMix64.Finalize(key ^ 0xD1B54A32D192ED03UL) >> (64 - level) == 0;

    double Scale => Math.Pow(2, _level);

    /// <summary>Records that repeat an earlier record's question and images (so 3 copies count 2).</summary>
    public double DuplicateRecords => (_trackedRecords - _keys.Count) * Scale;

    /// <summary>(question, images) pairs that occur more than once.</summary>
    public double DuplicateGroups => _keys.Values.Count(e => e.Count > 1) * Scale;

    /// <summary>Repeated pairs whose copies do not all have the same answer.</summary>
    public double ConflictingGroups => _keys.Values.Count(e => e.Conflict) * Scale;

    /// <summary>Up to <paramref name="n"/> repeated pairs (first and second occurrence), in file order.</summary>
    public IReadOnlyList<(RecordRef First, RecordRef Second, int Copies, bool Conflict)> Examples(int n) =>
        _keys.Values.Where(e => e.Count > 1).OrderBy(e => e.First.File).ThenBy(e => e.First.Line).Take(n)
            .Select(e => (e.First, e.Second, e.Count, e.Conflict)).ToList();
}
