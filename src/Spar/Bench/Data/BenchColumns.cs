using Spar.Bench.SparBench;
using Spar.Catalog;

namespace Spar.Bench.Data;

/// <summary>Column names of SPAR-Bench (bench.md §2.1) and the values a reader derives when a form lacks one.</summary>
public static class BenchColumns
{
    public const string Id = "id", ImageType = "img_type", FormatType = "format_type", Task = "task", Source = "source",
        Image = "image", Question = "question", Answer = "answer";

    /// <summary>The RGBD variant's extra columns (bench.md §2.1), between <see cref="Image"/> and <see cref="Question"/> in that order.</summary>
    public const string Depth = "depth", Pose = "pose", IntrinsicColor = "intrinsic_color", IntrinsicDepth = "intrinsic_depth";

    public static readonly IReadOnlyList<string> Rgbd = [Depth, Pose, IntrinsicColor, IntrinsicDepth];

    /// <summary>Without these a row cannot be prompted or scored.</summary>
    public static readonly IReadOnlyList<string> Required = [Id, Task, Image, Question, Answer];

    /// <summary><c>select</c> for multiple choice, <c>fill</c> for numeric tasks and view_change_infer (bench.md §1).</summary>
    public static string DefaultFormatType(string task) =>
        (SparBenchDefinition.Instance.IsTask(task) ? SparBenchDefinition.Instance.Task(task).Facts.Format : QaFormat.Fill).FolderName();

    public static string DefaultImageType(string task) =>
        SparBenchDefinition.Instance.IsTask(task) && SparBenchDefinition.Instance.Task(task).View == ViewKind.Single ? "single_view" : "multi_view";
}
