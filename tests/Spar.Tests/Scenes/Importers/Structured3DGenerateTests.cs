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
}
