using Spar.Bench.SparBench;
using System.Text;
using System.Text.Json;
using Spar.Bench;
using Spar.Bench.Data;
using Spar.Bench.Predictions;
using Spar.Bench.Scoring;
using Spar.Cli;

namespace Spar.Tests.Bench;

/// <summary>
/// VLMEvalKit's prediction files as VLMEvalKit writes them (Fixtures/vlmevalkit, made with pandas and xlsxwriter by
/// bench/scripts/make-vlmevalkit-prediction-fixtures.py): the default .xlsx, the json records, .csv and .tsv read to the
/// same predictions, character for character, as the json module wrote them, and score equal to the TSV.
/// </summary>
public sealed class VlmEvalKitPredictionTests
{
    static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Bench", "Fixtures", "vlmevalkit", name);

    static List<(long Id, string? Task, string? Prediction)> Expected() =>
        [.. File.ReadAllLines(Fixture("expected.jsonl"), Encoding.UTF8).Select(l =>
        {
            var p = BenchPredictionJson.TryParse(Encoding.UTF8.GetBytes(l), out var problem) ?? throw new InvalidOperationException(problem);
            return (p.Id, p.Task, p.Prediction);
        })];

    [Theory]
    [InlineData("pred.xlsx", PredictionFormat.VlmEvalKitXlsx)]
    [InlineData("pred.json", PredictionFormat.VlmEvalKitJson)]
    [InlineData("pred.csv", PredictionFormat.VlmEvalKit)]
    [InlineData("pred.tsv", PredictionFormat.VlmEvalKit)]
    public void Each_shape_reads_the_predictions_character_for_character(string file, PredictionFormat format)
    {
        Assert.Equal(format, PredictionFile.Detect(Fixture(file)));
        var read = PredictionFile.Read(Fixture(file)).Select(l => (l.Prediction.Id, l.Prediction.Task, l.Prediction.Prediction)).ToList();
        Assert.Equal(Expected(), read);
    }

    [Theory]
    [InlineData("pred.xlsx")]
    [InlineData("pred.json")]
    [InlineData("pred.csv")]
    public void Each_shape_scores_equal_to_the_tsv(string file)
    {
        var bench = BenchSource.Open(Fixture("bench.tsv"));
        foreach (var scorer in new[] { "official", "strict" })
        {
            var tsv = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(bench), PredictionFile.Read(Fixture("pred.tsv")), SparBenchDefinition.Instance.Scorer(scorer));
            var other = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(bench), PredictionFile.Read(Fixture(file)), SparBenchDefinition.Instance.Scorer(scorer));
            Assert.Equal(ScoreOutput.ScoreJson(tsv), ScoreOutput.ScoreJson(other));
            Assert.Equal(tsv.Samples, other.Samples);
            Assert.Equal(20, other.Samples.Count);
        }
    }

    [Fact]
    public void The_scores_depend_on_the_predictions_read()
    {
        // Guards the test above: the fixture's answers are not all right or all wrong, so a reader that lost or
        // mangled text (a stripped leading space, a lost quote) would move the per-sample values.
        var bench = BenchSource.Open(Fixture("bench.tsv"));
        var samples = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(bench), PredictionFile.Read(Fixture("pred.xlsx")), SparBenchDefinition.Instance.Scorer("official")).Samples;
        Assert.Contains(samples, s => s.Value == 1.0);
        Assert.Contains(samples, s => s.Value == 0.0);
        Assert.Equal(1.0, samples.Single(s => s.Task == "obj_spatial_relation_oo").Value); // the empty answer, official quirk 3
        Assert.Equal(0.0, samples.Single(s => s.Task == "obj_spatial_relation_oc_mv").Value); // "\"D\"" keeps its quotes
    }

    [Fact]
    public void Bare_NaN_from_pythons_json_is_read_as_null_only_outside_strings()
    {
        var json = PythonJson.WithoutNonFiniteLiterals("""[{"a": NaN, "b": "NaN \" Infinity", "c": -Infinity, "d": [Infinity]}]"""u8.ToArray());
        Assert.Equal("""[{"a": null, "b": "NaN \" Infinity", "c": null, "d": [null]}]""", Encoding.UTF8.GetString(json));
    }

    static string ErrorOf(string name, byte[] content)
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllBytes(dir[name], content);
        var e = Assert.Throws<Spar.Util.SparException>(() => PredictionFile.Read(dir[name]).ToList());
        return e.Message.Replace(dir.Path, "");
    }

    [Theory]
    [InlineData("p.xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, ": an Excel 97–2003 (.xls) workbook")]
    [InlineData("p.xlsx", new byte[] { (byte)'i', (byte)'d', (byte)'\n' }, ": named .xlsx but not a zip container")]
    [InlineData("p.json", new byte[] { (byte)'4', (byte)'2' }, ": a .json file that is neither a list of records nor an object")]
    [InlineData("p.txt", new byte[] { (byte)'h', (byte)'i', (byte)'\n' }, ":1: not JSON")]
    [InlineData("p.jsonl", new byte[] { (byte)'[', (byte)'1', (byte)']', (byte)'\n' }, ":1: a JSON list")]
    public void A_file_of_no_known_shape_gets_one_message_listing_the_shapes(string name, byte[] content, string what)
    {
        var message = ErrorOf(name, content);
        // A line-based file is named path:line, a whole-file shape path: (what starts with ":1:" or ": ").
        Assert.StartsWith($"/{name}{what}", message);
        Assert.EndsWith(PredictionFile.KnownShapes, message);
    }

    [Fact]
    public void A_zip_that_is_not_a_workbook_is_named_as_such()
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(zip.CreateEntry("readme.txt").Open())) w.Write("not excel");
        Assert.StartsWith("/p.xlsx: not a readable .xlsx workbook", ErrorOf("p.xlsx", ms.ToArray()));
    }

    [Fact]
    public void A_json_records_file_without_prediction_says_which_record()
    {
        var message = ErrorOf("p.json", Encoding.UTF8.GetBytes("""[{"index": 1, "prediction": "A"}, {"index": 2, "hit": 1}]"""));
        Assert.StartsWith("/p.json: record 2: no 'prediction' field", message);
    }

    [Fact]
    public void An_xlsx_error_is_printed_once()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllBytes(dir["p.xlsx"], [(byte)'x']);
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, SparCli.Run(["bench", "score", Fixture("bench.tsv"), dir["p.xlsx"]], o, e));
        var lines = e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains("named .xlsx but not a zip container", lines[0]);
    }

    [Fact]
    public void A_folder_benchmark_scores_without_its_image_files()
    {
        using var dir = new TestPaths.TempDir();
        var items = BenchFixtures.Sample();
        FolderBenchWriter.Write(dir["bench"], items);
        Directory.Delete(dir["bench/images"], recursive: true);
        File.WriteAllLines(dir["p.jsonl"], items.Select(i => JsonSerializer.Serialize(new { id = i.Id, prediction = i.Answer })));

        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.True(SparCli.Run(["bench", "score", dir["bench"], dir["p.jsonl"], "--json"], o, e) == 0, e.ToString());
        Assert.Equal(1.0, JsonDocument.Parse(o.ToString()).RootElement.GetProperty("overall").GetDouble());
        // Running still needs them, and says which.
        Assert.Contains("image file not found", Assert.Throws<Spar.Util.SparException>(() => BenchSource.Open(dir["bench"]).Items().ToList()).Message);
    }
}
