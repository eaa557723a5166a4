using System.Security.Cryptography;
using SkiaSharp;
using Spar.Imaging;
using Spar.Tests.Cli;

namespace Spar.Tests.Dataset.Layout;

/// <summary>
/// <c>spar layout</c> on fake downloads in each dataset's own layout (sources.md §1.1): every image path the records name
/// must resolve to the download file the official script would have linked, the tree must pass <c>spar validate</c>, and
/// the download must be left as it was.
/// </summary>
public class ImageLayoutTests
{
    static string Real(string relative) => Path.Combine(TestPaths.Shared, "real", "spar7m", "spar", relative);

    static readonly string[] RealQaFiles =
    [
        "scannet/qa_jsonl/train/depth_prediction_oc/sentence/sentence_1.jsonl",
        "scannet/qa_jsonl/train/depth_prediction_oo_mv/fill/fill_1.jsonl",
    ];

    /// <summary>Every path the real records name (image and depth), relative to scannet/images.</summary>
    static readonly string[] RealReferences =
    [
        "scene0012_01/image_color/133.jpg", "scene0012_01/image_color/2626.jpg", "scene0012_01/image_color/3321.jpg",
        "scene0261_00/image_color/543.jpg", "scene0261_00/image_depth/543.png",
    ];

    static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A frame file whose bytes say which frame it is (the real placeholder JPEG plus a trailer), so a wrong link shows.</summary>
    static byte[] Frame(string tag) => [.. File.ReadAllBytes(Real("scannet/images/scene0261_00/image_color/543.jpg")), .. System.Text.Encoding.ASCII.GetBytes(tag)];

    /// <summary>
    /// A ScanNet download: scene0261_00 exported by SensReader as the SPAR script expects (<c>image/color/543.jpg</c>…),
    /// scene0012_01 with padded names (<c>frame-002626.color.jpg</c>), scene0099_00 not referenced at all.
    /// </summary>
    static string ScanNetDownload(string root)
    {
        var s = Path.Combine(root, "scans");
        foreach (var f in new[] { 0, 543, 600 })
        {
            Write(Path.Combine(s, "scene0261_00", "image", "color", $"{f}.jpg"), Frame($"0261:{f}"));
            Write(Path.Combine(s, "scene0261_00", "image", "depth", $"{f}.png"), File.ReadAllBytes(Real("scannet/images/scene0261_00/image_depth/543.png")));
            Write(Path.Combine(s, "scene0261_00", "image", "pose", $"{f}.txt"), "1 0 0 0\n0 1 0 0\n0 0 1 0\n0 0 0 1\n"u8.ToArray());
        }
        Write(Path.Combine(s, "scene0261_00", "image", "intrinsic", "intrinsic_color.txt"), "1170 0 648 0\n0 1170 484 0\n0 0 1 0\n0 0 0 1\n"u8.ToArray());
        foreach (var f in new[] { 133, 2626, 3321 })
            Write(Path.Combine(s, "scene0012_01", "image", "color", $"frame-{f:D6}.color.jpg"), Frame($"0012:{f}"));
        Write(Path.Combine(s, "scene0099_00", "image", "color", "0.jpg"), Frame("0099:0"));
        return root;
    }

    static string RealTree(string root)
    {
        foreach (var f in RealQaFiles)
        {
            var dst = Path.Combine(root, f);
            Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
            File.Copy(Real(f), dst);
        }
        return root;
    }

