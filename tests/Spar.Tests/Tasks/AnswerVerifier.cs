using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Dataset;
using Spar.Geometry;
using Spar.Imaging;

namespace Spar.Tests;

/// <summary>
/// Recomputes every answer of a generated record from the scene's geometry as stored in scene.json (object boxes,
/// camera poses) with this file's own arithmetic, without calling the generator's helpers. Objects are identified
/// from the record's markers through the instance masks, so repeated categories are fine.
/// </summary>
public sealed partial class AnswerVerifier(string imagesRoot)
{
    /// <summary>A box as the test sees it: id, category, centre, size (no library geometry).</summary>
    public sealed record Obj(int Id, string Category, Vec3 Center, Vec3 Size, bool Structural);

    sealed record View(int W, int H, int[] Ids, double[] R, Vec3 T)
    {
        public Dictionary<int, (int, int, int, int)> Bounds { get; } = ComputeBounds(W, H, Ids);

        /// <summary>p_cam = Rᵀ(p − t) with R's columns the camera axes in the world.</summary>
        public Vec3 ToCamera(Vec3 p)
        {
            double dx = p.X - T.X, dy = p.Y - T.Y, dz = p.Z - T.Z;
            return new(R[0] * dx + R[3] * dy + R[6] * dz, R[1] * dx + R[4] * dy + R[7] * dz, R[2] * dx + R[5] * dy + R[8] * dz);
        }
    }

    readonly Dictionary<string, (List<Obj> Objects, Spar.Scenes.Scene Scene)> _scenes = [];
    readonly Dictionary<string, View> _views = [];

    public int Checked { get; private set; }

    static double R1(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero);
    static string M(double v) => R1(v).ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([A-D])\. (.*)$", RegexOptions.Multiline)]
    private static partial Regex OptionRx();

    (List<Obj> Objects, Spar.Scenes.Scene Scene) Scene(string id)
    {
        if (_scenes.TryGetValue(id, out var s)) return s;
        var scene = Spar.Scenes.SceneJson.Read(Path.Combine(imagesRoot, id, "scene.json")).Scene;
        var objs = scene.Objects.Select(o => new Obj(o.InstanceId, o.Category, o.Box.Center, o.Box.Size, o.Structural || !o.Referable)).ToList();
        return _scenes[id] = (objs, scene);
    }

    View ViewOf(string image)
    {
        if (_views.TryGetValue(image, out var v)) return v;
        var scene = Scene(image.Split('/')[0]).Scene;
        var frame = scene.Frames.Single(f => f.ImagePath == image);
        var mask = Spar.Imaging.Png16.Read(Path.Combine(imagesRoot, frame.InstanceMaskPath!), 1 << 26);
        var p = frame.Pose;
        double[] r = [p[0, 0], p[0, 1], p[0, 2], p[1, 0], p[1, 1], p[1, 2], p[2, 0], p[2, 1], p[2, 2]];
        return _views[image] = new View(mask.Width, mask.Height, mask.Values.Select(x => (int)x).ToArray(), r, new Vec3(p[0, 3], p[1, 3], p[2, 3]));
    }

    readonly VideoAnswerVerifier _video = new(imagesRoot);

