using System.CommandLine;
using System.Runtime.CompilerServices;
using Spar.Bench;
using Spar.Bench.Run;
using Spar.Dataset;
using Spar.Util;

[assembly: InternalsVisibleTo("Spar.Tests")]

namespace Spar.Cli.Commands;

/// <summary><c>spar bench run</c>: answer every bench item with a served model or a built-in baseline (docs/bench-run.md).</summary>
internal static class BenchRunCommand
{
    /// <param name="openBench">Opens a benchmark in any supported form (parquet, TSV, folder); supplied by the bench readers.</param>
    /// <param name="prompt">The official prompt of an item (bench.md §3) for an lmms-eval model kind (null = default wording).</param>
    public static Command Create(Func<string, IBenchSource> openBench, Func<BenchItem, string?, string> prompt)
    {
        var bench = new Argument<string>("bench") { Description = "Benchmark to run (parquet file/folder, VLMEvalKit TSV, folder form, or a bench build --out folder: its parquet/)" };
        var endpoints = new Option<string[]>("--endpoint") { Description = "OpenAI-compatible base URL (…/v1) or …/chat/completions URL; repeat to share the load over several servers" };
        var model = new Option<string>("--model") { Description = "Model name sent to the server, or a built-in offline baseline when no --endpoint is given: random, blind-prior", Required = true };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Name of the environment variable holding the API key (sent as a Bearer token)" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 8 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens of each request (official: 100)", DefaultValueFactory = _ => 100 };
        var limit = new Option<int?>("--limit") { Description = "Only the first N items in bench order" };
        var timeout = new Option<double>("--timeout-s") { Description = "Timeout of one attempt, in seconds", DefaultValueFactory = _ => 120 };
        var retries = new Option<int>("--retries") { Description = "Retries after a transient failure (429, 5xx, timeout, connection error, malformed response)", DefaultValueFactory = _ => 6 };
        var output = new Option<string>("--out") { Description = "Predictions file (JSONL, append-only; rerun to resume)", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random baseline", DefaultValueFactory = _ => 0 };
        var prior = new Option<string?>("--prior") { Description = "blind-prior: a SPAR-7M-style tree (<source>/qa_jsonl/<split>/…) or a benchmark to learn answers from" };
        var promptKind = new Option<string?>("--prompt-kind")
        {
            Description = "lmms-eval model kind whose prompt variant to send: gpt4v or gemini_api get \"Do not response anything other than a single number!\" for numeric tasks (default: the VLMEvalKit wording)",
        };
        promptKind.OneOf("gpt4v", "gemini_api");
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Ask again only the items whose lines in --out are all failed (not those never attempted)" };
        var sendDepth = new Option<bool>("--send-depth")
        {
            Description = "Also send each image's depth map (an RGBD benchmark's depth column) as an extra image part: after the images, in their order, as 16-bit PNG in millimetres (docs/bench-run.md)",
        };
        var priorSplit = new Option<string>("--prior-split") { Description = "blind-prior: split folder of the tree", DefaultValueFactory = _ => "train" };

        var cmd = new Command("run", "Run a model on a benchmark and write its predictions");
        cmd.Arguments.Add(bench);
        foreach (var o in new Option[] { endpoints, model, apiKeyEnv, concurrency, maxTokens, limit, timeout, retries, output, seed, prior, priorSplit, promptKind, retryFailed, sendDepth })
            cmd.Options.Add(o);

        cmd.SetAction(async (parse, cancel) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var urls = parse.GetValue(endpoints) ?? [];
            var modelName = parse.GetRequiredValue(model);
            if (parse.GetValue(maxTokens) < 1) throw new SparException("--max-tokens must be at least 1");
            double t = parse.GetValue(timeout);
            if (t is not (> 0 and <= 86400))
                throw new SparException($"--timeout-s must be more than 0 and at most 86400 seconds, not {t.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            if (parse.GetValue(retries) < 0) throw new SparException("--retries must not be negative");
            var source = openBench(parse.GetRequiredValue(bench));
            if (source.Note is { } note) stderr.WriteLine(note);
            bool withDepth = parse.GetValue(sendDepth);
            if (withDepth)
            {
                if (urls.Length == 0) throw new SparException("--send-depth sends depth to a served model: it needs --endpoint (the offline baselines look at no image)");
                // Refused before the predictions file is touched: a run without the depth it was asked to send is not that run.
                if (!source.HasRgbd)
                    throw new SparException($"{source.Location}: the benchmark has no depth column; --send-depth needs an RGBD benchmark " +
                        "(SPAR-Bench-RGBD / SPAR-Bench-Tiny-RGBD, or one built with spar bench build --rgbd)");
                source = source.WithRgbd();
            }

            IBenchModel runner = urls.Length > 0
                ? new ChatCompletionsModel(new ChatModelOptions(modelName, [.. urls.Select(EndpointPool.ChatCompletionsUrl)],
                    ApiKey(parse.GetValue(apiKeyEnv)), new GenerationSettings(parse.GetValue(maxTokens)),
                    TimeSpan.FromSeconds(parse.GetValue(timeout)), RetryPolicy.Default(parse.GetValue(retries))) { SendDepth = withDepth },
                    item => prompt(item, parse.GetValue(promptKind)))
                : modelName switch
                {
                    RandomBaseline.ModelName => new RandomBaseline(parse.GetValue(seed)),
                    BlindPrior.ModelName => LearnPrior(parse.GetValue(prior), parse.GetValue(priorSplit)!, openBench, stderr),
                    _ => throw new SparException($"--endpoint is required for model '{modelName}' (built-in offline models: {RandomBaseline.ModelName}, {BlindPrior.ModelName})"),
                };
            try
            {
                var line = ProgressLine.For("bench run", stderr);
                BenchRunSummary summary;
                try
                {
                    summary = await BenchRunner.RunAsync(source, runner, parse.GetRequiredValue(output),
                        new BenchRunOptions(parse.GetValue(concurrency), parse.GetValue(limit), parse.GetValue(retryFailed)),
                        p => line.Report(p.Done, p.Pending, "item", p.Elapsed,
                            $"{p.Failed} failed" + (p.AlreadyDone > 0 ? $", {p.AlreadyDone} already done" : ""), finished: p.Done >= p.Pending),
                        cancel);
                }
                finally { line.Finish(); }
                if (summary.TornBytesRemoved > 0)
                    stderr.WriteLine($"repaired: cut a torn last line ({summary.TornBytesRemoved} bytes) left by an interrupted run");
                stdout.WriteLine($"{summary.Selected} items: {summary.AlreadyDone} already done, {summary.Ok} ok, {summary.Failed} failed" +
                    (summary.NotAsked > 0 ? $", {summary.NotAsked} not asked (never attempted; rerun without --retry-failed)" : "") +
                    $" in {summary.Elapsed.TotalSeconds:0.0} s{(summary.Cancelled ? " (stopped; rerun to resume)" : "")}");
                WriteFailures(stderr, summary);
                return summary.Failed > 0 || summary.Cancelled ? 1 : 0;
            }
            finally
            {
                (runner as IDisposable)?.Dispose();
            }
        });
        return cmd;
    }

