using Spar.Imaging;
using Spar.Scenes.Rendering;
using Spar.Determinism;

namespace Spar.Scenes.Synthetic;

/// <summary>
/// Turns each synthetic object into the boxes the renderer draws: tables with legs, chairs with backs, shelves with
/// books, lamps with glowing shades… All parts stay inside the object's box and carry its instance id.
/// </summary>
public static class ShapeParts
{
    static readonly Rgb Dark = Rgb.Hex(0x202020), Metal = Rgb.Hex(0xA8ADB3), White = Rgb.Hex(0xF4F4F2), Terracotta = Rgb.Hex(0xB5653A);

    /// <summary>All parts of a scene's objects, in object order (deterministic).</summary>
    public static List<RenderPart> ForScene(SyntheticScene scene)
    {
        var parts = new List<RenderPart>(scene.Objects.Count * 8);
        foreach (var o in scene.Objects) Build(o, parts);
        return parts;
    }

    public static void Build(SyntheticObject o, List<RenderPart> output)
    {
        var b = new PartBuilder(o.Object.Box, (ushort)o.Object.InstanceId, output);
        var main = new Material(o.Colour, o.Pattern);
        var rng = Rng.Whitened(o.StyleSeed);
        double D = b.D, W = b.W, H = b.H;
        switch (o.Spec.Shape)
        {
            case ShapeKind.Table:
            {
                // Parts never share a face plane where they overlap: coplanar faces would fight over pixels.
                var top = Math.Min(0.04, H * 0.2);
                b.Slab(H - top, H, main);
                b.Legs(Math.Min(0.06, Math.Min(D, W) * 0.12), 0.03, H - top, new Material(o.Colour.Shade(0.7), o.Pattern));
                break;
            }
            case ShapeKind.Chair:
            {
                var seat = Math.Min(0.46, H * 0.5);
                var legs = new Material(o.Colour.Shade(0.75), o.Pattern);
                b.Legs(0.04, 0.01, seat - 0.04, legs);
                b.Add(-D / 2, D / 2, -W / 2, W / 2, seat - 0.04, seat, main);
                b.Add(-D / 2, -D / 2 + 0.05, -W / 2, W / 2, seat, H, main);
                break;
            }
            case ShapeKind.OfficeChair:
            {
                var seat = Math.Min(0.5, H * 0.48);
                var metal = new Material(Dark, SurfacePattern.Metal);
                b.Add(-0.04, 0.04, -W / 2, W / 2, 0, 0.06, metal);
                b.Add(-D / 2, D / 2, -0.04, 0.04, 0, 0.06, metal);
                b.Centred(0.1, 0.1, 0.06, seat - 0.07, metal);
                b.Centred(0.9, 0.85, seat - 0.07, seat, main);
                b.Add(-D / 2, -D / 2 + 0.08, -W * 0.4, W * 0.4, seat, H, main);
                b.Add(-D * 0.35, D * 0.3, -W / 2, -W / 2 + 0.05, seat + 0.15, seat + 0.2, metal);
                b.Add(-D * 0.35, D * 0.3, W / 2 - 0.05, W / 2, seat + 0.15, seat + 0.2, metal);
                break;
            }
            case ShapeKind.Stool:
                b.Legs(0.035, 0.03, H - 0.04, new Material(Dark, SurfacePattern.Metal));
                b.Slab(H - 0.04, H, main);
                break;
            case ShapeKind.Sofa:
            {
                var seat = Math.Min(0.45, H * 0.55);
                var frame = new Material(o.Colour.Shade(0.8), o.Pattern);
                b.Add(-D / 2 + 0.2, D / 2, -W / 2 + 0.15, W / 2 - 0.15, 0.05, seat - 0.08, frame);
                b.Legs(0.05, 0.03, 0.05, new Material(Dark));
                b.Add(-D / 2, -D / 2 + 0.2, -W / 2, W / 2, 0.05, H, main);
                b.Add(-D / 2 + 0.2, D / 2, -W / 2, -W / 2 + 0.15, 0.05, Math.Min(H, seat + 0.2), main);
                b.Add(-D / 2 + 0.2, D / 2, W / 2 - 0.15, W / 2, 0.05, Math.Min(H, seat + 0.2), main);
                var cushions = W > 1.2 ? (W > 2 ? 3 : 2) : 1;
                var inner = W - 0.3;
                for (var i = 0; i < cushions; i++)
                {
                    var y0 = -inner / 2 + inner * i / cushions + 0.01;
                    b.Add(-D / 2 + 0.2, D / 2 - 0.01, y0, y0 + inner / cushions - 0.02, seat - 0.08, seat, new Material(o.Colour.Shade(1.1), o.Pattern));
                }
                break;
            }
            case ShapeKind.Bed:
            {
                var wood = new Material(Rgb.Hex(0x8B5A2B), SurfacePattern.Wood);
                b.Slab(0, 0.3, wood);
                b.Add(-D / 2, -D / 2 + 0.06, -W / 2, W / 2, 0.3, H, wood);
                b.Add(-D / 2 + 0.06, D / 2 - 0.02, -W / 2 + 0.02, W / 2 - 0.02, 0.3, 0.5, new Material(White, SurfacePattern.Fabric));
                b.Add(-D / 2 + 0.75, D / 2, -W / 2, W / 2, 0.5, 0.55, main);
                var pillows = W > 1.3 ? 2 : 1;
                for (var i = 0; i < pillows; i++)
                {
                    var y0 = -W / 2 + 0.08 + (W - 0.16) * i / pillows;
                    b.Add(-D / 2 + 0.1, -D / 2 + 0.45, y0 + 0.03, y0 + (W - 0.16) / pillows - 0.03, 0.5, 0.62, new Material(Rgb.Hex(0xF8F8FF), SurfacePattern.Fabric));
                }
                break;
            }
            case ShapeKind.Bookshelf:
            {
                const double t = 0.02;
                b.Add(-D / 2, D / 2, -W / 2, -W / 2 + t, 0, H, main);
                b.Add(-D / 2, D / 2, W / 2 - t, W / 2, 0, H, main);
                b.Add(-D / 2, -D / 2 + 0.01, -W / 2 + t, W / 2 - t, 0, H, new Material(o.Colour.Shade(0.8), o.Pattern));
                var shelves = Math.Max(3, (int)(H / 0.35));
                for (var i = 0; i <= shelves; i++)
                {
                    var z = i * (H - t) / shelves;
                    b.Add(-D / 2, D / 2, -W / 2 + t, W / 2 - t, z, z + t, main);
                    if (i == shelves) break;
                    var gap = (H - t) / shelves - t;
                    var fill = rng.Uniform(0.4, 0.95);
                    b.Add(-D / 2 + 0.01, D / 2 - 0.04, -W / 2 + t, -W / 2 + t + (W - 2 * t) * fill, z + t, z + t + gap * rng.Uniform(0.65, 0.9),
                        new Material(Rgb.Hex(0x8D6E63), SurfacePattern.Books));
                }
                break;
            }
            case ShapeKind.Cabinet or ShapeKind.Wardrobe or ShapeKind.Drawers:
                Cabinet(b, o, main, rng);
                break;
            case ShapeKind.Appliance:
                Appliance(b, o, main);
                break;
            case ShapeKind.Piano:
                b.Add(-D / 2, -D / 2 + 0.3, -W / 2, W / 2, 0, H, main);
                b.Add(-D / 2 + 0.3, D / 2, -W / 2, W / 2, 0.62, 0.72, main);
                b.Add(-D / 2 + 0.3, D / 2 - 0.02, -W / 2 + 0.05, W / 2 - 0.05, 0.72, 0.74, new Material(White, SurfacePattern.Books));
                b.Add(-D / 2 + 0.3, -D / 2 + 0.34, -W / 2, -W / 2 + 0.05, 0, 0.62, main);
                b.Add(-D / 2 + 0.3, -D / 2 + 0.34, W / 2 - 0.05, W / 2, 0, 0.62, main);
                break;
            case ShapeKind.Radiator:
            {
                var fins = Math.Max(4, (int)(W / 0.06));
                for (var i = 0; i < fins; i++)
                {
                    var y0 = -W / 2 + i * W / fins;
                    b.Add(-D / 2, D / 2, y0, y0 + W / fins * 0.6, 0.1, H, main);
                }
                b.Add(-D / 2, -D / 2 + 0.02, -W / 2, W / 2, 0.12, H - 0.05, main);
                break;
            }
            case ShapeKind.Lamp:
                b.Centred(0.6, 0.6, 0, 0.04, new Material(Dark, SurfacePattern.Metal));
                b.Centred(0.12, 0.12, 0.04, H * 0.55, new Material(Metal, SurfacePattern.Metal));
                b.Centred(1, 1, H * 0.5, H, new Material(o.Colour, SurfacePattern.Fabric, Emissive: true));
                break;
            case ShapeKind.FloorLamp:
                b.Centred(0.7, 0.7, 0, 0.03, new Material(Dark, SurfacePattern.Metal));
                b.Centred(0.08, 0.08, 0.03, H * 0.8, new Material(Metal, SurfacePattern.Metal));
                b.Centred(1, 1, H * 0.78, H, new Material(o.Colour, SurfacePattern.Fabric, Emissive: true));
                break;
            case ShapeKind.Monitor:
                b.Add(-D / 2, D / 2, -W * 0.15, W * 0.15, 0, 0.02, main);
                b.Add(-D / 2 + 0.02, -D / 2 + 0.05, -0.03, 0.03, 0.02, H * 0.35, main);
                b.Add(-D / 2 + 0.05, -D / 2 + 0.08, -W / 2, W / 2, H * 0.25, H, main);
                b.Add(-D / 2 + 0.08, -D / 2 + 0.085, -W / 2 + 0.015, W / 2 - 0.015, H * 0.25 + 0.015, H - 0.015, new Material(Rgb.Hex(0x1A2A40), SurfacePattern.Screen));
                break;
            case ShapeKind.Laptop:
                b.Slab(0, 0.02, main);
                b.Add(-D / 2 + 0.04, D / 2 - 0.02, -W / 2 + 0.02, W / 2 - 0.02, 0.02, 0.022, new Material(Dark, SurfacePattern.Tiles));
                b.Add(-D / 2, -D / 2 + 0.012, -W / 2, W / 2, 0.02, H, main);
                b.Add(-D / 2 + 0.012, -D / 2 + 0.015, -W / 2 + 0.015, W / 2 - 0.015, 0.03, H - 0.01, new Material(Rgb.Hex(0x203550), SurfacePattern.Screen));
                break;
            case ShapeKind.Tv:
                b.Add(-D / 2, D / 2, -W * 0.2, W * 0.2, 0, 0.02, main);
                b.Add(-0.02, 0.02, -0.05, 0.05, 0.02, H * 0.12, main);
                b.Add(-D / 2, -D / 2 + Math.Min(0.05, D * 0.6), -W / 2, W / 2, H * 0.1, H, main);
                b.Add(-D / 2 + Math.Min(0.05, D * 0.6), -D / 2 + Math.Min(0.055, D * 0.7), -W / 2 + 0.02, W / 2 - 0.02, H * 0.1 + 0.02, H - 0.02, new Material(Rgb.Hex(0x15202E), SurfacePattern.Screen));
                break;
            case ShapeKind.Plant:
            {
                var pot = H * rng.Uniform(0.25, 0.4);
                b.Centred(0.6, 0.6, 0, pot, new Material(Terracotta, SurfacePattern.Plain));
                b.Centred(1, 1, pot, pot + (H - pot) * 0.6, main);
                b.Centred(0.6, 0.7, pot + (H - pot) * 0.5, H, new Material(o.Colour.Shade(1.15), SurfacePattern.Leaves));
                break;
            }
            case ShapeKind.Vessel:
                b.Centred(1, 1, 0, H * 0.72, main);
                b.Centred(o.Object.Category is "bottle" or "vase" ? 0.4 : 0.92, o.Object.Category is "bottle" or "vase" ? 0.4 : 0.92, H * 0.72, H, new Material(o.Colour.Shade(0.85), o.Pattern));
                break;
            case ShapeKind.Bowl:
                b.Centred(0.6, 0.6, 0, H * 0.3, main);
                b.Centred(1, 1, H * 0.3, H, main);
                break;
            case ShapeKind.Picture or ShapeKind.Mirror or ShapeKind.Board or ShapeKind.Clock:
                WallPanel(b, o, main);
                break;
            case ShapeKind.CeilingLight:
                b.Centred(1, 1, H * 0.7, H, new Material(White));
                b.Centred(0.9, 0.9, 0, H * 0.7, new Material(o.Colour, SurfacePattern.Plain, Emissive: true));
                break;
            case ShapeKind.Door:
                b.Add(-D / 2, D / 2 - 0.015, -W / 2, W / 2, 0, H, main);
                b.Add(D / 2 - 0.015, D / 2, W / 2 - 0.12, W / 2 - 0.06, H * 0.47, H * 0.5, new Material(Metal, SurfacePattern.Metal));
                break;
            case ShapeKind.Window:
            {
                var frame = new Material(White);
                const double f = 0.05;
                b.Add(-D / 2, D / 2 - 0.01, -W / 2, W / 2, 0, H, new Material(Rgb.Hex(0xBFDFFF), SurfacePattern.Glass, Emissive: true));
                b.Add(D / 2 - 0.01, D / 2, -W / 2, W / 2, 0, f, frame);
                b.Add(D / 2 - 0.01, D / 2, -W / 2, W / 2, H - f, H, frame);
                b.Add(D / 2 - 0.01, D / 2, -W / 2, -W / 2 + f, f, H - f, frame);
                b.Add(D / 2 - 0.01, D / 2, W / 2 - f, W / 2, f, H - f, frame);
                b.Add(D / 2 - 0.01, D / 2, -0.02, 0.02, f, H - f, frame);
                break;
            }
            default:
                b.Slab(0, H, main);
                break;
        }
    }

