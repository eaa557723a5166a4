using Spar.Geometry;

namespace Spar.Scenes.Rendering;

/// <summary>A point light: position (metres) and strength (1 ≈ a ceiling lamp).</summary>
public readonly record struct PointLight(Vec3 Position, double Strength);

/// <summary>Scene lighting: ambient light (brighter on upward faces) plus up to a few point lights.</summary>
public sealed record Lighting(double Ambient, IReadOnlyList<PointLight> Lights)
{
    public const int MaxLights = 4;
}
