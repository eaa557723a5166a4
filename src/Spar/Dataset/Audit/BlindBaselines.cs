using Spar.Util;
using Spar.Determinism;

namespace Spar.Dataset.Audit;

/// <summary>
/// What a text-only model can learn about one record: its fold, template, the answer as a value (for select: the text
/// of the correct option) and, for select, every option with its value. Folds come from a stable hash of the record id,
/// so they are the same on every run and machine.
/// </summary>
public readonly record struct BlindRecord(int Fold, ulong Template, ulong Label, char Letter, QuestionText.Option[]? Options)
{
    public const int Folds = 5;

    public static int FoldOf(string id) => (int)(SplitMix64.Finalize(Fnv1a64.Of(id)) % Folds);
}

/// <summary>
/// Per-template majority, k-fold: a record of fold f is answered with the value most often correct for its template in
/// the other folds (select: the option whose text that is; ties and unseen templates fall back to the stream's most
/// common value, then to the most common letter). Counts are kept per template and fold in small Misra–Gries
/// summaries, at most <see cref="MaxTemplates"/> templates per stream (later new templates share one overflow slot).
/// Learning and answering are separate passes over the data, so nothing per record is kept.
/// </summary>
public sealed class TemplateBaseline
{
    public const int MaxTemplates = 4096;
    const int PerTemplate = 16, PerStream = 64;
    const ulong Overflow = 0;

    readonly Dictionary<ulong, HeavyHitters<ulong>[]> _templates = [];
    readonly HeavyHitters<ulong>[] _stream = NewFolds(PerStream);
    readonly long[,] _letters = new long[BlindRecord.Folds, 26];

    public int Templates => _templates.Count;
    public bool Overflowed { get; private set; }

    static HeavyHitters<ulong>[] NewFolds(int capacity) =>
        Enumerable.Range(0, BlindRecord.Folds).Select(_ => new HeavyHitters<ulong>(capacity)).ToArray();

    public void Learn(in BlindRecord r)
    {
        ulong t = r.Template == Overflow ? 1 : r.Template;
        if (!_templates.TryGetValue(t, out var folds))
        {
            if (_templates.Count >= MaxTemplates)
            {
                Overflowed = true;
                t = Overflow;
                if (!_templates.TryGetValue(t, out folds)) _templates[t] = folds = NewFolds(PerTemplate);
            }
            else _templates[t] = folds = NewFolds(PerTemplate);
        }
        folds[r.Fold].Add(r.Label);
        _stream[r.Fold].Add(r.Label);
        if (r.Letter is >= 'A' and <= 'Z') _letters[r.Fold, r.Letter - 'A']++;
    }

    HeavyHitters<ulong>[]? FoldsOf(ulong template)
    {
        ulong t = template == Overflow ? 1 : template;
        return _templates.TryGetValue(t, out var f) ? f : _templates.GetValueOrDefault(Overflow);
    }

    static long Score(HeavyHitters<ulong>[]? folds, int except, ulong label)
    {
        if (folds == null) return 0;
        long s = 0;
        for (int g = 0; g < folds.Length; g++) if (g != except) s += folds[g].CountOf(label);
        return s;
    }

    public long LetterScore(int except, char letter)
    {
        if (letter is < 'A' or > 'Z') return 0;
        long s = 0;
        for (int g = 0; g < BlindRecord.Folds; g++) if (g != except) s += _letters[g, letter - 'A'];
        return s;
    }

    /// <summary>The letter most often correct in the other folds among this record's letters (ties: the earlier letter).</summary>
    public char PredictLetter(in BlindRecord r)
    {
        if (r.Options is not { Length: > 0 } options) return '?';
        char best = options[0].Letter;
        long bestScore = LetterScore(r.Fold, best);
        foreach (var o in options)
        {
            long s = LetterScore(r.Fold, o.Letter);
            if (s > bestScore) { best = o.Letter; bestScore = s; }
        }
        return best;
    }

