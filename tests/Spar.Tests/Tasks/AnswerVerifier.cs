using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Dataset;
using Spar.Geometry;

namespace Spar.Tests;

/// <summary>
/// Recomputes every answer of a generated record from the fixture's own geometry (its boxes and look-at cameras),
/// without calling the generator's helpers, and checks markers against the fixture's ray-cast instance ids.
/// </summary>
public sealed partial class AnswerVerifier(IReadOnlyList<SceneFixture> fixtures)
{
    readonly Dictionary<string, SceneFixture> _byId = fixtures.ToDictionary(f => f.Id);
    readonly Dictionary<(string, int), int[]> _ids = [];

    public int Checked { get; private set; }

    static double R1(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero);
    static string M(double v) => R1(v).ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"([a-z]+) \((red|blue|green|yellow) (point|bbox)\)")]
    private static partial Regex NameRx();

    [GeneratedRegex(@"^([A-D])\. (.*)$", RegexOptions.Multiline)]
    private static partial Regex OptionRx();

    int[] IdMap(SceneFixture f, int frame)
    {
        if (_ids.TryGetValue((f.Id, frame), out var m)) return m;
        m = new int[f.Width * f.Height];
        for (int v = 0; v < f.Height; v++) for (int u = 0; u < f.Width; u++) m[v * f.Width + u] = f.Trace(f.Cams[frame], u, v).Id;
        return _ids[(f.Id, frame)] = m;
    }

    public void Verify(QaRecord r, string format)
    {
        var sceneId = r.Image[0].Split('/')[0];
        var f = _byId[sceneId];
        int frame = int.Parse(Path.GetFileNameWithoutExtension(r.Image[0]), CultureInfo.InvariantCulture);
        var cam = f.Cams[frame];
        var q = r.Question;
        var named = new Dictionary<string, SceneFixture.Box>();
        foreach (Match m in NameRx().Matches(q)) named[m.Groups[2].Value] = f.Boxes.Single(b => b.Category == m.Groups[1].Value);
        CheckMarkers(r, f, frame, named);

        string answer = r.Answer;
        string? option = null;
        if (format == "select")
        {
            var options = OptionRx().Matches(q).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            option = options[answer];
            Assert.Equal(options.Count, options.Values.Distinct().Count());
        }
        Vec3 C(string colour) => named[colour].Center;
        Vec3 Cam(string colour) => cam.ToCamera(C(colour));

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
                bool closest = q.Contains("closest");
                var cands = f.Boxes.Where(b => !b.Structural && Regex.IsMatch(q, $@"\b{b.Category}\b")).ToList();
                Assert.InRange(cands.Count, 2, 4);
                var ranked = cands.OrderBy(b => (closest ? 1 : -1) * cam.ToCamera(b.Center).Length).ToList();
                Assert.True(Math.Abs(cam.ToCamera(ranked[0].Center).Length - cam.ToCamera(ranked[1].Center).Length) >= 0.15);
                // The named categories are unique among the instances showing in the frame.
                var ids = IdMap(f, frame).Where(i => i != 0).Distinct().Select(i => f.Boxes.Single(b => b.Id == i).Category).ToList();
                foreach (var c in cands) Assert.Equal(1, ids.Count(x => x == c.Category));
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
                if (format == "select") Assert.Equal(string.Join(", ", words.Select(w => w ?? "")), option);
                else if (format == "sentence") foreach (var w in words) { if (w != null) Assert.Contains(Phrase(w), answer); }
                else
                {
                    var stated = new[] { "left", "right", "above", "below", "closer", "farther" }.Single(w => q.Contains(" " + Phrase(w) + " the"));
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

    static string Name(SceneFixture.Box b, string colour, string shape) => $"{b.Category} ({colour} {shape})";

    static string? Sign(double d, string pos, string neg) => d >= 0.15 ? pos : d <= -0.15 ? neg : null;

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

    void CheckMarkers(QaRecord r, SceneFixture f, int frame, Dictionary<string, SceneFixture.Box> named)
    {
        var ids = IdMap(f, frame);
        foreach (var (colour, box) in named)
        {
            var point = colour == "yellow" ? null : r.GetMarker($"{colour}_point");
            var bbox = r.GetMarker($"{colour}_bbox");
            Assert.True(point != null || bbox != null, $"{r.Type}: {colour} named but no marker");
            if (point != null)
            {
                int px = (int)(point[0][0] / 1000.0 * f.Width), py = (int)(point[0][1] / 1000.0 * f.Height);
                Assert.Equal(box.Id, ids[py * f.Width + px]);
            }
            if (bbox != null)
            {
                int x1 = (int)(bbox[0][0] / 1000.0 * f.Width), y1 = (int)(bbox[0][1] / 1000.0 * f.Height);
                int x2 = (int)(bbox[0][2] / 1000.0 * f.Width), y2 = (int)(bbox[0][3] / 1000.0 * f.Height);
                bool any = false;
                for (int v = 0; v < f.Height; v++)
                for (int u = 0; u < f.Width; u++)
                    if (ids[v * f.Width + u] == box.Id)
                    {
                        any = true;
                        Assert.InRange(u, x1, x2);
                        Assert.InRange(v, y1, y2);
                    }
                Assert.True(any);
            }
        }
    }
}
