using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Dataset;
using Spar.Geometry;

namespace Spar.Tests;

/// <summary>
/// The multi-view half of the verifier: each marker is resolved on the image its index field names, with the
/// colour → index order written here from format.md's marker table (not read from the catalogue), and every answer is
/// recomputed from scene.json poses and boxes with this file's own arithmetic.
/// </summary>
public sealed partial class AnswerVerifier
{
    /// <summary>format.md §3: which index-field position each colour's marker uses, per multi-view type.</summary>
    static readonly Dictionary<string, (string Field, string[] Colours)> MvOrder = new()
    {
        ["depth_prediction_oc_mv"] = ("point", ["red", "blue"]),
        ["depth_prediction_oo_mv"] = ("point", ["red", "blue", "green"]),
        ["distance_prediction_oc_mv"] = ("point", ["red"]),
        ["distance_prediction_oo_mv"] = ("point", ["red", "blue"]),
        ["distance_infer_center_oo_mv"] = ("point", ["red", "green", "blue"]),
        ["spatial_imagination_oc_mv"] = ("bbox", ["green", "blue", "red"]),
        ["spatial_imagination_oo_mv"] = ("bbox", ["green", "blue", "red", "yellow"]),
    };

    static readonly HashSet<string> MvTypes =
    [
        .. MvOrder.Keys, "obj_spatial_relation_oc_mv", "obj_spatial_relation_oo_mv", "distance_infer_center_oc_mv",
        "spatial_imagination_map_mv", "position_matching", "view_change_infer", "camera_motion_infer",
    ];

    [GeneratedRegex(@"\((the (first|second|third) image), \[(\d+), (\d+), (\d+), (\d+)\]\)")]
    private static partial Regex CandidateRx();

    static readonly string[] OrdinalWords = ["first", "second", "third"];