    /// <summary>Select: the letter of the option whose value the template (then the stream, then the letter prior) favours.</summary>
    public char PredictOption(BlindRecord r)
    {
        if (r.Options is not { Length: > 0 } options) return '?';
        var folds = FoldsOf(r.Template);
        (long, long, long) Key(QuestionText.Option o)
        {
            ulong v = QuestionText.Hash(o.Text);
            return (Score(folds, r.Fold, v), Score(_stream, r.Fold, v), LetterScore(r.Fold, o.Letter));
        }
        var best = options[0];
        var bestKey = Key(best);
        for (int i = 1; i < options.Length; i++)
        {
            var k = Key(options[i]);
            if (k.CompareTo(bestKey) > 0) { best = options[i]; bestKey = k; }
        }
        return best.Letter;
    }

    readonly Dictionary<(ulong Template, int Fold), ulong?> _valueCache = [];

    /// <summary>
    /// Judge / fill: the value most often correct for the template in the other folds (ties: the stream's count, then the
    /// smaller value hash), else the stream's most common value; null when nothing is known. The answer depends only on
    /// (template, fold), so it is computed once for each.
    /// </summary>
    public ulong? PredictValue(in BlindRecord r)
    {
        var key = (r.Template, r.Fold);
        if (_valueCache.TryGetValue(key, out var cached)) return cached;
        var folds = FoldsOf(r.Template);
        var value = Best(folds, r.Fold) ?? Best(_stream, r.Fold);
        _valueCache[key] = value;
        return value;
    }

    ulong? Best(HeavyHitters<ulong>[]? source, int except)
    {
        if (source == null) return null;
        ulong? best = null;
        (long, long) bestKey = (0, 0);
        for (int g = 0; g < source.Length; g++)
        {
            if (g == except) continue;
            foreach (var (v, _) in source[g].Entries)
            {
                var k = (Score(source, except, v), Score(_stream, except, v));
                if (best == null || k.CompareTo(bestKey) > 0 || (k == bestKey && v < best.Value)) { best = v; bestKey = k; }
            }
        }
        return best;
    }
}

/// <summary>
/// Nearest neighbours on question tokens, k-fold, over a bounded sample: the <see cref="Capacity"/> records of the
/// stream with the smallest hash of their id (a uniform sample that does not depend on record order). Each sampled
/// record is answered by a similarity-weighted vote of its <see cref="Neighbours"/> most similar sampled records from
/// other folds (cosine on token sets); select votes go to the options whose text the neighbours' answers have.
/// </summary>
public sealed class KnnBaseline(int capacity = 1000)
{
    public const int Neighbours = 5;
    public int Capacity => capacity;

    public sealed record Sample(ulong Key, RecordRef At, BlindRecord Record, ulong[] Tokens);

    sealed class Largest : IComparer<(ulong Key, int File, long Line)>
    {
        public int Compare((ulong Key, int File, long Line) a, (ulong Key, int File, long Line) b) => b.CompareTo(a);
    }

    readonly PriorityQueue<Sample, (ulong Key, int File, long Line)> _heap = new(new Largest());

    public static ulong KeyOf(string id) => SplitMix64.Finalize(Fnv1a64.Of(id) ^ 0x6A09E667F3BCC909UL);

    /// <summary>True when a record with this key would enter the sample (so its tokens are worth computing).</summary>
    public bool Wants(ulong key, RecordRef at) =>
        _heap.Count < capacity || (key, at.File, at.Line).CompareTo(Peek()) < 0;

    (ulong, int, long) Peek()
    {
        _heap.TryPeek(out _, out var p);
        return p;
    }

    public void Offer(ulong key, RecordRef at, in BlindRecord r, ulong[] tokens)
    {
        if (!Wants(key, at)) return;
        if (_heap.Count >= capacity) _heap.Dequeue();
        _heap.Enqueue(new Sample(key, at, r, tokens), (key, at.File, at.Line));
    }

    public int Count => _heap.Count;

