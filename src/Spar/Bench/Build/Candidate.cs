using Spar.Catalog;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Build;

/// <summary>A record chosen (or in the running) for the benchmark. Reference equality: each is one line of one file.</summary>
internal sealed class Candidate(ulong key, string task, string source, string imagesDirectory, ContainedRoot images, QaRecord record, string where)
{
    public ulong Key { get; } = key;
    public string Task { get; } = task;
    public string Source { get; } = source;
    public QaRecord Record { get; } = record;

    /// <summary><c>file:line</c>, for messages and as a tie-break.</summary>
    public string Where { get; } = where;

    /// <summary>
    /// The benchmark row with its images read and marked now (one row's images in memory at a time), so that a missing
    /// or unreadable image fails this row with <see cref="UnreadableImageException"/> before it is written.
    /// </summary>
    /// <param name="sceneRoots">Non-null for an RGBD build: where poses and intrinsics not in the images folder are looked for.</param>
    public BenchItem ToItem(long id, IMarkerBurner markers, IReadOnlyList<string>? sceneRoots = null)
    {
        // RGBD files first: a row left out for them never costs a marker burn.
        var rgbd = sceneRoots is null ? null : RgbdFiles.Read(Record, images, sceneRoots, Where);
        var loaded = Record.Image.Select((relative, k) => (Bytes: LoadImage(relative, k, markers), Relative: relative)).ToList()
            .Select(x => new BenchImage(() => x.Bytes, x.Relative)).ToList();
        return new BenchItem(id, Task,
            Data.BenchColumns.DefaultFormatType(Task), Data.BenchColumns.DefaultImageType(Task),
            Source, loaded, CleanQuestion(Record.Question), Record.Answer.Trim()) { Rgbd = rgbd };
    }

    byte[] LoadImage(string relative, int index, IMarkerBurner markers)
    {
        var path = images.Resolve(relative, $"{Where}: image");
        if (!File.Exists(path)) throw new UnreadableImageException($"{Where}: image not found: {relative} (looked in {imagesDirectory})");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UnreadableImageException($"{Where}: cannot read image {relative}: {e.Message}", e); }
        try { return markers.Burn(Record, index, bytes); }
        catch (UnreadableImageException e) { throw new UnreadableImageException($"{Where}: image {relative}: {e.Message}", e); }
    }

    /// <summary>Images go to the model as separate inputs, so the training-time <c>&lt;image&gt;</c> tokens are dropped.</summary>
    internal static string CleanQuestion(string question) =>
        question.Replace("<image>\n", "").Replace("<image>", "").TrimStart();
}
