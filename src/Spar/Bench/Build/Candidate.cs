using Spar.Catalog;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Build;

/// <summary>A record chosen (or in the running) for the benchmark. Reference equality: each is one line of one file.</summary>
internal sealed class Candidate(ulong key, string task, SourceTree source, ContainedRoot images, QaRecord record, string where)
{
    public ulong Key { get; } = key;
    public string Task { get; } = task;
    public string Source => SourceTree.Name;
    public SourceTree SourceTree { get; } = source;
    public QaRecord Record { get; } = record;

    /// <summary><c>file:line</c>, for messages and as a tie-break.</summary>
    public string Where { get; } = where;

    /// <summary>The benchmark row; images are read and marked only when a writer asks for them.</summary>
    public BenchItem ToItem(long id, IMarkerBurner markers)
    {
        var info = TaskCatalog.Get(Task);
        var images = Record.Image.Select((relative, k) => new BenchImage(() => LoadImage(relative, k, markers), relative)).ToList();
        return new BenchItem(id, Task,
            BenchTasks.Family(Task) == BenchFamily.MultipleChoice ? "select" : "fill",
            info.View == ViewKind.Single ? "single_view" : "multi_view",
            Source, images, CleanQuestion(Record.Question), Record.Answer.Trim());
    }

    byte[] LoadImage(string relative, int index, IMarkerBurner markers)
    {
        var path = images.Resolve(relative, $"{Where}: image");
        if (!File.Exists(path)) throw new SparException($"{Where}: image not found: {relative} (looked in {SourceTree.ImagesDirectory})");
        return markers.Burn(Record, index, File.ReadAllBytes(path));
    }

    /// <summary>Images go to the model as separate inputs, so the training-time <c>&lt;image&gt;</c> tokens are dropped.</summary>
    internal static string CleanQuestion(string question) =>
        question.Replace("<image>\n", "").Replace("<image>", "").TrimStart();
}
