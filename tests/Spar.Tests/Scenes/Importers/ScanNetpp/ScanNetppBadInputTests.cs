using Spar.Cli;
using Spar.Scenes.Importers;

namespace Spar.Tests.Scenes.Importers.ScanNetpp;

/// <summary>
/// One release file of a good fixture broken at a time: the scene fails with the file and line (or record) in the
/// message, the previous import stays byte for byte, nothing is staged or half-written and the release is only read.
/// Bad options stop the run with exit 2 before any scene is touched.
/// </summary>
public class ScanNetppBadInputTests
{
    const string Id = ScanNetppFixture.SceneId;

    static string Colmap(ScanNetppFixture fx, string file) => Path.Combine(fx.SceneFolder, "iphone", "colmap", file);
    static string Scans(ScanNetppFixture fx, string file) => Path.Combine(fx.SceneFolder, "scans", file);

    /// <summary>Replaces the first whitespace-separated field number <paramref name="field"/> (0-based) of 1-based line <paramref name="line"/>.</summary>
    static void SetField(string path, int line, int field, string value)
    {
        var lines = File.ReadAllLines(path);
        var f = lines[line - 1].Split(' ');
        f[field] = value;
        lines[line - 1] = string.Join(' ', f);
        File.WriteAllLines(path, lines);
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        // images.txt: 3 comment lines, then an image line and its POINTS2D line per frame: line 6 is the second image.
        { "images-qw", "images.txt:6: QW 'abc' is not a finite number" },
        { "images-quaternion", "images.txt:4: quaternion has length 2" },
        { "images-camera", "images.txt:8: camera 7 is not in cameras.txt" },
        { "images-fields", "images.txt:10: expected 'IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME', got 9 field(s)" },
        { "images-name", "images.txt:4: image name 'IMG_0001.png' is not an iPhone frame (frame_%06d.jpg)" },
        { "cameras-model", "cameras.txt:4: camera model 'EQUIRECT' is not supported" },
        { "anno-json", "segments_anno.json:3:" },
        { "anno-obb", "segments_anno.json: segGroups[1] (objectId " },
        { "segments-count", "segments.json: segIndices has " },
    };

    static void Break(ScanNetppFixture fx, string how)
    {
        switch (how)
        {
            case "images-qw": SetField(Colmap(fx, "images.txt"), 6, 1, "abc"); break;
            case "images-quaternion": SetField(Colmap(fx, "images.txt"), 4, 1, "2"); SetField(Colmap(fx, "images.txt"), 4, 2, "0"); SetField(Colmap(fx, "images.txt"), 4, 3, "0"); SetField(Colmap(fx, "images.txt"), 4, 4, "0"); break;
            case "images-camera": SetField(Colmap(fx, "images.txt"), 8, 8, "7"); break;
            case "images-fields":
            {
                var lines = File.ReadAllLines(Colmap(fx, "images.txt"));
                lines[9] = string.Join(' ', lines[9].Split(' ')[..9]);
                File.WriteAllLines(Colmap(fx, "images.txt"), lines);
                break;
            }
            case "images-name": SetField(Colmap(fx, "images.txt"), 4, 9, "IMG_0001.png"); break;
            case "cameras-model": SetField(Colmap(fx, "cameras.txt"), 4, 1, "EQUIRECT"); break;
            case "anno-json":
            {
                var text = File.ReadAllText(Scans(fx, "segments_anno.json"));
                File.WriteAllText(Scans(fx, "segments_anno.json"), text[..(text.IndexOf('\n', text.IndexOf('\n') + 1) + 40)]);
                break;
            }
            case "anno-obb":
            {
                var lines = File.ReadAllLines(Scans(fx, "segments_anno.json"));
                lines[2] = lines[2].Replace("\"normalizedAxes\": [", "\"normalizedAxes\": [1, ");
                File.WriteAllLines(Scans(fx, "segments_anno.json"), lines);
                break;
            }
            case "segments-count":
                File.WriteAllText(Scans(fx, "segments.json"), File.ReadAllText(Scans(fx, "segments.json")).Replace("\"segIndices\": [", "\"segIndices\": [1000, "));
                break;
            default: throw new ArgumentException(how);
        }
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupted_release_file_fails_the_scene_naming_file_and_line_and_keeps_the_previous_import(string how, string message)
    {
        using var dir = new TestPaths.TempDir();
        var fx = ScanNetppFixture.Write(dir["release"], frames: 4);
        var good = Run(dir, out _, out _);
        Assert.Equal(0, good);
        var sceneDir = Path.Combine(dir["out"], "scannetpp", "images", Id);
        var before = Snapshot(sceneDir);

        Break(fx, how);
        var release = Snapshot(dir["release"]);
        int code = Run(dir, out var stdout, out var stderr);

        Assert.Equal(1, code); // the seam's exit code for a scene that failed (2 is for input that stops the whole run)
        Assert.Contains($"error: {Id}: ", stderr);
        Assert.Contains(message, stderr);
        Assert.Contains("imported 0 scene(s), 1 failed", stdout + stderr);
        Assert.Equal(before, Snapshot(sceneDir));
        Assert.Empty(Directory.GetDirectories(Path.Combine(dir["out"], "scannetpp", "images"), "." + Id + ".*"));
        Assert.Equal(release, Snapshot(dir["release"]));
    }

    [Fact]
    public void A_good_scene_prints_its_summary_and_bad_options_stop_the_run_with_exit_2()
    {
        using var dir = new TestPaths.TempDir();
        ScanNetppFixture.Write(dir["release"], frames: 4);
        Assert.Equal(0, Run(dir, out var stdout, out _));
        Assert.Contains($"{Id}: 4 frames, 2 video frames, ", stdout);
        Assert.Contains("from 5 iPhone frames (1 not in COLMAP) -> ", stdout);

        var outDir = dir["out2"];
        var err = new StringWriter();
        int code = SparCli.Run(["import", "scannetpp", dir["release"], "--out", outDir, "--masks", "sensor"], new StringWriter(), err);
        Assert.Equal(2, code);
        Assert.Contains("ScanNet++ ships no 2D instance masks", err.ToString());
        Assert.False(Directory.Exists(Path.Combine(outDir, "scannetpp")));
    }

    static int Run(TestPaths.TempDir dir, out string stdout, out string stderr)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(["import", "scannetpp", dir["release"], "--out", dir["out"], "--video-frames", "2", "--threads", "1"], o, e);
        (stdout, stderr) = (o.ToString(), e.ToString());
        return code;
    }

    static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
