using System.Globalization;
using System.Text.RegularExpressions;
using Spar.Dataset;
using Spar.Geometry;
using Spar.Imaging;

namespace Spar.Tests;

/// <summary>
/// Recomputes the answers of video records from scene.json (boxes, poses, room polygon) and the frames' instance
/// masks with this file's own arithmetic, not the generator's helpers. Markers are resolved through the masks of the
/// frames their index fields name, and the question must name each marked object with the label format.md gives it.
/// </summary>
public sealed partial class VideoAnswerVerifier(string imagesRoot)
{
    sealed record Obj(int Id, string Category, Vec3 Center, bool Structural);

    sealed record Frame(int W, int H, int[] Ids, Mat4 Pose)
    {
        public HashSet<int> Present { get; } = Ids.Where(i => i != 0).ToHashSet();
    }

    readonly Dictionary<string, (List<Obj> Objects, Spar.Scenes.Scene Scene)> _scenes = [];
    readonly Dictionary<string, Frame> _frames = [];

    public int Checked { get; private set; }

    static string M(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([A-D])\. (.*)$", RegexOptions.Multiline)]
    private static partial Regex OptionRx();

    (List<Obj> Objects, Spar.Scenes.Scene Scene) Scene(string id)
    {
        if (_scenes.TryGetValue(id, out var s)) return s;
        var scene = Spar.Scenes.SceneJson.Read(Path.Combine(imagesRoot, id, "scene.json")).Scene;
        var objs = scene.Objects.Select(o => new Obj(o.InstanceId, o.Category, o.Box.Center, o.Structural || !o.Referable)).ToList();
        return _scenes[id] = (objs, scene);
    }

    /// <summary>A video image: the scene frame whose video_color path it is, with its instance mask.</summary>
    Frame FrameOf(string image)
    {
        if (_frames.TryGetValue(image, out var v)) return v;
        var frame = Scene(image.Split('/')[0]).Scene.Frames.Single(f => f.Video?.ImagePath == image);
        var mask = Spar.Imaging.Png16.Read(Path.Combine(imagesRoot, frame.InstanceMaskPath!), 1 << 26);
        return _frames[image] = new Frame(mask.Width, mask.Height, mask.Values.Select(x => (int)x).ToArray(), frame.Pose);
    }

    public void Verify(QaRecord r, string format)
    {
        var (objects, scene) = Scene(r.Image[0].Split('/')[0]);
        // The record lists the scene's video frames in video_idx order.
        var video = scene.Frames.Where(f => f.Video != null && f.Usable).OrderBy(f => f.Video!.Order).Select(f => f.Video!.ImagePath).ToList();
        Assert.Equal(video, r.Image);
        var frames = r.Image.Select(FrameOf).ToList();
        string q = r.Question, answer = r.Answer;
        string? option = format == "select" ? OptionRx().Matches(q).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value)[answer] : null;
        Obj ById(int id) => objects.Single(o => o.Id == id);

        Obj AtPoint(double[] p, int frame)
        {
            var f = frames[frame];
            int px = (int)(p[0] / 1000.0 * f.W), py = (int)(p[1] / 1000.0 * f.H);
            return ById(f.Ids[py * f.W + px]);
        }
        Obj InBox(double[] b, int frame)
        {
            var f = frames[frame];
            var want = ((int)(b[0] / 1000.0 * f.W), (int)(b[1] / 1000.0 * f.H), (int)(b[2] / 1000.0 * f.W), (int)(b[3] / 1000.0 * f.H));
            return Assert.Single(objects, o => f.Present.Contains(o.Id) && Bounds(f, o.Id) == want);
        }
        string Fr(double index) => $"Frame-{(int)index + 1}";

        switch (r.Type)
        {
            case "distance_prediction_oo_video":
            {
                var idx = r.PointImgIdx![0];
                var red = AtPoint(r.RedPoint![0], (int)idx[0]);
                var blue = AtPoint(r.BluePoint![0], (int)idx[1]);
                Assert.Contains($"{red.Category} (red point) in {Fr(idx[0])}", q);
                Assert.Contains($"{blue.Category} (blue point) in {Fr(idx[1])}", q);
                Value(format, answer, option, M((red.Center - blue.Center).Length), " meters");
                break;
            }
            case "distance_infer_center_oo_video":
            {
                var idx = r.PointImgIdx![0];
                var pts = r.PointList![0];
                Assert.Equal(pts.Length, idx.Length);
                var objs = pts.Select((p, i) => AtPoint(p, (int)idx[i])).ToList();
                Assert.Contains($"{objs[0].Category} (objectA) in {Fr(idx[0])}", q);
                for (int i = 1; i < objs.Count; i++) Assert.Contains($"{objs[i].Category} (object{i - 1}) in {Fr(idx[i])}", q);
                bool closest = q.Contains("closest");
                var ranked = Enumerable.Range(1, objs.Count - 1).OrderBy(i => (closest ? 1 : -1) * (objs[i].Center - objs[0].Center).Length).ToList();
                Assert.True(Math.Abs((objs[ranked[0]].Center - objs[0].Center).Length - (objs[ranked[1]].Center - objs[0].Center).Length) >= 0.15);
                var label = $"object{ranked[0] - 1}";
                if (format == "fill") Assert.Equal(label, answer);
                else if (format == "select") Assert.Equal(label, option);
                else Assert.Contains(label, answer);
                break;
            }
            case "spatial_imagination_oc_video" or "spatial_imagination_oo_video"
                or "spatial_imagination_oc_video_hard" or "spatial_imagination_oo_video_hard":
            {
                bool oo = r.Type.Contains("_oo_");
                List<Obj> order; // stand, face, target, reference
                if (r.Type.EndsWith("_hard"))
                {
                    Assert.Null(r.BboxImgIdx);
                    order = NamedInOrder(q, objects);
                }
                else
                {
                    var idx = r.BboxImgIdx![0];
                    var boxes = new List<double[]> { r.GreenBbox![0], r.BlueBbox![0], r.RedBbox![0] };
                    if (oo) boxes.Add(r.YellowBbox![0]);
                    Assert.Equal(boxes.Count, idx.Length);
                    order = boxes.Select((b, i) => InBox(b, (int)idx[i])).ToList();
                    for (int i = 0; i < order.Count; i++) Assert.Contains($"{order[i].Category} (object{i}) in {Fr(idx[i])}", q);
                    // Labels appear in the question in stand, face, target(, reference) order: object0 first.
                    Assert.True(q.IndexOf("(object0)") < q.IndexOf("(object1)") && q.IndexOf("(object1)") < q.IndexOf("(object2)"));
                }
                Assert.Equal(oo ? 4 : 3, order.Count);
                Imagination(order, oo, answer);
                break;
            }
            case "obj_frame_locate":
            {
                int marked = (int)r.BboxImgIdx![0][0];
                var obj = InBox(r.RedBbox![0], marked);
                Assert.Contains($"{obj.Category} (red bbox)", q);
                Assert.Contains(Fr(marked), q);
                // Every frame showing any pixel of the object is listed (doubtful glimpses were dropped), none other.
                var expected = string.Join(", ", Enumerable.Range(0, frames.Count).Where(i => i != marked && frames[i].Present.Contains(obj.Id)).Select(i => Fr(i)));
                Assert.NotEqual("", expected);
                Assert.Contains(expected + ".", answer);
                break;
            }
            case "appearance_order":
            {
                var text = format == "fill" ? answer : answer[(answer.IndexOf(':') >= 0 ? answer.IndexOf(':') + 2 : answer.LastIndexOf(" is ") + 4)..^1];
                var cats = text.Split(", ");
                Assert.Equal(4, cats.Length);
                var first = cats.Select(c => frames.FindIndex(f => objects.Any(o => o.Category == c && f.Present.Contains(o.Id)))).ToList();
                Assert.DoesNotContain(-1, first);
                for (int i = 1; i < 4; i++) Assert.True(first[i] > first[i - 1], $"{r.Id}: {text} first seen in frames {string.Join(",", first)}");
                foreach (var c in cats) Assert.Contains(c, q);
                break;
            }
            case "obj_count":
            {
                var category = objects.Select(o => o.Category).Distinct().Where(c => Regex.IsMatch(q, $@"\b{Regex.Escape(c)} (instances|objects)\b")).OrderByDescending(c => c.Length).First();
                int n = objects.Count(o => o.Category == category && frames.Any(f => f.Present.Contains(o.Id)));
                if (format == "fill") Assert.Equal(n.ToString(CultureInfo.InvariantCulture), answer);
                else Assert.Matches($@"\b{n} (distinct )?{Regex.Escape(category)} instances?\b", answer);
                // "In the room" only when the video shows every instance of the category the scene has (issue 16).
                if (Regex.IsMatch(q, @"\broom\b")) Assert.Equal(objects.Count(o => o.Category == category), n);
                else Assert.Contains("video", q);
                break;
            }
            case "room_size":
            {
                var poly = scene.Room!.FloorPolygon;
                double twice = 0;
                for (int i = 0; i < poly.Count; i++)
                {
                    var (a, b) = (poly[i], poly[(i + 1) % poly.Count]);
                    twice += a.X * b.Y - b.X * a.Y;
                }
                Value(format, answer, option, M(Math.Abs(twice) / 2), " square meters");
                break;
            }
            case "nav":
                Route(frames, answer);
                break;
            default: throw new InvalidOperationException("no video verifier for " + r.Type);
        }
        Checked++;
    }

