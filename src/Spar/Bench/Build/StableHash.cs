using System.Text;
using Spar.Util;

namespace Spar.Bench.Build;

/// <summary>A 64-bit hash that is the same on every machine and run (FNV-1a, then the SplitMix64 finaliser to spread
/// the bits); used for deterministic sampling, never string.GetHashCode.</summary>
public static class StableHash
{
    public static ulong Of(ulong seed, string a, ReadOnlySpan<byte> data)
    {
        ulong h = Fnv1a64.OffsetBasis ^ SplitMix64.Next(seed);
        h = Fnv1a64.Append(h, Encoding.UTF8.GetBytes(a));
        h = Fnv1a64.Append(h, 0xFF); // separator: ("ab", "c") and ("a", "bc") differ
        h = Fnv1a64.Append(h, data);
        return SplitMix64.Next(h);
    }
}