    static void Cabinet(PartBuilder b, SyntheticObject o, Material main, Rng rng)
    {
        double D = b.D, W = b.W, H = b.H;
        const double front = 0.015;
        var plinth = Math.Min(0.08, H * 0.1);
        var topSlab = o.Spec.Surface && rng.Chance(0.5);
        b.Add(-D / 2, D / 2 - front, -W / 2, W / 2, plinth, topSlab ? H - 0.02 : H, main);
        b.Add(-D / 2, D / 2 - 0.04, -W / 2 + 0.03, W / 2 - 0.03, 0, plinth, new Material(o.Colour.Shade(0.6)));
        var panel = new Material(o.Colour.Shade(1.08), o.Pattern);
        var knob = new Material(Metal, SurfacePattern.Metal);
        if (o.Spec.Shape == ShapeKind.Drawers)
        {
            var n = Math.Max(2, (int)((H - plinth) / 0.22));
            for (var i = 0; i < n; i++)
            {
                var z0 = plinth + (H - plinth) * i / n + 0.01; var z1 = plinth + (H - plinth) * (i + 1) / n - 0.01;
                b.Add(D / 2 - front, D / 2 - 0.006, -W / 2 + 0.01, W / 2 - 0.01, z0, z1, panel);
                b.Add(D / 2 - 0.006, D / 2, -0.06, 0.06, (z0 + z1) / 2 - 0.01, (z0 + z1) / 2 + 0.01, knob);
            }
        }
        else
        {
            var doors = W > 0.7 ? 2 : 1;
            for (var i = 0; i < doors; i++)
            {
                var y0 = -W / 2 + W * i / doors + 0.01; var y1 = -W / 2 + W * (i + 1) / doors - 0.01;
                b.Add(D / 2 - front, D / 2 - 0.006, y0, y1, plinth + 0.01, H - 0.01, panel);
                var hy = doors == 2 ? (i == 0 ? y1 - 0.04 : y0 + 0.02) : y1 - 0.04;
                var hz = o.Spec.Shape == ShapeKind.Wardrobe ? H * 0.5 : H - 0.12;
                b.Add(D / 2 - 0.006, D / 2, hy, hy + 0.02, Math.Min(hz - 0.06, H - 0.14), Math.Min(hz + 0.06, H - 0.02), knob);
            }
        }
        if (topSlab) b.Slab(H - 0.02, H, new Material(o.Colour.Shade(0.85), o.Pattern));
    }

