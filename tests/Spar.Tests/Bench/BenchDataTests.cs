using Parquet;
using Parquet.Schema;
using Spar.Bench;
using Spar.Bench.Data;
using Spar.Util;

namespace Spar.Tests.Bench;

public class BenchDataTests
{
    [Fact]
    public void Parquet_round_trips_every_column_across_row_groups()
    {
        using var dir = new TestPaths.TempDir();
        var items = BenchFixtures.Sample();
        // Row groups of 3 rows: the multi-image rows straddle a group boundary.
        Assert.Equal(4, ParquetBenchWriter.Write(dir["b.parquet"], items, rowGroupRows: 3));
        var read = BenchSource.Open(dir["b.parquet"]).Items().ToList();
        BenchFixtures.AssertSameItems(items, read);
    }

    [Fact]
    public void Parquet_of_several_benchmarks_below_one_folder_is_refused_with_their_folders()
    {
        using var dir = new TestPaths.TempDir();
        var items = BenchFixtures.Sample();
        ParquetBenchWriter.Write(dir["parquet/data/test-00000-of-00001.parquet"], items);
        ParquetBenchWriter.Write(dir["tiny/parquet/data/test-00000-of-00001.parquet"], items.Take(2));
        ParquetBenchWriter.Write(dir["extra.parquet"], items.Take(1));
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir.Path));
        Assert.Equal($"{dir.Path}: several benchmarks found: ./, parquet/, tiny/parquet/ — pass one", e.Message);
        Assert.Null(BenchSource.Open(dir["tiny/parquet"]).Note);
        Assert.Equal(2, BenchSource.Open(dir["tiny/parquet"]).Items().Count());
    }

    [Fact]
    public void Parquet_shards_in_a_folder_are_read_in_name_order()
    {
        using var dir = new TestPaths.TempDir();
        var items = BenchFixtures.Sample();
        ParquetBenchWriter.Write(dir["data/test-00001-of-00002.parquet"], items.Skip(2));
        ParquetBenchWriter.Write(dir["data/test-00000-of-00002.parquet"], items.Take(2));
        BenchFixtures.AssertSameItems(items, BenchSource.Open(dir.Path).Items().ToList());
    }

    [Fact]
    public async Task Parquet_file_without_the_answer_column_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var schema = new ParquetSchema(new DataField<long>("id"), new DataField<string>("task"),
            new ListField("image", new StructField("element", new DataField<byte[]>("bytes"), new DataField<string>("path"))),
            new DataField<string>("question"));
        await using (var fs = File.Create(dir["bad.parquet"]))
        await using (var w = await ParquetWriter.CreateAsync(schema, fs))
        {
        }
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir["bad.parquet"]).Items().ToList());
        Assert.Contains("bad.parquet", e.Message);
        Assert.Contains("'answer'", e.Message);
    }

    [Fact]
    public void Garbage_parquet_names_the_file()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["x.parquet"], "not parquet at all");
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir["x.parquet"]).Items().ToList());
        Assert.Contains("x.parquet", e.Message);
    }

    [Fact]
    public void Folder_form_round_trips_and_names_images_by_id()
    {
        using var dir = new TestPaths.TempDir();
        var items = BenchFixtures.Sample();
        Assert.Equal(4, FolderBenchWriter.Write(dir["bench"], items));
        Assert.True(File.Exists(dir["bench/images/2_1.jpg"]));
        Assert.True(File.Exists(dir["bench/images/3_0.png"]));
        var read = BenchSource.Open(dir["bench"]).Items().ToList();
        BenchFixtures.AssertSameItems(items, read, comparePaths: false);
        Assert.Equal("images/2_1.jpg", read[2].Images[1].Path);
    }

    [Fact]
    public void Folder_form_with_a_missing_image_names_the_line()
    {
        using var dir = new TestPaths.TempDir();
        FolderBenchWriter.Write(dir["bench"], BenchFixtures.Sample());
        File.Delete(dir["bench/images/1_0.png"]);
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir["bench"]).Items().ToList());
        Assert.Contains("bench.jsonl:2", e.Message);
        Assert.Contains("images/1_0.png", e.Message);
    }

    [Fact]
    public void Vlmevalkit_tsv_with_quoted_multiline_questions_and_image_lists()
    {
        using var dir = new TestPaths.TempDir();
        var items = BenchFixtures.Sample();
        var lines = new List<string> { "index\timage\tquestion\tanswer\ttask\tcategory" };
        foreach (var it in items)
        {
            var b64 = it.Images.Select(i => Convert.ToBase64String(i.Bytes())).ToList();
            string image = b64.Count == 1 ? b64[0] : "[" + string.Join(", ", b64.Select(s => $"'{s}'")) + "]";
            string q = "\"" + it.Question.Replace("\"", "\"\"") + "\"";
            lines.Add($"{it.Id}\t{image}\t{q}\t{it.Answer}\t{it.Task}\tx");
        }
        File.WriteAllText(dir["b.tsv"], string.Join("\r\n", lines) + "\r\n");
        var read = BenchSource.Open(dir["b.tsv"]).Items().ToList();
        // The TSV has no source column: it reads as empty.
        BenchFixtures.AssertSameItems(items.Select(i => i with { Source = "" }).ToList(), read, comparePaths: false);
        // The answers-only pass skips the image cells and must see the same rows.
        Assert.Equal(items.Select(i => new BenchAnswer(i.Id, i.Task, i.Answer)), BenchAnswers.Of(BenchSource.Open(dir["b.tsv"])));
    }

    [Fact]
    public void Tsv_without_a_task_column_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["b.tsv"], "index\timage\tquestion\tanswer\n0\tAAAA\tq\tA\n");
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir["b.tsv"]).Items().ToList());
        Assert.Contains("b.tsv", e.Message);
        Assert.Contains("task", e.Message);
    }

    [Fact]
    public void Tsv_with_a_bad_index_names_the_line()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["b.tsv"], "index\timage\tquestion\tanswer\ttask\n0\tAAAA\t\"two\nlines\"\tA\tobj_spatial_relation_oo\nx\tAAAA\tq\tA\tobj_spatial_relation_oo\n");
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir["b.tsv"]).Items().ToList());
        Assert.Contains("b.tsv:4", e.Message);
    }

    [Fact]
    public void Python_list_literals_parse_and_a_plain_cell_is_one_item()
    {
        Assert.Equal(["a", "b c", "d'e"], PythonStringList.ParseOneOrMany("['a', 'b c', \"d'e\"]", "t"));
        Assert.Equal(["xyz=="], PythonStringList.ParseOneOrMany("xyz==", "t"));
        Assert.Throws<SparException>(() => PythonStringList.ParseOneOrMany("[1, 2]", "t"));
    }
}

