using System.Text;
using Spar.Bench.Data;
using Spar.Util;

namespace Spar.Bench.Export;

/// <summary>
/// A task folder for lmms-eval: a YAML that runs lmms-eval's own SPAR-Bench task (<c>lmms_eval/tasks/sparbench/
/// sparbench.yaml</c>, in upstream lmms-eval and in the SPAR repo's fork) on a local benchmark. It <c>include</c>s that
/// YAML, so prompts, generation settings, the scorer and the metric list stay lmms-eval's (the metric list must match
/// the installed <c>utils.py</c>, which differs between the two), and changes only the task name and the data:
/// <c>dataset_path: parquet</c> with <c>data_files</c> naming the benchmark's shards by absolute path (both versions
/// accept it; only recent lmms-eval resolves relative ones). A parquet benchmark is pointed at where it is; another
/// form is written as parquet into the folder first (<see cref="ParquetBenchWriter"/>, HF image features; the RGBD
/// columns too when the benchmark has them).
/// lmms-eval resolves an <c>include</c> against the including YAML's folder, so the YAML goes next to
/// <c>sparbench.yaml</c> in the installed task folder; the README has the commands.
/// </summary>
public static class LmmsEvalExport
{
    public const string DefaultTask = "sparbench_spar";

    public static ExportResult Write(IBenchSource bench, string directory, string task = DefaultTask)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(task, "^[a-z0-9_]+$"))
            throw new SparException($"task name '{task}' must be lower-case letters, digits and '_' (an lmms-eval task name)");
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        IReadOnlyList<string> shards;
        long rows;
        if (bench is ParquetBenchReader parquet)
        {
            shards = [.. parquet.Shards.Select(Path.GetFullPath)];
            rows = parquet.Answers().LongCount();
        }
        else
        {
            var shard = Path.Combine(directory, "data", "test-00000-of-00001.parquet");
            // An RGBD benchmark keeps its depth, pose and intrinsics columns (lmms-eval's loader passes them through).
            bool rgbd = bench.HasRgbd;
            rows = ParquetBenchWriter.Write(shard, (rgbd ? bench.WithRgbd() : bench).Items(), rgbd: rgbd);
            shards = [Path.GetFullPath(shard)];
            files.Add("data/test-00000-of-00001.parquet");
        }
        if (rows == 0) throw new SparException($"{bench.Location}: the benchmark has no rows");
        string yaml = task + ".yaml";
        AtomicFile.WriteAllText(Path.Combine(directory, yaml), Yaml(task, shards, bench.Location));
        AtomicFile.WriteAllText(Path.Combine(directory, "README.md"), Readme(task, yaml, rows, bench.Location));
        files.AddRange([yaml, "README.md"]);
        return new ExportResult(files, rows);
    }

    static string Yaml(string task, IReadOnlyList<string> shards, string source)
    {
        var sb = new StringBuilder();
        sb.Append("# Written by spar bench export (").Append(Comment(source)).Append(" --to lmms-eval).\n");
        sb.Append("# lmms-eval's own SPAR-Bench task on a local benchmark: only the task name and the data differ.\n");
        sb.Append("include: sparbench.yaml\n");
        sb.Append("task: ").Append(task).Append('\n');
        sb.Append("dataset_path: parquet\n");
        sb.Append("dataset_kwargs:\n");
        sb.Append("  data_files:\n");
        sb.Append("    test:\n");
        foreach (var shard in shards) sb.Append("      - ").Append(Quoted(shard)).Append('\n');
        sb.Append("test_split: test\n");
        return sb.ToString();
    }

    /// <summary>A YAML double-quoted scalar: backslash and quote escaped, control characters as \uXXXX.</summary>
    public static string Quoted(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c < 0x20) sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    static string Comment(string s) => s.ReplaceLineEndings(" ");

    static string Readme(string task, string yaml, long rows, string source) => $"""
        # {task}: a spar benchmark for lmms-eval

        Written by `spar bench export {source} --to lmms-eval` ({rows} rows). `{yaml}` runs lmms-eval's own
        SPAR-Bench task (`lmms_eval/tasks/sparbench/sparbench.yaml`: its prompts, `max_new_tokens: 100`, greedy decoding,
        its scorer) on this benchmark's parquet, named by absolute path in the YAML (move the benchmark and export again).
        It includes `sparbench.yaml`, which lmms-eval looks up next to the including YAML, so put it in the installed
        task folder:

        ```
        TASKS="$(python -c 'import os, lmms_eval; print(os.path.join(os.path.dirname(lmms_eval.__file__), "tasks", "sparbench"))')"
        cp {yaml} "$TASKS/"
        accelerate launch --num_processes 8 -m lmms_eval --model qwen2_5_vl \
          --model_args pretrained=Qwen/Qwen2.5-VL-7B-Instruct --tasks {task} --batch_size 1 \
          --log_samples --output_path ./logs/
        ```

        lmms-eval prints `sparbench_score` (overall × 100, unweighted over the tasks present). Score its samples with spar
        too, which checks every row is there and gives the per-task table:
        `spar bench score {source} logs/<model>/<date>_samples_{task}.jsonl`.
        """.Replace("\r\n", "\n") + "\n";
}
