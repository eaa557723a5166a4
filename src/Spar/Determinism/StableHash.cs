using System.Text;

namespace Spar.Determinism;

/// <summary>
/// Every stable hash in spar: the same value on every machine, run and thread count (never string.GetHashCode).
/// Three formulas exist because each decides something already published in users' outputs; they must never change
/// (pinned by tests/Spar.Tests/Determinism/GoldenValueTests.cs):
/// <list type="bullet">
/// <item><see cref="Of(string)"/> / <see cref="Of(ReadOnlySpan{string})"/>: generation — the key of every record
/// stream, the train/val split, shards, the frame pool, assembly order, the options fingerprint.</item>
/// <item><see cref="OfSample"/>: bench build — which records are sampled into a benchmark.</item>
/// <item><see cref="OfTriple"/> and its <see cref="UnitOf"/> / <see cref="Below"/>: bench run — the random
/// baseline's answers and the retry jitter.</item>
/// </list>
/// The synthetic world keys its streams with the raw <see cref="Fnv1a64.Of"/> of each label (<see cref="Rng.ForWorld"/>).
/// </summary>
public static class StableHash
{
    /// <summary>FNV-1a over UTF-8, then the SplitMix64 finaliser.</summary>
    public static ulong Of(string s) => Mix(Fnv1a64.Of(s));

    /// <summary>A chain of <see cref="Of(string)"/> from the start value "SPAR", one finaliser per part.</summary>
    public static ulong Of(params ReadOnlySpan<string> parts)
    {
        ulong h = 0x5350415200000000UL; // "SPAR"
        foreach (var p in parts) h = Mix(h ^ Of(p));
        return h;
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mixer.</summary>
    public static ulong Mix(ulong z) => SplitMix64.Finalize(z);

    /// <summary>A hash mapped to [0, 1) with 53 bits.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>Bench build's sampling key of one record line of a task: FNV-1a from a seeded start, then a SplitMix64 step.</summary>
    public static ulong OfSample(ulong seed, string task, ReadOnlySpan<byte> line)
    {
        ulong h = Fnv1a64.OffsetBasis ^ SplitMix64.Next(seed);
        h = Fnv1a64.Append(h, Encoding.UTF8.GetBytes(task));
        h = Fnv1a64.Append(h, 0xFF); // separator: ("ab", "c") and ("a", "bc") differ
        h = Fnv1a64.Append(h, line);
        return SplitMix64.Next(h);
    }

    /// <summary>Bench run's counter-free draw: a pure function of up to three numbers (seed, item id, salt), SplitMix64 steps between them.</summary>
    public static ulong OfTriple(ulong a, ulong b, ulong c = 0) => SplitMix64.Next(SplitMix64.Next(SplitMix64.Next(a) ^ b) ^ c);

    /// <summary><see cref="OfTriple"/> mapped to [0, 1) with 53 bits.</summary>
    public static double UnitOf(ulong a, ulong b, ulong c = 0) => Unit(OfTriple(a, b, c));

    /// <summary>Integer in [0, n) from <see cref="UnitOf"/> by scaling (not modulo, unlike <see cref="Rng.Next"/>).</summary>
    public static int Below(int n, ulong a, ulong b, ulong c = 0) => (int)(UnitOf(a, b, c) * n);
}
