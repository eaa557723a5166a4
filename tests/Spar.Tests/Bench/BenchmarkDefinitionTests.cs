using System.Text.Json;
using Spar.Bench;
using Spar.Bench.Report;
using Spar.Bench.SparBench;
using Spar.Bench.Data;
using Spar.Cli;
using Spar.Util;

namespace Spar.Tests.Bench;

/// <summary>Issue 15: the benchmark is a definition; score files say which one and which scorer; the report shows both.</summary>
public sealed class BenchmarkDefinitionTests
{
    static readonly BenchmarkDefinition Spar = SparBenchDefinition.Instance;

    [Fact]
    public void SPAR_Bench_has_the_twenty_tasks_in_ordinal_order_and_its_two_scorers()
    {
        Assert.Equal("SPAR-Bench", Spar.Name);
        Assert.Equal(20, Spar.Tasks.Count);
        Assert.Equal(Spar.TaskNames.Order(StringComparer.Ordinal), Spar.TaskNames);
        Assert.Equal(["official", "strict"], Spar.ScorerNames);
        Assert.True(Spar.TryTaskOfResultKey("view_change_infer_vci_metric", out var vci) && vci.Name == "view_change_infer");
        // A key with another task's metric is not that task's result.
        Assert.False(Spar.TryTaskOfResultKey("depth_prediction_oc_accuracy", out _));
        Assert.Contains("expected official or strict", Assert.Throws<SparException>(() => Spar.Scorer("lenient")).Message);
        Assert.Contains("unknown SPAR-Bench task 'nav'", Assert.Throws<SparException>(() => Spar.Task("nav")).Message);
    }

    [Fact]
    public void A_strict_and_an_official_run_say_so_in_their_score_files_and_in_the_report()
    {
        using var dir = new TestPaths.TempDir();
        ParquetBenchWriter.Write(dir["bench/data/test-00000-of-00001.parquet"],
            [BenchFixtures.Item(0, "obj_spatial_relation_oo", "A"), BenchFixtures.Item(1, "depth_prediction_oc", "2.0")]);
        File.WriteAllText(dir["pred.jsonl"], "{\"id\":0,\"prediction\":\"The answer is A\"}\n{\"id\":1,\"prediction\":\"2.0\"}\n");
        foreach (var scorer in new[] { "official", "strict" })
        {
            var o = new StringWriter();
            var e = new StringWriter();
            Assert.True(SparCli.Run(["bench", "score", dir["bench"], dir["pred.jsonl"], "--scorer", scorer, "--json"], o, e) == 0, e.ToString());
            File.WriteAllText(dir[$"{scorer}.json"], o.ToString());
            var json = JsonDocument.Parse(o.ToString()).RootElement;
            Assert.Equal(("SPAR-Bench", scorer), (json.GetProperty("benchmark").GetString(), json.GetProperty("scorer").GetString()));
        }
        // The two scorers disagree on "The answer is A" (official: substring test fails; strict: extracts A).
        Assert.NotEqual(JsonDocument.Parse(File.ReadAllText(dir["official.json"])).RootElement.GetProperty("score").GetDouble(),
            JsonDocument.Parse(File.ReadAllText(dir["strict.json"])).RootElement.GetProperty("score").GetDouble());

        var rep = new StringWriter();
        var err = new StringWriter();
        Assert.True(SparCli.Run(["bench", "report", "off=" + dir["official.json"], "str=" + dir["strict.json"], "--out", dir["rep"]], rep, err) == 0, err.ToString());
        var md = File.ReadAllText(dir["rep/report.md"]);
        Assert.Matches(@"\| off \|[^\n]*\| SPAR-Bench · official \|", md);
        Assert.Matches(@"\| str \|[^\n]*\| SPAR-Bench · strict \|", md);
        Assert.Contains("scorer,,official,strict", File.ReadAllLines(dir["rep/report.csv"]));
        var runs = JsonDocument.Parse(File.ReadAllText(dir["rep/report.json"])).RootElement.GetProperty("runs");
        Assert.Equal(["official", "strict"], runs.EnumerateArray().Select(r => r.GetProperty("scorer").GetString()));
        Assert.Contains(System.Net.WebUtility.HtmlEncode("SPAR-Bench · strict"), File.ReadAllText(dir["rep/report.html"]));
    }

    [Fact]
    public void A_run_file_without_the_keys_is_reported_as_not_recorded()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["old.json"], "{\"position_matching_accuracy\": 0.5}");
        Assert.Equal("not recorded", ReportRun.Load(dir["old.json"]).ScoredBy);
    }
}
