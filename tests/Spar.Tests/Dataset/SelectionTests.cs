using Spar.Dataset;
using Spar.Util;

namespace Spar.Tests.Dataset;

/// <summary>validate, stats and index refuse a selection with no files instead of reporting "0 files, 0 errors".</summary>
public class SelectionTests
{
    [Fact]
    public void A_folder_without_sources_names_what_root_is_expected()
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir["empty/images"]);
        var e = Assert.Throws<SparException>(() => SparTree.Open(dir["empty"]).Select());
        Assert.Contains($"{dir["empty"]}: no qa_jsonl files", e.Message);
        Assert.Contains("SPAR-7M root", e.Message);
    }

    [Fact]
    public void Unknown_sources_and_empty_splits_are_errors()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Lines("scannet", "train", "obj_count", "fill", TreeBuilder.Record("a", "obj_count", "How many?", "3", ["s/1.jpg"]));
        Directory.CreateDirectory(dir["spar/rxr/qa_jsonl/train/nav_video/sentence"]);
        var tree = SparTree.Open(dir["spar"]);
        Assert.Single(tree.Select());
        var unknown = Assert.Throws<SparException>(() => tree.Select(["scanet"]));
        Assert.Contains("no such source (sources here: rxr, scannet)", unknown.Message);
        var empty = Assert.Throws<SparException>(() => tree.Select(["rxr"]));
        Assert.Contains("no .jsonl files in rxr", empty.Message);
        Assert.Throws<SparException>(() => IndexBuilder.Build(tree, new IndexOptions { Sources = ["rxr"], OutDir = dir["out"] }));
        Assert.False(Directory.Exists(dir["out"]));
    }
}
