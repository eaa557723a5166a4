namespace Spar.Bench.Run;

/// <summary>
/// Counter-based randomness: a value is a pure function of its inputs (SplitMix64 finaliser over a combined key), so
/// baselines and jitter do not depend on thread count or on the order in which items finish.
/// </summary>
public static class StableRandom
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Hash(ulong a, ulong b, ulong c = 0) => Mix(Mix(Mix(a) ^ b) ^ c);

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public static double Unit(ulong a, ulong b, ulong c = 0) => (Hash(a, b, c) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public static int Below(int n, ulong a, ulong b, ulong c = 0) => (int)(Unit(a, b, c) * n);
}
