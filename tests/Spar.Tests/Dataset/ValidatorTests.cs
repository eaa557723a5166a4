using System.Security.Cryptography;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Tests.Dataset;

public class ValidatorTests
{
    const string Img = "scene0001_00/image_color/1.jpg";
    const string DepthOc = "depth_prediction_oc";

    static string GoodDepth(string id = "scene0001_00_1", string markers = "\"red_point\": [[100, 200]], \"blue_point\": [[300, 400]]", string answer = "1.5") =>
        TreeBuilder.Record(id, DepthOc, "With the chair (red point) having a depth of 1.2 meters, how deep is the table (blue point)?", answer, [Img], markers);

    static (List<Problem> Problems, ValidateReport Report) Validate(string root, ValidateOptions? options = null)
    {
        var problems = new List<Problem>();
        var report = new Validator(SparTree.Open(root), options ?? new ValidateOptions()).Run(problems.Add);
        return (problems, report);
    }

    static TreeBuilder NewTree(TestPaths.TempDir dir)
    {
        var t = new TreeBuilder(dir["spar"]);
        t.Image("scannet", Img);
        return t;
    }

    [Fact]
    public void A_valid_tree_has_no_problems()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        t.Lines("scannet", "train", DepthOc, "fill", GoodDepth(), GoodDepth("scene0001_00_2"));
        t.Lines("scannet", "train", DepthOc, "select", TreeBuilder.Record("s1", DepthOc, "How deep?\nA. 1.0\nB. 2.0\nYour answer can only include one of options A or B.", "B", [Img], "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]"));
        var (problems, report) = Validate(dir.Path);
        Assert.Empty(problems);
        Assert.Equal(3, report.Records);
    }

    [Fact]
    public void Duplicate_ids_are_reported_where_first_seen_the_same_with_any_thread_count()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        var fill = t.Lines("scannet", "train", DepthOc, "fill", GoodDepth("a"), GoodDepth("b"), GoodDepth("a"), GoodDepth("c"), GoodDepth("a"));
        // Eight more files (after it in input order), each reusing "b" once: which file a worker finishes first must not change "first seen".
        for (int k = 0; k < 8; k++)
            t.Lines(new[] { "scannet", "scannetpp", "structured3d", "synthetic" }[k / 2], k % 2 == 0 ? "train" : "val", DepthOc, "sentence", GoodDepth($"s{k}"), GoodDepth("b"));
        var (one, oneReport) = Validate(dir.Path, new ValidateOptions { Threads = 1, SkipImages = true });
        var (four, _) = Validate(dir.Path, new ValidateOptions { Threads = 4, SkipImages = true });

        Assert.Equal(one, four);
        var rel = Path.GetRelativePath(dir["spar"], fill);
        var inFile = one.Where(p => p.Kind == "duplicate-id").ToList();
        Assert.Equal([(rel, 3L), (rel, 5L)], inFile.Select(p => (p.File, p.Line)));
        Assert.All(inFile, p => Assert.Equal($"[a] duplicate id: first seen at {rel}:1", p.Message));
        Assert.All(inFile, p => Assert.Equal(Severity.Error, p.Severity));
        var across = one.Where(p => p.Kind == "duplicate-id-across-files").ToList();
        Assert.Equal(8, across.Count);
        Assert.All(across, p => Assert.Equal(($"[b] id also used in another file: first seen at {rel}:2", 2L, Severity.Warning), (p.Message, p.Line, p.Severity)));
        Assert.Equal((2, 8), (oneReport.Errors, oneReport.Warnings));
    }

    [Fact]
    public void Invalid_json_and_a_truncated_last_line_are_reported_with_their_lines()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        t.File("scannet", "train", DepthOc, "fill", "fill_3.jsonl", GoodDepth() + "\n{not json}\n" + GoodDepth()[..40]);
        var (problems, _) = Validate(dir.Path);
        var bad = problems.Where(p => p.Kind == "invalid-json").ToList();
        Assert.Equal([2L, 3L], bad.Select(p => p.Line));
        Assert.Contains("truncated last line", bad[1].Message);
        Assert.EndsWith("fill_3.jsonl", bad[0].File);
    }

    [Fact]
    public void Bom_and_crlf_files_are_read_and_checked()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        var path = t.File("scannet", "train", DepthOc, "fill", "fill_2.jsonl", "\uFEFF" + GoodDepth() + "\r\n" + GoodDepth("x2") + "\r\n");
        var (problems, report) = Validate(dir.Path);
        Assert.Empty(problems);
        Assert.Equal(2, report.Records);
    }

    [Fact]
    public void Empty_file_bad_name_and_count_mismatch()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        t.File("scannet", "train", DepthOc, "fill", "fill_0.jsonl", "");
        t.File("scannet", "train", DepthOc, "select", "select.jsonl", "");
        t.File("scannet", "train", DepthOc, "sentence", "sentence_5.jsonl", GoodDepth() + "\n");
        var (problems, _) = Validate(dir.Path);
        Assert.Contains(problems, p => p.Kind == "empty-file" && p.File.EndsWith("fill_0.jsonl"));
        Assert.Contains(problems, p => p.Kind == "bad-name" && p.File.EndsWith("select.jsonl") && p.Severity == Severity.Error);
        Assert.Contains(problems, p => p.Kind == "count-mismatch" && p.Message.Contains("says 5") && p.Message.Contains("has 1"));
    }

    [Fact]
    public void Paths_outside_the_root_and_missing_images_are_errors()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        var rec1 = GoodDepth().Replace(Img, "../../etc/passwd");
        var rec2 = GoodDepth("b").Replace(Img, "/etc/passwd");
        var rec3 = GoodDepth("c").Replace(Img, "scene0001_00/image_color/2.jpg");
        t.Lines("scannet", "train", DepthOc, "fill", rec1, rec2, rec3);
        var (problems, _) = Validate(dir.Path);
        Assert.Equal([1L, 2L], problems.Where(p => p.Kind == "path-escape").Select(p => p.Line));
        var missing = Assert.Single(problems, p => p.Kind == "missing-file");
        Assert.Equal(3, missing.Line);
        Assert.Contains("[c]", missing.Message);
    }

    [Fact]
    public void Marker_problems_per_type()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        var mv = "scene0001_00/image_color/1.jpg";
        t.Lines("scannet", "train", "depth_prediction_oc_mv", "fill",
            // index 5 is beyond the 3 images
            TreeBuilder.Record("a", "depth_prediction_oc_mv", "q", "1.0", [mv, mv, mv], "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]], \"point_img_idx\": [[0, 5]]"),
            // missing blue_point, point outside the grid
            TreeBuilder.Record("b", "depth_prediction_oc_mv", "q", "1.0", [mv, mv, mv], "\"red_point\": [[1, 2000]], \"point_img_idx\": [[0, 1]]"),
            // unexpected marker
            TreeBuilder.Record("c", "depth_prediction_oc_mv", "q", "1.0", [mv, mv, mv], "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]], \"point_img_idx\": [[0, 1]], \"green_bbox\": [[1, 2, 3, 4]]"));
        t.Lines("scannet", "train", "obj_spatial_relation_oo_mv", "judge",
            TreeBuilder.Record("d", "obj_spatial_relation_oo_mv", "q", "Yes", [mv, mv], "\"red_bbox\": [[1, 2, 3, 4]], \"blue_bbox\": [[1, 2, 3, 4]], \"green_bbox\": [[1, 2, 3, 4]], \"bbox_img_idx\": [[0, 1]]"));
        var (problems, _) = Validate(dir.Path);
        Assert.Contains(problems, p => p.Line == 1 && p.Kind == "marker-index" && p.Message.Contains("[a]"));
        Assert.Contains(problems, p => p.Line == 2 && p.Kind == "marker-missing" && p.Message.Contains("blue_point"));
        Assert.Contains(problems, p => p.Line == 2 && p.Kind == "marker-range");
        Assert.Contains(problems, p => p.Line == 3 && p.Kind == "marker-unexpected" && p.Message.Contains("green_bbox"));
        Assert.Contains(problems, p => p.File.Contains("judge") && p.Kind == "marker-missing" && p.Message.Contains("exactly two"));
    }

    [Fact]
    public void Answers_must_fit_their_format()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        const string markers = "\"red_point\": [[1, 2]], \"blue_point\": [[3, 4]]";
        t.Lines("scannet", "train", DepthOc, "select",
            TreeBuilder.Record("a", DepthOc, "q\nA. 1\nB. 2", "C", [Img], markers),
            TreeBuilder.Record("b", DepthOc, "q without options", "A", [Img], markers));
        t.Lines("scannet", "train", DepthOc, "fill", TreeBuilder.Record("c", DepthOc, "q", "about two", [Img], markers));
        var (problems, _) = Validate(dir.Path);
        Assert.Contains(problems, p => p.Kind == "select-answer" && p.Line == 1);
        Assert.Contains(problems, p => p.Kind == "select-options" && p.Line == 2);
        Assert.Contains(problems, p => p.Kind == "fill-number" && p.File.Contains("fill"));
    }

    [Fact]
    public void Max_errors_stops_early_and_output_does_not_depend_on_threads()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        for (int f = 0; f < 6; f++)
            t.Lines("scannet", "train", $"{DepthOc}", $"fill{f}", Enumerable.Range(0, 20).Select(i => "{bad").ToArray());
        var one = Validate(dir.Path, new ValidateOptions { Threads = 1 }).Problems.Select(p => p.ToString()).ToList();
        var two = Validate(dir.Path, new ValidateOptions { Threads = 2 }).Problems.Select(p => p.ToString()).ToList();
        Assert.Equal(one, two);
        var (_, limited) = Validate(dir.Path, new ValidateOptions { MaxErrors = 5, Threads = 1 });
        Assert.True(limited.StoppedEarly);
        Assert.InRange(limited.Errors, 5, 25);
    }

    [Fact]
    public void Max_errors_counts_exactly_what_was_checked_in_input_order_whatever_the_threads()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        // 6 files of 20 lines; lines 5, 10, 15, 20 are broken: 4 errors per file, in file order fill0, fill1, …
        for (int f = 0; f < 6; f++)
            t.Lines("scannet", "train", DepthOc, $"fill{f}", Enumerable.Range(1, 20).Select(i => i % 5 == 0 ? "{bad" : GoodDepth($"r{i}")).ToArray());
        var runs = new List<(string Problems, ValidateReport Report)>();
        foreach (var threads in new[] { 1, 2, 4, 2, 4 })
        {
            var (problems, report) = Validate(dir.Path, new ValidateOptions { MaxErrors = 7, Threads = threads });
            runs.Add((string.Join("\n", problems), report));
        }
        var (first, r) = runs[0];
        // The 7th error is line 15 of the second file: 2 files begun, 20 + 15 records, one unknown-format warning each.
        Assert.True(r.StoppedEarly);
        Assert.Equal((2L, 6L, 35L, 7L, 2L), (r.Files, r.TotalFiles, r.Records, r.Errors, r.Warnings));
        Assert.Equal(Path.Combine("scannet", "qa_jsonl", "train", DepthOc, "fill1", "fill1_20.jsonl") + ":15", r.StoppedAt);
        Assert.Equal(9, first.Split('\n').Length);
        foreach (var (problems, report) in runs.Skip(1))
        {
            Assert.Equal(first, problems);
            Assert.Equal((r.Files, r.Records, r.Bytes, r.StoppedAt), (report.Files, report.Records, report.Bytes, report.StoppedAt));
            Assert.Equal(r.CountsByKind.OrderBy(kv => kv.Key.ToString()), report.CountsByKind.OrderBy(kv => kv.Key.ToString()));
        }
        // Without a limit nothing stops and every file counts.
        var (_, all) = Validate(dir.Path, new ValidateOptions { Threads = 2 });
        Assert.Equal((false, 6L, 120L, 24L), (all.StoppedEarly, all.Files, all.Records, all.Errors));
    }

    [Fact]
    public void Input_files_are_never_changed()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        var path = t.File("scannet", "train", DepthOc, "fill", "fill_9.jsonl", "{bad\n" + GoodDepth());
        var before = SHA256.HashData(File.ReadAllBytes(path));
        Validate(dir.Path);
        IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"], Validate = true });
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_file_where_a_directory_is_expected_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["not-a-dir"], "x");
        var e = Assert.Throws<SparException>(() => SparTree.Open(dir["not-a-dir"]));
        Assert.Contains("is a file", e.Message);
        Assert.Throws<SparException>(() => SparTree.Open(dir["missing"]));
    }

    [Fact]
    public void Unreadable_files_are_reported_not_fatal()
    {
        // A dangling link cannot be opened even by root (permission bits would not stop root).
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        var path = t.Lines("scannet", "train", DepthOc, "fill", GoodDepth());
        File.Delete(path);
        File.CreateSymbolicLink(path, dir["nowhere.jsonl"]);
        var (problems, _) = Validate(dir.Path);
        Assert.Contains(problems, p => p.Kind == "unreadable" && p.File.EndsWith("fill_1.jsonl"));
        var index = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"] });
        Assert.Contains(index.Problems, p => p.Kind == "unreadable");
    }

    [Fact]
    public void Index_with_validate_leaves_unparseable_and_misnamed_files_out()
    {
        using var dir = new TestPaths.TempDir();
        var t = NewTree(dir);
        t.File("scannet", "train", DepthOc, "fill", "fill_2.jsonl", GoodDepth() + "\n{oops\n");
        t.File("scannet", "train", DepthOc, "select", "select.jsonl", GoodDepth() + "\n");
        t.Lines("scannet", "train", DepthOc, "sentence", GoodDepth());
        var report = IndexBuilder.Build(SparTree.Open(dir["spar"]), new IndexOptions { OutDir = dir["out"], Validate = true });
        Assert.True(report.HasErrors);
        var output = Assert.Single(report.Outputs);
        Assert.Equal(1, output.Entries);
        Assert.Contains(report.Problems, p => p.Kind == "invalid-json" && p.Line == 2);
        Assert.Contains(report.Problems, p => p.Kind == "bad-name");
    }
}
