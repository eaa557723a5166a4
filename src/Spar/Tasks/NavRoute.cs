using System.Globalization;
using Spar.Geometry;

namespace Spar.Tasks;

/// <summary>One step of a route: a move forward (metres) or a turn (degrees, positive = left, counter-clockwise seen from above).</summary>
public readonly record struct NavStep(bool IsTurn, double Value)
{
    public string Text => IsTurn
        ? Math.Abs(Value) >= 180 ? "turn around"
          : $"turn {(Value > 0 ? "left" : "right")} {Math.Abs(Value).ToString("0", CultureInfo.InvariantCulture)} degrees"
        : $"move forward {Wording.MetersText(Value)} m";
}

/// <summary>
/// The route a camera took, as a short list of moves and turns on the floor plane (docs/generation-video.md): the
/// camera positions are simplified to a polyline (points within a tolerance of a straight stretch are dropped, stretches
/// shorter than a minimum are merged into their neighbours); the walker first turns from its initial heading to the
/// first stretch, turns between stretches, and finally turns to its last heading. Turns are rounded to a step and
/// measured from the heading announced so far, so rounding never accumulates; a turn rounding to 0 joins its two
/// stretches into one move. Pure.
/// </summary>
public static class NavRoute
{
    /// <summary>A camera sample: floor position and heading (radians, world yaw of the viewing direction).</summary>
    public readonly record struct Sample(Vec2 Position, double Yaw);

    /// <summary>The camera's heading from a camera-to-world pose (OpenCV: z forward), or null when it looks straight up or down.</summary>
    public static double? Yaw(Mat4 cameraToWorld)
    {
        var f = cameraToWorld.Column3(2);
        double h = Math.Sqrt(f.X * f.X + f.Y * f.Y);
        return h < 0.1 ? null : Math.Atan2(f.Y, f.X);
    }

    public static List<NavStep> Plan(IReadOnlyList<Sample> samples, double toleranceMeters, double minMoveMeters, int turnStepDegrees)
    {
        if (samples.Count == 0) return [];
        var pts = samples.Select(s => s.Position).ToList();
        var keep = Simplify(pts, toleranceMeters);
        MergeShort(pts, keep, minMoveMeters);

        var steps = new List<NavStep>();
        double heading = samples[0].Yaw; // the heading the steps so far announce
        void Turn(double towards)
        {
            double deg = Wrap(towards - heading) * 180 / Math.PI;
            double rounded = Math.Round(deg / turnStepDegrees, MidpointRounding.AwayFromZero) * turnStepDegrees;
            if (rounded == 0) return;
            if (rounded <= -180) rounded = 180;
            heading += rounded * Math.PI / 180;
            if (steps.Count > 0 && steps[^1].IsTurn) // consecutive turns: one turn
            {
                double sum = steps[^1].Value + rounded;
                sum = sum > 180 ? sum - 360 : sum <= -180 ? sum + 360 : sum;
                steps[^1] = new NavStep(true, sum);
                if (sum == 0) steps.RemoveAt(steps.Count - 1);
                return;
            }
            steps.Add(new NavStep(true, rounded));
        }
        for (int i = 0; i + 1 < keep.Count; i++)
        {
            var d = pts[keep[i + 1]] - pts[keep[i]];
            Turn(Math.Atan2(d.Y, d.X));
            double length = d.Length;
            if (steps.Count > 0 && !steps[^1].IsTurn) steps[^1] = new NavStep(false, steps[^1].Value + length);
            else steps.Add(new NavStep(false, length));
        }
        Turn(samples[^1].Yaw);
        return steps.Select(s => s.IsTurn ? s : new NavStep(false, Wording.Meters1(s.Value))).ToList();
    }

    public static string Text(IReadOnlyList<NavStep> steps) => string.Join(", ", steps.Select(s => s.Text));

    /// <summary>Angle wrapped to (−π, π].</summary>
    static double Wrap(double a)
    {
        a %= 2 * Math.PI;
        if (a <= -Math.PI) a += 2 * Math.PI;
        if (a > Math.PI) a -= 2 * Math.PI;
        return a;
    }

    /// <summary>Ramer–Douglas–Peucker: indices of the points kept (first and last always), ascending.</summary>
    static List<int> Simplify(List<Vec2> pts, double tolerance)
    {
        var keep = new SortedSet<int> { 0, pts.Count - 1 };
        var stack = new Stack<(int A, int B)>();
        stack.Push((0, pts.Count - 1));
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            int worst = -1; double worstDist = tolerance;
            for (int i = a + 1; i < b; i++)
            {
                double dist = SegmentDistance(pts[i], pts[a], pts[b]);
                if (dist > worstDist) { worstDist = dist; worst = i; }
            }
            if (worst < 0) continue;
            keep.Add(worst);
            stack.Push((a, worst));
            stack.Push((worst, b));
        }
        return keep.ToList();
    }

    /// <summary>Drops vertices until every stretch is at least <paramref name="minLength"/> (or one stretch is left).</summary>
    static void MergeShort(List<Vec2> pts, List<int> keep, double minLength)
    {
        while (keep.Count > 2)
        {
            int shortest = -1; double len = minLength;
            for (int i = 0; i + 1 < keep.Count; i++)
            {
                double l = (pts[keep[i + 1]] - pts[keep[i]]).Length;
                if (l < len) { len = l; shortest = i; }
            }
            if (shortest < 0) return;
            keep.RemoveAt(shortest + 1 == keep.Count - 1 ? shortest : shortest + 1);
        }
        if (keep.Count == 2 && (pts[keep[1]] - pts[keep[0]]).Length < minLength) keep.RemoveAt(1);
    }

    static double SegmentDistance(Vec2 p, Vec2 a, Vec2 b)
    {
        var ab = b - a;
        double l2 = ab.Dot(ab);
        double t = l2 == 0 ? 0 : Math.Clamp((p - a).Dot(ab) / l2, 0, 1);
        return (p - (a + ab * t)).Length;
    }
}
