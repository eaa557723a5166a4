using Spar.Catalog;
using Spar.Geometry;

namespace Spar.Dataset.Audit;

/// <summary>
/// One thresholded decision of a question, recomputed from scene geometry: an offset (metres) against the 0.15 m cut-off,
/// or a bearing slot (offset and angle) against 0.15 m and 10°.
/// </summary>
public readonly record struct Decision(string Name, double Offset, double? AngleDegrees = null)
{
    /// <summary>
    /// True when moving the offset by ±band (and the angle by ±its band) could flip the decision: for an offset,
    /// cut − band ≤ |Δ| &lt; cut + band; for a bearing slot (filled when offset ≥ cut and angle ≥ cut), when the slot is
    /// filled at (offset + band, angle + band) but not at (offset − band, angle − band).
    /// </summary>
    public bool IsNear(AuditSettings s)
    {
        if (AngleDegrees is not double a)
            return Offset + s.OffsetBandMeters >= s.OffsetCutMeters && Offset - s.OffsetBandMeters < s.OffsetCutMeters;
        bool high = Offset + s.OffsetBandMeters >= s.OffsetCutMeters && a + s.BearingBandDegrees >= s.BearingCutDegrees;
        bool low = Offset - s.OffsetBandMeters >= s.OffsetCutMeters && a - s.BearingBandDegrees >= s.BearingCutDegrees;
        return high != low;
    }

    public override string ToString() => AngleDegrees is double a
        ? FormattableString.Invariant($"{Name} {Offset:0.000} m / {a:0.0}°")
        : FormattableString.Invariant($"{Name} {Offset:0.000} m");
}

/// <summary>A marked object placed in the world, and the camera of the image it is marked on.</summary>
public readonly record struct PlacedObject(Vec3 Centre, PinholeCamera Camera);

