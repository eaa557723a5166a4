using System.Globalization;
using System.Text.Json;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNetpp;

/// <summary>The DSLR images to import: their folder, the pinhole camera they were taken with and their COLMAP poses by file name.</summary>
public sealed record ScanNetppDslrModel(string ImageDir, ColmapCamera Camera, IReadOnlyDictionary<string, ColmapFrame> Images, string ImagesTxt);

/// <summary>
/// <c>--camera dslr</c>: ScanNet++'s DSLR images and their COLMAP model, <c>dslr/colmap/{cameras,images}.txt</c>
/// (world-to-camera poses, inverted as the iPhone's). The DSLR is a fisheye (<c>OPENCV_FISHEYE</c>: fx fy cx cy k1 k2 k3
/// k4) and spar does no undistortion of its own: it reads the images the toolkit's <c>dslr/undistort.py</c> writes
/// (<c>resized_undistorted_images/</c>, or <c>undistorted_images/</c> as its config names them) with the pinhole camera
/// it writes beside them, <c>nerfstudio/transforms_undistorted.json</c> (<c>camera_model</c> PINHOLE, <c>fl_x fl_y cx
/// cy w h</c>, k1…k4 zeroed). That camera is checked to be what the toolkit's undistortion gives — same image size as the
/// COLMAP camera, no distortion left, and cx = w/2, cy = h/2 (<c>compute_undistort_intrinsic</c> sets them so). Poses
/// are COLMAP's: undistortion keeps the camera's orientation (rectification R = I). A COLMAP camera without distortion
/// (PINHOLE, or all terms 0) needs no undistortion: <c>resized_images/</c> is then used with it as it is. Anything else
/// distorted is refused with what to run.
/// </summary>
public static class ScanNetppDslr
{
    public static ScanNetppDslrModel Read(string sceneFolder)
    {
        string dslr = Path.Combine(sceneFolder, "dslr"), colmap = Path.Combine(dslr, "colmap");
        string camerasTxt = Path.Combine(colmap, "cameras.txt"), imagesTxt = Path.Combine(colmap, "images.txt");
        foreach (var f in new[] { camerasTxt, imagesTxt })
            if (!File.Exists(f)) throw new SparException($"{f}: not found (the DSLR's COLMAP model, for --camera dslr)");
        var cameras = ScanNetppColmap.ReadCameras(camerasTxt);
        if (cameras.Count != 1) throw new SparException($"{camerasTxt}: {cameras.Count} cameras; the DSLR has one");
        var cam = cameras.Values.Single();
        var images = ScanNetppColmap.ReadNamedImages(imagesTxt, cameras);

        if (!cam.HasDistortion)
        {
            var plain = Path.Combine(dslr, "resized_images");
            if (!Directory.Exists(plain)) throw new SparException($"{plain}: not found (the DSLR images of {camerasTxt}'s undistorted {cam.Model} camera)");
            return new ScanNetppDslrModel(plain, cam, images, imagesTxt);
        }
        var terms = string.Join(", ", cam.Distortion.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
        string json = Path.Combine(dslr, "nerfstudio", "transforms_undistorted.json");
        string? dir = new[] { "resized_undistorted_images", "undistorted_images" }.Select(d => Path.Combine(dslr, d)).FirstOrDefault(Directory.Exists);
        if (cam.Model != "OPENCV_FISHEYE")
            throw new SparException($"{cam.At}: camera {cam.Id} is {cam.Model} with distortion terms ({terms}): only the DSLR's OPENCV_FISHEYE, undistorted by the toolkit's dslr/undistort.py, is supported");
        if (dir == null || !File.Exists(json))
            throw new SparException($"{cam.At}: camera {cam.Id} is OPENCV_FISHEYE (k1…k4 = {terms}): its images are distorted and spar does not undistort them; "
                + $"run the toolkit's dslr/undistort.py, which writes {Path.Combine(dslr, "resized_undistorted_images")} (or undistorted_images) and {json}"
                + (dir == null ? " (no undistorted image folder found)" : " (not found)"));
        return new ScanNetppDslrModel(dir, UndistortedCamera(json, cam), images, imagesTxt);
    }

    /// <summary>The pinhole camera of <c>transforms_undistorted.json</c>, checked against the toolkit's undistortion of <paramref name="fisheye"/>.</summary>
    static ColmapCamera UndistortedCamera(string path, ColmapCamera fisheye)
    {
        using var doc = JsonErrors.ParseFile(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new SparException($"{path}: expected a JSON object");
        double Number(string key) =>
            root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble()) ? v.GetDouble()
            : throw new SparException($"{path}: '{key}' is missing or not a finite number");
        var model = root.TryGetProperty("camera_model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        if (model != "PINHOLE") throw new SparException($"{path}: camera_model is '{model}', not PINHOLE: these are not undistorted images");
        foreach (var k in new[] { "k1", "k2", "k3", "k4", "p1", "p2" })
            if (root.TryGetProperty(k, out var d) && (d.ValueKind != JsonValueKind.Number || d.GetDouble() != 0))
                throw new SparException($"{path}: {k} is {d.GetRawText()}, not 0: the camera is still distorted");
        double w = Number("w"), h = Number("h"), fx = Number("fl_x"), fy = Number("fl_y"), cx = Number("cx"), cy = Number("cy");
        if (w != fisheye.Width || h != fisheye.Height)
            throw new SparException($"{path}: image size {w}×{h}, but the DSLR's COLMAP camera ({fisheye.At}) is {fisheye.Width}×{fisheye.Height}; the toolkit's undistortion keeps the size");
        if (!(fx > 0 && fy > 0)) throw new SparException($"{path}: focal lengths must be positive (fl_x {fx}, fl_y {fy})");
        if (Math.Abs(cx - w / 2) > 1e-6 || Math.Abs(cy - h / 2) > 1e-6)
            throw new SparException($"{path}: principal point ({cx}, {cy}) is not the image centre ({w / 2}, {h / 2}) that the toolkit's undistortion sets: not its output");
        return new ColmapCamera(fisheye.Id, "PINHOLE", fisheye.Width, fisheye.Height, new CameraIntrinsics(fx, fy, cx, cy), false) { At = path };
    }

    /// <summary>The JPEGs of a DSLR image folder (<c>DSC01234.JPG</c>), by name in ordinal order: a frame's rank is its position here.</summary>
    public static IReadOnlyList<string> ListImages(string dir) =>
        [.. Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>()
            .Where(n => n.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];
}