    /// <summary>Objects named "the &lt;category&gt;" in question order; each category belongs to one object of the scene.</summary>
    static List<Obj> NamedInOrder(string q, List<Obj> objects)
    {
        var body = q[..q.IndexOf("Up and down", StringComparison.Ordinal)];
        var found = new List<(int At, Obj Obj)>();
        foreach (var cat in objects.Select(o => o.Category).Distinct().OrderByDescending(c => c.Length))
        {
            var rx = new Regex($@"\bthe {Regex.Escape(cat)}\b");
            foreach (Match m in rx.Matches(body))
            {
                found.Add((m.Index, Assert.Single(objects, o => o.Category == cat)));
                body = body[..m.Index] + new string('#', m.Length) + body[(m.Index + m.Length)..];
            }
        }
        return found.OrderBy(f => f.At).Select(f => f.Obj).ToList();
    }

    /// <summary>Observer at order[0] facing order[1] (horizontal); checks the sentence's relation words.</summary>
    static void Imagination(List<Obj> o, bool oo, string answer)
    {
        var pos = o[0].Center;
        double fx = o[1].Center.X - pos.X, fy = o[1].Center.Y - pos.Y, h = Math.Sqrt(fx * fx + fy * fy);
        Assert.True(h >= 0.3);
        fx /= h; fy /= h;
        (double Lat, double Fwd, double Up) Off(Vec3 p) => ((p.X - pos.X) * fy - (p.Y - pos.Y) * fx, (p.X - pos.X) * fx + (p.Y - pos.Y) * fy, p.Z - pos.Z);
        static string? Side(double lat, double fwd) => Math.Abs(lat) >= 0.15 && Math.Atan2(Math.Abs(lat), Math.Abs(fwd)) >= 10 * Math.PI / 180 ? (lat > 0 ? "right" : "left") : null;
        static string? Ahead(double lat, double fwd) => Math.Abs(fwd) >= 0.15 && Math.Atan2(Math.Abs(fwd), Math.Abs(lat)) >= 10 * Math.PI / 180 ? (fwd > 0 ? "front" : "behind") : null;
        static string? Sign(double d, string pos, string neg) => d >= 0.15 ? pos : d <= -0.15 ? neg : null;
        var t = Off(o[2].Center);
        if (!oo)
        {
            var words = new[] { Side(t.Lat, t.Fwd), Sign(t.Up, "above", "below"), Ahead(t.Lat, t.Fwd) };
            Assert.Contains(words, w => w != null);
            Check(answer, words[0], "to your right", "to your left");
            Check(answer, words[1], "above you", "below you");
            Check(answer, words[2], "in front of you", "behind you");
            return;
        }
        var y = Off(o[3].Center);
        double dr = (o[2].Center - pos).Length, dy = (o[3].Center - pos).Length;
        var pair = new[] { Sign(t.Lat - y.Lat, "right", "left"), Sign(t.Up - y.Up, "above", "below"), Sign(dr - dy, "farther", "closer") };
        Assert.Contains(pair, w => w != null);
        var relation = answer[..(answer.IndexOf(';') >= 0 ? answer.IndexOf(';') : answer.Length)];
        Check(relation, pair[0], "to the right of", "to the left of");
        Check(relation, pair[1], "above", "below");
        Check(relation, pair[2], "farther from you than", "closer to you than");
    }