/// <summary>
/// The thresholded decisions of each relation / choice family (generation.md §4–5), from the marked objects' box centres.
/// Families: the object–object relations (camera frame of the first image), obj_spatial_relation_oc_mv (observer = first
/// camera), perspective taking (observer at green facing blue, world up), closer/farther choices between two candidates
/// (distance_infer_center_oo*, depth_prediction_oo*). Types without marked objects are not recomputed (docs/audit.md).
/// </summary>
public static class NearThreshold
{
    /// <summary>
    /// Null when the type is not a thresholded family; an empty list when a needed object is missing.
    /// <paramref name="question"/> is read only where the decision depends on the question's direction
    /// (<see cref="DecisionFamily.ClosestToAnchor"/>: closest or farthest, <see cref="Direction"/>).
    /// </summary>
    public static List<Decision>? Decisions(string type, IReadOnlyDictionary<string, PlacedObject> objects, PinholeCamera? firstCamera,
        IReadOnlyList<string> markerOrder, string? question = null)
    {
        bool Has(params string[] names) => names.All(objects.ContainsKey);
        Vec3 C(string name) => objects[name].Centre;
        switch (TaskCatalog.TryGet(type, out var task) ? task.Decisions : DecisionFamily.None)
        {
            case DecisionFamily.CameraFrameRelation:
            {
                // Single view: red relative to blue; multi-view: the two present boxes, in the first image's camera frame.
                if (markerOrder.Count < 2 || firstCamera == null) return [];
                var d = firstCamera.ToCamera(C(markerOrder[0])) - firstCamera.ToCamera(C(markerOrder[1]));
                return [new("left/right", Math.Abs(d.X)), new("above/below", Math.Abs(d.Y)), new("closer/farther", Math.Abs(d.Z))];
            }
            case DecisionFamily.FirstCameraObserver:
            {
                if (firstCamera == null || markerOrder.Count == 0) return [];
                var list = new List<Decision>();
                foreach (var name in markerOrder)
                {
                    var c = firstCamera.ToCamera(C(name));
                    list.AddRange(Bearing(name, c.X, c.Z));
                    list.Add(new($"{name} above/below", Math.Abs(c.Y)));
                }
                return list;
            }
            case DecisionFamily.PerspectiveOc:
            {
                if (!Has("red", "blue", "green") || Observer(C("green"), C("blue")) is not (var o, var f, var r)) return [];
                var (lat, fwd, up) = Offset(C("red"), o, f, r);
                return [.. Bearing("red", lat, fwd), new("red above/below", Math.Abs(up))];
            }
            case DecisionFamily.PerspectiveOo:
            {
                if (!Has("red", "blue", "green", "yellow") || Observer(C("green"), C("blue")) is not (var o, var f, var r)) return [];
                var (latR, fwdR, upR) = Offset(C("red"), o, f, r);
                var (latY, fwdY, upY) = Offset(C("yellow"), o, f, r);
                return
                [
                    new("left/right", Math.Abs(latR - latY)), new("above/below", Math.Abs(upR - upY)),
                    new("closer/farther", Math.Abs(C("red").DistanceTo(o) - C("yellow").DistanceTo(o))),
                    Bearing("red", latR, fwdR)[1], Bearing("yellow", latY, fwdY)[1],
                ];
            }
            case DecisionFamily.CloserToRed:
                if (!Has("red", "green", "blue")) return [];
                return [new("green vs blue distance to red", Math.Abs(C("red").DistanceTo(C("green")) - C("red").DistanceTo(C("blue"))))];
            case DecisionFamily.ClosestToAnchor:
            {
                if (!objects.ContainsKey("objectA")) return [];
                var d = objects.Where(kv => kv.Key != "objectA").Select(kv => kv.Value.Centre.DistanceTo(C("objectA"))).Order().ToList();
                if (d.Count < 2) return [];
                // The decision is between the winner and the runner-up at the end the question asks about: a "farthest"
                // question's two closest candidates may be 0.15 m apart without the answer being in doubt (reading
                // only the closest end flagged such records as near, issue 16).
                var (closest, farthest) = Direction(question);
                var list = new List<Decision>(2);
                if (closest) list.Add(new("closest vs next to objectA", d[1] - d[0]));
                if (farthest) list.Add(new("farthest vs next from objectA", d[^1] - d[^2]));
                return list;
            }
            case DecisionFamily.DepthCloser:
            {
                if (!Has("blue", "green")) return [];
                // Each depth is taken in the camera of the image the marker is on.
                double Depth(string n) => objects[n].Camera.ToCamera(C(n)).Z;
                return [new("green vs blue depth", Math.Abs(Depth("green") - Depth("blue")))];
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// Which end of the ranking a choice question asks about, from its wording: (closest, farthest). A question that
    /// says neither or both (a wording spar does not know) gets both ends, so the near rate is an upper bound.
    /// </summary>
    public static (bool Closest, bool Farthest) Direction(string? question)
    {
        static bool Any(string q, params string[] words) => words.Any(w => q.Contains(w, StringComparison.OrdinalIgnoreCase));
        bool near = question != null && Any(question, "closest", "nearest", "closer", "nearer");
        bool far = question != null && Any(question, "farthest", "furthest", "farther", "further");
        return near == far ? (true, true) : (near, far);
    }

    /// <summary>The left/right and front/behind slots of an observer-centred offset (the 10° bearing rule).</summary>
    static Decision[] Bearing(string name, double lateral, double forward)
    {
        double la = Math.Abs(lateral), fa = Math.Abs(forward);
        return
        [
            new($"{name} left/right", la, Math.Atan2(la, fa) * 180 / Math.PI),
            new($"{name} front/behind", fa, Math.Atan2(fa, la) * 180 / Math.PI),
        ];
    }

    /// <summary>Standing at <paramref name="stand"/> facing <paramref name="face"/> horizontally: position, forward, right.</summary>
    static (Vec3, Vec3, Vec3)? Observer(Vec3 stand, Vec3 face)
    {
        var d = face - stand;
        double h = Math.Sqrt(d.X * d.X + d.Y * d.Y);
        if (h < 1e-6) return null;
        var f = new Vec3(d.X / h, d.Y / h, 0);
        return (stand, f, new Vec3(f.Y, -f.X, 0));
    }

    static (double Lateral, double Forward, double Up) Offset(Vec3 p, Vec3 o, Vec3 f, Vec3 r)
    {
        var d = p - o;
        return (d.Dot(r), d.Dot(f), d.Z);
    }
}