    /// <summary>
    /// The reasons of this run's failures with their counts, the first id and message of each, and the fix of a known
    /// server limit: a run never ends on a bare "N failed" (every message is also in the predictions file).
    /// </summary>
    internal static void WriteFailures(TextWriter stderr, BenchRunSummary summary)
    {
        if (summary.Failures is not { Count: > 0 } failures) return;
        var groups = FailureReasons.Group(failures);
        int reasonWidth = Math.Max("reason".Length, groups.Max(g => g.Reason.Length));
        stderr.WriteLine($"{failures.Count} item(s) failed; reasons (every error is kept in the predictions file):");
        stderr.WriteLine($"  {"count",7}  {"reason".PadRight(reasonWidth)}  {"first id",8}  first error");
        foreach (var g in groups)
            stderr.WriteLine($"  {g.Count,7}  {g.Reason.PadRight(reasonWidth)}  {g.FirstId,8}  {g.Example}");
        foreach (var g in groups.Where(g => g.Fix is not null))
            stderr.WriteLine($"fix ({g.Reason}): {g.Fix}");
        stderr.WriteLine("rerun the same command with --retry-failed to ask only the failed items again");
    }

    static string? ApiKey(string? variable)
    {
        if (variable is null) return null;
        var key = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(key) ? throw new SparException($"--api-key-env: environment variable {variable} is not set") : key;
    }

    static BlindPrior LearnPrior(string? path, string split, Func<string, IBenchSource> openBench, TextWriter stderr)
    {
        if (path is null) throw new SparException("blind-prior needs --prior TRAIN_ROOT_OR_BENCH");
        var learned = SparTree.IsTree(path)
            ? BlindPrior.FromTrainingTree(OpenTree(path, stderr), split, (file, read) => stderr.WriteLine($"prior: {read} answers after {file}"))
            : BlindPrior.FromAnswers(OpenPrior(openBench, path, stderr).Items().Select(i => (i.Task, i.Answer)));
        stderr.WriteLine($"blind prior from {learned.AnswersRead} answers ({learned.AnswersSkipped} non-numeric fill answers skipped):");
        foreach (var (task, answer) in learned.AnswerByTask) stderr.WriteLine($"  {task}: {answer}");
        return learned;
    }

    static SparTree OpenTree(string path, TextWriter stderr)
    {
        var tree = SparTree.Open(path);
        if (tree.Note is { } note) stderr.WriteLine($"prior: {note}");
        return tree;
    }

    static IBenchSource OpenPrior(Func<string, IBenchSource> openBench, string path, TextWriter stderr)
    {
        var source = openBench(path);
        if (source.Note is { } note) stderr.WriteLine($"prior: {note}");
        return source;
    }
}
