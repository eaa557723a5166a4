using Spar.Cli;
using Spar.Scenes;
using Spar.Scenes.Importers.Structured3D;
using static Spar.Tests.Scenes.Importers.Structured3DFixture;

namespace Spar.Tests.Scenes.Importers;

/// <summary>One broken file of a good fixture at a time: the room fails alone, naming the file (and line or record), and nothing is half-written.</summary>
public class Structured3DBadInputTests
{
    static readonly string SceneId = $"{House}_{RoomId}";

    static (int Code, string Out, string Err) Cli(TestPaths.TempDir dir, params string[] extra)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["out"], "--threads", "1", .. extra], o, e);
        return (code, o.ToString(), e.ToString());
    }

    static string Images(TestPaths.TempDir dir) => Path.Combine(dir["out"], "structured3d", "images");

    /// <summary>A failed room leaves no folder and no staging, and the user's file is as it was.</summary>
    static void AssertNothingWritten(TestPaths.TempDir dir, string brokenFile, string content)
    {
        Assert.False(Directory.Exists(Path.Combine(Images(dir), SceneId)));
        if (Directory.Exists(Images(dir))) Assert.Empty(Directory.GetDirectories(Images(dir), $".{SceneId}.*"));
        Assert.Equal(content, File.ReadAllText(brokenFile));
    }

    [Fact]
    public void The_command_imports_the_room_and_prints_its_summary()
    {
        using var dir = new TestPaths.TempDir();
        var fixture = Structured3DFixture.Write(dir["s3d"]);
        var (code, o, e) = Cli(dir);
        Assert.True(code == 0, e);
        Assert.Contains($"{SceneId}: {fixture.Synthetic.Scene.Frames.Count} views, ", o);
        Assert.Contains("imported 1 scene(s), 0 failed", o);
        Assert.True(File.Exists(Path.Combine(Images(dir), SceneId, SceneJson.FileName)));
        // The other room (ID 9) has boxes but no perspective views: it is not a scene.
        Assert.False(Directory.Exists(Path.Combine(Images(dir), $"{House}_{OtherRoomId}")));
    }

    [Fact]
    public void The_download_folder_above_Structured3D_and_the_layout_scripts_fallback_render_are_accepted()
    {
        using var dir = new TestPaths.TempDir();
        var fixture = Structured3DFixture.Write(Path.Combine(dir["dl"], "Structured3D"));
        var view = fixture.ViewFolder(fixture.Synthetic.Scene.Frames[0].Index);
        File.Move(Path.Combine(view, "rgb_rawlight.png"), Path.Combine(view, "rgb_nolight.png"));
        var o = new StringWriter(); var e = new StringWriter();
        Assert.Equal(0, SparCli.Run(["import", "structured3d", dir["dl"], "--out", dir["out"], "--threads", "1"], o, e));
        Assert.Contains($"warning: {SceneId}: ", e.ToString());
        Assert.Contains("1 view(s) have no rgb_rawlight.png; the official layout script's fallback render was used", e.ToString());
        Assert.True(File.Exists(Path.Combine(Images(dir), SceneId, "image_color", $"{RoomId}_{fixture.Synthetic.Scene.Frames[0].Index}.jpg")));
    }

    [Theory]
    [InlineData("1000 2000 1500 0 1 0 0 0 1 0.6\n", ":1: expected 12 numbers")]
    [InlineData("1000 2000 1500 0 1 0 0 0 1 0.6 nan 1\n", ":1: value 11 'nan' is not a finite number")]
    [InlineData("\n1000 2000 1500 0 1 0 0 1 0 0.6 0.4 1\n", ":2: up vector")]
    [InlineData("1000 2000 1500 0 1 0 0 0 1 1.2 0.9 1\n1 2 3\n", ":2: expected one line")]
    [InlineData("1000 2000 1500 0 1 0 0 0 1 1.6 0.9 1\n", ":1: half-angle FoVs must be in (0, π/2)")]
    public void A_garbled_camera_pose_fails_the_room_naming_file_and_line(string text, string reason)
    {
        using var dir = new TestPaths.TempDir();
        var fixture = Structured3DFixture.Write(dir["s3d"]);
        var pose = Path.Combine(fixture.ViewFolder(fixture.Synthetic.Scene.Frames[^1].Index), "camera_pose.txt");
        File.WriteAllText(pose, text);
        var (code, _, e) = Cli(dir);
        Assert.Equal(1, code); // the seam's exit for a failed scene (other rooms would still import)
        Assert.Contains($"error: {SceneId}: {pose}{reason}", e);
        AssertNothingWritten(dir, pose, text);
    }

    [Fact]
    public void A_missing_camera_pose_fails_the_room_naming_the_file()
    {
        using var dir = new TestPaths.TempDir();
        var fixture = Structured3DFixture.Write(dir["s3d"]);
        var pose = Path.Combine(fixture.ViewFolder(fixture.Synthetic.Scene.Frames[1].Index), "camera_pose.txt");
        File.Delete(pose);
        var (code, _, e) = Cli(dir);
        Assert.Equal(1, code);
        Assert.Contains($"error: {SceneId}: {pose}: not found", e);
        Assert.False(Directory.Exists(Path.Combine(Images(dir), SceneId)));
    }

    [Fact]
    public void Garbled_annotation_json_names_the_file_and_its_line()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"]);
        var path = Path.Combine(dir["s3d"], House, "annotation_3d.json");
        var lines = File.ReadAllLines(path);
        lines[5] = lines[5] + " ]]"; // line 6 of the file
        var text = string.Join("\n", lines);
        File.WriteAllText(path, text);
        var (code, _, e) = Cli(dir);
        Assert.Equal(1, code);
        Assert.Contains($"error: {SceneId}: {path}:6:", e);
        // In spar's words (JsonErrors): no reader suffix such as "LineNumber: 5 | BytePositionInLine", no .NET type names.
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:6:\d+: [^\n]* \(invalid JSON\)", e);
        Assert.DoesNotContain("BytePositionInLine", e);
        AssertNothingWritten(dir, path, text);
    }

    [Fact]
    public void Missing_annotation_or_a_room_without_its_floor_names_the_file()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"]);
        var path = Path.Combine(dir["s3d"], House, "annotation_3d.json");
        // Room 7 renamed: the rendering folder 7 has no room in the annotation.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var s in json["semantics"]!.AsArray()) if ((int)s!["ID"]! == RoomId) s["ID"] = 70;
        File.WriteAllText(path, json.ToJsonString());
        var (code, _, e) = Cli(dir);
        Assert.Equal(1, code);
        Assert.Contains($"error: {SceneId}: {path}: no room (a semantics entry with a floor plane) with ID {RoomId}", e);
        File.Delete(path);
        (code, _, e) = Cli(dir);
        Assert.Equal(1, code);
        Assert.Contains($"error: {SceneId}: {path}: not found", e);
        Assert.False(Directory.Exists(Path.Combine(Images(dir), SceneId)));
    }

    [Fact]
    public void A_box_without_coeffs_names_the_file_and_the_record()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"]);
        var path = Path.Combine(dir["s3d"], House, "bbox_3d.json");
        var text = File.ReadAllText(path);
        int at = text.IndexOf("\"coeffs\"", StringComparison.Ordinal);
        var broken = text[..at] + "\"radii\"" + text[(at + "\"coeffs\"".Length)..];
        File.WriteAllText(path, broken);
        var (code, _, e) = Cli(dir);
        Assert.Equal(1, code);
        Assert.Matches($@"error: {SceneId}: {System.Text.RegularExpressions.Regex.Escape(path)}: box 1 \(ID \d+\): no 'coeffs'", e);
        AssertNothingWritten(dir, path, broken);
    }

    [Fact]
    public void A_bad_lighting_or_a_missing_root_stops_the_run_with_exit_2()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"]);
        var (code, _, e) = Cli(dir, "--lighting", "moonlight");
        Assert.Equal(2, code);
        Assert.Contains("--lighting must be one of rawlight, warmlight, coldlight", e);
        var o = new StringWriter(); var err = new StringWriter();
        Assert.Equal(2, SparCli.Run(["import", "structured3d", dir["nowhere"], "--out", dir["out"]], o, err));
        Assert.Contains($"{dir["nowhere"]}: Structured3D folder not found", err.ToString());
        Assert.False(Directory.Exists(Images(dir)));
    }
}
