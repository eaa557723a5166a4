using System.Text;

namespace Spar.Bench.Build;

/// <summary>A 64-bit hash that is the same on every machine and run (FNV-1a, then the SplitMix64 finaliser to spread
/// the bits); used for deterministic sampling, never string.GetHashCode.</summary>
public static class StableHash
{
    public static ulong Of(ulong seed, string a, ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL ^ Mix(seed);
        foreach (byte b in Encoding.UTF8.GetBytes(a)) h = (h ^ b) * 1099511628211UL;
        h = (h ^ 0xFF) * 1099511628211UL;
        foreach (byte b in data) h = (h ^ b) * 1099511628211UL;
        return Mix(h);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
