using System.Globalization;

namespace Spar.Determinism;

/// <summary>
/// The counter-based random stream of spar: value n is <c>Mix(key + n·γ)</c>, a pure function of (key, n), so a
/// stream depends only on how it was named, never on thread scheduling or on what another stream consumed. A mutable
/// cursor: never share one between threads; <see cref="Fork(string)"/> gives independent named children.
/// Two ways of naming a stream exist, each deciding outputs users already have (pinned by GoldenValueTests):
/// <see cref="ForRecords"/> (QA generation: one stream per scene × type × format) and <see cref="ForWorld"/>
/// (the synthetic world: scenes, rooms, objects, camera walks).
/// </summary>
public sealed class Rng(ulong key)
{
    readonly ulong _key = key;
    ulong _counter;

    /// <summary>The stream of one (seed, scene, type, format) of QA generation: its key is <see cref="StableHash.Of(ReadOnlySpan{string})"/>.</summary>
    public static Rng ForRecords(long seed, string sceneId, string type, string format) =>
        new(StableHash.Of(seed.ToString(CultureInfo.InvariantCulture), sceneId, type, format));

    /// <summary>
    /// A synthetic-world stream for (seed, labels…), e.g. <c>Rng.ForWorld(seed, "synthetic-scene", 3)</c>: the seed
    /// mixed, then each label's raw FNV-1a folded in with a finaliser, then <see cref="Whitened"/>.
    /// </summary>
    public static Rng ForWorld(long seed, params object[] labels)
    {
        var k = StableHash.Mix((ulong)seed);
        foreach (var l in labels) k = StableHash.Mix(k ^ Fnv1a64.Of(Convert.ToString(l, CultureInfo.InvariantCulture) ?? ""));
        return Whitened(k);
    }

    /// <summary>A stream whose key is first whitened (xor with √2's fraction bits, finalised): how the world's streams and forks start.</summary>
    public static Rng Whitened(ulong key) => new(StableHash.Mix(key ^ 0x6A09E667F3BCC909UL));

    /// <summary>An independent child stream named by <paramref name="label"/>; does not advance this one.</summary>
    public Rng Fork(string label) => Whitened(StableHash.Mix(_key ^ Fnv1a64.Of(label)));

    /// <summary>Child <paramref name="index"/> of the family <paramref name="label"/>; does not advance this one.</summary>
    public Rng Fork(string label, int index) => Whitened(StableHash.Mix(StableHash.Mix(_key ^ Fnv1a64.Of(label)) + (ulong)index));

    public ulong NextU64() => StableHash.Mix(_key + ++_counter * SplitMix64.Gamma);

    /// <summary>Uniform integer in [0, n) (modulo); n must be positive.</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)(NextU64() % (ulong)n);
    }

    /// <summary>Uniform integer in [min, maxExclusive); an empty range gives <paramref name="min"/> and draws nothing.</summary>
    public int Int(int min, int maxExclusive) => maxExclusive <= min ? min : min + (int)(NextU64() % (ulong)(maxExclusive - min));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => StableHash.Unit(NextU64());

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    public bool Coin() => (NextU64() & 1) == 0;

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary><paramref name="k"/> distinct items in random order (partial Fisher–Yates on a copy).</summary>
    public List<T> Sample<T>(IReadOnlyList<T> items, int k)
    {
        var copy = items.ToList();
        k = Math.Min(k, copy.Count);
        for (int i = 0; i < k; i++)
        {
            int j = i + Next(copy.Count - i);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        copy.RemoveRange(k, copy.Count - k);
        return copy;
    }

    /// <summary>Standard normal via Box–Muller (one value per call).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