    static void Appliance(PartBuilder b, SyntheticObject o, Material main)
    {
        double D = b.D, W = b.W, H = b.H;
        var handle = new Material(Metal, SurfacePattern.Metal);
        var dark = new Material(Rgb.Hex(0x151515), SurfacePattern.Screen);
        var body = o.Object.Category == "stove" ? H - 0.015 : H;
        b.Add(-D / 2, D / 2 - 0.01, -W / 2, W / 2, 0, body, main);
        switch (o.Object.Category)
        {
            case "refrigerator":
                b.Add(D / 2 - 0.01, D / 2, -W / 2 + 0.01, W / 2 - 0.01, H * 0.68, H * 0.68 + 0.01, dark);
                b.Add(D / 2 - 0.01, D / 2, W / 2 - 0.08, W / 2 - 0.05, H * 0.45, H * 0.62, handle);
                b.Add(D / 2 - 0.01, D / 2, W / 2 - 0.08, W / 2 - 0.05, H * 0.74, H * 0.86, handle);
                break;
            case "stove":
                b.Add(-D / 2, D / 2 - 0.01, -W / 2, W / 2, H - 0.015, H, dark);
                b.Add(D / 2 - 0.01, D / 2, -W / 2 + 0.05, W / 2 - 0.05, H * 0.15, H * 0.7, dark);
                break;
            case "washing machine":
                b.Add(D / 2 - 0.01, D / 2, -W * 0.3, W * 0.3, H * 0.2, H * 0.7, dark);
                break;
            case "microwave":
                b.Add(D / 2 - 0.01, D / 2, -W / 2 + 0.03, W * 0.15, H * 0.15, H * 0.85, dark);
                break;
            default:
                b.Add(D / 2 - 0.01, D / 2, -W * 0.35, W * 0.35, H * 0.6, H * 0.66, dark);
                break;
        }
    }

