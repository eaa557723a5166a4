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
        var tree = Tree(tmp);
        var summary = new GalleryBuilder(new GalleryOptions(tmp["g"], PerType: 3)).Build(tree, i => Assert.Fail(i.ToString()));
        // Catalogue order (depth_prediction_oc before camera_motion_infer); quota 3 spread over fill (2) and sentence (1):
        // line ⌊n·(k + phase)/q⌋ of each file, the phase a per-file constant in [0, 1).
        double P(string format) => GalleryBuilder.Phase(tree.Select().Single(f => f.TaskFolder == "depth_prediction_oc" && f.FormatFolder == format));
        string[] expected = [$"f{(int)(3 * ((0 + P("fill")) / 2)) + 1}", $"f{(int)(3 * ((1 + P("fill")) / 2)) + 1}", $"s{(int)(2 * ((0 + P("sentence")) / 1)) + 1}", "c1"];
        Assert.Equal(expected, summary.Entries.Select(e => e.Text.Id).ToArray());
        foreach (var e in summary.Entries)
        {
            var sheet = ImageCodec.Decode(Path.Combine(tmp["g"], e.SheetRelativePath));
            Assert.Equal(SampleSheet.Width, sheet.Width);
        }
        var html = File.ReadAllText(summary.IndexPath);
        Assert.Contains("about 2 &lt;meters&gt; &amp; more", html);
        Assert.True(html.IndexOf("id=\"depth_prediction_oc\"", StringComparison.Ordinal) < html.IndexOf("id=\"camera_motion_infer\"", StringComparison.Ordinal));
        Assert.Contains($"samples/0000_{expected[0]}.png", html);
    }

    [Fact]
    public void Samples_come_from_the_whole_file_and_bad_lines_keep_their_line_numbers()
    {
        // 40 records of 8 scenes in scene order (as generate and the release write them), long enough that the file is
        // over ReadWholeBelowBytes: four samples are the first records at or after (k + phase)/4 of its bytes
        // (the reference picks computed here from the lines' lengths, not by the reader under test).
        using var tmp = new TestPaths.TempDir();
        var src = tmp["spar/scannet"];
        ImageCodec.WritePng(RgbaImage.Solid(96, 72, new Rgb(50, 60, 70)), Path.Combine(src, "images", "s", "0.png"));
        var lines = new List<string>();
        for (int i = 0; i < 40; i++)
            lines.Add(System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(new QaRecord
            {
                Id = $"scene{i / 5:D4}_00_{i}", Type = "depth_prediction_oc", Image = ["s/0.png"], RedPoint = [[500, 500]], BluePoint = [[100, 100]],
                Conversations = [new("human", $"question {i} " + new string('w', 110_000 + 997 * i)), new("gpt", "2")],
            })));
        int total = lines.Sum(l => l.Length + 1);
        int LineAt(long target) { long o = 0; for (int i = 0; i < lines.Count; i++) { if (o >= target) return i; o += lines[i].Length + 1; } return -1; }
        // The line the third sample (k = 2) lands on is broken (same length, so no offset moves): the sample is the next record.
        double phase = GalleryBuilder.Phase(new QaFile("scannet", "train", "depth_prediction_oc", "fill", "", ""));
        long Target(int k) => (long)(total * ((k + phase) / 4));
        int broken = LineAt(Target(2));
        lines[broken] = "{ not json".PadRight(lines[broken].Length, 'x');
        var path = Path.Combine(src, "qa_jsonl", "train", "depth_prediction_oc", "fill", "fill_40.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        var expected = new List<string>();
        foreach (int k in new[] { 0, 1, 2, 3 })
        {
            int li = LineAt(Target(k));
            if (li == broken) li++;
            expected.Add($"scene{li / 5:D4}_00_{li}");
        }

        Assert.True(new FileInfo(path).Length > GalleryBuilder.ReadWholeBelowBytes);
        var issues = new List<GalleryIssue>();
        var summary = new GalleryBuilder(new GalleryOptions(tmp["g"], PerType: 4)).Build(SparTree.Open(tmp["spar"]), issues.Add);
        var got = summary.Entries.Select(e => e.Text.Id).ToArray();
        Assert.Equal(expected, got);
        Assert.Equal(4, got.Select(id => id[..9]).Distinct().Count());   // four different scenes, not the first one's five
        var bad = Assert.Single(issues);
        Assert.Equal(broken + 1, bad.Line);   // its line in the file, though the reader got there by seeking
        Assert.True(bad.IsError);
        Assert.Equal(path, bad.File);
    }

    [Fact]
    public void A_small_file_is_spread_by_lines_and_a_quota_as_large_as_it_takes_every_record()
    {
        using var tmp = new TestPaths.TempDir();
        var src = tmp["spar/scannet"];
        ImageCodec.WritePng(RgbaImage.Solid(96, 72, new Rgb(50, 60, 70)), Path.Combine(src, "images", "s", "0.png"));
        var path = Path.Combine(src, "qa_jsonl", "train", "depth_prediction_oc", "fill", "fill_40.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Lengths vary a lot (a spread by bytes would skip short lines): the spread is by line index, ⌊40·(k + phase)/4⌋.
        File.WriteAllLines(path, Enumerable.Range(0, 40).Select(i => System.Text.Encoding.UTF8.GetString(SparJson.SerializeRecord(new QaRecord
        {
            Id = $"r{i}", Type = "depth_prediction_oc", Image = ["s/0.png"], RedPoint = [[500, 500]], BluePoint = [[100, 100]],
            Conversations = [new("human", "q" + new string('w', i % 3 == 0 ? 2000 : 3)), new("gpt", "2")],
        }))));
        var four = new GalleryBuilder(new GalleryOptions(tmp["a"], PerType: 4)).Build(SparTree.Open(tmp["spar"]), i => Assert.Fail(i.ToString()));
        double phase = GalleryBuilder.Phase(new QaFile("scannet", "train", "depth_prediction_oc", "fill", "", ""));
        Assert.Equal(Enumerable.Range(0, 4).Select(k => $"r{(int)(40 * ((k + phase) / 4))}"), four.Entries.Select(e => e.Text.Id));
        var all = new GalleryBuilder(new GalleryOptions(tmp["b"], PerType: 40, Threads: 2)).Build(SparTree.Open(tmp["spar"]), i => Assert.Fail(i.ToString()));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"r{i}"), all.Entries.Select(e => e.Text.Id));
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
