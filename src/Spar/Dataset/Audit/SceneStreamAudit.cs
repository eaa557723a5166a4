using System.Globalization;
using Spar.Catalog;

namespace Spar.Dataset.Audit;

/// <summary>
/// The scene checks of one stream: whole-silhouette visibility of every marked object, and the thresholded decisions
/// recomputed from the scene (docs/audit.md). A marker is tied to an object through the instance mask: a point marker to
/// the instance at its pixel, a box marker to the instance whose mask bounds fit it best.
/// </summary>
sealed class SceneStreamAudit(string type, SceneLibrary library, AuditSettings settings, IReadOnlyList<QaFile> files)
{
    const int Bins = 20, MaxExamples = 5;

    readonly TaskInfo? _task = TaskCatalog.TryGet(type, out var t) ? t : null;
    readonly bool _family = NearThreshold.Decisions(type, new Dictionary<string, PlacedObject>(), null, []) != null;
    readonly long[] _histogram = new long[Bins];
    readonly SortedDictionary<string, long> _unresolved = new(StringComparer.Ordinal), _nearUnresolved = new(StringComparer.Ordinal);
    readonly List<(double Key, RecordRef At, string Text)> _worst = [], _nearest = [];
    long _marked, _measured, _belowLow, _belowVeryLow, _silhouetteBelowLow, _records, _recordsNear, _decisions, _decisionsNear;

