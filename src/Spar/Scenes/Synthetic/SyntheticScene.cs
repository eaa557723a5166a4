using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes.Rendering;

namespace Spar.Scenes.Synthetic;

/// <summary>An object of the synthetic world: its canonical form plus what the renderer needs to draw it.</summary>
/// <param name="Colour">Main colour, picked from the category's palette.</param>
/// <param name="StyleSeed">Drives per-instance shape variations (number of shelves, leg style…).</param>
public sealed record SyntheticObject(SceneObject Object, CategorySpec Spec, Rgb Colour, ulong StyleSeed, SurfacePattern Pattern);

/// <summary>A generated scene: the canonical <see cref="Scene"/> (what scene.json holds) and the styled objects behind it.</summary>
public sealed record SyntheticScene(Scene Scene, string Theme, IReadOnlyList<SyntheticObject> Objects);

/// <summary>A straight wall of the floor plan, from A to B with the room on its left (the plan runs counter-clockwise).</summary>
public sealed record WallSegment(Vec2 A, Vec2 B)
{
    public double Length => (B - A).Length;
    public Vec2 Direction => (B - A) * (1 / Length);
    /// <summary>Unit normal pointing into the room.</summary>
    public Vec2 Inward => new(-Direction.Y, Direction.X);
    public Vec2 PointAt(double s) => A + Direction * s;
    /// <summary>Yaw of a box whose local +x (front) faces into the room.</summary>
    public double InwardYaw => Math.Atan2(Inward.Y, Inward.X);
}
