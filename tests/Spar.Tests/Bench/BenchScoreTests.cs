using Spar.Bench.SparBench;
using System.Text.Json;
using Spar.Bench;
using Spar.Bench.Data;
using Spar.Bench.Predictions;
using Spar.Bench.Scoring;
using Spar.Cli;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Tests.Bench;

/// <summary><c>spar bench score</c> end to end: a benchmark and predictions built from a reference aggregate vector
/// must reproduce the official output exactly, whatever the prediction file form.</summary>
public class BenchScoreTests
{
    sealed record Vector(List<(string Task, string Gold, string Prediction)> Samples, JsonElement Output, double Score);

    static Vector LoadAggregate(string id)
    {
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Vectors, "sparbench_official_aggregates.jsonl")))
        {
            var v = JsonDocument.Parse(line).RootElement;
            if (v.GetProperty("id").GetString() != id) continue;
            var samples = v.GetProperty("samples").EnumerateArray()
                .Select(s => (s.GetProperty("task").GetString()!, s.GetProperty("gold").GetString()!, s.GetProperty("prediction").GetString()!)).ToList();
            return new Vector(samples, v.GetProperty("output").Clone(), v.GetProperty("score").GetDouble());
        }
        throw new InvalidOperationException(id);
    }

    static string WriteBench(TestPaths.TempDir dir, Vector v)
    {
        var items = v.Samples.Select((s, i) => BenchFixtures.Item(i, s.Task, s.Gold));
        ParquetBenchWriter.Write(dir["bench/data/test-00000-of-00001.parquet"], items);
        return dir["bench"];
    }

    static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = SparCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static void AssertMatchesVector(string json, Vector v)
    {
        var actual = JsonDocument.Parse(json).RootElement;
        foreach (var p in v.Output.EnumerateObject())
        {
            var a = actual.GetProperty(p.Name);
            if (p.Value.ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, a.ValueKind);
            else Assert.Equal(BitConverter.DoubleToInt64Bits(p.Value.GetDouble()), BitConverter.DoubleToInt64Bits(a.GetDouble()));
        }
        // The official keys in the official order, then spar's score, the row coverage (bench report shows partial runs) and
        // which benchmark definition and scorer produced them (issue 15).
        Assert.Equal(v.Output.EnumerateObject().Select(p => p.Name).Concat(["score", "rows_scored", "rows_in_benchmark", "rows_failed", "rows_missing", "benchmark", "scorer"]),
            actual.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("SPAR-Bench", "official"), (actual.GetProperty("benchmark").GetString(), actual.GetProperty("scorer").GetString()));
        Assert.Equal(v.Score, actual.GetProperty("score").GetDouble());
        Assert.Equal((v.Samples.Count, v.Samples.Count), (actual.GetProperty("rows_scored").GetInt32(), actual.GetProperty("rows_in_benchmark").GetInt32()));
    }

    [Theory]
    [InlineData("spar")]
    [InlineData("lmms-jsonl")]
    [InlineData("lmms-json")]
    [InlineData("vlmevalkit")]
    public void Score_json_reproduces_the_official_aggregate(string form)
    {
        using var dir = new TestPaths.TempDir();
        var v = LoadAggregate("a004");
        string bench = WriteBench(dir, v);
        string pred = form switch
        {
            "spar" => WriteLines(dir["pred.jsonl"], v.Samples.Select((s, i) =>
                System.Text.Encoding.UTF8.GetString(BenchPredictionJson.ToJsonLine(new BenchPrediction(i, s.Task, s.Prediction, Model: "m", LatencyMs: 12.5))).TrimEnd('\n'))),
            "lmms-jsonl" => WriteLines(dir["samples_sparbench.jsonl"], v.Samples.Select((s, i) => JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["doc_id"] = i, ["target"] = s.Gold, ["resps"] = new[] { new[] { s.Prediction } }, ["filtered_resps"] = new[] { s.Prediction },
                ["sparbench_score"] = new Dictionary<string, object> { ["id"] = i, ["task"] = s.Task, ["answer"] = s.Gold },
            }))),
            "lmms-json" => WriteText(dir["sparbench.json"], JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["logs"] = v.Samples.Select((s, i) => new Dictionary<string, object> { ["doc_id"] = i, ["filtered_resps"] = new[] { s.Prediction } }).ToList(),
            })),
            _ => WriteText(dir["model_SparBench.tsv"], "index\tquestion\tanswer\ttask\tprediction\n" + string.Concat(v.Samples.Select((s, i) =>
                $"{i}\t\"q\"\"{i}\"\"\nsecond line\"\t{s.Gold}\t{s.Task}\t{Tsv(s.Prediction)}\n"))),
        };
        var (exit, output, error) = Run("bench", "score", bench, pred, "--json", "--per-sample", dir["per.jsonl"]);
        Assert.True(exit == 0, error);
        AssertMatchesVector(output, v);

        var perSample = File.ReadAllLines(dir["per.jsonl"]).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(v.Samples.Count, perSample.Count);
        Assert.Equal(["id", "task", "metric", "value"], perSample[0].EnumerateObject().Select(p => p.Name));
        var first = v.Samples[0];
        Assert.Equal(OfficialScorer.Instance.Score(first.Task, first.Prediction, first.Gold), perSample[0].GetProperty("value").GetDouble());
    }

    static string Tsv(string s) => s.IndexOfAny(['\t', '\n', '\r', '"']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    static string WriteLines(string path, IEnumerable<string> lines) => WriteText(path, string.Join("\n", lines) + "\n");

    static string WriteText(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Terminal_table_shows_every_task_and_the_levels()
    {
        using var dir = new TestPaths.TempDir();
        var v = LoadAggregate("a004");
        string bench = WriteBench(dir, v);
        string pred = WriteLines(dir["p.jsonl"], v.Samples.Select((s, i) => JsonSerializer.Serialize(new { id = i, prediction = s.Prediction })));
        var (exit, output, error) = Run("bench", "score", bench, pred);
        Assert.True(exit == 0, error);
        foreach (var task in SparBenchDefinition.Instance.TaskNames) Assert.Contains(task, output);
        Assert.Contains("Middle", output);
        Assert.Contains("score = " + v.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture), output);
    }

    // ---- bad input: each must be a clear error naming the file and line or id, exit code 2 ----

    static (string Bench, TestPaths.TempDir Dir) SmallBench()
    {
        var dir = new TestPaths.TempDir();
        FolderBenchWriter.Write(dir["bench"], BenchFixtures.Sample());
        return (dir["bench"], dir);
    }

    static string ErrorFor(string predictionsText, params string[] extra)
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], predictionsText);
            var (exit, _, error) = Run(["bench", "score", bench, dir["p.jsonl"], .. extra]);
            Assert.Equal(2, exit);
            Assert.StartsWith("error: ", error);
            return error.Replace(dir.Path, "");
        }
    }

    const string Ok4 = "{\"id\":0,\"prediction\":\"1.6\"}\n{\"id\":1,\"prediction\":\"A\"}\n{\"id\":2,\"prediction\":\"x\"}\n{\"id\":3,\"prediction\":\"C\"}\n";

    [Fact]
    public void Unknown_task_name_names_the_line() =>
        Assert.Contains("/p.jsonl:2: unknown SPAR-Bench task 'obj_count'",
            ErrorFor("{\"id\":0,\"prediction\":\"1\"}\n{\"id\":1,\"task\":\"obj_count\",\"prediction\":\"A\"}\n"));

    [Fact]
    public void Prediction_for_an_id_not_in_the_benchmark() =>
        Assert.Contains("/p.jsonl:5: id 99 is not in the benchmark", ErrorFor(Ok4 + "{\"id\":99,\"prediction\":\"A\"}\n"));

    [Fact]
    public void Duplicated_id_names_both_lines() =>
        Assert.Contains("/p.jsonl:5: id 1 is duplicated (first at ", ErrorFor(Ok4 + "{\"id\":1,\"prediction\":\"B\"}\n"));

    [Fact]
    public void A_failed_request_then_its_retry_is_not_a_duplicate()
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], "{\"id\":1,\"prediction\":\"\",\"status\":\"failed\",\"error\":\"HTTP 500\"}\n" + Ok4);
            var result = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(BenchSource.Open(bench)), PredictionFile.Read(dir["p.jsonl"]), SparBenchDefinition.Instance.Scorer("official"));
            Assert.Equal(0, result.Failed);
            Assert.Equal(1.0, result.Samples.Single(s => s.Id == 1).Value);
        }
    }

    [Fact]
    public void A_failed_request_scores_zero_even_where_official_would_count_an_empty_answer()
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], Ok4.Replace("{\"id\":1,\"prediction\":\"A\"}", "{\"id\":1,\"prediction\":\"\",\"status\":\"failed\"}"));
            var result = BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(BenchSource.Open(bench)), PredictionFile.Read(dir["p.jsonl"]), SparBenchDefinition.Instance.Scorer("official"));
            Assert.Equal(1, result.Failed);
            Assert.Equal(0.0, result.Samples.Single(s => s.Id == 1).Value);
        }
    }

    [Fact]
    public void Empty_file_is_an_error() => Assert.Contains("/p.jsonl: empty predictions file", ErrorFor(""));

    [Fact]
    public void Missing_rows_need_partial()
    {
        Assert.Contains("1 of 4 benchmark rows have no prediction (first ids: 3)", ErrorFor(Ok4.Replace("{\"id\":3,\"prediction\":\"C\"}\n", "")));
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], "{\"id\":1,\"prediction\":\"A\"}\n");
            var (exit, output, error) = Run("bench", "score", bench, dir["p.jsonl"], "--partial", "--json");
            Assert.True(exit == 0, error);
            Assert.Equal(1.0, JsonDocument.Parse(output).RootElement.GetProperty("overall").GetDouble());
        }
    }

    [Fact]
    public void Partial_prints_rows_scored_and_rows_in_the_benchmark()
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], "{\"id\":1,\"prediction\":\"A\"}\n{\"id\":3,\"prediction\":\"C\"}\n");
            var (exit, output, error) = Run("bench", "score", bench, dir["p.jsonl"], "--partial");
            Assert.True(exit == 0, error);
            Assert.Contains("rows 2 scored / 4 in the benchmark", output);
        }
    }

    [Fact]
    public void A_partial_run_keeps_its_coverage_in_the_json_and_the_report_shows_it()
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], "{\"id\":1,\"prediction\":\"A\"}\n{\"id\":3,\"prediction\":\"C\"}\n");
            File.WriteAllText(dir["full.jsonl"], Ok4);
            var (exit, partial, error) = Run("bench", "score", bench, dir["p.jsonl"], "--partial", "--json");
            Assert.True(exit == 0, error);
            var root = JsonDocument.Parse(partial).RootElement;
            Assert.Equal((2, 4), (root.GetProperty("rows_scored").GetInt32(), root.GetProperty("rows_in_benchmark").GetInt32()));
            File.WriteAllText(dir["partial.json"], partial);
            (exit, var full, error) = Run("bench", "score", bench, dir["full.jsonl"], "--json");
            Assert.True(exit == 0, error);
            File.WriteAllText(dir["full.json"], full);

            (exit, _, error) = Run("bench", "report", dir["partial.json"], dir["full.json"], "--out", dir["rep"]);
            Assert.True(exit == 0, error);
            var md = File.ReadAllText(dir["rep/report.md"]);
            Assert.Matches(@"\| partial \|[^\n]*\| \*\*2 / 4 \(partial\)\*\* \|", md);
            Assert.Matches(@"\| full \|[^\n]*\| 4 / 4 \|", md);
        }
    }

    [Fact]
    public void Per_sample_output_removes_its_temp_left_by_a_killed_run()
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            var stale = dir[$".per.jsonl.{Spar.Tests.Util.StaleTempsTests.DeadPid()}.{Guid.NewGuid():N}.tmp"];
            File.WriteAllText(stale, "{\"id\":");
            File.WriteAllText(dir["p.jsonl"], Ok4);
            var (exit, _, error) = Run("bench", "score", bench, dir["p.jsonl"], "--per-sample", dir["per.jsonl"]);
            Assert.True(exit == 0, error);
            Assert.False(File.Exists(stale));
            Assert.Equal(4, File.ReadAllLines(dir["per.jsonl"]).Length);
        }
    }

    [Fact]
    public void Full_score_prints_the_row_count_once()
    {
        var (bench, dir) = SmallBench();
        using (dir)
        {
            File.WriteAllText(dir["p.jsonl"], Ok4);
            var (exit, output, error) = Run("bench", "score", bench, dir["p.jsonl"]);
            Assert.True(exit == 0, error);
            Assert.Contains("· rows 4", output);
            Assert.DoesNotContain("scored /", output);
        }
    }

    [Theory]
    [InlineData("12.5", "a number (12.5)")]
    [InlineData("true", "a boolean (true)")]
    [InlineData("[\"A\"]", "an array ([\"A\"])")]
    public void Prediction_that_is_not_a_string_says_what_it_was(string value, string what) =>
        Assert.Contains($"/p.jsonl:2: 'prediction' must be a string, not {what}",
            ErrorFor(Ok4.Replace("{\"id\":1,\"prediction\":\"A\"}", "{\"id\":1,\"prediction\":" + value + "}")));

    [Fact]
    public void Task_mismatch_with_the_benchmark() =>
        Assert.Contains("/p.jsonl:2: id 1 is task 'depth_prediction_oc' in the predictions but 'obj_spatial_relation_oo'",
            ErrorFor(Ok4.Replace("{\"id\":1,", "{\"id\":1,\"task\":\"depth_prediction_oc\",")));

    [Fact]
    public void Torn_last_line_says_the_run_was_interrupted() =>
        Assert.Contains("/p.jsonl:5: invalid JSON", ErrorFor(Ok4 + "{\"id\":4,\"predic"));

    [Fact]
    public void Unknown_task_in_the_benchmark_names_the_row()
    {
        using var dir = new TestPaths.TempDir();
        FolderBenchWriter.Write(dir["bench"], [BenchFixtures.Item(7, "obj_count", "3")]);
        File.WriteAllText(dir["p.jsonl"], "{\"id\":7,\"prediction\":\"3\"}\n");
        var e = Assert.Throws<SparException>(() => BenchScoring.Score(SparBenchDefinition.Instance, BenchAnswers.Of(BenchSource.Open(dir["bench"])),
            PredictionFile.Read(dir["p.jsonl"]), SparBenchDefinition.Instance.Scorer("official")));
        Assert.Contains("benchmark row id 7: unknown SPAR-Bench task 'obj_count'", e.Message);
    }

    [Fact]
    public void Reads_the_runner_line_shape_with_extra_fields_and_null_error()
    {
        var failed = BenchPredictionJson.TryParse("""{"id":3,"task":"view_change_infer","prediction":null,"status":"failed","error":"HTTP 500","model":"m","endpoint":"http://127.0.0.1:9/v1","latency_ms":12.5,"attempts":4}"""u8, out var problem);
        Assert.Null(problem);
        Assert.Equal(new BenchPrediction(3, "view_change_infer", null, PredictionStatus.Failed, "HTTP 500", "m", 12.5, "http://127.0.0.1:9/v1", 4), failed);
        var ok = BenchPredictionJson.TryParse("""{"id":4,"task":"depth_prediction_oc","prediction":" 1.5 m\n","status":"ok","error":null,"model":"m","endpoint":"e","latency_ms":3,"attempts":1}"""u8, out _);
        Assert.Equal(new BenchPrediction(4, "depth_prediction_oc", " 1.5 m\n", PredictionStatus.Ok, null, "m", 3, "e", 1), ok);
        Assert.Null(BenchPredictionJson.TryParse("""{"id":5,"status":"done","prediction":"A"}"""u8, out problem));
        Assert.Contains("'status' must be", problem);
    }

    [Fact]
    public void Prediction_lines_round_trip()
    {
        var p = new BenchPrediction(42, "view_change_infer", "move_left:1,\n\"x\"", PredictionStatus.Failed, "timeout", "qwen", 1234.5);
        var line = BenchPredictionJson.ToJsonLine(p);
        Assert.Equal((byte)'\n', line[^1]);
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
        Assert.Equal(p, BenchPredictionJson.TryParse(line.AsSpan(0, line.Length - 1), out _));
    }
}

