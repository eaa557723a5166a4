using System.Runtime.CompilerServices;

namespace Spar.Scenes.Rendering;

/// <summary>
/// Procedural textures: each maps a point of a face (its own 2D coordinates s, t in metres, plus height) to a colour
/// around the material's albedo. Cheap integer hashing only; no allocation, no shared state.
/// </summary>
static class Patterns
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Hash(int x, int y, uint seed)
    {
        var h = (uint)x * 0x8DA6B343u ^ (uint)y * 0xD8163841u ^ seed * 0xCB1AB31Fu;
        h ^= h >> 13; h *= 0x5BD1E995u; h ^= h >> 15;
        return (h & 0xFFFFFF) * (1f / 16777216f);
    }

    /// <summary>Smooth value noise in [0, 1).</summary>
    static float Noise(float x, float y, uint seed)
    {
        var xi = (int)MathF.Floor(x); var yi = (int)MathF.Floor(y);
        float fx = x - xi, fy = y - yi;
        fx = fx * fx * (3 - 2 * fx); fy = fy * fy * (3 - 2 * fy);
        var a = Hash(xi, yi, seed); var b = Hash(xi + 1, yi, seed);
        var c = Hash(xi, yi + 1, seed); var d = Hash(xi + 1, yi + 1, seed);
        return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }

    static readonly (float r, float g, float b)[] BookColours =
    [
        (0.72f, 0.11f, 0.11f), (0.05f, 0.28f, 0.55f), (0.11f, 0.37f, 0.13f), (0.98f, 0.66f, 0.15f), (0.29f, 0.08f, 0.55f),
        (0.9f, 0.9f, 0.85f), (0.2f, 0.2f, 0.2f), (0.55f, 0.35f, 0.2f),
    ];

    /// <summary>The albedo (0–1 per channel) of a material at face coordinates (s, t) metres and world height z.</summary>
    public static (float r, float g, float b) Albedo(in Material m, float s, float t, float z, uint faceSeed)
    {
        float r = m.Albedo.R / 255f, g = m.Albedo.G / 255f, b = m.Albedo.B / 255f;
        float k;
        switch (m.Pattern)
        {
            case SurfacePattern.Wood:
                k = 0.86f + 0.1f * MathF.Sin(t * 90f + 6f * Noise(s * 3f, t * 12f, faceSeed)) + 0.06f * Noise(s * 0.8f, t * 20f, faceSeed + 1);
                break;
            case SurfacePattern.Fabric:
                k = 0.93f + 0.07f * ((((int)MathF.Floor(s * 300f) ^ (int)MathF.Floor(t * 300f)) & 1) == 0 ? 1f : -0.3f) + 0.05f * Noise(s * 6f, t * 6f, faceSeed);
                break;
            case SurfacePattern.Tiles:
            {
                float fs = s / 0.3f - MathF.Floor(s / 0.3f), ft = t / 0.3f - MathF.Floor(t / 0.3f);
                k = fs < 0.04f || ft < 0.04f ? 0.6f : 0.92f + 0.1f * Hash((int)MathF.Floor(s / 0.3f), (int)MathF.Floor(t / 0.3f), faceSeed);
                break;
            }
            case SurfacePattern.Carpet:
                k = 0.85f + 0.2f * Hash((int)MathF.Floor(s * 200f), (int)MathF.Floor(t * 200f), faceSeed);
                break;
            case SurfacePattern.Metal:
                k = 0.9f + 0.12f * Hash(0, (int)MathF.Floor(t * 150f), faceSeed) + 0.08f * Noise(s * 2f, t * 2f, faceSeed);
                break;
            case SurfacePattern.Screen:
                k = 0.7f + 0.6f * Noise(s * 2.5f, t * 2.5f, faceSeed);
                return (r * k + 0.04f, g * k + 0.05f, b * k + 0.08f);
            case SurfacePattern.Glass:
            {
                // Sky seen through the glass: bluer high up, hazy white near the horizon.
                var sky = Math.Clamp((z - 0.8f) / 1.6f, 0f, 1f);
                var cloud = 0.15f * Noise(s * 2f, z * 3f, faceSeed);
                return (r * (0.95f - 0.35f * sky) + cloud, g * (0.97f - 0.2f * sky) + cloud, b + cloud);
            }
            case SurfacePattern.Plaster:
                k = 0.94f + 0.1f * Noise(s * 1.5f, t * 1.5f, faceSeed) + 0.03f * Noise(s * 15f, t * 15f, faceSeed + 3);
                break;
            case SurfacePattern.Leaves:
            {
                var n = Noise(s * 30f, t * 30f, faceSeed);
                k = 0.55f + 0.9f * n * n;
                break;
            }
            case SurfacePattern.Books:
            {
                // Book spines: bands 2–5 cm wide along s, each its own colour and height.
                var band = (int)MathF.Floor(s / 0.035f);
                var (br, bg, bb) = BookColours[(int)(Hash(band, 7, faceSeed) * BookColours.Length)];
                var shade = 0.75f + 0.35f * Hash(band, 11, faceSeed);
                var edge = s / 0.035f - band < 0.08f ? 0.5f : 1f;
                return (br * shade * edge, bg * shade * edge, bb * shade * edge);
            }
            case SurfacePattern.Paper:
                k = 0.92f + 0.1f * Noise(s * 40f, t * 4f, faceSeed);
                break;
            default:
                k = 0.97f + 0.04f * Noise(s * 4f, t * 4f, faceSeed);
                break;
        }
        return (r * k, g * k, b * k);
    }
}
