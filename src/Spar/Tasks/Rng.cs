using Spar.Util;

namespace Spar.Tasks;

/// <summary>Stable 64-bit hashes of strings (FNV-1a over UTF-8, then a SplitMix64 finaliser): same value on every machine and run.</summary>
public static class StableHash
{
    public static ulong Of(string s) => Mix(Fnv1a64.Of(s));

    public static ulong Of(params ReadOnlySpan<string> parts)
    {
        ulong h = 0x5350415200000000UL; // "SPAR"
        foreach (var p in parts) h = Mix(h ^ Of(p));
        return h;
    }

    public static ulong Mix(ulong z) => SplitMix64.Finalize(z);

    /// <summary>A hash mapped to [0, 1).</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));
}

/// <summary>
/// Counter-based random stream: value i is Mix(key + i·γ), so a stream is fully determined by its key (derived from
/// seed, scene id, type and format) and never shared between threads.
/// </summary>
public sealed class Rng(ulong key)
{
    ulong _counter;

    public static Rng For(long seed, string sceneId, string type, string format) =>
        new(StableHash.Of(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), sceneId, type, format));

    public ulong NextU64() => StableHash.Mix(key + ++_counter * SplitMix64.Gamma);

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)(NextU64() % (ulong)n);
    }

    public double NextDouble() => StableHash.Unit(NextU64());

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    public bool Coin() => (NextU64() & 1) == 0;

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
}