    /// <summary>Every file below <paramref name="dir"/> (links not followed) with its bytes' hash: the download before and after must be equal.</summary>
    static SortedDictionary<string, string> Snapshot(string dir)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
            all[Path.GetRelativePath(dir, f)] = File.Exists(f) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) : "dir";
        return all;
    }

    [Fact]
    public void ScanNet_symlink_layout_resolves_every_path_of_the_real_records_and_validates()
    {
        using var dir = new TestPaths.TempDir();
        var download = ScanNetDownload(dir["ScanNet"]);
        var before = Snapshot(download);
        var spar = RealTree(dir["spar"]);
        var images = Path.Combine(spar, "scannet", "images");
        // The annotation download ships video_idx.txt per scene; the layout reads it for video_color/.
        Write(Path.Combine(images, "scene0261_00", "video_idx.txt"), "600\n0\n543\n"u8.ToArray());

        var (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--rgbd");
        Assert.True(exit == 0, output + err);
        Assert.Contains("5 of 5 images referenced by", output);

        // SensReader names: whole-folder links, as prepare_scannet_layout.py makes them.
        Assert.Equal(Path.Combine(download, "scans", "scene0261_00", "image", "color"), new DirectoryInfo(Path.Combine(images, "scene0261_00", "image_color")).LinkTarget);
        Assert.Equal(Path.Combine(download, "scans", "scene0261_00", "image", "intrinsic"), new DirectoryInfo(Path.Combine(images, "scene0261_00", "intrinsic")).LinkTarget);
        // Padded names: a real folder of links under the names records use.
        Assert.Null(new DirectoryInfo(Path.Combine(images, "scene0012_01", "image_color")).LinkTarget);
        foreach (var f in new[] { 133, 2626, 3321 })
            Assert.Equal(Frame($"0012:{f}"), File.ReadAllBytes(Path.Combine(images, "scene0012_01", "image_color", $"{f}.jpg")));
        Assert.Equal(Frame("0261:543"), File.ReadAllBytes(Path.Combine(images, "scene0261_00", "image_color", "543.jpg")));
        // video_color/frame{i}_{idx}: the i-th line of video_idx.txt names the frame.
        Assert.Equal(Frame("0261:600"), File.ReadAllBytes(Path.Combine(images, "scene0261_00", "video_color", "frame0_600.jpg")));
        Assert.Equal(Frame("0261:0"), File.ReadAllBytes(Path.Combine(images, "scene0261_00", "video_color", "frame1_0.jpg")));
        Assert.Equal(Frame("0261:543"), File.ReadAllBytes(Path.Combine(images, "scene0261_00", "video_color", "frame2_543.jpg")));
        foreach (var rel in RealReferences) Assert.True(File.Exists(Path.Combine(images, rel)), rel);

        // The links lead into the download: validate needs it named with --allow-outside, and then passes.
        (exit, output, err) = CliRunner.Run("validate", spar);
        Assert.Equal(1, exit);
        Assert.Contains("outside", output);
        (exit, output, err) = CliRunner.Run("validate", spar, "--allow-outside", download);
        Assert.True(exit == 0, output + err);
        Assert.Contains("0 errors, 0 warnings", output);

        // A rerun resumes: everything is in place already.
        (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--rgbd");
        Assert.True(exit == 0, output + err);
        Assert.Contains(" 0 linked, 0 copied, 0 converted to JPEG,", output);
        Assert.Equal(before, Snapshot(download));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(images, "*.tmp", SearchOption.AllDirectories), _ => true);
    }

    [Fact]
    public void Only_referenced_replaces_folder_links_by_single_links_and_never_writes_into_the_download()
    {
        using var dir = new TestPaths.TempDir();
        var download = ScanNetDownload(dir["ScanNet"]);
        var spar = RealTree(dir["spar"]);
        var images = Path.Combine(spar, "scannet", "images");
        Assert.Equal(0, CliRunner.Run("layout", "scannet", "--from", download, "--to", images).Exit);
        var before = Snapshot(download);

        var (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--rgbd", "--only-referenced", spar);
        Assert.True(exit == 0, output + err);
        Assert.Contains("replaced the folder link", err);
        Assert.Equal(before, Snapshot(download)); // the links' targets were not written into
        // Exactly the referenced files, each a link to its frame; the unreferenced scene is not laid out this time.
        Assert.Equal(RealReferences, Directory.EnumerateFileSystemEntries(images, "*", SearchOption.AllDirectories)
            .Where(e => new FileInfo(e).LinkTarget != null && !Directory.Exists(e)).Select(e => Path.GetRelativePath(images, e)).Order(StringComparer.Ordinal));
        Assert.Equal(Frame("0261:543"), File.ReadAllBytes(Path.Combine(images, "scene0261_00", "image_color", "543.jpg")));
        Assert.Equal(0, CliRunner.Run("validate", spar, "--allow-outside", download).Exit);

        // --copy: real files, the links replaced by renaming over them (the download's frames keep their bytes).
        (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--rgbd", "--only-referenced", spar, "--copy");
        Assert.True(exit == 0, output + err);
        Assert.Contains("5 copied", output);
        foreach (var rel in RealReferences) Assert.Null(new FileInfo(Path.Combine(images, rel)).LinkTarget);
        Assert.Equal(before, Snapshot(download));
        (exit, output, _) = CliRunner.Run("validate", spar);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Only_referenced_takes_the_root_or_the_source_folder_and_says_which_on_stderr()
    {
        // Two identical set-ups, one given the tree's root and one its scannet source folder (same-length names, so
        // the outputs compare with the folder replaced).
        (int Exit, string Out, string Err, string[] Files) Lay(TestPaths.TempDir dir, string name, bool sourceFolder)
        {
            var download = ScanNetDownload(dir[name + "/ScanNet"]);
            var spar = RealTree(dir[name + "/spar"]);
            var images = Path.Combine(spar, "scannet", "images");
            var given = sourceFolder ? Path.Combine(spar, "scannet") : spar;
            var (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--rgbd", "--only-referenced", given);
            var files = Directory.EnumerateFileSystemEntries(images, "*", SearchOption.AllDirectories)
                .Select(e => Path.GetRelativePath(images, e)).Order(StringComparer.Ordinal).ToArray();
            return (exit, output.Replace(dir[name], "{dir}"), err.Replace(dir[name], "{dir}"), files);
        }
        using var dir = new TestPaths.TempDir();
        var root = Lay(dir, "a", sourceFolder: false);
        var source = Lay(dir, "b", sourceFolder: true);
        Assert.True(root.Exit == 0, root.Out + root.Err);
        Assert.Equal((root.Exit, root.Out), (source.Exit, source.Out));
        Assert.Equal(root.Files, source.Files);
        Assert.Contains("images referenced by {dir}/spar/scannet provided", root.Out);
        Assert.DoesNotContain("reading ", root.Err);
        Assert.Contains("note: --only-referenced: reading {dir}/spar/scannet as the single source \"scannet\" of the tree {dir}/spar", source.Err);
    }

    [Fact]
    public void Referenced_images_the_download_lacks_are_each_named_with_the_reason()
    {
        using var dir = new TestPaths.TempDir();
        var download = ScanNetDownload(dir["ScanNet"]);
        File.Delete(Path.Combine(download, "scans", "scene0012_01", "image", "color", "frame-003321.color.jpg"));
        Directory.Delete(Path.Combine(download, "scans", "scene0261_00"), true);
        var spar = RealTree(dir["spar"]);
        var images = Path.Combine(spar, "scannet", "images");

        var (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--rgbd");
        Assert.True(exit == 1, output + err);
        var lines = output.Split('\n').Where(l => l.StartsWith("not provided: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal($"not provided: scene0012_01/image_color/3321.jpg: no frame 3321 in {Path.Combine(download, "scans", "scene0012_01", "image", "color")}", lines[0]);
        Assert.StartsWith("not provided: scene0261_00/image_color/543.jpg: scene scene0261_00 is not in the download", lines[1]);
        Assert.StartsWith("not provided: scene0261_00/image_depth/543.png: scene scene0261_00 is not in the download", lines[2]);
        Assert.Contains("2 of 5 images referenced", output);

        // --scenes: only that scene's references are provided and counted.
        (exit, output, err) = CliRunner.Run("layout", "scannet", "--from", download, "--to", images, "--scenes", "scene0012_01");
        Assert.True(exit == 1, output + err);
        Assert.Contains("2 of 3 images referenced", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("not provided: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_download_folder_that_is_not_the_dataset_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir["empty"]);
        var (exit, _, err) = CliRunner.Run("layout", "scannet", "--from", dir["empty"], "--to", dir["out"]);
        Assert.Equal(2, exit);
        Assert.Contains($"{dir["empty"]}: no scans/ folder", err);
        (exit, _, err) = CliRunner.Run("layout", "scannet", "--from", dir["empty"], "--to", dir["empty/scannet/images"]);
        Assert.Equal(2, exit);
        Assert.Contains("inside the download", err);
        (exit, _, err) = CliRunner.Run("layout", "structured3d", "--from", dir["empty"], "--to", dir["out"], "--rgbd");
        Assert.Equal(2, exit);
        Assert.Contains("--rgbd", err);
    }

    [Fact]
    public void ScanNetpp_ranks_the_iphone_frames_and_links_video_frames_by_number()
    {
        using var dir = new TestPaths.TempDir();
        const string scene = "0a5c013435";
        // The official layout: data/<scene>/iphone/rgb/frame_%06d.jpg; only some frames extracted (e.g. the COLMAP ones).
        var rgb = dir[$"scannetpp/data/{scene}/iphone/rgb"];
        foreach (var f in new[] { 40, 0, 120, 80 })
            Write(Path.Combine(rgb, $"frame_{f:D6}.jpg"), Frame($"pp:{f}"));
        var spar = dir["spar"];
        var images = Path.Combine(spar, "scannetpp", "images");
        Write(Path.Combine(images, scene, "video_idx.txt"), "0\n80\n"u8.ToArray());
        string[] refs = [$"{scene}/image_color/1.jpg", $"{scene}/image_color/3.jpg", $"{scene}/video_color/frame1_80.jpg"];
        var real = File.ReadAllText(Real(RealQaFiles[1])).Replace("scene0012_01/image_color/2626.jpg", refs[0])
            .Replace("scene0012_01/image_color/3321.jpg", refs[1]).Replace("scene0012_01/image_color/133.jpg", refs[2]).Replace("scene0012_01_1661", scene + "_1661");
        new TreeBuilder(spar).File("scannetpp", "train", "depth_prediction_oo_mv", "fill", "fill_1.jsonl", real);

        var (exit, output, err) = CliRunner.Run("layout", "scannetpp", "--from", dir["scannetpp"], "--to", images);
        Assert.True(exit == 0, output + err);
        // Rank = position in frame-number order: 0, 40, 80, 120.
        int[] byRank = [0, 40, 80, 120];
        for (int i = 0; i < 4; i++)
            Assert.Equal(Frame($"pp:{byRank[i]}"), File.ReadAllBytes(Path.Combine(images, scene, "image_color", $"{i}.jpg")));
        Assert.Equal(Frame("pp:0"), File.ReadAllBytes(Path.Combine(images, scene, "video_color", "frame0_0.jpg")));
        Assert.Equal(Frame("pp:80"), File.ReadAllBytes(Path.Combine(images, scene, "video_color", "frame1_80.jpg")));
        Assert.Contains("3 of 3 images referenced", output);
        (exit, output, _) = CliRunner.Run("validate", spar, "--allow-outside", dir["scannetpp"]);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Structured3d_views_become_quality_95_jpegs_of_the_rawlight_png_with_its_fallbacks()
    {
        using var dir = new TestPaths.TempDir();
        // The zips unpack into Structured3D/scene_*; position 1 has only the no-light rendering (the script's fallback).
        var s3d = dir["s3d"];
        var full = Path.Combine(s3d, "Structured3D", "scene_00806", "2D_rendering", "12", "perspective", "full");
        var colours = new Dictionary<string, SKColor> { ["0"] = new(200, 30, 40), ["1"] = new(20, 180, 90) };
        foreach (var (position, colour) in colours)
        {
            using var bmp = new SKBitmap(64, 48);
            bmp.Erase(colour);
            using var png = bmp.Encode(SKEncodedImageFormat.Png, 100);
            Write(Path.Combine(full, position, position == "0" ? "rgb_rawlight.png" : "rgb_nolight.png"), png.ToArray());
        }
        var spar = dir["spar"];
        var images = Path.Combine(spar, "structured3d", "images");
        string[] refs = ["scene_00806/image_color/12_0.jpg", "scene_00806/image_color/12_1.jpg"];
        new TreeBuilder(spar).Lines("structured3d", "train", "depth_prediction_oc", "fill",
            TreeBuilder.Record("scene_00806_1", "depth_prediction_oc", "With the chair (red point) having a depth of 1.2 meters, how deep is the table (blue point)?", "1.5", [refs[0]], "\"red_point\": [[10, 20]], \"blue_point\": [[30, 40]]"),
            TreeBuilder.Record("scene_00806_2", "depth_prediction_oc", "With the chair (red point) having a depth of 1.2 meters, how deep is the table (blue point)?", "1.5", [refs[1]], "\"red_point\": [[10, 20]], \"blue_point\": [[30, 40]]"));

        var (exit, output, err) = CliRunner.Run("layout", "structured3d", "--from", s3d, "--to", images);
        Assert.True(exit == 0, output + err);
        Assert.Contains("2 converted to JPEG", output);
        foreach (var (position, colour) in colours)
        {
            var jpg = Path.Combine(images, "scene_00806", "image_color", $"12_{position}.jpg");
            Assert.Null(new FileInfo(jpg).LinkTarget); // a file: the format changes
            var bytes = File.ReadAllBytes(jpg);
            Assert.True(bytes is [0xFF, 0xD8, ..]);
            using var img = ImageCodec.Decode(bytes, jpg);
            Assert.Equal((64, 48), (img.Width, img.Height));
            // A flat colour survives JPEG q95 within a few levels.
            var px = img[32, 24];
            Assert.True(Math.Abs(px.R - colour.Red) <= 3 && Math.Abs(px.G - colour.Green) <= 3 && Math.Abs(px.B - colour.Blue) <= 3, $"{position}: {px}");
        }
        (exit, output, _) = CliRunner.Run("validate", spar);
        Assert.True(exit == 0, output);
        (exit, output, _) = CliRunner.Run("layout", "structured3d", "--from", s3d, "--to", images);
        Assert.Contains("0 converted to JPEG, 2 already in place", output);
    }
}
