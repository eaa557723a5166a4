using Spar.Analysis;
using Spar.Catalog;
using Spar.Geometry;

namespace Spar.Tasks.MultiView;

/// <summary>A drawn view set: analysed frames (the first is the observer's reference view) and the object they share.</summary>
public sealed record ViewSet(IReadOnlyList<FrameAnalysis> Frames, int SharedObject)
{
    public FrameAnalysis Reference => Frames[0];
    public PinholeCamera ReferenceCamera => Frames[0].Camera!;

    /// <summary>Camera-frame coordinates of a world point in the first image's camera (x right, y down, z forward).</summary>
    public Vec3 InReference(Vec3 world) => ReferenceCamera.ToCamera(world);

    public string Key => string.Join(",", Frames.Select(f => f.Frame.Index));
}

/// <summary>Shared pieces of the multi-view generators: view sets, object picks across images, index fields, wording.</summary>
public static class MultiViewPieces
{
    public const string MainView = "The first image is the main view (the observer's reference view).";
    public const string WorldUp = "Up and down are judged in world coordinates.";

    static readonly string[] Ordinals = ["first", "second", "third", "fourth"];

    /// <summary>"the second image".</summary>
    public static string ImageName(int index) => $"the {Ordinals[index]} image";

    /// <summary>
    /// A view set of the task's image count from this stream's random generator, with the shared object referable in
    /// every frame (the index's projection test is only a prefilter). Null when none is found.
    /// </summary>
    public static ViewSet? PickViews(this StreamContext ctx, ViewSetSettings? settings = null, int draws = 4)
    {
        int count = TaskCatalog.Get(ctx.Type).DefaultImageCount;
        var index = ViewSetIndex.For(ctx.Analysis);
        // A few draws: the projection prefilter often passes an object that is occluded or cut in one of the frames.
        for (int d = 0; d < draws; d++)
        {
            var drawn = index.Draw(ctx.Rng.Next, count, settings ?? ViewSetSettings.Default);
            if (drawn == null) continue;
            var (positions, shared) = drawn.Value;
            var frames = positions.Select(ctx.Analysis.Frame).ToList();
            if (frames.All(f => f.Camera != null && f.Referable.Any(o => o.InstanceId == shared))) return new ViewSet(frames, shared);
        }
        return null;
    }

    /// <summary>
    /// One referable object per slot, slot k seen in image <paramref name="images"/>[k], all distinct instances; null
    /// when an image runs out of objects.
    /// </summary>
    public static List<VisibleObject>? PickObjects(Rng rng, ViewSet set, IReadOnlyList<int> images)
    {
        var chosen = new List<VisibleObject>(images.Count);
        foreach (var img in images)
        {
            var pool = set.Frames[img].Referable.Where(o => chosen.All(c => c.InstanceId != o.InstanceId)).ToList();
            if (pool.Count == 0) return null;
            chosen.Add(rng.Pick(pool));
        }
        return chosen;
    }

    /// <summary>A random assignment of <paramref name="slots"/> objects to images: distinct images first, then repeats.</summary>
    public static int[] SpreadImages(Rng rng, int imageCount, int slots)
    {
        var order = rng.Sample(Enumerable.Range(0, imageCount).ToList(), imageCount);
        return Enumerable.Range(0, slots).Select(k => k < imageCount ? order[k] : rng.Next(imageCount)).ToArray();
    }

    /// <summary>The <c>[[i0, i1, …]]</c> index field.</summary>
    public static double[][] IndexField(params int[] images) => [images.Select(i => (double)i).ToArray()];

    public static string Key(ViewSet set, IEnumerable<VisibleObject> objects) =>
        set.Key + ":" + string.Join(":", objects.Select(o => o.InstanceId));
}
