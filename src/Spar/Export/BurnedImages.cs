using System.Security.Cryptography;
using System.Text;
using Spar.Drawing;
using Spar.Util;
using Spar.Imaging;
using Spar.Dataset;

namespace Spar.Export;

/// <summary>
/// Content-addressed copies of images with markers drawn: the file name is a hash of the source image path and the
/// marker set drawn on it, so an image shared by many records is drawn once per distinct marker set, and a rerun
/// reuses what is already there. Images without markers are not copied. Copies are lossless PNG, or JPEG at
/// <paramref name="jpegQuality"/> when given (~3× faster to write and ~5× smaller, bench/README.md; the quality is part of the hash).
/// </summary>
public sealed class BurnedImages(string outDir, int pngLevel = ImageCodec.DefaultPngLevel, int? jpegQuality = null)
{
    public const string Folder = "images";

    // Keys being drawn in the current batch, so two records sharing an image in one batch draw it once.
    // Cleared after each batch: afterwards the file itself is the record, and memory stays bounded.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<bool>> _inFlight = new(StringComparer.Ordinal);
    long _drawn, _reused;
    public long Drawn => Interlocked.Read(ref _drawn);
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>Relative path (under the export folder) of the burned copy for this image and marker set.</summary>
    public static string RelativePath(string sourceFullPath, string markerKey, int? jpegQuality = null)
    {
        // PNG keys are unchanged from the first version, so existing exports are still reused.
        var key = sourceFullPath + "\n" + markerKey + (jpegQuality is { } q ? "\njpeg " + q : "");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return Path.Combine(Folder, hash[..2], hash + (jpegQuality is null ? ".png" : ".jpg"));
    }

    /// <summary>Draws image <paramref name="k"/> of the record unless its copy exists; returns the copy's relative path.</summary>
    public string Ensure(QaRecord record, MarkerPlan plan, int k, ContainedRoot imagesRoot)
    {
        var source = RecordImages.Resolve(imagesRoot, record.Image[k], k);
        var rel = RelativePath(source, plan.KeyFor(k), jpegQuality);
        var full = Path.Combine(outDir, rel);
        if (File.Exists(full))
        {
            Interlocked.Increment(ref _reused);
            return rel;
        }
        var mine = new Lazy<bool>(() =>
        {
            using var img = RecordImages.DrawImage(record, plan, k, imagesRoot);
            if (jpegQuality is { } q) AtomicFile.Write(full, s => ImageCodec.EncodeJpeg(img, s, q));
            else ImageCodec.WritePng(img, full, pngLevel);
            return true;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        var job = _inFlight.GetOrAdd(rel, mine);
        _ = job.Value;
        Interlocked.Increment(ref ReferenceEquals(job, mine) ? ref _drawn : ref _reused);
        return rel;
    }

    /// <summary>Forgets the batch's in-flight keys (their files now exist).</summary>
    public void EndBatch() => _inFlight.Clear();
}
