using System.Text;

namespace Spar.Determinism;

/// <summary>
/// 64-bit FNV-1a: the byte hash under every stable hash in spar. Callers chain
/// <see cref="Append(ulong, ReadOnlySpan{byte})"/> from their own start value.
/// </summary>
public static class Fnv1a64
{
    public const ulong OffsetBasis = 14695981039346656037UL;
    const ulong Prime = 1099511628211UL;

    public static ulong Append(ulong h, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) h = (h ^ b) * Prime;
        return h;
    }

    public static ulong Append(ulong h, byte b) => (h ^ b) * Prime;

    /// <summary>The plain FNV-1a hash of the UTF-8 bytes of <paramref name="s"/>.</summary>
    public static ulong Of(string s) => Append(OffsetBasis, Encoding.UTF8.GetBytes(s));
}

/// <summary>SplitMix64's parts: the counter-based generator and the hashes mix with these.</summary>
public static class SplitMix64
{
    /// <summary>The golden-ratio increment between successive states.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The finaliser alone: a bijective 64-bit mixer.</summary>
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The generator's output for state <paramref name="z"/>: advance by <see cref="Gamma"/>, then finalise.</summary>
    public static ulong Next(ulong z) => Finalize(z + Gamma);
}
