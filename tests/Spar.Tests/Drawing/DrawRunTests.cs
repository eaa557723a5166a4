using Spar.Dataset;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

public sealed class DrawRunTests
{
    static void WriteRecords(string path, params QaRecord[] records) =>
        File.WriteAllLines(path, records.Select(r => System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(r))));

    [Fact]
    public void Writes_each_image_and_reports_missing_images_and_clamping_without_stopping()
    {
        using var tmp = new TestPaths.TempDir();
        var root = tmp["images"];
        ImageCodec.WritePng(RgbaImage.Solid(200, 100, new Rgb(10, 20, 30)), Path.Combine(root, "s", "a.png"));
        ImageCodec.WritePng(RgbaImage.Solid(200, 100, new Rgb(40, 50, 60)), Path.Combine(root, "s", "b.png"));
        var ok = new QaRecord { Id = "ok_1", Type = "depth_prediction_oc_mv", Image = ["s/a.png", "s/b.png"], RedPoint = [[500, 500]], BluePoint = [[1500, 500]], PointImgIdx = [[1, 0]] };
        var missing = new QaRecord { Id = "missing_2", Type = "camera_motion_infer", Image = ["s/a.png", "s/nope.png"] };
        var records = tmp["r.jsonl"];
        WriteRecords(records, ok, missing);
        File.AppendAllText(records, "{not json\n");

        var issues = new List<DrawIssue>();
        var summary = new DrawRun(root, tmp["out"], parallelism: 2).Run(records, issues.Add);

        Assert.Equal(3, summary.Records);
        Assert.Equal(1, summary.RecordsDrawn);
        Assert.Equal(2, summary.ImagesWritten);
        Assert.Equal(2, summary.Errors);
        Assert.Equal(1, summary.Warnings);
        Assert.Collection(issues,
            w => { Assert.False(w.IsError); Assert.Equal(1, w.Line); Assert.Contains("1500", w.Message); },
            e => { Assert.True(e.IsError); Assert.Equal(2, e.Line); Assert.Contains("nope.png", e.Message); Assert.Contains("missing_2", e.Message); },
            e => { Assert.True(e.IsError); Assert.Equal(3, e.Line); });
        Assert.False(Directory.Exists(tmp["out/missing_2"]));

        // Red on image 1 (pii[0] = 1) at the centre, blue clamped to x = 1000 → right edge of image 0.
        var img0 = ImageCodec.Decode(tmp["out/ok_1/0.png"]);
        var img1 = ImageCodec.Decode(tmp["out/ok_1/1.png"]);
        Assert.Equal(new Rgb(255, 0, 0), img1[100, 50]);
        Assert.Equal(new Rgb(0, 0, 255), img0[199, 50]);
        Assert.Equal(new Rgb(10, 20, 30), img0[100, 50]);
    }

    [Fact]
    public void Records_sharing_an_id_each_get_their_own_folder_and_a_warning()
    {
        using var tmp = new TestPaths.TempDir();
        var root = tmp["images"];
        ImageCodec.WritePng(RgbaImage.Solid(100, 100, new Rgb(1, 2, 3)), Path.Combine(root, "a.png"));
        QaRecord At(string id, int x) => new() { Id = id, Type = "distance_prediction_oc", Image = ["a.png"], RedPoint = [[x, 500]] };
        // Two "dup"s, an empty id and "a/b" vs "a_b" (the same folder name once made file-system-safe).
        WriteRecords(tmp["r.jsonl"], At("dup", 250), At("dup", 750), At("", 500), At("a/b", 500), At("a_b", 500));
        foreach (var threads in new[] { 1, 2 })
        {
            var issues = new List<DrawIssue>();
            var outDir = tmp[$"out{threads}"];
            var summary = new DrawRun(root, outDir, parallelism: threads).Run(tmp["r.jsonl"], issues.Add);
            Assert.Equal(5, summary.RecordsDrawn);
            Assert.Equal(["_", "a_b", "a_b~L5", "dup", "dup~L2"], Directory.GetDirectories(outDir).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray());
            // Neither drawing of "dup" overwrote the other: the first has its red disc left, the second right.
            Assert.Equal(new Rgb(255, 0, 0), ImageCodec.Decode(Path.Combine(outDir, "dup", "0.png"))[25, 50]);
            Assert.Equal(new Rgb(1, 2, 3), ImageCodec.Decode(Path.Combine(outDir, "dup", "0.png"))[75, 50]);
            Assert.Equal(new Rgb(255, 0, 0), ImageCodec.Decode(Path.Combine(outDir, "dup~L2", "0.png"))[75, 50]);
            var renamed = issues.Where(i => i.Message.Contains("already drawn", StringComparison.Ordinal)).ToList();
            Assert.Equal([2L, 5L], renamed.Select(i => i.Line).ToArray());
            Assert.All(renamed, i => Assert.False(i.IsError));
            Assert.Contains("(line 1)", renamed[0].Message);
        }
    }

    [Fact]
    public void Output_is_identical_whatever_the_thread_count()
    {
        using var tmp = new TestPaths.TempDir();
        var root = tmp["images"];
        ImageCodec.WritePng(RgbaImage.Solid(120, 90, new Rgb(1, 2, 3)), Path.Combine(root, "a.png"));
        var recs = Enumerable.Range(0, 9).Select(i => new QaRecord
        {
            Id = $"r{i}", Type = "spatial_imagination_oo", Image = ["a.png"],
            RedBbox = [[i * 10, 10, 500, 500]], BlueBbox = [[1, 2, 3, 4]], GreenBbox = [[600, 600, 900, 990]], YellowBbox = [[0, 0, 1000, 1000]],
        }).ToArray();
        WriteRecords(tmp["r.jsonl"], recs);
        new DrawRun(root, tmp["o1"], parallelism: 1).Run(tmp["r.jsonl"], _ => { });
        new DrawRun(root, tmp["o2"], parallelism: 2).Run(tmp["r.jsonl"], _ => { });
        foreach (var r in recs)
            Assert.Equal(File.ReadAllBytes(tmp[$"o1/{r.Id}/0.png"]), File.ReadAllBytes(tmp[$"o2/{r.Id}/0.png"]));
    }
}
