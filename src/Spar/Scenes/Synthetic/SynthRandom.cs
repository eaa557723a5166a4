using Spar.Util;

namespace Spar.Scenes.Synthetic;

/// <summary>
/// Counter-based random numbers: value n of a stream is a pure function of (key, n), so every scene, room and object
/// draws from its own stream derived from stable hashes of (seed, labels) and results never depend on thread
/// scheduling or on how many numbers another stream consumed. A mutable cursor; never share one between threads.
/// </summary>
public sealed class SynthRandom
{
    readonly ulong key;
    ulong counter;

    public SynthRandom(ulong key) => this.key = Mix(key ^ 0x6A09E667F3BCC909UL);

    /// <summary>A stream for (seed, labels…): e.g. <c>SynthRandom.For(seed, "scene", 3)</c>.</summary>
    public static SynthRandom For(long seed, params object[] labels)
    {
        var k = Mix((ulong)seed);
        foreach (var l in labels) k = Mix(k ^ StableHash(Convert.ToString(l, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        return new SynthRandom(k);
    }

    /// <summary>An independent child stream named by <paramref name="label"/>; does not advance this one.</summary>
    public SynthRandom Fork(string label) => new(Mix(key ^ StableHash(label)));
    public SynthRandom Fork(string label, int index) => new(Mix(Mix(key ^ StableHash(label)) + (ulong)index));

    public ulong NextUInt64() => Mix(key + SplitMix64.Gamma * ++counter);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [min, maxExclusive).</summary>
    public int Int(int min, int maxExclusive) => maxExclusive <= min ? min : min + (int)(NextUInt64() % (ulong)(maxExclusive - min));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count)];

    /// <summary>Standard normal via Box–Muller (one value per call; deterministic).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>SplitMix64 finaliser: a bijective 64-bit mixer.</summary>
    public static ulong Mix(ulong z) => SplitMix64.Finalize(z);

    /// <summary>FNV-1a over UTF-8: stable across processes and platforms, unlike string.GetHashCode.</summary>
    public static ulong StableHash(string s) => Fnv1a64.Of(s);
}