    public void Verify(QaRecord r, string format)
    {
        if (VerifyMultiView(r, format)) { Checked++; return; }
        if (Spar.Catalog.TaskCatalog.Get(r.Type).View == Spar.Catalog.ViewKind.Video) { _video.Verify(r, format); Checked++; return; }
        var (objects, _) = Scene(r.Image[0].Split('/')[0]);
        var view = ViewOf(r.Image[0]);
        var q = r.Question;
        var named = ResolveMarkers(r, view, objects);

        string answer = r.Answer;
        string? option = null;
        if (format == "select")
        {
            var options = OptionRx().Matches(q).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            option = options[answer];
            Assert.Equal(options.Count, options.Values.Distinct().Count());
        }
        Vec3 C(string colour) => named[colour].Center;
        Vec3 Cam(string colour) => view.ToCamera(C(colour));

        switch (r.Type)
        {
            case "depth_prediction_oc":
                Assert.Contains($"{M(Cam("red").Z)} meters", q);
                Value(format, answer, option, M(Cam("blue").Z), " meters");
                break;
            case "depth_prediction_oo":
            {
                double d = Cam("green").Z - Cam("blue").Z;
                Assert.True(Math.Abs(d) >= 0.15);
                Value(format, answer, option, M(Math.Abs(d)), " meters");
                if (format == "sentence") Assert.True(d > 0 ? answer.Contains("deeper") || answer.Contains("greater") : answer.Contains("shallower") || answer.Contains("smaller"), answer);
                break;
            }
            case "distance_prediction_oc":
                Value(format, answer, option, M(Cam("red").Length), " meters");
                break;
            case "distance_prediction_oo":
                Value(format, answer, option, M((C("red") - C("blue")).Length), " meters");
                break;
            case "distance_infer_center_oc":
            {
                bool closest = q.Contains("closest") || q.Contains("closer");
                var presentIds = view.Ids.Where(i => i != 0).Distinct().ToHashSet();
                var present = objects.Where(o => presentIds.Contains(o.Id)).ToList();
                var listed = new List<Obj>();
                var rest = q[..q.IndexOf('?')];
                foreach (var cat in present.Where(o => !o.Structural).Select(o => o.Category).Distinct().OrderByDescending(c => c.Length))
                {
                    var rx = new Regex($@"\b{Regex.Escape(cat)}\b");
                    if (!rx.IsMatch(rest)) continue;
                    rest = rx.Replace(rest, "#");
                    // The named category is unique among the instances showing in the frame.
                    Assert.Single(present, o => o.Category == cat);
                    listed.Add(present.Single(o => o.Category == cat));
                }
                Assert.InRange(listed.Count, 2, 4);
                var ranked = listed.OrderBy(b => (closest ? 1 : -1) * view.ToCamera(b.Center).Length).ToList();
                Assert.True(Math.Abs(view.ToCamera(ranked[0].Center).Length - view.ToCamera(ranked[1].Center).Length) >= 0.15);
                var expected = ranked[0].Category;
                if (format == "fill") Assert.Equal(expected, answer);
                else if (format == "select") Assert.Equal(expected, option);
                else Assert.StartsWith($"The {expected} is", answer.Replace("Of these objects, the", "The"));
                break;
            }
            case "distance_infer_center_oo":
            {
                bool closer = q.Contains("closer to");
                double dg = (C("green") - C("red")).Length, db = (C("blue") - C("red")).Length;
                bool greenWins = closer ? dg < db : dg > db;
                string winner = greenWins ? Name(named["green"], "green", "point") : Name(named["blue"], "blue", "point");
                if (Math.Abs(dg - db) < 0.15) { Assert.Equal("select", format); Assert.StartsWith("They are equally", option); break; }
                if (format == "fill") Assert.Equal(winner, answer);
                else if (format == "select") Assert.Equal(winner, option);
                else Assert.Contains($"the {winner} is", answer.Replace("The ", "the "));
                break;
            }
            case "obj_spatial_relation_oo":
            {
                var d = Cam("red") - Cam("blue");
                var words = new[] { Sign(d.X, "right", "left"), Sign(-d.Y, "above", "below"), Sign(d.Z, "farther", "closer") };
                Assert.Contains(words, w => w != null);
                OutsideMarginBand(d.X, d.Y, d.Z);
                // The frame conventions are said (issue 16): camera-frame up, depth for closer/farther.
                Assert.Contains("image frame (not world up)", q);
                Assert.Contains("closer/farther compares depth", q);
                if (format == "select") Assert.Equal(string.Join(", ", words.Select(w => w ?? "")), option);
                else if (format == "sentence") foreach (var w in words) { if (w != null) Assert.Contains(Phrase(w), answer); }
                else
                {
                    var stated = new[] { "left", "right", "above", "below", "closer", "farther" }.Single(w => q.Contains(" " + Phrase(w) + " the "));
                    Assert.Equal(words.Contains(stated) ? "Yes" : "No", answer);
                }
                break;
            }
            case "spatial_volume_infer":
            {
                var b = named["red"];
                int cm(double m) => (int)Math.Round(m * 100, MidpointRounding.AwayFromZero);
                var text = $"{cm(Math.Max(b.Size.X, b.Size.Y))}, {cm(Math.Min(b.Size.X, b.Size.Y))}, {cm(b.Size.Z)}";
                if (format == "fill") Assert.Equal(text, answer);
                else if (format == "select") Assert.Equal(text, option);
                else Assert.Contains($"{cm(Math.Max(b.Size.X, b.Size.Y))}", answer);
                break;
            }
            case "spatial_imagination_oc" or "spatial_imagination_oo":
            {
                var g = C("green"); var toBlue = C("blue") - g;
                var fwd = SceneFixture.Norm(new Vec3(toBlue.X, toBlue.Y, 0));
                var right = new Vec3(fwd.Y, -fwd.X, 0);
                (double lat, double fw, double up) Off(Vec3 p) => (SceneFixture.Dot(p - g, right), SceneFixture.Dot(p - g, fwd), p.Z - g.Z);
                string? LrFb(double lat, double fw, bool wantLr)
                {
                    double a = Math.Atan2(Math.Abs(lat), Math.Abs(fw)) * 180 / Math.PI;
                    if (wantLr) return Math.Abs(lat) >= 0.15 && a >= 10 ? (lat > 0 ? "right" : "left") : null;
                    return Math.Abs(fw) >= 0.15 && 90 - a >= 10 ? (fw > 0 ? "front" : "behind") : null;
                }
                var red = Off(C("red"));
                string?[] slots;
                if (r.Type == "spatial_imagination_oc")
                    slots = [LrFb(red.lat, red.fw, true), Sign(red.up, "above", "below"), LrFb(red.lat, red.fw, false)];
                else
                {
                    var y = Off(C("yellow"));
                    slots = [Sign(red.lat - y.lat, "right", "left"), Sign(red.up - y.up, "above", "below"),
                        Sign((C("red") - g).Length - (C("yellow") - g).Length, "farther", "closer"),
                        LrFb(red.lat, red.fw, false), LrFb(y.lat, y.fw, false)];
                }
                var text = string.Join(", ", slots.Select(s => s ?? ""));
                if (format == "select") Assert.Equal(text, option);
                else foreach (var s in slots.Where(s => s != null)) Assert.Contains(s!, answer);
                Assert.Contains("world", q);
                break;
            }
            default: throw new InvalidOperationException("no verifier for " + r.Type);
        }
        Checked++;
    }