/// <summary>
/// The footer of a spar-written parquet, as other readers see it: the standard three-level LIST for <c>image</c>, UTF-8
/// annotated strings, and the Hugging Face feature metadata. (An independent JavaScript reader, hyparquet, was also
/// run on such a file: bench/scripts/check-parquet.mjs, docs/bench.md.)
/// </summary>
public class ParquetFooterTests
{
    [Fact]
    public async Task Written_schema_is_the_standard_list_of_struct_layout()
    {
        using var dir = new TestPaths.TempDir();
        ParquetBenchWriter.Write(dir["b.parquet"], BenchFixtures.Sample());
        await using var reader = await ParquetReader.CreateAsync(dir["b.parquet"]);
        var schema = reader.Metadata!.Schema.Select(e => (e.Name, e.RepetitionType?.ToString(), e.ConvertedType?.ToString())).ToList();
        Assert.Equal(
        [
            ("root", null, null), ("id", "REQUIRED", "INT_64"), ("img_type", "OPTIONAL", "UTF8"), ("format_type", "OPTIONAL", "UTF8"),
            ("task", "OPTIONAL", "UTF8"), ("source", "OPTIONAL", "UTF8"), ("image", "OPTIONAL", "LIST"), ("list", "REPEATED", null),
            ("element", "OPTIONAL", null), ("bytes", "OPTIONAL", null), ("path", "OPTIONAL", "UTF8"),
            ("question", "OPTIONAL", "UTF8"), ("answer", "OPTIONAL", "UTF8"),
        ], schema);
        Assert.Contains("\"image\":{\"feature\":{\"_type\":\"Image\"},\"_type\":\"Sequence\"}", reader.CustomMetadata["huggingface"]);
        Assert.Equal(4, reader.Metadata.NumRows);
    }
}