    bool VerifyMultiView(QaRecord r, string format)
    {
        if (!MvTypes.Contains(r.Type)) return false;
        var (objects, scene) = Scene(r.Image[0].Split('/')[0]);
        var views = r.Image.Select(ViewOf).ToList();
        var v0 = views[0];
        var q = r.Question;
        string answer = r.Answer;
        string? option = null;
        if (format == "select")
        {
            var options = OptionRx().Matches(q).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            option = options[answer];
            Assert.Equal(options.Count, options.Values.Distinct().Count());
        }
        Assert.Contains("first image is the main view", q);
        int expectedImages = r.Type is "position_matching" or "view_change_infer" or "camera_motion_infer" ? 2 : 3;
        Assert.Equal(expectedImages, r.Image.Count);

        // Markers on the images their index fields name, in the format's order.
        var named = new Dictionary<string, Obj>();
        var imageOf = new Dictionary<string, int>();
        void Resolve(string colour, string shape, int img)
        {
            var marker = r.GetMarker($"{colour}_{shape}")!;
            named[colour] = ResolveOn(views[img], objects, marker[0], $"({colour} {shape})", q);
            imageOf[colour] = img;
        }
        if (MvOrder.TryGetValue(r.Type, out var order))
        {
            var idx = (order.Field == "point" ? r.PointImgIdx : r.BboxImgIdx)!;
            Assert.Equal(order.Colours.Length, idx[0].Length);
            for (int k = 0; k < order.Colours.Length; k++) Resolve(order.Colours[k], order.Field, (int)idx[0][k]);
        }
        else if (r.Type == "obj_spatial_relation_oc_mv") Resolve("red", "bbox", (int)r.BboxImgIdx![0][0]);
        else if (r.Type == "obj_spatial_relation_oo_mv")
        {
            var present = new[] { "red", "blue", "green" }.Where(c => r.GetMarker(c + "_bbox") != null).ToList();
            Assert.Equal(2, present.Count);
            for (int k = 0; k < 2; k++) Resolve(present[k], "bbox", (int)r.BboxImgIdx![0][k]);
        }
        else if (r.Type == "position_matching") Resolve("red", "bbox", 0);
        // The question says which image holds each marker: the first image named after the marker is its own.
        if (r.Type != "position_matching")
            foreach (var (colour, img) in imageOf)
            {
                var m = Regex.Match(q, $@"\({colour} (point|bbox)\)[^?]*?the (first|second|third) image");
                Assert.True(m.Success && m.Groups[2].Value == OrdinalWords[img], $"{r.Type}: {colour} is on image {img}: {q}");
            }

        Vec3 C(string colour) => named[colour].Center;
        Vec3 On(string colour) => views[imageOf[colour]].ToCamera(C(colour));

        switch (r.Type)
        {
            case "depth_prediction_oc_mv":
                Assert.Contains($"{M(On("red").Z)} meters", q);
                Value(format, answer, option, M(On("blue").Z), " meters");
                break;
            case "depth_prediction_oo_mv":
            {
                double d = On("green").Z - On("blue").Z;
                Assert.True(Math.Abs(d) >= 0.15);
                Value(format, answer, option, M(Math.Abs(d)), " meters");
                if (format == "sentence") Assert.Contains(d > 0 ? "deeper" : "shallower", answer);
                break;
            }
            case "distance_prediction_oc_mv":
                Value(format, answer, option, M(v0.ToCamera(C("red")).Length), " meters");
                break;
            case "distance_prediction_oo_mv":
                Value(format, answer, option, M((C("red") - C("blue")).Length), " meters");
                break;
            case "obj_spatial_relation_oc_mv":
            {
                var p = v0.ToCamera(C("red"));
                string?[] words = [Bearing(p.X, p.Z, true), Sign(-p.Y, "above", "below"), Bearing(p.X, p.Z, false)];
                Tuple(format, answer, option, words);
                if (format == "sentence") foreach (var w in words.OfType<string>()) Assert.Contains(w, answer);
                break;
            }
            case "obj_spatial_relation_oo_mv":
            {
                var d = v0.ToCamera(C("red")) - v0.ToCamera(C("blue"));
                string?[] words = [Sign(d.X, "right", "left"), Sign(-d.Y, "above", "below"), Sign(d.Z, "farther", "closer")];
                Assert.Contains(words, w => w != null);
                OutsideMarginBand(d.X, d.Y, d.Z);
                Assert.Contains("first camera's image frame (not world up)", q);
                Assert.Contains("closer/farther compares depth", q);
                if (format == "judge")
                {
                    // The stated relation, not the conventions sentence (which names every slot word).
                    var statement = q[..q.IndexOf("Left/right and above/below", StringComparison.Ordinal)];
                    var stated = new[] { "left", "right", "above", "below", "closer", "farther" }.Single(w => Regex.IsMatch(statement, $@"\b{w}\b"));
                    Assert.Equal(words.Contains(stated) ? "Yes" : "No", answer);
                }
                else Tuple(format, answer, option, words);
                break;
            }
            case "distance_infer_center_oc_mv":
            {
                bool closest = q.Contains("closest") || q.Contains("closer");
                var listed = CandidateRx().Matches(q[..q.IndexOf('?')]).Select(m =>
                {
                    int img = Array.IndexOf(OrdinalWords, m.Groups[2].Value);
                    double[] box = [.. Enumerable.Range(3, 4).Select(g => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture))];
                    var o = objects.Single(o => Bounds(views[img], o.Id) == Back(views[img], box));
                    return (Text: $"{m.Groups[1].Value}, [{string.Join(", ", box)}]", Dist: v0.ToCamera(o.Center).Length);
                }).ToList();
                Assert.InRange(listed.Count, 2, 4);
                var ranked = listed.OrderBy(c => (closest ? 1 : -1) * c.Dist).ToList();
                Assert.True(Math.Abs(ranked[0].Dist - ranked[1].Dist) >= 0.15);
                if (format == "fill") Assert.Equal(ranked[0].Text, answer);
                else if (format == "select") Assert.Equal(ranked[0].Text, option);
                else Assert.Contains(ranked[0].Text, answer);
                break;
            }
            case "distance_infer_center_oo_mv":
            {
                bool closer = q.Contains("closer to");
                double dg = (C("green") - C("red")).Length, db = (C("blue") - C("red")).Length;
                Assert.True(Math.Abs(dg - db) >= 0.15);
                string winner = (closer ? dg < db : dg > db) ? Name(named["green"], "green", "point") : Name(named["blue"], "blue", "point");
                if (format == "fill") Assert.Equal(winner, answer);
                else if (format == "select") Assert.Equal(winner, option);
                else Assert.Contains($"the {winner} is", answer.Replace("The ", "the "));
                break;
            }
            case "spatial_imagination_oc_mv" or "spatial_imagination_oo_mv":
            {
                var g = C("green"); var toBlue = C("blue") - g;
                var fwd = SceneFixture.Norm(new Vec3(toBlue.X, toBlue.Y, 0));
                var right = new Vec3(fwd.Y, -fwd.X, 0);
                (double lat, double fw, double up) Off(Vec3 p) => (SceneFixture.Dot(p - g, right), SceneFixture.Dot(p - g, fwd), p.Z - g.Z);
                var red = Off(C("red"));
                string?[] slots;
                if (r.Type == "spatial_imagination_oc_mv")
                    slots = [Bearing(red.lat, red.fw, true), Sign(red.up, "above", "below"), Bearing(red.lat, red.fw, false)];
                else
                {
                    var y = Off(C("yellow"));
                    slots = [Sign(red.lat - y.lat, "right", "left"), Sign(red.up - y.up, "above", "below"),
                        Sign((C("red") - g).Length - (C("yellow") - g).Length, "farther", "closer"),
                        Bearing(red.lat, red.fw, false), Bearing(y.lat, y.fw, false)];
                }
                Tuple(format, answer, option, slots);
                Assert.Contains("world coordinates", q);
                break;
            }
            case "spatial_imagination_map_mv":
            {
                var boxes = r.BboxList![0];
                var idx = r.BboxImgIdx![0];
                Assert.Equal(boxes.Length, idx.Length);
                var z = new Vec3(v0.R[2], v0.R[5], v0.R[8]);
                var fwd = SceneFixture.Norm(new Vec3(z.X, z.Y, 0));
                var right = new Vec3(fwd.Y, -fwd.X, 0);
                var lines = answer.Split('\n');
                Assert.Equal(boxes.Length, lines.Length);
                for (int i = 0; i < boxes.Length; i++)
                {
                    var view = views[(int)idx[i]];
                    var o = objects.Single(o => Bounds(view, o.Id) == Back(view, boxes[i]));
                    var d = o.Center - v0.T;
                    Assert.Equal($"object{i}: ({M0(SceneFixture.Dot(d, right))}, {M0(SceneFixture.Dot(d, fwd))})", lines[i]);
                    Assert.Contains($"object{i} (in the {OrdinalWords[(int)idx[i]]} image)", q);
                }
                break;
            }
            case "position_matching":
            {
                Assert.Null(r.BboxImgIdx);
                var b = Bounds(views[1], named["red"].Id);
                var v1 = views[1];
                // Pixel i is written as its centre (i + 0.5) on the grid; the reference drawer maps it back with trunc(g / 1000 · W); ties round down.
                string G(int px, int size)
                {
                    int g = (int)Math.Clamp(Math.Ceiling((px + 0.5) / size * 1000 - 0.5), 0, 1000);
                    Assert.Equal(px, (int)(g / 1000.0 * size));
                    return g.ToString(CultureInfo.InvariantCulture);
                }
                var text = $"[{G(b.Item1, v1.W)}, {G(b.Item2, v1.H)}, {G(b.Item3, v1.W)}, {G(b.Item4, v1.H)}]";
                if (format == "fill") Assert.Equal(text, answer);
                else if (format == "select")
                {
                    Assert.Equal(text, option);
                    // Wrong boxes overlap the answer little (IoU < 0.3), computed here on the inclusive grid boxes.
                    static int[] Parse(string t) => [.. t.Trim('[', ']').Split(", ").Select(int.Parse)];
                    var a = Parse(text);
                    foreach (Match m in OptionRx().Matches(q))
                    {
                        if (m.Groups[2].Value == text) continue;
                        var o = Parse(m.Groups[2].Value);
                        double iw = Math.Min(a[2], o[2]) - Math.Max(a[0], o[0]) + 1, ih = Math.Min(a[3], o[3]) - Math.Max(a[1], o[1]) + 1;
                        double inter = iw > 0 && ih > 0 ? iw * ih : 0;
                        double union = (a[2] - a[0] + 1.0) * (a[3] - a[1] + 1) + (o[2] - o[0] + 1.0) * (o[3] - o[1] + 1) - inter;
                        Assert.True(inter / union < 0.3, $"distractor {m.Groups[2].Value} overlaps {text}");
                    }
                }
                else Assert.Contains(text, answer);
                break;
            }
            case "view_change_infer":
            {
                var v1 = views[1];
                var t = v0.ToCamera(v1.T);
                var f = v0.ToCamera(v0.T + new Vec3(v1.R[2], v1.R[5], v1.R[8]));
                double yawLeft = -Math.Atan2(f.X, f.Z) * 180 / Math.PI, pitchDown = -Math.Atan2(-f.Y, Math.Sqrt(f.X * f.X + f.Z * f.Z)) * 180 / Math.PI;
                var expected = ExpectedViewChange(t.X, t.Y, t.Z, yawLeft, pitchDown);
                if (format == "fill")
                {
                    Assert.Equal(expected, answer);
                    AssertOfficialParse(answer);
                }
                else foreach (var part in expected.Split(',')) { var kv = part.Split(':'); if (kv[1] is not ("0.0" or "0")) Assert.Contains(kv[1], answer); }
                break;
            }
            case "camera_motion_infer":
            {
                var v1 = views[1];
                var c = v0.ToCamera(v1.T);
                var frame = scene.Frames.Single(fr => fr.ImagePath == r.Image[0]);
                var k = frame.Intrinsics;
                Assert.True(c.Z > 0);
                double u = k.Fx * c.X / c.Z + k.Cx, w = k.Fy * c.Y / c.Z + k.Cy;
                Assert.InRange(u, -0.5, v0.W - 0.5); Assert.InRange(w, -0.5, v0.H - 0.5);
                // Edge-based coordinate (pixel centres at i + 0.5), nearest grid value, ties down (docs/generation.md).
                int gx = (int)Math.Clamp(Math.Ceiling((u + 0.5) / v0.W * 1000 - 0.5), 0, 1000);
                int gy = (int)Math.Clamp(Math.Ceiling((w + 0.5) / v0.H * 1000 - 0.5), 0, 1000);
                var text = $"({gx},{gy}) {M(c.Length)}";
                if (format == "fill") Assert.Equal(text, answer);
                else if (format == "select") Assert.Equal(text, option);
                else { Assert.Contains($"({gx},{gy})", answer); Assert.Contains(M(c.Length), answer); }
                break;
            }
        }
        return true;
    }

    /// <summary>The view-change answer from signed components, written from the spec's grammar.</summary>
    public static string ExpectedViewChange(double right, double down, double forward, double yawLeftDeg, double pitchDownDeg)
    {
        string T(double v, string pos, string neg) { double x = R1(v); return $"{(x < 0 ? neg : pos)}:{Math.Abs(x).ToString("0.0", CultureInfo.InvariantCulture)}"; }
        string A(double v, string pos, string neg) { double x = Math.Round(v, MidpointRounding.AwayFromZero); return $"{(x < 0 ? neg : pos)}:{(int)Math.Abs(x)}"; }
        return string.Join(",", T(right, "move_right", "move_left"), T(down, "move_down", "move_up"), T(forward, "move_forward", "move_backward"),
            A(yawLeftDeg, "rotate_left", "rotate_right"), A(pitchDownDeg, "rotate_down", "rotate_up"));
    }

    /// <summary>bench.md §4.1 VCI reader: split on ",", then ":" with exactly two parts, value a float.</summary>
    public static Dictionary<string, double> AssertOfficialParse(string s)
    {
        var result = new Dictionary<string, double>();
        foreach (var item in s.Split(','))
        {
            var parts = item.Split(':');
            Assert.Equal(2, parts.Length);
            result[parts[0]] = double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return result;
    }

    static string M0(double v) => (R1(v) + 0.0).ToString("0.0", CultureInfo.InvariantCulture);

    static string? Bearing(double lat, double fw, bool wantLr)
    {
        double a = Math.Atan2(Math.Abs(lat), Math.Abs(fw)) * 180 / Math.PI;
        if (wantLr) return Math.Abs(lat) >= 0.15 && a >= 10 ? (lat > 0 ? "right" : "left") : null;
        return Math.Abs(fw) >= 0.15 && 90 - a >= 10 ? (fw > 0 ? "front" : "behind") : null;
    }

    static void Tuple(string format, string answer, string? option, string?[] slots)
    {
        var text = string.Join(", ", slots.Select(s => s ?? ""));
        if (format == "select") Assert.Equal(text, option);
        else if (format == "fill") Assert.Equal(text, answer);
    }

    static (int, int, int, int) Back(View v, double[] box) =>
        ((int)(box[0] / 1000.0 * v.W), (int)(box[1] / 1000.0 * v.H), (int)(box[2] / 1000.0 * v.W), (int)(box[3] / 1000.0 * v.H));

    /// <summary>The instance a marker shows on one image: a point's pixel, or the object whose visible bounds are the box.</summary>
    static Obj ResolveOn(View v, List<Obj> objects, double[] marker, string label, string question)
    {
        if (marker.Length == 2)
        {
            int px = (int)(marker[0] / 1000.0 * v.W), py = (int)(marker[1] / 1000.0 * v.H);
            int id = v.Ids[py * v.W + px];
            var obj = objects.Single(o => o.Id == id);
            Assert.Contains($"{obj.Category} {label}", question);
            return obj;
        }
        return Assert.Single(objects, o => Bounds(v, o.Id) == Back(v, marker) && question.Contains($"{o.Category} {label}"));
    }
}
