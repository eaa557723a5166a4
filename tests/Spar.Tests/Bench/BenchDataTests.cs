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
