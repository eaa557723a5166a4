namespace Spar.Catalog;

/// <summary>How the scorer treats a task (bench.md §4.1): multiple choice, numeric answer, or the view-change string.</summary>
public enum BenchFamily { MultipleChoice, Numeric, ViewChange }

/// <summary>Which number of a numeric answer the official scorer reads: the single-view tasks the first, the
/// <c>_mv</c> ones the last (bench.md §4.1).</summary>
public enum NumberPick { First, Last }

/// <summary>The extra sentence the official prompt puts between question and instruction (bench.md §3).</summary>
public enum PromptNote { None, BoxScale }

/// <summary>The random baseline's range for a numeric task, in metres (docs/bench-run.md, offline baselines).</summary>
public readonly record struct MetersRange(double Low, double High);

/// <summary>
/// What SPAR-Bench needs to know about one of its tasks, declared once in <see cref="TaskCatalog"/>: the scoring family
/// (which also fixes the metric and the result key), the number the official scorer reads, the prompt's note and the
/// random baseline's range.
/// </summary>
public sealed record BenchFacts(BenchFamily Family, NumberPick Pick = NumberPick.First, PromptNote Note = PromptNote.None,
    MetersRange? Baseline = null)
{
    /// <summary>The official metric name: the suffix of the result key.</summary>
    public string Metric => Family switch
    {
        BenchFamily.MultipleChoice => "accuracy",
        BenchFamily.Numeric => "MRA:.5:.95:.05",
        _ => "vci_metric",
    };

    /// <summary>The QA format the benchmark draws the task's rows from: select for multiple choice, fill otherwise.</summary>
    public QaFormat Format => Family == BenchFamily.MultipleChoice ? QaFormat.Select : QaFormat.Fill;

    /// <summary>The official result key: <c>&lt;task&gt;_accuracy</c>, <c>&lt;task&gt;_MRA:.5:.95:.05</c> or <c>view_change_infer_vci_metric</c>.</summary>
    public string ResultKey(string task) => task + "_" + Metric;
}
