using Spar.Cli;
using static Spar.Tests.Scenes.Importers.Structured3DFixture;

namespace Spar.Tests.Scenes.Importers;

/// <summary>An imported Structured3D room is a scene <c>spar generate</c> takes, and what it writes passes <c>spar validate</c>.</summary>
public class Structured3DGenerateTests
{
    [Fact]
    public void Generate_runs_on_an_imported_room_and_validate_passes()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"], frames: 4, extraViews: 6);
        var o = new StringWriter(); var e = new StringWriter();
        Assert.True(SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["scenes"], "--threads", "1"], o, e) == 0, e.ToString());

        string[] tasks = ["depth_prediction_oc", "distance_prediction_oo", "spatial_volume_infer", "position_matching"];
        o = new StringWriter(); e = new StringWriter();
        int code = SparCli.Run(["generate", "--scenes", Path.Combine(dir["scenes"], "structured3d", "images"), "--out", dir["qa"],
            "--tasks", .. tasks, "--per-scene", "5", "--val-fraction", "0", "--threads", "1"], o, e);
        Assert.True(code == 0, o + "\n" + e);
        var files = Directory.GetFiles(dir["qa"], "*.jsonl", SearchOption.AllDirectories);
        var written = files.Select(f => f.Replace('\\', '/').Split('/')[^3]).Distinct().Order().ToArray();
        Assert.True(written.Length >= 3, $"generate wrote only {string.Join(", ", written)}:\n{o}\n{e}");
        Assert.All(files, f => Assert.Contains("/structured3d/qa_jsonl/", f.Replace('\\', '/')));
        Assert.True(files.Sum(f => File.ReadLines(f).Count()) >= 5);

        o = new StringWriter(); e = new StringWriter();
        code = SparCli.Run(["validate", dir["qa"]], o, e);
        Assert.True(code == 0, o + "\n" + e);
    }

    [Fact]
    public void Video_types_are_rejected_with_the_reason_in_the_manifest()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"], frames: 4, extraViews: 6);
        var o = new StringWriter(); var e = new StringWriter();
        Assert.True(SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["scenes"], "--threads", "1"], o, e) == 0, e.ToString());
        o = new StringWriter(); e = new StringWriter();
        int code = SparCli.Run(["generate", "--scenes", Path.Combine(dir["scenes"], "structured3d", "images"), "--out", dir["qa"],
            "--tasks", "obj_count", "depth_prediction_oc", "--per-scene", "5", "--val-fraction", "0", "--threads", "1"], o, e);
        Assert.True(code == 0, o + "\n" + e);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir["qa"], "generate_manifest.json")));
        var rejected = doc.RootElement.GetProperty("rejected").EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())).ToList();
        const string reason = "no-video (Structured3D has separate rendered views, no camera trajectory; SPAR-7M has no video types for it)";
        // obj_count has fill and sentence formats; each is rejected once for the one room, with the reason.
        Assert.Contains(("obj_count/fill/" + reason, 1L), rejected);
        Assert.Contains(("obj_count/sentence/" + reason, 1L), rejected);
        Assert.DoesNotContain(rejected, r => r.Name.StartsWith("obj_count/", StringComparison.Ordinal) && !r.Name.EndsWith(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(dir["qa"], "*.jsonl", SearchOption.AllDirectories), f => f.Contains("obj_count", StringComparison.Ordinal));
        Assert.Contains(doc.RootElement.GetProperty("records").EnumerateObject(), p => p.Name.Contains("depth_prediction_oc", StringComparison.Ordinal));
    }
}
