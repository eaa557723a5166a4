using Parquet;
using Parquet.Schema;
using Spar.Dataset.Hub;
using Spar.Tests.Cli;
using Spar.Util;

namespace Spar.Tests.Dataset.Hub;

/// <summary>
/// <c>spar import spar7m</c> on parquet files in the Hub's column layout: the real SPAR-7M records of shared/real/spar7m
/// must come back byte for byte as the release's jsonl lines.
/// </summary>
public class Spar7mImportTests
{
    static string Real(string relative) => Path.Combine(TestPaths.Shared, "real", "spar7m", "spar", relative);

    static readonly string[] RealFiles =
    [
        "scannet/qa_jsonl/train/depth_prediction_oc/sentence/sentence_1.jsonl",
        "scannet/qa_jsonl/train/depth_prediction_oo_mv/fill/fill_1.jsonl",
    ];

    /// <summary>Written by DuckDB (bench/scripts/make-hub-parquet-fixture.mjs): image paths with the spar/scannet/images/ prefix, BIGINT[][] markers, NULL where a record has no marker.</summary>
    static readonly string DuckDbFixture = Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Dataset", "Fixtures", "duckdb_hub_spar7m.parquet");

    [Fact]
    public void DuckDB_written_hub_parquet_of_the_real_records_gives_the_release_files_byte_for_byte()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, output, err) = CliRunner.Run("import", "spar7m", DuckDbFixture, "--out", dir["spar"]);
        Assert.True(exit == 0, err);
        foreach (var relative in RealFiles)
            Assert.Equal(File.ReadAllBytes(Real(relative)), File.ReadAllBytes(Path.Combine(dir["spar"], relative)));
        Assert.Equal(RealFiles.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(dir["spar"], "*.jsonl", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir["spar"], f)).Order(StringComparer.Ordinal));
        Assert.Contains("imported 2 of 2 rows into 2 files, 0 bad rows", output);
        Assert.Contains("note: 5 image/depth paths began with", err); // 4 image paths and 1 depth path had the prefix
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir["spar"]), e => e.EndsWith(".tmp", StringComparison.Ordinal));

        // The result is a tree spar's own tools read: validate (format checks) passes on it.
        (exit, output, err) = CliRunner.Run("validate", dir["spar"], "--skip-images");
        Assert.True(exit == 0, output + err);

        // Through the page cache (--direct-io off): the same files; a value other than auto/on/off is refused by name.
        (exit, _, err) = CliRunner.Run("import", "spar7m", DuckDbFixture, "--out", dir["paged"], "--direct-io", "off");
        Assert.True(exit == 0, err);
        foreach (var relative in RealFiles)
            Assert.Equal(File.ReadAllBytes(Real(relative)), File.ReadAllBytes(Path.Combine(dir["paged"], relative)));
        (exit, _, err) = CliRunner.Run("import", "spar7m", DuckDbFixture, "--out", dir["bad"], "--direct-io", "sometimes");
        Assert.NotEqual(0, exit);
        Assert.Contains("sometimes", err);
        Assert.False(Directory.Exists(dir["bad"]));
    }

    [Fact]
    public async Task Parquet_Net_layout_with_doubles_unknown_columns_and_bad_rows()
    {
        using var dir = new TestPaths.TempDir();
        var file = dir["hub.parquet"];
        await HubParquet.WriteAsync(file,
        [
            new HubRow("scene0000_00_1", "obj_spatial_relation_oo", "select", "Is the red box left of the blue box?\nA. yes", "A",
                ["scene0000_00/image_color/10.jpg"]) { RedBbox = [[1, 2, 300, 400.5]], BlueBbox = [[5, 6, 7, 8]], Extra = "x\u00e9\"" },
            new HubRow(null, "obj_count", "fill", "q", "3", ["scene0000_00/image_color/1.jpg"]),
            new HubRow("scene0000_00_3", "obj_count", "fill", null, "3", ["scene0000_00/image_color/1.jpg"]),
            new HubRow("scene0000_00_4", "../evil", "fill", "q", "3", ["scene0000_00/image_color/1.jpg"]),
            new HubRow("0a5c013435_7", "nav", "sentence", "Where?", "Left.", ["0a5c013435/video_color/frame0_0.jpg"]) { Extra = null },
            new HubRow("mystery_5", "obj_count", "fill", "q", "3", ["x/image_color/1.jpg"]),
            new HubRow("scene0000_00_6", "obj_count", "fill", "q", "4", []),
        ]);
        var bad = new List<BadRow>();
        var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(file, dir["out"]), bad.Add);

        Assert.True((7L, 2L, 5L) == (report.Rows, report.Records, report.BadRows), string.Join("\n", bad) + string.Join("\n", report.Files));
        Assert.Equal([(1L, null, "no id"), (2, "scene0000_00_3", "no question"), (3, "scene0000_00_4", "qa_type '../evil' cannot be a folder name")],
            bad.Take(3).Select(b => (b.Row, b.Id, b.Reason)));
        Assert.Equal((5L, "mystery_5"), (bad[3].Row, bad[3].Id));
        Assert.StartsWith("cannot tell the source", bad[3].Reason);
        Assert.Equal((6L, "empty image list"), (bad[4].Row, bad[4].Reason));
        Assert.All(bad, b => Assert.Equal(file, b.File));
        Assert.Equal($"{file}: row 2 (id scene0000_00_3): no question", bad[1].ToString());

        // Integral doubles in a marker column print as integers, the rest as Python floats; the unknown column follows
        // the markers, with Python's escapes; the absent one is left out.
        Assert.Equal(
            "{\"id\": \"scene0000_00_1\", \"conversations\": [{\"from\": \"human\", \"value\": \"Is the red box left of the blue box?\\nA. yes\"}, " +
            "{\"from\": \"gpt\", \"value\": \"A\"}], \"image\": [\"scene0000_00/image_color/10.jpg\"], \"type\": \"obj_spatial_relation_oo\", " +
            "\"red_bbox\": [[1, 2, 300, 400.5]], \"blue_bbox\": [[5, 6, 7, 8]], \"difficulty\": \"x\u00e9\\\"\"}\n",
            File.ReadAllText(dir["out/scannet/qa_jsonl/train/obj_spatial_relation_oo/select/select_1.jsonl"]));
        // nav records live in nav_video/ (format.md §1); a 10-hex scene id is ScanNet++.
        Assert.Equal(
            "{\"id\": \"0a5c013435_7\", \"conversations\": [{\"from\": \"human\", \"value\": \"Where?\"}, {\"from\": \"gpt\", \"value\": \"Left.\"}], " +
            "\"image\": [\"0a5c013435/video_color/frame0_0.jpg\"], \"type\": \"nav\"}\n",
            File.ReadAllText(dir["out/scannetpp/qa_jsonl/train/nav_video/sentence/sentence_1.jsonl"]));
        Assert.Contains(report.Notes, n => n.Contains("column 'difficulty' is not a SPAR record field: kept"));
        Assert.Contains(report.Notes, n => n.Contains("no 'split' column"));
        Assert.Contains(report.Notes, n => n.Contains("source taken from the record id (2 rows)"));
        Assert.Contains(report.Notes, n => n.Contains("column 'blob' not understood (its values are binary)"));
    }

    /// <summary>12,000 rows of ~1,100 bytes in one row group, in four files (two types × two formats).</summary>
    static Task WriteBigAsync(string path)
    {
        var question = string.Concat(Enumerable.Repeat("How far is the chair (red point) from the table? ", 20));
        var rows = Enumerable.Range(0, 12000).Select(i => new HubRow($"scene0000_00_{i}", i % 3 == 0 ? "obj_count" : "nav", i % 2 == 0 ? "fill" : "select",
            question + i, i.ToString(), [$"scene0000_00/image_color/{i}.jpg"])).ToList();
        return HubParquet.WriteAsync(path, rows);
    }

    [Fact]
    public async Task Output_larger_than_the_writer_batches_keeps_every_line_in_row_order()
    {
        // 12,000 rows of ~1,100 bytes in one row group: several slices (Spar7mImportOptions.SliceRows), converted on
        // several threads and handed to the writer, within one row group.
        using var dir = new TestPaths.TempDir();
        await WriteBigAsync(dir["big.parquet"]);
        var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["big.parquet"], dir["out"]), _ => { });
        Assert.Equal(12000L, report.Records);
        long bytes = 0;
        var seen = new List<int>();
        foreach (var f in report.Files)
        {
            var path = Path.Combine(dir["out"], f.RelativePath);
            bytes += new FileInfo(path).Length;
            var ids = File.ReadLines(path).Select(l => int.Parse(l[(l.IndexOf("scene0000_00_", StringComparison.Ordinal) + 13)..l.IndexOf('"', 8)])).ToList();
            Assert.Equal(ids.Order(), ids); // each file's lines in the parquet's row order
            Assert.Equal(f.Records, ids.Count);
            seen.AddRange(ids);
        }
        Assert.True(bytes > 2 * StreamSetFlushBytes, $"{bytes} bytes: the test must span several writer batches");
        Assert.Equal(Enumerable.Range(0, 12000), seen.Order());
    }

    [Fact]
    public async Task Direct_and_page_cache_writes_give_the_same_files()
    {
        // ~13 MB of lines in four files: many direct blocks per file and a partial last block in each.
        using var dir = new TestPaths.TempDir();
        await WriteBigAsync(dir["big.parquet"]);
        Dictionary<string, byte[]> Import(string name, bool? direct, out Spar7mImportReport report)
        {
            report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["big.parquet"], dir[name]) { DirectWrites = direct }, _ => { });
            return Directory.EnumerateFiles(dir[name], "*.jsonl", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir[name], f), File.ReadAllBytes);
        }
        var plain = Import("plain", false, out var plainReport);
        Assert.False(plainReport.DirectWrites);
        Assert.True(plain.Values.Sum(b => (long)b.Length) > 10_000_000);
        foreach (var (name, direct) in new[] { ("auto", (bool?)null), ("on", true) })
        {
            var files = Import(name, direct, out var report);
            // On ext4/xfs (this project's machines) the default is direct; "on" is direct wherever the kernel takes it.
            bool expected = direct == true ? DirectIo.Probe(dir.Path, anyFileSystem: true) : DirectIo.FileSystemOf(dir.Path) is "ext4" or "xfs" && DirectIo.Probe(dir.Path);
            Assert.Equal(expected, report.DirectWrites);
            Assert.Equal(plain.Keys.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
            foreach (var (file, bytes) in plain) Assert.True(bytes.AsSpan().SequenceEqual(files[file]), $"{file} differs written with --direct-io {name}");
            Assert.Equal(plainReport.Files, report.Files);
        }
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories), e => e.Contains(".direct-io-probe", StringComparison.Ordinal) || e.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_marker_column_null_in_a_whole_row_group_is_left_out_and_empty_lists_are_kept()
    {
        // Row groups of four: red_bbox null in every row of the first (the assembly's whole-group shortcut), an empty
        // list in every row of the second (one level above null: not the shortcut), mixed in the third; blue_bbox null
        // everywhere. Expected from the rows themselves: a null marker leaves its key out, as the release does.
        using var dir = new TestPaths.TempDir();
        double[][]?[] red = [null, null, null, null, [], [], [], [], [[1, 2, 3, 4]], null, [], [[]]];
        string[] expected = ["", "", "", "", "[]", "[]", "[]", "[]", "[[1, 2, 3, 4]]", "", "[]", "[[]]"];
        var rows = red.Select((b, i) => new HubRow($"scene0000_00_{i}", "obj_count", "fill", $"q{i}", "3", [$"scene0000_00/image_color/{i}.jpg"]) { RedBbox = b }).ToList();
        await HubParquet.WriteAsync(dir["nulls.parquet"], rows, rowsPerGroup: 4);
        var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["nulls.parquet"], dir["out"]) { SliceRows = 3 }, _ => { });
        var lines = File.ReadAllLines(Path.Combine(dir["out"], report.Files.Single().RelativePath));
        Assert.Equal(12, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.StartsWith($"{{\"id\": \"scene0000_00_{i}\", ", lines[i]);
            Assert.DoesNotContain("blue_bbox", lines[i]);
            if (expected[i] == "") Assert.DoesNotContain("red_bbox", lines[i]);
            else
            {
                int at = lines[i].IndexOf(", \"red_bbox\": ", StringComparison.Ordinal) + ", \"red_bbox\": ".Length;
                Assert.True(at >= ", \"red_bbox\": ".Length, lines[i]);
                var rest = lines[i][at..];
                Assert.True(rest == expected[i] + "}" || rest.StartsWith(expected[i] + ", \"", StringComparison.Ordinal), lines[i]);
            }
        }
    }

    [Fact]
    public async Task Rows_of_one_file_stay_in_row_order_when_their_source_is_found_different_ways()
    {
        // A source column that is empty in some rows: those rows' source comes from the image path prefix instead. Both
        // ways name the same source and so the same file, whose lines must still follow the parquet's row order.
        using var dir = new TestPaths.TempDir();
        var rows = Enumerable.Range(0, 40).Select(i => new HubRow($"scene0000_00_{i}", "obj_count", "fill", $"q{i}", "3",
            [$"spar/scannet/images/scene0000_00/image_color/{i}.jpg"]) { Source = i % 3 == 0 ? null : "scannet" }).ToList();
        await HubParquet.WriteAsync(dir["mixed.parquet"], rows);
        var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["mixed.parquet"], dir["out"]), _ => { });
        Assert.True(40L == report.Records, string.Join(", ", report.Files));
        var file = Assert.Single(report.Files); // one source, one file: both ways found "scannet"
        Assert.Equal(40L, file.Records);
        var ids = File.ReadLines(Path.Combine(dir["out"], file.RelativePath))
            .Select(l => int.Parse(l[(l.IndexOf("scene0000_00_", StringComparison.Ordinal) + 13)..l.IndexOf('"', 8)])).ToList();
        Assert.Equal(Enumerable.Range(0, 40), ids);
    }

    [Fact]
    public async Task Each_row_s_source_comes_from_its_own_image_path_prefix()
    {
        // Prefixes changing from row to row (the converter remembers the last one): spar/<official>/images/,
        // <official>/images/, spar/<other>/images/, and a path whose first folder is not an official source (no prefix:
        // the source comes from the id, the path is kept whole).
        using var dir = new TestPaths.TempDir();
        string[] paths = ["spar/scannet/images/s/image_color/{0}.jpg", "scannetpp/images/s/image_color/{0}.jpg",
            "spar/custom/images/s/image_color/{0}.jpg", "custom/images/s/image_color/{0}.jpg", "spar/scannet/images/s/image_color/{0}.jpg"];
        var rows = Enumerable.Range(0, 50).Select(i => new HubRow($"scene0000_00_{i}", "obj_count", "fill", $"q{i}", "3",
            [string.Format(System.Globalization.CultureInfo.InvariantCulture, paths[i % 5], i)])).ToList();
        await HubParquet.WriteAsync(dir["prefixes.parquet"], rows);
        var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["prefixes.parquet"], dir["out"]) { SliceRows = 7 }, _ => { });
        Assert.Equal(50L, report.Records);
        var lines = report.Files.ToDictionary(f => f.RelativePath.Split('/')[0], f => File.ReadAllLines(Path.Combine(dir["out"], f.RelativePath)));
        Assert.Equal(["custom", "scannet", "scannetpp"], lines.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 5 == 2).Select(i => $"\"image\": [\"s/image_color/{i}.jpg\"]"),
            lines["custom"].Select(l => l[l.IndexOf("\"image\"", StringComparison.Ordinal)..(l.IndexOf(']', l.IndexOf("\"image\"", StringComparison.Ordinal)) + 1)]));
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 5 == 1).Select(i => $"\"image\": [\"s/image_color/{i}.jpg\"]"),
            lines["scannetpp"].Select(l => l[l.IndexOf("\"image\"", StringComparison.Ordinal)..(l.IndexOf(']', l.IndexOf("\"image\"", StringComparison.Ordinal)) + 1)]));
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 5 is 0 or 3 or 4).Select(i => i % 5 == 3 ? $"\"image\": [\"custom/images/s/image_color/{i}.jpg\"]" : $"\"image\": [\"s/image_color/{i}.jpg\"]"),
            lines["scannet"].Select(l => l[l.IndexOf("\"image\"", StringComparison.Ordinal)..(l.IndexOf(']', l.IndexOf("\"image\"", StringComparison.Ordinal)) + 1)]));
    }

    [Fact]
    public async Task Hundreds_of_types_each_get_their_own_file()
    {
        // 300 distinct (unknown) types: more output targets than the converter's first table holds, so it grows.
        using var dir = new TestPaths.TempDir();
        // Single-letter names too (the shortest a folder name can be).
        var rows = Enumerable.Range(0, 1200).Select(i => new HubRow($"scene0000_00_{i}", i % 300 == 7 ? "x" : $"t{i % 300}", i % 300 == 7 ? "f" : "fill", $"q{i}", "3",
            [$"scene0000_00/image_color/{i}.jpg"])).ToList();
        await HubParquet.WriteAsync(dir["types.parquet"], rows);
        var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["types.parquet"], dir["out"]) { Threads = 2, SliceRows = 100 }, _ => { });
        Assert.Equal(1200L, report.Records);
        for (int t = 0; t < 300; t++)
        {
            var ids = File.ReadLines(dir[t == 7 ? "out/scannet/qa_jsonl/train/x/f/f_4.jsonl" : $"out/scannet/qa_jsonl/train/t{t}/fill/fill_4.jsonl"])
                .Select(l => int.Parse(l[(l.IndexOf("scene0000_00_", StringComparison.Ordinal) + 13)..l.IndexOf('"', 8)])).ToList();
            Assert.Equal(Enumerable.Range(0, 4).Select(k => t + 300 * k), ids);
        }
    }

    const int StreamSetFlushBytes = 4 << 20; // a few of the writer's 4 MiB batches, as the writer worked before slices

    [Fact]
    public async Task The_same_bytes_bad_rows_and_notes_whatever_the_threads_and_slices()
    {
        // Five row groups of 700 rows (the last one short), 48 streams' worth of names, a bad row every 97th: converted
        // by one thread in whole row groups, then by 2 and 3 threads in slices of 64 and 1 rows, where the slices of a
        // stream are converted out of order and must still be written in row order.
        using var dir = new TestPaths.TempDir();
        string[] types = ["obj_count", "nav", "depth_prediction_oc", "no_such_type"], formats = ["fill", "select", "sentence"];
        var rows = Enumerable.Range(0, 3210).Select(i => new HubRow(i % 97 == 5 ? null : $"scene{i % 7:0000}_00_{i}", types[i % types.Length],
            formats[i / 3 % formats.Length], $"How many chairs (row {i})?" + new string('x', i % 300), (i % 11).ToString(),
            i % 89 == 3 ? [] : [$"scene{i % 7:0000}_00/image_color/{i}.jpg"]) { RedBbox = i % 2 == 0 ? [[i, 2, 3, 4.5]] : null, Extra = i % 5 == 0 ? null : $"e{i}" }).ToList();
        await HubParquet.WriteAsync(dir["many.parquet"], rows, rowsPerGroup: 700);

        (Spar7mImportReport Report, List<BadRow> Bad, Dictionary<string, byte[]> Files) Import(string name, int threads, int sliceRows)
        {
            var bad = new List<BadRow>();
            var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["many.parquet"], dir[name]) { Threads = threads, SliceRows = sliceRows }, bad.Add);
            var files = Directory.EnumerateFiles(dir[name], "*.jsonl", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(dir[name], f), File.ReadAllBytes);
            return (report, bad, files);
        }

        var one = Import("one", 1, 4096);
        Assert.True(one.Report.BadRows > 30, $"{one.Report.BadRows} bad rows");
        Assert.Equal(3210L, one.Report.Rows);
        Assert.True(one.Files.Count >= 12, string.Join(", ", one.Files.Keys));
        Assert.Equal(one.Bad.Select(b => b.Row).Order(), one.Bad.Select(b => b.Row)); // reported in row order
        foreach (var (threads, slice) in new[] { (2, 64), (3, 1), (2, 700) })
        {
            var other = Import($"j{threads}-s{slice}", threads, slice);
            Assert.Equal(one.Files.Keys.Order(StringComparer.Ordinal), other.Files.Keys.Order(StringComparer.Ordinal));
            foreach (var (file, bytes) in one.Files) Assert.True(bytes.AsSpan().SequenceEqual(other.Files[file]), $"{file} differs with {threads} threads, slices of {slice}");
            Assert.Equal(one.Bad, other.Bad);
            Assert.Equal(one.Report.Notes, other.Report.Notes);
            Assert.Equal((one.Report.Rows, one.Report.Records, one.Report.BadRows), (other.Report.Rows, other.Report.Records, other.Report.BadRows));
            Assert.Equal(one.Report.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal), other.Report.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_file_without_row_groups_or_with_an_empty_one_imports_to_no_files()
    {
        // The pipeline's edge cases: no group to read at all, and a group of 0 rows between two others.
        using var dir = new TestPaths.TempDir();
        await HubParquet.WriteAsync(dir["none.parquet"], []);
        foreach (int threads in new[] { 1, 2 })
        {
            var report = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["none.parquet"], dir[$"n{threads}"]) { Threads = threads }, _ => { });
            Assert.Equal((0L, 0L, 0), (report.Rows, report.Records, report.Files.Count));
            Assert.Empty(Directory.EnumerateFiles(dir[$"n{threads}"], "*.jsonl", SearchOption.AllDirectories));
        }
        var row = new HubRow("scene0000_00_1", "obj_count", "fill", "q", "3", ["scene0000_00/image_color/1.jpg"]);
        await HubParquet.WriteAsync(dir["gap.parquet"], [row, row with { Id = "scene0000_00_2" }], rowsPerGroup: 1, emptyGroupAfterFirst: true);
        await using (var check = await ParquetReader.CreateAsync(dir["gap.parquet"]))
            Assert.Equal([1L, 0L, 1L], Enumerable.Range(0, check.RowGroupCount).Select(g => check.OpenRowGroupReader(g).RowCount));
        var gap = Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["gap.parquet"], dir["g"]) { Threads = 2, SliceRows = 1 }, _ => { });
        Assert.Equal((2L, 2L), (gap.Rows, gap.Records));
        Assert.Equal(["scene0000_00_1", "scene0000_00_2"],
            File.ReadLines(dir["g/scannet/qa_jsonl/train/obj_count/fill/fill_2.jsonl"]).Select(l => l[8..22]));
    }

    [Fact]
    public async Task The_first_damaged_row_group_is_named_whatever_the_threads()
    {
        // Row groups 2 and 3 of six damaged (their id chunks overwritten): the groups are read by two threads, out of
        // order, but the error is that of group 2, as when they are read one after the other, and no tree is published.
        using var dir = new TestPaths.TempDir();
        var rows = Enumerable.Range(0, 600).Select(i => new HubRow($"scene0000_00_{i}", "obj_count", "fill", $"q{i}", "3", [$"scene0000_00/image_color/{i}.jpg"])).ToList();
        var file = dir["hub.parquet"];
        await HubParquet.WriteAsync(file, rows, rowsPerGroup: 100);
        var bytes = File.ReadAllBytes(file);
        await using (var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes)))
            foreach (int g in new[] { 2, 3 })
            {
                var id = reader.Metadata!.RowGroups[g].Columns[0].MetaData!;
                Array.Fill(bytes, (byte)0xFF, checked((int)id.DataPageOffset), checked((int)id.TotalCompressedSize));
            }
        File.WriteAllBytes(file, bytes);
        var messages = new List<string>();
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var e = Assert.Throws<SparException>(() => Spar7mParquetImporter.Run(new Spar7mImportOptions(file, dir[$"o{threads}"]) { Threads = threads, SliceRows = 7 }, _ => { }));
            messages.Add(e.Message);
            Assert.False(Directory.Exists(dir[$"o{threads}/scannet"]));
        }
        Assert.Contains("not a readable parquet file (row group 2: ", messages[0]);
        Assert.All(messages, m => Assert.Equal(messages[0], m));
    }

    [Fact]
    public async Task Ensure_ascii_escapes_like_json_dumps()
    {
        using var dir = new TestPaths.TempDir();
        await HubParquet.WriteAsync(dir["a.parquet"],
            [new HubRow("scene0000_00_1", "obj_count", "fill", "Wie viele St\u00fchle? \U0001F600", "3", ["scene0000_00/image_color/1.jpg"])]);
        Spar7mParquetImporter.Run(new Spar7mImportOptions(dir["a.parquet"], dir["out"]) { EnsureAscii = true }, _ => { });
        var line = File.ReadAllText(dir["out/scannet/qa_jsonl/train/obj_count/fill/fill_1.jsonl"]);
        Assert.Contains("\"Wie viele St\\u00fchle? \\ud83d\\ude00\"", line); // json.dumps(ensure_ascii=True) writes surrogate pairs
    }

    [Fact]
    public void An_existing_tree_is_never_mixed_into_or_replaced()
    {
        using var dir = new TestPaths.TempDir();
        var existing = dir["spar/scannet/qa_jsonl/train/obj_count/fill/fill_9.jsonl"];
        Directory.CreateDirectory(Path.GetDirectoryName(existing)!);
        File.WriteAllText(existing, "keep me\n");
        var (exit, _, err) = CliRunner.Run("import", "spar7m", DuckDbFixture, "--out", dir["spar"]);
        Assert.Equal(2, exit);
        Assert.Contains("already holds annotation files", err);
        Assert.Contains("fill_9.jsonl", err);
        Assert.Equal("keep me\n", File.ReadAllText(existing));
        Assert.Single(Directory.EnumerateFiles(dir["spar"], "*.jsonl", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Missing_required_column_and_damaged_file_are_named()
    {
        using var dir = new TestPaths.TempDir();
        var schema = new ParquetSchema(new DataField<string>("id"), new DataField<string>("question"));
        await using (var fs = File.Create(dir["few.parquet"]))
        await using (var w = await ParquetWriter.CreateAsync(schema, fs)) { }
        var (exit, _, err) = CliRunner.Run("import", "spar7m", dir["few.parquet"], "--out", dir["o1"]);
        Assert.Equal(2, exit);
        Assert.Contains("few.parquet: no column 'qa_type' or 'type' (the record type); columns here: id, question", err);

        var bytes = File.ReadAllBytes(DuckDbFixture);
        File.WriteAllBytes(dir["cut.parquet"], bytes[..(bytes.Length / 2)]);
        (exit, _, err) = CliRunner.Run("import", "spar7m", dir["cut.parquet"], "--out", dir["o2"]);
        Assert.Equal(2, exit);
        Assert.Contains("cut.parquet: not a readable parquet file", err);
        Assert.False(Directory.Exists(dir["o2/scannet"]));
    }
}

sealed record HubRow(string? Id, string Type, string Format, string? Question, string Answer, string[] Image)
{
    public double[][]? RedBbox { get; init; }
    public double[][]? BlueBbox { get; init; }
    public string? Extra { get; init; }
    /// <summary>The row's <c>source</c> column value; the column is written only when some row sets it.</summary>
    public string? Source { get; init; }
}

/// <summary>
/// Writes a Hub-layout parquet with Parquet.Net's low-level API; the Dremel levels are computed here, by the standard
/// rules, independently of the importer: optional list → +1, repeated group → +1 (and a repetition level), optional element → +1.
/// </summary>
static class HubParquet
{
    public static async Task WriteAsync(string path, IReadOnlyList<HubRow> all, int rowsPerGroup = int.MaxValue, bool emptyGroupAfterFirst = false)
    {
        var idF = new DataField<string>("id");
        var typeF = new DataField<string>("qa_type");
        var formatF = new DataField<string>("qa_format");
        var qF = new DataField<string>("question");
        var aF = new DataField<string>("answer");
        var imageItem = new DataField<string>("element");
        var image = new ListField("image", imageItem);
        var redItem = new DataField<double?>("element");
        var red = new ListField("red_bbox", new ListField("element", redItem));
        var blueItem = new DataField<double?>("element");
        var blue = new ListField("blue_bbox", new ListField("element", blueItem));
        var extra = new DataField<string>("difficulty");
        var blob = new DataField<byte[]>("blob");
        var sourceF = new DataField<string>("source");
        bool withSource = all.Any(r => r.Source is not null);
        var schema = withSource ? new ParquetSchema(idF, typeF, formatF, qF, aF, image, red, blue, extra, blob, sourceF)
            : new ParquetSchema(idF, typeF, formatF, qF, aF, image, red, blue, extra, blob);
        await using var fs = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, fs);
        var groups = new List<List<HubRow>>();
        for (int first = 0; first < all.Count; first += rowsPerGroup) groups.Add(all.Skip(first).Take(rowsPerGroup).ToList());
        if (emptyGroupAfterFirst) groups.Insert(1, []);
        foreach (var rows in groups)
        {
            using var g = writer.CreateRowGroup();
            await g.WriteAsync(idF, rows.Select(r => r.Id).ToArray());
            await g.WriteAsync(typeF, rows.Select(r => r.Type).ToArray());
            await g.WriteAsync(formatF, rows.Select(r => r.Format).ToArray());
            await g.WriteAsync(qF, rows.Select(r => r.Question).ToArray());
            await g.WriteAsync(aF, rows.Select(r => r.Answer).ToArray());
            var (paths, pDef, pRep) = StringList(rows.Select(r => r.Image));
            await g.WriteAllPartsAsync<ReadOnlyMemory<char>>(imageItem, paths.AsMemory(), pDef.AsMemory(), pRep.AsMemory(), CancellationToken.None);
            foreach (var (field, values) in new[] { (redItem, rows.Select(r => r.RedBbox)), (blueItem, rows.Select(r => r.BlueBbox)) })
            {
                var (v, d, rp) = NumberLists(values);
                await g.WriteAllPartsAsync<double>(field, v.AsMemory(), d.AsMemory(), rp.AsMemory(), CancellationToken.None);
            }
            await g.WriteAsync(extra, rows.Select(r => r.Extra).ToArray());
            await g.WriteAsync(blob, rows.Select(_ => new byte[] { 1, 2 }).ToArray());
            if (withSource) await g.WriteAsync(sourceF, rows.Select(r => r.Source).ToArray());
            g.CompleteValidate();
        }
    }

    // list<string>: null list 0, empty 1, element present 3.
    static (ReadOnlyMemory<char>[] Values, int[] Def, int[] Rep) StringList(IEnumerable<string[]?> rows)
    {
        var values = new List<ReadOnlyMemory<char>>();
        var def = new List<int>();
        var rep = new List<int>();
        foreach (var row in rows)
        {
            if (row is null) { def.Add(0); rep.Add(0); continue; }
            if (row.Length == 0) { def.Add(1); rep.Add(0); continue; }
            for (int i = 0; i < row.Length; i++) { values.Add(row[i].AsMemory()); def.Add(3); rep.Add(i == 0 ? 0 : 1); }
        }
        return (values.ToArray(), def.ToArray(), rep.ToArray());
    }

    // list<list<double>>: null 0, empty outer 1, empty inner 3, value 5.
    static (double[] Values, int[] Def, int[] Rep) NumberLists(IEnumerable<double[][]?> rows)
    {
        var values = new List<double>();
        var def = new List<int>();
        var rep = new List<int>();
        foreach (var row in rows)
        {
            if (row is null) { def.Add(0); rep.Add(0); continue; }
            if (row.Length == 0) { def.Add(1); rep.Add(0); continue; }
            for (int i = 0; i < row.Length; i++)
            {
                if (row[i].Length == 0) { def.Add(3); rep.Add(i == 0 ? 0 : 1); continue; }
                for (int j = 0; j < row[i].Length; j++)
                {
                    values.Add(row[i][j]);
                    def.Add(5);
                    rep.Add(i == 0 && j == 0 ? 0 : j == 0 ? 1 : 2);
                }
            }
        }
        return (values.ToArray(), def.ToArray(), rep.ToArray());
    }
}
