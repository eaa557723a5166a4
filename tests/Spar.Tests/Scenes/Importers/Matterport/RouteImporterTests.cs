using Spar.Cli;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers.Matterport;
using static Spar.Tests.Scenes.Importers.Matterport.RouteFixture;

namespace Spar.Tests.Scenes.Importers.Matterport;

public class RouteImporterTests
{
    const string SceneId = Scan + "_path11";

    static string Guide(RouteFixture f, params string[] lines)
    {
        var path = Path.Combine(f.Root, "rxr_train_guide.jsonl.gz");
        WriteGz(path, string.Join('\n', lines) + "\n");
        return path;
    }

    static string[] TwoLanguages(double heading = 0) =>
    [
        RxrLine(7, "en-IN", 11, [A, B, C], heading, "Walk straight ahead, then bear right to the sofa."),
        RxrLine(8, "hi-IN", 11, [A, B, C], heading, "सीधे चलें, फिर दाएँ मुड़ें।"),
    ];

    static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = SparCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static Scene ImportRxr(TestPaths.TempDir dir, RouteFixture f, string guide, params string[] extra)
    {
        var (code, o, e) = Cli(["import", "rxr", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"], "--threads", "2", .. extra]);
        Assert.True(code == 0, o + e);
        Assert.Contains($"{SceneId}: 3 viewpoints, 6.00 m, ", o);
        var read = SceneJson.Read(Path.Combine(dir["out"], "rxr", "images", SceneId, "scene.json"));
        Assert.Empty(read.Warnings);
        return read.Scene;
    }

    [Fact]
    public void Route_length_is_the_sum_of_edge_weights_and_instructions_keep_their_languages()
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        var scene = ImportRxr(dir, f, Guide(f, TwoLanguages()));
        var route = scene.Route!;
        Assert.Equal(((PB - PA).Length + (PC - PB).Length), route.LengthMeters, 12);
        Assert.Equal(6.0, route.LengthMeters, 9);
        Assert.Equal([A, B, C], route.Viewpoints.Select(v => v.Id));
        Assert.Equal([PA, PB, PC], route.Viewpoints.Select(v => v.Position));
        Assert.Equal(("rxr", "11", Scan), (route.Dataset, route.PathId, route.Scan));
        Assert.Equal([("7", "en-IN"), ("8", "hi-IN")], route.Instructions.Select(i => (i.Id, i.Language)));
        Assert.Equal("सीधे चलें, फिर दाएँ मुड़ें।", route.Instructions[1].Text);
        // Start heading as given, then along the next edge, the last along the last edge: 0, 60°, 60°.
        Assert.Equal(0, route.Viewpoints[0].Heading);
        Assert.Equal(Math.PI / 3, route.Viewpoints[1].Heading, 12);
        Assert.Equal(Math.PI / 3, route.Viewpoints[2].Heading, 12);
        Assert.Empty(scene.Objects);
    }

    [Fact]
    public void Frames_are_the_level_images_facing_along_the_path_as_the_video()
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        var scene = ImportRxr(dir, f, Guide(f, TwoLanguages()));
        // Level camera 1; yaw 0 (heading 0°) at A, yaw 1 (60°) at B and C.
        Assert.Equal([$"{A}_i1_0", $"{B}_i1_1", $"{C}_i1_1"], scene.Route!.Viewpoints.Select(v => v.Image));
        var video = scene.VideoFrames.ToList();
        Assert.Equal(3, video.Count);
        Assert.Equal([$"{SceneId}/video_color/frame0_0.jpg", $"{SceneId}/video_color/frame1_1.jpg", $"{SceneId}/video_color/frame2_2.jpg"], video.Select(v => v.Video!.ImagePath));
        // The pose is the image's own (.conf, OpenCV): forward = heading 60° at B, written here as (sin 60°, cos 60°, 0).
        var forward = video[1].Pose.Column3(2);
        Assert.True((forward - new Vec3(Math.Sin(Math.PI / 3), Math.Cos(Math.PI / 3), 0)).Length < 1e-12, forward.ToString());
        Assert.True((video[1].Pose.TranslationPart - PB).Length < 1e-12);
        var images = Path.Combine(dir["out"], "rxr", "images");
        Assert.Equal("0\n1\n2\n", File.ReadAllText(Path.Combine(images, SceneId, "video_idx.txt")));
        Assert.True(File.Exists(Path.Combine(images, SceneId, "image_depth", "1.png")));
    }