    /// <summary>The phrase for the expected word is present and the opposite one absent; neither when the slot is empty.</summary>
    static void Check(string text, string? word, string positive, string negative)
    {
        bool pos = word is "right" or "above" or "front" or "farther";
        if (word == null) { Assert.DoesNotContain(positive, text); Assert.DoesNotContain(negative, text); return; }
        Assert.Contains(pos ? positive : negative, text);
        Assert.DoesNotContain(pos ? negative : positive, text);
    }

    /// <summary>
    /// Replays the announced steps from the first camera: the final heading must be the last camera's within half a
    /// 15° step, and the end point near the last camera (each stretch may be off by its rounding and ≤ 7.5° of heading).
    /// </summary>
    static void Route(List<Frame> frames, string answer)
    {
        var steps = Regex.Matches(answer, @"(move forward ([0-9.]+) m|turn (left|right) ([0-9]+) degrees|turn around)");
        Assert.NotEmpty(steps);
        static (double X, double Y, double Yaw) Cam(Mat4 p) => (p[0, 3], p[1, 3], Math.Atan2(p[1, 2], p[0, 2]));
        var (x, yy, yaw) = Cam(frames[0].Pose);
        double budget = 0.6;
        foreach (Match s in steps)
        {
            if (s.Value.StartsWith("move"))
            {
                double d = double.Parse(s.Groups[2].Value, CultureInfo.InvariantCulture);
                Assert.True(d >= 0.3);
                x += d * Math.Cos(yaw); yy += d * Math.Sin(yaw);
                budget += d * Math.Sin(7.5 * Math.PI / 180) + 0.05 + 0.3;
            }
            else if (s.Value == "turn around") yaw += Math.PI;
            else
            {
                int deg = int.Parse(s.Groups[4].Value, CultureInfo.InvariantCulture);
                Assert.Equal(0, deg % 15);
                yaw += (s.Groups[3].Value == "left" ? 1 : -1) * deg * Math.PI / 180;
            }
        }
        var end = Cam(frames[^1].Pose);
        double dyaw = Math.Abs(Math.IEEERemainder(yaw - end.Yaw, 2 * Math.PI));
        Assert.True(dyaw <= 7.5 * Math.PI / 180 + 1e-9, $"final heading off by {dyaw * 180 / Math.PI:0.0}°: {answer}");
        double miss = Math.Sqrt((x - end.X) * (x - end.X) + (yy - end.Y) * (yy - end.Y));
        Assert.True(miss <= budget, $"route ends {miss:0.00} m from the last camera (allowed {budget:0.00}): {answer}");
    }

    static void Value(string format, string answer, string? option, string expected, string unit)
    {
        if (format == "fill") Assert.Equal(expected, answer);
        else if (format == "select") Assert.Equal(expected + unit, option);
        else Assert.Contains(expected + unit, answer);
    }

    static (int, int, int, int) Bounds(Frame f, int id)
    {
        int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
        for (int y = 0; y < f.H; y++)
        for (int x = 0; x < f.W; x++)
        {
            if (f.Ids[y * f.W + x] != id) continue;
            x1 = Math.Min(x1, x); y1 = Math.Min(y1, y); x2 = Math.Max(x2, x); y2 = Math.Max(y2, y);
        }
        return (x1, y1, x2, y2);
    }
}
