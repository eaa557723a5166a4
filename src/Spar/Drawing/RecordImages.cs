using Spar.Dataset;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Drawing;

/// <summary>A record's images, decoded and with its markers drawn, plus what was repaired on the way.</summary>
public sealed record DrawnRecord(QaRecord Record, IReadOnlyList<RgbaImage> Images, MarkerPlan Plan);

/// <summary>Loads a record's images the way SPAR's loader does (format.md §5) and draws its markers (§4).</summary>
public static class RecordImages
{
    /// <summary>
    /// The file image entry <paramref name="k"/> refers to: <c>root/p</c>, refused (a <see cref="SparException"/> saying so) when
    /// it leads outside the images root (<see cref="PathRule"/>); s3:// paths are unsupported locally.
    /// </summary>
    public static string Resolve(ContainedRoot imagesRoot, string relative, int k)
    {
        if (relative.StartsWith("s3://", StringComparison.Ordinal))
            throw new SparException($"image {k} '{relative}' is on S3; spar reads local files only");
        return imagesRoot.Resolve(relative, $"image {k}");
    }

    /// <summary>The file of image <paramref name="k"/>, checked before any work: inside the images root (or an allowed
    /// folder) and present; else a <see cref="SparException"/> naming the record.</summary>
    public static string Existing(QaRecord record, ContainedRoot imagesRoot, int k)
    {
        var path = Located(record, imagesRoot, k);
        return PathRule.FileExists(path) ? path : throw new UnreadableImageException($"record {record.Id}: image {k} not found: {path}");
    }

    /// <summary><see cref="Resolve"/>, its refusal naming the record.</summary>
    static string Located(QaRecord record, ContainedRoot imagesRoot, int k)
    {
        try { return Resolve(imagesRoot, record.Image[k], k); }
        catch (SparException e) { throw new SparException($"record {record.Id}: {e.Message}", e); }
    }

    /// <summary>Plans, decodes and draws every image. Throws <see cref="SparException"/> (missing image, bad marker…) naming the record.</summary>
    public static DrawnRecord Draw(QaRecord record, ContainedRoot imagesRoot)
    {
        var plan = MarkerPlanner.Plan(record);
        var images = new RgbaImage[record.Image.Count];
        for (int k = 0; k < images.Length; k++) images[k] = DrawImage(record, plan, k, imagesRoot);
        return new DrawnRecord(record, images, plan);
    }

    /// <summary>Decodes image <paramref name="k"/> and draws the ops that land on it; one image in memory at a time. Dispose the
    /// result when done with it to hand its buffer to the next decode.</summary>
    public static RgbaImage DrawImage(QaRecord record, MarkerPlan plan, int k, ContainedRoot imagesRoot)
    {
        RgbaImage img;
        var path = Located(record, imagesRoot, k);
        try { img = ImageCodec.Decode(path); }
        catch (UnreadableImageException e) { throw new UnreadableImageException($"record {record.Id}: image {k}: {e.Message}", e); }
        catch (SparException e) { throw new SparException($"record {record.Id}: image {k}: {e.Message}", e); }
        try
        {
            foreach (var op in plan.OnImage(k)) MarkerPainter.Paint(img, op);
            return img;
        }
        catch
        {
            img.Dispose();
            throw;
        }
    }

    /// <summary>A file-system-safe folder name for a record id (ids are normally already safe).</summary>
    public static string SafeName(string id)
    {
        if (id.Length == 0) return "_";
        var chars = id.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray();
        var name = new string(chars);
        return name is "." or ".." ? name.Replace('.', '_') : name;
    }
}