    [Theory]
    [InlineData(0.0, "move forward 3.0 m, turn right 60 degrees, move forward 3.0 m")]
    [InlineData(Math.PI, "turn around, move forward 3.0 m, turn right 60 degrees, move forward 3.0 m")]
    public void Generate_nav_asks_for_the_real_route_with_its_turns(double heading, string steps)
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        ImportRxr(dir, f, Guide(f, TwoLanguages(heading)));
        var (code, o, e) = Cli(["generate", "--scenes", Path.Combine(dir["out"], "rxr", "images"), "--out", dir["qa"], "--tasks", "nav",
            "--per-scene", "1", "--val-fraction", "0", "--threads", "1"]);
        Assert.True(code == 0, o + e);
        var file = Assert.Single(Directory.GetFiles(dir["qa"], "*.jsonl", SearchOption.AllDirectories));
        var line = Assert.Single(File.ReadAllLines(file));
        Assert.Contains(steps, line);
        Assert.Contains("Frame-3", line);
        (code, o, e) = Cli(["validate", dir["qa"]]);
        Assert.True(code == 0, o + e);
    }

    [Fact]
    public void Languages_filter_keeps_only_those_instructions()
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        var scene = ImportRxr(dir, f, Guide(f, TwoLanguages()), "--languages", "hi-IN");
        Assert.Equal(["hi-IN"], scene.Route!.Instructions.Select(i => i.Language));
    }

    [Fact]
    public void R2R_paths_import_with_their_three_English_instructions()
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        var r2r = Path.Combine(f.Root, "R2R_train.json");
        File.WriteAllText(r2r, $"[{{\"distance\": 6.0, \"scan\": \"{Scan}\", \"path_id\": 11, \"path\": [\"{A}\", \"{B}\", \"{C}\"], \"heading\": 0, " +
            "\"instructions\": [\"Go forward.\", \"Walk ahead and right.\", \"Head to the sofa.\"]}]");
        var (code, o, e) = Cli(["import", "r2r", r2r, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"]]);
        Assert.True(code == 0, o + e);
        var route = SceneJson.Read(Path.Combine(dir["out"], "r2r", "images", SceneId, "scene.json")).Scene.Route!;
        Assert.Equal([("11_0", "en"), ("11_1", "en"), ("11_2", "en")], route.Instructions.Select(i => (i.Id, i.Language)));
        Assert.Equal("r2r", route.Dataset);

        // The other dataset's command names the file's shape instead of importing it under the wrong name.
        (code, _, e) = Cli(["import", "rxr", r2r, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out2"]]);
        Assert.Equal(2, code);
        Assert.Contains($"{r2r}: record 0: an R2R record (an 'instructions' list); import it with spar import r2r", e);
        var guide = Guide(f, TwoLanguages());
        (code, _, e) = Cli(["import", "r2r", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out2"]]);
        Assert.Equal(2, code);
        Assert.Contains($"{guide}:1: an RxR record", e);
    }

    [Theory]
    [InlineData("excluded", "viewpoint 3 (" + D + ") is not included in")]
    [InlineData("no-edge", "step 1 (" + A + " → " + C + ") is not an edge of")]
    [InlineData("unknown", "viewpoint 2 (eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee4) is not in")]
    public void A_path_off_the_graph_fails_its_scene_naming_the_line(string kind, string expected)
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        string[] path = kind switch
        {
            "excluded" => [B, C, D],
            "no-edge" => [A, C],
            _ => [A, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee4"],
        };
        var guide = Guide(f, RxrLine(7, "en-US", 12, [A, B], 0, "ok"), RxrLine(9, "en-US", 11, path, 0, "bad"));
        var (code, o, e) = Cli(["import", "rxr", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"]]);
        Assert.Equal(1, code);
        Assert.Contains($"error: {SceneId}: {guide}:2: path_id 11: {expected}", e);
        Assert.Contains("imported 1 scene(s), 1 failed", o);
    }

    [Fact]
    public void Bad_files_are_named_with_their_line_or_viewpoint()
    {
        using var dir = new TestPaths.TempDir();
        var f = RouteFixture.Write(dir["ds"]);
        var guide = Guide(f, TwoLanguages()[0], "{\"path_id\": 12, \"scan\": \"" + Scan + "\", \"path\": [");
        var (code, _, e) = Cli(["import", "rxr", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"]]);
        Assert.Equal(2, code);
        Assert.Contains($"{guide}:2:", e);

        guide = Guide(f, RxrLine(7, "en-IN", 11, [A, B], 0, "x"), RxrLine(8, "en-US", 11, [A, C], 0, "y"));
        (code, _, e) = Cli(["import", "rxr", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"]]);
        Assert.Equal(2, code);
        Assert.Contains($"{guide}:2: path_id 11 has another scan, path or heading than at {guide}:1", e);

        File.WriteAllText(f.GraphFile, GraphText(asymmetric: true));
        guide = Guide(f, TwoLanguages());
        (code, _, e) = Cli(["import", "rxr", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"]]);
        Assert.Equal(1, code);
        Assert.Contains($"{f.GraphFile}: viewpoint 1 ({B}) and 2 ({C}): unobstructed one way only", e);

        // An unobstructed entry that is not a boolean is named where it is, not read as false (which would surface
        // later as a path step that "is not an edge").
        var graph = GraphText();
        int at = graph.IndexOf("\"unobstructed\": [", StringComparison.Ordinal) + "\"unobstructed\": [".Length;
        int end = graph.IndexOfAny([',', ']'], at);
        File.WriteAllText(f.GraphFile, graph[..at] + "1" + graph[end..]);
        (code, _, e) = Cli(["import", "rxr", guide, "--matterport", f.Scans, "--connectivity", f.Connectivity, "--out", dir["out"]]);
        Assert.Equal(1, code);
        Assert.Contains($"{f.GraphFile}: viewpoint 0 ({A}): unobstructed[0] must be true or false", e);
    }
}
