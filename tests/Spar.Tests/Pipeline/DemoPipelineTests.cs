using Spar.Dataset;
using Spar.Pipeline;

namespace Spar.Tests.Pipeline;

public class DemoPipelineTests
{
    [Fact]
    public void The_whole_pipeline_runs_end_to_end_and_its_outputs_hold_together()
    {
        using var dir = new TestPaths.TempDir();
        var lines = new List<string>();
        var pipeline = new DemoPipeline(new DemoOptions(dir["demo"], Scenes: 3, Seed: 5, Frames: 24), lines.Add);
        var steps = pipeline.Run();

        Assert.Equal(["synthetic scenes", "QA generation", "dataset tools", "gallery", "SPAR-Bench"], steps.Select(s => s.Name));
        var problems = new List<Problem>();
        var report = new Validator(SparTree.Open(pipeline.DataRoot), new ValidateOptions()).Run(problems.Add);
        Assert.True(report.Records > 100, $"only {report.Records} records");
        Assert.Equal(0, report.Errors);
        var ids = SparTree.Open(pipeline.DataRoot).AllFiles().SelectMany(f => QaRecordReader.Read(f.FullPath)).Select(x => x.Record.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(File.Exists(Path.Combine(pipeline.GalleryDir, "index.html")));
        Assert.True(File.Exists(Path.Combine(pipeline.ReportDir, "report.html")));
        Assert.True(File.Exists(Path.Combine(pipeline.ReportDir, "tasks.png")));
        foreach (var model in new[] { "random", "blind-prior" })
        {
            var predictions = File.ReadAllLines(Path.Combine(pipeline.BenchDir, "predictions", model + ".jsonl"));
            var benchRows = File.ReadAllLines(Path.Combine(pipeline.BenchDir, "folder", "bench.jsonl")).Length;
            Assert.Equal(benchRows, predictions.Length);
        }

        // The summary's scores are the report's Avg column, rounded the same way (issue 23): parsed from both texts.
        var summary = steps.Single(s => s.Name == "SPAR-Bench").Summary;
        var scores = System.Text.RegularExpressions.Regex.Match(summary, "official score: ([^;]+);").Groups[1].Value.Split(", ");
        Assert.Equal(2, scores.Length);
        var reportMd = File.ReadAllText(Path.Combine(pipeline.ReportDir, "report.md"));
        foreach (var part in scores)
        {
            var (name, value) = (part[..part.LastIndexOf(' ')], part[(part.LastIndexOf(' ') + 1)..]);
            Assert.Matches(@"^\d+\.\d\d$", value); // two decimals, no binary tail
            Assert.Contains($"| {name} | {value} |", reportMd);
        }

        // A second run resumes: nothing is re-rendered and the data is unchanged.
        var before = File.ReadAllBytes(Directory.EnumerateFiles(pipeline.DataRoot, "*.jsonl", SearchOption.AllDirectories).Order().First());
        var again = new DemoPipeline(new DemoOptions(dir["demo"], Scenes: 3, Seed: 5, Frames: 24), _ => { }).Run();
        Assert.Contains("already rendered", again[0].Summary);
        Assert.Equal(before, File.ReadAllBytes(Directory.EnumerateFiles(pipeline.DataRoot, "*.jsonl", SearchOption.AllDirectories).Order().First()));
    }
}