    public void Add(QaRecord r, RecordRef at)
    {
        if (_task == null || r.Image.Count == 0) return;
        var markers = MarkedObjects.Of(r, _task, out int unreadable);
        if (markers.Count == 0 && unreadable == 0 && !_family) return;
        if (unreadable > 0)
        {
            _marked += unreadable;
            Count(_unresolved, "marker not readable (spar validate names the problem)", unreadable);
        }
        var sceneId = r.Image[0].Split('/')[0];
        var scene = library.Scene(sceneId, out bool given);
        if (scene == null)
        {
            var reason = given ? "scene.json unreadable" : "scene not among --scenes";
            _marked += markers.Count;
            Count(_unresolved, reason, markers.Count);
            if (_family) Count(_nearUnresolved, reason, 1);
            return;
        }
        var placed = new Dictionary<string, PlacedObject>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var m in markers)
        {
            _marked++;
            if (Resolve(scene, r, m, out var reason) is not var (obj, frame, camera, mask))
            {
                Count(_unresolved, reason!, 1);
                continue;
            }
            var share = mask.Share(obj.InstanceId, () => Silhouette.Measure(obj, camera, mask.At, mask.Width, mask.Height, mask.PixelsOf(obj.InstanceId), scene.Object));
            _measured++;
            _histogram[Math.Min(Bins - 1, (int)(share.Share * Bins))]++;
            if (share.Share < settings.LowVisibility) _belowLow++;
            if (share.Share < settings.VeryLowVisibility) _belowVeryLow++;
            if (share.Silhouette < settings.LowVisibility) _silhouetteBelowLow++;
            Keep(_worst, share.Share, at, string.Create(CultureInfo.InvariantCulture,
                $"{Where(at)} [{r.Id}] {m.Name} = {obj.Category} #{obj.InstanceId} in {frame.ImagePath}: {share.Share:P1} " +
                $"(mask/silhouette {share.Silhouette:P1}, in image {(share.WholeArea > 0 ? share.InImageArea / share.WholeArea : 0):P1} of the silhouette)"));
            placed[m.Name] = new PlacedObject(obj.Box.Center, camera);
            order.Add(m.Name);
        }
        if (!_family) return;
        if (placed.Count != markers.Count || unreadable > 0)
        {
            Count(_nearUnresolved, "a marked object not resolved", 1);
            return;
        }
        var first = scene.Frame(r.Image[0])?.Camera;
        var decisions = NearThreshold.Decisions(type, placed, first, order, r.Conversations.Count > 0 ? r.Conversations[0].Value : null)!;
        if (decisions.Count == 0)
        {
            Count(_nearUnresolved, first == null ? "first image not a usable frame" : "objects missing for this type", 1);
            return;
        }
        _records++;
        _decisions += decisions.Count;
        var near = decisions.Where(d => d.IsNear(settings)).ToList();
        _decisionsNear += near.Count;
        if (near.Count == 0) return;
        _recordsNear++;
        double margin = near.Min(d => Math.Abs(d.Offset - settings.OffsetCutMeters));
        Keep(_nearest, margin, at, $"{Where(at)} [{r.Id}] {string.Join("; ", near)}");
    }

    (Scenes.SceneObject, Scenes.SceneFrame, Geometry.PinholeCamera, FrameMask)? Resolve(LoadedScene scene, QaRecord r, Marker m, out string? reason)
    {
        reason = null;
        if (m.Image < 0 || m.Image >= r.Image.Count) { reason = "marker image index out of range"; return null; }
        var frame = scene.Frame(r.Image[m.Image]);
        if (frame == null) { reason = "image is not a frame of the scene"; return null; }
        if (frame.Camera is not { } camera) { reason = "frame unusable (pose or intrinsics)"; return null; }
        var mask = library.Mask(scene, frame);
        if (mask == null) { reason = frame.InstanceMaskPath == null ? "frame has no instance mask" : "instance mask unreadable"; return null; }
        int id = InstanceAt(m, mask);
        if (id == 0) { reason = "marker not on an object in the mask"; return null; }
        if (scene.Object(id) is not { } obj) { reason = "mask instance not in scene.json"; return null; }
        return (obj, frame, camera, mask);
    }

    /// <summary>Grid → pixel as the official drawer does (format.md §2.1): trunc(g / 1000 · W).</summary>
    static int Px(double g, int size) => Math.Clamp((int)(g / 1000.0 * size), 0, size - 1);

    /// <summary>
    /// A point: the instance at its pixel, else the most common one within 4 px. A box: the instance whose mask bounds
    /// fit the box best (intersection over union of the two rectangles; ties: more pixels inside, then the lower id).
    /// A box is drawn around an object's visible pixels, so "most pixels inside" is not what it names: an object seen
    /// in two parts around a nearer one has its box filled mostly by that nearer object.
    /// </summary>
    internal static int InstanceAt(Marker m, FrameMask mask)
    {
        int x0, y0, x1, y1;
        if (m.IsBox) (x0, y0, x1, y1) = (Px(m.Grid[0], mask.Width), Px(m.Grid[1], mask.Height), Px(m.Grid[2], mask.Width), Px(m.Grid[3], mask.Height));
        else
        {
            int px = Px(m.Grid[0], mask.Width), py = Px(m.Grid[1], mask.Height);
            if (mask.At(px, py) is var id and > 0) return id;
            (x0, y0, x1, y1) = (Math.Max(0, px - 4), Math.Max(0, py - 4), Math.Min(mask.Width - 1, px + 4), Math.Min(mask.Height - 1, py + 4));
        }
        (x0, x1) = (Math.Min(x0, x1), Math.Max(x0, x1));
        (y0, y1) = (Math.Min(y0, y1), Math.Max(y0, y1));
        var counts = new Dictionary<int, long>();
        for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            if (mask.At(x, y) is var v and > 0) counts[v] = counts.GetValueOrDefault(v) + 1;
        if (counts.Count == 0) return 0;
        if (!m.IsBox) return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
        double Fit(int id)
        {
            if (mask.BoundsOf(id) is not { } b) return 0;
            var (bx0, by0, bx1, by1) = b;
            long iw = Math.Min(x1, bx1) - Math.Max(x0, bx0) + 1, ih = Math.Min(y1, by1) - Math.Max(y0, by0) + 1;
            if (iw <= 0 || ih <= 0) return 0;
            double inter = (double)iw * ih;
            double union = (double)(x1 - x0 + 1) * (y1 - y0 + 1) + (double)(bx1 - bx0 + 1) * (by1 - by0 + 1) - inter;
            return inter / union;
        }
        return counts.OrderByDescending(kv => Fit(kv.Key)).ThenByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
    }

    static void Count(SortedDictionary<string, long> d, string key, long n)
    {
        if (n > 0) d[key] = d.GetValueOrDefault(key) + n;
    }

    /// <summary>Keeps the <see cref="MaxExamples"/> smallest keys (ties: file order).</summary>
    static void Keep(List<(double Key, RecordRef At, string Text)> list, double key, RecordRef at, string text)
    {
        if (list.Count == MaxExamples && (key, at.File, at.Line).CompareTo((list[^1].Key, list[^1].At.File, list[^1].At.Line)) >= 0) return;
        list.Add((key, at, text));
        list.Sort((a, b) => (a.Key, a.At.File, a.At.Line).CompareTo((b.Key, b.At.File, b.At.Line)));
        if (list.Count > MaxExamples) list.RemoveAt(MaxExamples);
    }

    string Where(RecordRef at) => $"{files[at.File].RelativePath}:{at.Line}";

    public VisibilitySummary? Visibility() => _marked == 0 && _unresolved.Count == 0 ? null
        : new VisibilitySummary(_marked, _measured, _belowLow, _belowVeryLow, _silhouetteBelowLow, _histogram, _unresolved, _worst.Select(w => w.Text).ToList());

    public NearSummary? Near() => !_family ? null
        : new NearSummary(_records, _recordsNear, _decisions, _decisionsNear, _nearUnresolved, _nearest.Select(n => n.Text).ToList());
}