    /// <summary>Leave-fold-out accuracy over the sample: (correct, evaluated).</summary>
    public (long Correct, long Evaluated) Evaluate(bool select)
    {
        var samples = _heap.UnorderedItems.Select(x => x.Element).OrderBy(s => (s.Key, s.At.File, s.At.Line)).ToArray();
        var letters = new long[BlindRecord.Folds, 26];
        foreach (var s in samples)
            if (s.Record.Letter is >= 'A' and <= 'Z') letters[s.Record.Fold, s.Record.Letter - 'A']++;
        // Token sets as bitsets over the sample's vocabulary: the similarity of two records is then a few popcounts
        // (the same value as QuestionText.Similarity on the sorted hashes).
        var vocabulary = new Dictionary<ulong, int>();
        foreach (var s in samples)
            foreach (var t in s.Tokens) vocabulary.TryAdd(t, vocabulary.Count);
        int words = Math.Max(1, (vocabulary.Count + 63) / 64);
        var bits = new ulong[samples.Length * words];
        for (int i = 0; i < samples.Length; i++)
            foreach (var t in samples[i].Tokens)
            {
                int v = vocabulary[t];
                bits[i * words + v / 64] |= 1UL << (v % 64);
            }
        double Similarity(int a, int b)
        {
            int la = samples[a].Tokens.Length, lb = samples[b].Tokens.Length;
            if (la == 0 || lb == 0) return 0;
            var x = bits.AsSpan(a * words, words);
            var y = bits.AsSpan(b * words, words);
            int common = 0;
            for (int k = 0; k < words; k++) common += System.Numerics.BitOperations.PopCount(x[k] & y[k]);
            return common / Math.Sqrt((double)la * lb);
        }
        long correct = 0, evaluated = 0;
        var best = new List<(double Sim, int Index)>(Neighbours + 1);
        for (int i = 0; i < samples.Length; i++)
        {
            var me = samples[i];
            best.Clear();
            for (int j = 0; j < samples.Length; j++)
            {
                if (samples[j].Record.Fold == me.Record.Fold) continue;
                double sim = Similarity(i, j);
                if (best.Count == Neighbours && sim <= best[^1].Sim) continue;
                int at = best.FindIndex(b => sim > b.Sim);
                best.Insert(at < 0 ? best.Count : at, (sim, j));
                if (best.Count > Neighbours) best.RemoveAt(Neighbours);
            }
            if (best.Count == 0) continue;
            evaluated++;
            // Votes per value; a tie goes to the value of the more similar neighbour (earlier in the list).
            var votes = new List<(ulong Value, double Weight, int FirstRank)>();
            for (int rank = 0; rank < best.Count; rank++)
            {
                var v = samples[best[rank].Index].Record.Label;
                int k = votes.FindIndex(x => x.Value == v);
                double w = best[rank].Sim + 1e-9;
                if (k < 0) votes.Add((v, w, rank));
                else votes[k] = (v, votes[k].Weight + w, votes[k].FirstRank);
            }
            if (select)
            {
                if (me.Record.Options is not { Length: > 0 } options) continue;
                char pick = '?';
                double pickWeight = 0;
                int pickRank = int.MaxValue;
                foreach (var o in options)
                {
                    ulong v = QuestionText.Hash(o.Text);
                    int k = votes.FindIndex(x => x.Value == v);
                    if (k < 0) continue;
                    if (votes[k].Weight > pickWeight || (votes[k].Weight == pickWeight && votes[k].FirstRank < pickRank))
                    {
                        pick = o.Letter; pickWeight = votes[k].Weight; pickRank = votes[k].FirstRank;
                    }
                }
                if (pick == '?')
                {
                    // No neighbour's answer is among this record's options: the sample's most common letter in other folds.
                    long bestCount = -1;
                    foreach (var o in options)
                    {
                        long n = 0;
                        for (int g = 0; g < BlindRecord.Folds; g++) if (g != me.Record.Fold && o.Letter is >= 'A' and <= 'Z') n += letters[g, o.Letter - 'A'];
                        if (n > bestCount) { bestCount = n; pick = o.Letter; }
                    }
                }
                if (pick == me.Record.Letter) correct++;
            }
            else
            {
                var winner = votes.OrderByDescending(x => x.Weight).ThenBy(x => x.FirstRank).First();
                if (winner.Value == me.Record.Label) correct++;
            }
        }
        return (correct, evaluated);
    }
}