    static string Name(Obj b, string colour, string shape) => $"{b.Category} ({colour} {shape})";

    static string? Sign(double d, string pos, string neg) => d >= 0.15 ? pos : d <= -0.15 ? neg : null;

    /// <summary>No slot decided within the default margin band (0.15 ± 0.05 m) of its threshold (issue 16).</summary>
    static void OutsideMarginBand(params double[] deltas)
    {
        foreach (var d in deltas)
            Assert.False(Math.Abs(Math.Abs(d) - 0.15) < 0.05, $"offset {d:F3} m lies inside the margin band around 0.15 m");
    }

    static string Phrase(string w) => w switch
    {
        "left" => "to the left of", "right" => "to the right of", "above" => "above", "below" => "below",
        "closer" => "closer to the camera than", _ => "farther from the camera than",
    };

    static void Value(string format, string answer, string? option, string expected, string unit)
    {
        if (format == "fill") Assert.Equal(expected, answer);
        else if (format == "select") Assert.Equal(expected + unit, option);
        else Assert.Contains(expected + unit, answer);
    }

    /// <summary>
    /// Which instance each marker shows: a point lands on its pixel; a box, mapped back through the reference drawer,
    /// is exactly the bounds of its visible pixels. The question must name it by its category and colour.
    /// </summary>
    static Dictionary<string, Obj> ResolveMarkers(QaRecord r, View v, List<Obj> objects)
    {
        var named = new Dictionary<string, Obj>();
        foreach (var colour in new[] { "red", "blue", "green", "yellow" })
        {
            var point = colour == "yellow" ? null : r.GetMarker($"{colour}_point");
            var bbox = r.GetMarker($"{colour}_bbox");
            Obj? obj = null;
            if (point != null)
            {
                int px = (int)(point[0][0] / 1000.0 * v.W), py = (int)(point[0][1] / 1000.0 * v.H);
                int id = v.Ids[py * v.W + px];
                obj = objects.Single(o => o.Id == id);
                Assert.Contains($"{obj.Category} ({colour} point)", r.Question);
            }
            if (bbox != null)
            {
                int x1 = (int)(bbox[0][0] / 1000.0 * v.W), y1 = (int)(bbox[0][1] / 1000.0 * v.H);
                int x2 = (int)(bbox[0][2] / 1000.0 * v.W), y2 = (int)(bbox[0][3] / 1000.0 * v.H);
                var matches = objects.Where(o => Bounds(v, o.Id) == (x1, y1, x2, y2) && r.Question.Contains($"{o.Category} ({colour} bbox)")).ToList();
                obj = Assert.Single(matches);
            }
            if (obj != null) named[colour] = obj;
        }
        return named;
    }

    static (int, int, int, int) Bounds(View v, int id) => v.Bounds.TryGetValue(id, out var b) ? b : (-1, -1, -1, -1);

    static Dictionary<int, (int, int, int, int)> ComputeBounds(int w, int h, int[] ids)
    {
        var b = new Dictionary<int, (int X1, int Y1, int X2, int Y2)>();
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int id = ids[y * w + x];
            if (id == 0) continue;
            (int X1, int Y1, int X2, int Y2) c = b.TryGetValue(id, out var o) ? o : (int.MaxValue, int.MaxValue, -1, -1);
            b[id] = (Math.Min(c.X1, x), Math.Min(c.Y1, y), Math.Max(c.X2, x), Math.Max(c.Y2, y));
        }
        return b.ToDictionary(kv => kv.Key, kv => ((int, int, int, int))kv.Value);
    }
}
