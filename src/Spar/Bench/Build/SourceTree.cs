using Spar.Util;

namespace Spar.Bench.Build;

/// <summary>One SPAR-7M source folder (<c>scannet/</c>, …): <c>qa_jsonl/&lt;split&gt;/…</c> beside <c>images/</c>.</summary>
public sealed record SourceTree(string Name, string Directory, string Split)
{
    public string ImagesDirectory => Path.Combine(Directory, "images");

    /// <summary>The <c>.jsonl</c> files of one task and format, in ordinal name order.</summary>
    public IReadOnlyList<string> Files(string taskFolder, string format)
    {
        var dir = Path.Combine(Directory, "qa_jsonl", Split, taskFolder, format);
        return System.IO.Directory.Exists(dir)
            ? System.IO.Directory.EnumerateFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary><paramref name="root"/> is one source (it has <c>qa_jsonl/</c>) or a folder of sources.</summary>
    public static IReadOnlyList<SourceTree> Discover(string root, string split)
    {
        if (!System.IO.Directory.Exists(root)) throw new SparException($"{root}: no such folder");
        var full = Path.GetFullPath(root);
        List<SourceTree> sources = System.IO.Directory.Exists(Path.Combine(full, "qa_jsonl"))
            ? [new SourceTree(Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), full, split)]
            : System.IO.Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal)
                .Where(d => System.IO.Directory.Exists(Path.Combine(d, "qa_jsonl")))
                .Select(d => new SourceTree(Path.GetFileName(d), d, split)).ToList();
        if (sources.Count == 0)
            throw new SparException($"{root}: not a SPAR-7M tree (expected qa_jsonl/ in it or in its source folders)");
        if (!sources.Any(s => System.IO.Directory.Exists(Path.Combine(s.Directory, "qa_jsonl", split))))
            throw new SparException($"{root}: no source has a '{split}' split (qa_jsonl/{split}/)");
        return sources;
    }
}
