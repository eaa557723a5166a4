using Spar.Dataset;
using Spar.Drawing;
using Spar.Drawing.Gallery;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

public sealed class GalleryTests
{
    static SparTree Tree(TestPaths.TempDir tmp)
    {
        var src = tmp["spar/scannet"];
        ImageCodec.WritePng(RgbaImage.Solid(96, 72, new Rgb(50, 60, 70)), Path.Combine(src, "images", "s", "0.png"));
        void Write(string task, string format, params QaRecord[] rs)
        {
            var p = Path.Combine(src, "qa_jsonl", "train", task, format, $"{format}_{rs.Length}.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllLines(p, rs.Select(r => System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(r))));
        }
        QaRecord Rec(string id, string q) => new()
        {
            Id = id, Type = "depth_prediction_oc", Image = ["s/0.png"], RedPoint = [[500, 500]], BluePoint = [[100, 100]],
            Conversations = [new("human", q), new("gpt", "about 2 <meters> & more")],
        };
        Write("depth_prediction_oc", "fill", Rec("f1", "fill one"), Rec("f2", "fill two"), Rec("f3", "fill three"));
        Write("depth_prediction_oc", "sentence", Rec("s1", "sentence one"), Rec("s2", "sentence two"));
        Write("camera_motion_infer", "fill", new QaRecord
        {
            Id = "c1", Type = "camera_motion_infer", Image = ["s/0.png", "s/0.png"],
            Conversations = [new("human", "How did the camera move?"), new("gpt", "left")],
        });
        return SparTree.Open(tmp["spar"]);
    }

    [Fact]
    public void Picks_per_type_across_formats_and_writes_sheets_and_an_escaped_index()
    {
        using var tmp = new TestPaths.TempDir();
        var summary = new GalleryBuilder(new GalleryOptions(tmp["g"], PerType: 3)).Build(Tree(tmp), i => Assert.Fail(i.ToString()));
        // Catalogue order (depth_prediction_oc before camera_motion_infer); quota 3 spread over fill (2) and sentence (1).
        Assert.Equal(["f1", "f2", "s1", "c1"], summary.Entries.Select(e => e.Text.Id).ToArray());
        foreach (var e in summary.Entries)
        {
            var sheet = ImageCodec.Decode(Path.Combine(tmp["g"], e.SheetRelativePath));
            Assert.Equal(SampleSheet.Width, sheet.Width);
        }
        var html = File.ReadAllText(summary.IndexPath);
        Assert.Contains("about 2 &lt;meters&gt; &amp; more", html);
        Assert.True(html.IndexOf("id=\"depth_prediction_oc\"", StringComparison.Ordinal) < html.IndexOf("id=\"camera_motion_infer\"", StringComparison.Ordinal));
        Assert.Contains("samples/0000_f1.png", html);
    }

    [Fact]
    public void Ids_and_type_filters_select_exactly_those_records()
    {
        using var tmp = new TestPaths.TempDir();
        var tree = Tree(tmp);
        var byId = new GalleryBuilder(new GalleryOptions(tmp["a"], Ids: ["s2", "nope"])).Build(tree, _ => { });
        Assert.Equal(["s2"], byId.Entries.Select(e => e.Text.Id).ToArray());
        Assert.Equal(["nope"], byId.MissingIds);
        var byType = new GalleryBuilder(new GalleryOptions(tmp["b"], Types: ["camera_motion_infer"], PerType: 5)).Build(tree, _ => { });
        Assert.Equal(["c1"], byType.Entries.Select(e => e.Text.Id).ToArray());
        Assert.Throws<Spar.Util.SparException>(() => new GalleryBuilder(new GalleryOptions(tmp["c"], Types: ["bogus"])).Build(tree, _ => { }));
    }

    [Fact]
    public void Wrap_keeps_lines_within_width()
    {
        using var font = new SkiaSharp.SKFont(SampleSheet.Typeface, 18);
        var lines = SampleSheet.Wrap("word " + string.Concat(Enumerable.Repeat("x", 300)) + " tail\nnext", font, 200);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 200, l));
        Assert.Equal("next", lines[^1]);
        Assert.Equal("word", lines[0]);
    }
}
