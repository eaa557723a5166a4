using Spar.Util;

namespace Spar.Bench.Run;

/// <summary>
/// Counter-based randomness: a value is a pure function of its inputs (SplitMix64 finaliser over a combined key), so
/// baselines and jitter do not depend on thread count or on the order in which items finish.
/// </summary>
public static class StableRandom
{
    public static ulong Mix(ulong x) => SplitMix64.Next(x);

    public static ulong Hash(ulong a, ulong b, ulong c = 0) => Mix(Mix(Mix(a) ^ b) ^ c);

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public static double Unit(ulong a, ulong b, ulong c = 0) => (Hash(a, b, c) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public static int Below(int n, ulong a, ulong b, ulong c = 0) => (int)(Unit(a, b, c) * n);
}