/// <summary>Other writers' layouts: pyarrow's older <c>list/item</c> naming, nullable int64 or int32 ids, required strings.</summary>
public class ParquetVariantTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reads_list_item_layout_and_other_id_types(bool nullableLongId)
    {
        using var dir = new TestPaths.TempDir();
        DataField id = nullableLongId ? new DataField<long?>("id") : new DataField<int>("id");
        var schema = new ParquetSchema(id, new DataField("task", typeof(string), isNullable: false),
            new ListField("image", new StructField("item", new DataField<byte[]>("bytes"), new DataField<string>("path"))),
            new DataField("question", typeof(string), isNullable: false), new DataField("answer", typeof(string), isNullable: false),
            new DataField<string>("extra_rgbd_column"));
        await using (var fs = File.Create(dir["v.parquet"]))
        await using (var w = await ParquetWriter.CreateAsync(schema, fs))
        {
            using var g = w.CreateRowGroup();
            var df = schema.DataFields;
            if (nullableLongId) await g.WriteAsync<long>(df[0], new long?[] { 5, 6 });
            else await g.WriteAsync<int>(df[0], new[] { 5, 6 });
            await g.WriteAsync(df[1], new[] { "position_matching", "depth_prediction_oo_mv" });
            await g.WriteAsync(df[2], new[] { new byte[] { 1 }, [2, 2], [3, 3, 3] }, new[] { 0, 1, 0 });
            await g.WriteAsync(df[3], new string?[] { null, "b.png", "c.png" }, new[] { 0, 1, 0 });
            await g.WriteAsync(df[4], new[] { "q1", "q2" });
            await g.WriteAsync(df[5], new[] { "B", "2.5" });
            await g.WriteAsync(df[6], new string?[] { null, "x" });
            g.CompleteValidate();
        }
        var items = BenchSource.Open(dir["v.parquet"]).Items().ToList();
        Assert.Equal([5L, 6L], items.Select(i => i.Id));
        Assert.Equal([2, 1], items.Select(i => i.Images.Count));
        Assert.Equal(new byte[] { 2, 2 }, items[0].Images[1].Bytes());
        Assert.Equal([null, "b.png"], items[0].Images.Select(i => i.Path));
        Assert.Equal(("select", "multi_view", ""), (items[0].FormatType, items[0].ImageType, items[0].Source)); // derived
        Assert.Equal(("fill", "2.5"), (items[1].FormatType, items[1].Answer));
        Assert.Equal([new BenchAnswer(5, "position_matching", "B"), new BenchAnswer(6, "depth_prediction_oo_mv", "2.5")],
            BenchAnswers.Of(BenchSource.Open(dir["v.parquet"])));
    }

    [Fact]
    public async Task Id_of_the_wrong_type_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var schema = new ParquetSchema(new DataField<string>("id"), new DataField<string>("task"),
            new ListField("image", new StructField("element", new DataField<byte[]>("bytes"))),
            new DataField<string>("question"), new DataField<string>("answer"));
        await using (var fs = File.Create(dir["w.parquet"]))
        await using (var w = await ParquetWriter.CreateAsync(schema, fs)) { }
        var e = Assert.Throws<SparException>(() => BenchSource.Open(dir["w.parquet"]).Items().ToList());
        Assert.Contains("column 'id' has type string, expected int64", e.Message);
    }
}

public class ParquetLargeImageTests
{
    [Fact]
    public void Large_images_across_pages_and_row_groups_round_trip_intact()
    {
        using var dir = new TestPaths.TempDir();
        var items = Enumerable.Range(0, 9).Select(i =>
        {
            var images = Enumerable.Range(0, 1 + i % 3).Select(k =>
            {
                var bytes = new byte[150_000 + i * 1000 + k];
                new Random(i * 10 + k).NextBytes(bytes); // fixed seeds: incompressible, deterministic content
                return new BenchImage(() => bytes, $"img_{i}_{k}.jpg");
            }).ToList();
            return new BenchItem(i, "obj_spatial_relation_oo_mv", "select", "multi_view", "scannet", images, $"q{i}", "B");
        }).ToList();
        ParquetBenchWriter.Write(dir["big.parquet"], items, rowGroupRows: 4);
        BenchFixtures.AssertSameItems(items, BenchSource.Open(dir["big.parquet"]).Items().ToList());
    }
}

/// <summary>
/// A parquet written by another implementation (DuckDB 1.5's C++ writer: nullable int64 id, dictionary-encoded
/// strings, snappy, row groups of 2, a null image path; made by bench/scripts/make-duckdb-fixture.mjs).
/// </summary>
public class ForeignParquetTests
{
    [Fact]
    public void Reads_a_duckdb_written_benchmark()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Bench", "Fixtures", "duckdb_bench.parquet");
        var items = BenchSource.Open(path).Items().ToList();
        Assert.Equal([0L, 1, 2, 3, 4], items.Select(i => i.Id));
        Assert.Equal(["depth_prediction_oc", "position_matching", "view_change_infer", "spatial_imagination_oo_mv", "obj_spatial_relation_oo"],
            items.Select(i => i.Task));
        Assert.Equal([1, 2, 2, 3, 1], items.Select(i => i.Images.Count));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0, 1 }, items[0].Images[0].Bytes());
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 2, 2 }, items[1].Images[1].Bytes());
        Assert.Equal(new byte[] { 5, 5, 5 }, items[3].Images[2].Bytes());
        Assert.Equal([null, "b2.jpg"], items[1].Images.Select(i => i.Path));
        Assert.Equal(("multi_view", "select", "scannetpp", "B"), (items[1].ImageType, items[1].FormatType, items[1].Source, items[1].Answer));
        Assert.Equal("move_left:1.42,rotate_right:30", items[2].Answer);
        Assert.Equal(items.Select(i => new BenchAnswer(i.Id, i.Task, i.Answer)), BenchAnswers.Of(BenchSource.Open(path)));
    }
}