    static void WallPanel(PartBuilder b, SyntheticObject o, Material main)
    {
        double D = b.D, W = b.W, H = b.H;
        var frameWidth = Math.Min(0.04, Math.Min(W, H) * 0.1);
        var (frame, face) = o.Spec.Shape switch
        {
            ShapeKind.Picture => (new Material(Rgb.Hex(0x3E2723), SurfacePattern.Wood), main),
            ShapeKind.Mirror => (new Material(Rgb.Hex(0xB0A080), SurfacePattern.Metal), new Material(Rgb.Hex(0xC8D8E0), SurfacePattern.Glass)),
            ShapeKind.Board => (new Material(Metal, SurfacePattern.Metal), new Material(Rgb.Hex(0xFCFCFC))),
            _ => (new Material(Dark), new Material(o.Colour)),
        };
        b.Add(-D / 2, D / 2 - 0.005, -W / 2, W / 2, 0, H, frame);
        var hands = o.Spec.Shape == ShapeKind.Clock ? 0.002 : 0;
        b.Add(D / 2 - 0.005, D / 2 - hands, -W / 2 + frameWidth, W / 2 - frameWidth, frameWidth, H - frameWidth, face);
        if (o.Spec.Shape == ShapeKind.Clock)
        {
            b.Add(D / 2 - 0.002, D / 2, -0.005, 0.005, H / 2, H / 2 + H * 0.3, new Material(Dark));
            b.Add(D / 2 - 0.002, D / 2, 0, W * 0.22, H / 2 - 0.005, H / 2 + 0.005, new Material(Dark));
        }
    }
}