public class WorldSizeTests
{
    [Fact]
    public void World_size_reorders_rows_rank_by_rank_before_aggregating()
    {
        var rows = Enumerable.Range(0, 300).Select(i => new BenchAnswer(i, "depth_prediction_oc", (1 + i % 7 * 0.37).ToString("R", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var preds = rows.Select(r => new LocatedPrediction(new BenchPrediction(r.Id, null, (1.05 + r.Id % 5 * 0.41).ToString("R", System.Globalization.CultureInfo.InvariantCulture)), "mem")).ToList();
        var one = BenchScoring.Score(SparBenchDefinition.Instance, rows, preds, SparBenchDefinition.Instance.Scorer("official"));
        var three = BenchScoring.Score(SparBenchDefinition.Instance, rows, preds, SparBenchDefinition.Instance.Scorer("official"), worldSize: 3);
        var values = one.Samples.Select(s => s.Value).ToArray();
        var rankOrder = Enumerable.Range(0, 3).SelectMany(r => values.Where((_, i) => i % 3 == r)).ToArray();
        Assert.Equal(NumpySum.Mean(rankOrder), three.Aggregate.Tasks.Single().Value);
        Assert.Equal(NumpySum.Mean(values), one.Aggregate.Tasks.Single().Value);
        Assert.Equal(one.Samples, three.Samples); // per-sample output stays in benchmark order
    }
}
