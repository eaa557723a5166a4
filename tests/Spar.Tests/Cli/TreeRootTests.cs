using System.CommandLine;
using System.Security.Cryptography;
using Spar.Cli;
using Spar.Tests.Dataset;

namespace Spar.Tests.Cli;

/// <summary>
/// Every command that reads a SPAR-7M tree takes the root or one source folder (issue 14): a source folder reads as its
/// parent's tree restricted to that source, so the results are the same, and a note on stderr says how it was read.
/// The fixture's tree has one source (<c>synthetic</c>), so its root and its source folder must give identical results.
/// </summary>
public sealed class TreeRootTests(CliFixture fx) : IClassFixture<CliFixture>
{
    string Source => Path.Combine(fx.Tree, "synthetic");

    string Note => $"reading {Source} as the single source \"synthetic\" of the tree {fx.Tree}";

    /// <summary>Runs <paramref name="args"/> with {tree} as the root, then as the source folder, each with its own {out}.</summary>
    (Run Root, Run Source) Both(TestPaths.TempDir dir, params string[] args)
    {
        Run One(string tree, string name)
        {
            var outDir = dir[name];
            var (exit, output, err) = CliRunner.Run([.. args.Select(a => a.Replace("{tree}", tree).Replace("{out}", outDir))]);
            return new Run(exit, output.Replace(outDir, "{out}"), err, Directory.Exists(outDir) ? Snapshot(outDir) : []);
        }
        // Same-length names: a table on stdout wraps at the same place.
        var root = One(fx.Tree, "out-a");
        var source = One(Source, "out-b");
        Assert.DoesNotContain("reading ", root.Err);
        Assert.Contains(Note, source.Err);
        Assert.Equal(root.Exit, source.Exit);
        Assert.Equal(root.Out, source.Out);
        Assert.Equal(root.Files, source.Files);
        return (root, source);
    }

    sealed record Run(int Exit, string Out, string Err, SortedDictionary<string, string> Files);

    /// <summary>Relative path → content (text with the folder's own path written as {out}) or SHA-256 (binary).</summary>
    static SortedDictionary<string, string> Snapshot(string dir)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(dir, f);
            map[rel] = Path.GetExtension(f) is ".json" or ".jsonl" or ".html" or ".md" or ".txt"
                ? File.ReadAllText(f).Replace(dir, "{out}")
                : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        }
        return map;
    }

    [Fact]
    public void Validate()
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "validate", "{tree}", "--threads", "1");
        Assert.Equal(0, root.Exit);
        Assert.Contains(" files, ", root.Out);
    }

    [Fact]
    public void Stats()
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "stats", "{tree}", "--json", "--threads", "1");
        Assert.Equal(0, root.Exit);
        using var doc = System.Text.Json.JsonDocument.Parse(root.Out);
        Assert.True(doc.RootElement.GetProperty("records").GetInt64() > 0);
        Both(dir, "stats", "{tree}", "--threads", "1");
    }

    [Fact]
    public void Index_writes_the_same_entries_with_the_parent_as_prefix()
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "index", "{tree}", "--out", "{out}", "--threads", "1");
        Assert.Equal(0, root.Exit);
        var index = Assert.Single(root.Files).Value;
        // The prefix is the root's name whichever folder was given (format.md §6: spar/<source>/images).
        Assert.Contains($"\"root\": \"{Path.GetFileName(fx.Tree)}/synthetic/images\"", index);
    }

    [Theory]
    [InlineData("internvl")]
    [InlineData("llava")]
    [InlineData("hf")]
    public void Export(string to)
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "export", "{tree}", "--to", to, "--out", "{out}", "--threads", "1");
        Assert.Equal(0, root.Exit);
        Assert.NotEmpty(root.Files);
    }

    [Fact]
    public void Export_through_an_index()
    {
        using var dir = new TestPaths.TempDir();
        Assert.Equal(0, CliRunner.Run("index", fx.Tree, "--out", dir["dj"]).Exit);
        var index = Directory.GetFiles(dir["dj"]).Single();
        var (root, _) = Both(dir, "export", "{tree}", "--to", "sharegpt", "--out", "{out}", "--index", index, "--threads", "1");
        Assert.Equal(0, root.Exit);
        Assert.Contains("samples exported, 0 skipped", root.Out);
    }

    [Fact]
    public void Show()
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "show", "{tree}", "--n", "1", "--type", "obj_count", "--out", "{out}", "--threads", "1");
        Assert.Equal(0, root.Exit);
        Assert.Contains("index.html", root.Files.Keys);
    }

    [Fact]
    public void Audit()
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "audit", "{tree}", "--threads", "1");
        Assert.Equal(0, root.Exit);
        Assert.Contains(fx.Tree, root.Out);
    }

    [Fact]
    public void Bench_build()
    {
        using var dir = new TestPaths.TempDir();
        var (root, _) = Both(dir, "bench", "build", "{tree}", "--out", "{out}", "--per-task", "2", "--tiny", "1", "--split", "train");
        Assert.Equal(0, root.Exit);
        // build.json names the tree root and the sources read, so the two are the same build.
        Assert.Contains($"\"root\": \"{fx.Tree}\"", root.Files["build.json"]);
        Assert.Contains("\"synthetic\"", root.Files["build.json"]);
    }

    [Fact]
    public void Bench_run_blind_prior()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, _, fromRoot) = CliRunner.Run("bench", "run", fx.Bench, "--model", "blind-prior", "--prior", fx.Tree, "--out", dir["root.jsonl"]);
        Assert.Equal(0, exit);
        (exit, _, var fromSource) = CliRunner.Run("bench", "run", fx.Bench, "--model", "blind-prior", "--prior", Source, "--out", dir["source.jsonl"]);
        Assert.Equal(0, exit);
        Assert.Contains("prior: " + Note, fromSource);
        static List<string> Learned(string err) => [.. err.Split('\n').SkipWhile(l => !l.StartsWith("blind prior from", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith("blind prior from", StringComparison.Ordinal) || l.StartsWith("  ", StringComparison.Ordinal))];
        Assert.True(Learned(fromRoot).Count > 1, fromRoot);
        Assert.Equal(Learned(fromRoot), Learned(fromSource));
    }

    /// <summary>The test of each command that takes a tree ROOT (<c>CommonOptions.TreeRoot</c>), by command path.</summary>
    static readonly Dictionary<string, string> TestOf = new()
    {
        ["validate"] = nameof(Validate),
        ["stats"] = nameof(Stats),
        ["index"] = nameof(Index_writes_the_same_entries_with_the_parent_as_prefix),
        ["export"] = nameof(Export),
        ["show"] = nameof(Show),
        ["audit"] = nameof(Audit),
        ["bench build"] = nameof(Bench_build),
        // Not a ROOT argument but a tree all the same: bench run --model blind-prior --prior TREE, layout --only-referenced TREE.
        ["bench run --prior"] = nameof(Bench_run_blind_prior),
        ["layout scannet --only-referenced"] = nameof(Dataset.Layout.ImageLayoutTests.Only_referenced_takes_the_root_or_the_source_folder_and_says_which_on_stderr),
        ["layout scannetpp --only-referenced"] = "the same code as layout scannet (ReferencedImages.For), tested there",
        ["layout structured3d --only-referenced"] = "the same code as layout scannet (ReferencedImages.For), tested there",
    };

    [Fact]
    public void Every_command_that_reads_a_tree_has_its_root_and_source_folder_test_here()
    {
        var found = new List<string>();
        var stack = new Stack<(string Path, Command Command)>();
        stack.Push(("", SparCli.Root()));
        while (stack.Count > 0)
        {
            var (path, command) = stack.Pop();
            if (command.Arguments.Any(a => a.Name == "root")) found.Add(path);
            foreach (var option in new[] { "--prior", "--only-referenced" })
                if (command.Options.Any(o => o.Name == option)) found.Add(path + " " + option);
            foreach (var sub in command.Subcommands) stack.Push(((path + " " + sub.Name).Trim(), sub));
        }
        // A new command reading a tree fails here until it has its test above (and an entry in TestOf).
        Assert.Equal(TestOf.Keys.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Commands that write a tree take its root: a source folder there would nest the sources
    /// (<c>tree/synthetic/synthetic/qa_jsonl</c>), so it is refused with exit 2, naming the root to pass, and nothing is written.
    /// </summary>
    [Theory]
    [InlineData("generate")]
    [InlineData("merge")]
    [InlineData("import scannet")]
    [InlineData("import structured3d")]
    [InlineData("import arkitscenes")]
    [InlineData("import spar7m")]
    public void A_writing_command_given_a_source_folder_as_out_names_the_root_and_writes_nothing(string command)
    {
        string[] args = command switch
        {
            "generate" => ["generate", "--scenes", fx.Scenes, "--out", Source, "--per-scene", "4"],
            "merge" => ["merge", fx.Tree, "--out", Source],
            "import scannet" => ["import", "scannet", fx.Scans, "--out", Source, "--frame-step", "2", "--video-frames", "3"],
            "import structured3d" => ["import", "structured3d", fx.Scans, "--out", Source],
            "import arkitscenes" => ["import", "arkitscenes", fx.Scans, "--out", Source],
            _ => ["import", "spar7m", Directory.GetFiles(fx.Bench, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First(), "--out", Source],
        };
        var before = Snapshot(Source);
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {Source}: is the source folder \"synthetic\" of the tree {fx.Tree} (it holds qa_jsonl/); " +
                        $"--out is the root of the tree to write, each source goes into its own folder under it: pass {fx.Tree}", err);
        Assert.Equal(before, Snapshot(Source));
        Assert.Equal(before.Keys, Directory.EnumerateFileSystemEntries(Source, "*", SearchOption.AllDirectories)
            .Where(File.Exists).Select(f => Path.GetRelativePath(Source, f)).Order(StringComparer.Ordinal));
    }

    /// <summary>Two sources: the source folder is the root with <c>--sources</c> of that one.</summary>
    [Theory]
    [InlineData("validate")]
    [InlineData("stats")]
    [InlineData("index")]
    [InlineData("audit")]
    public void A_source_folder_of_a_tree_with_several_sources_is_that_source_alone(string command)
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        foreach (var name in new[] { "scannet", "structured3d" })
        {
            t.Image(name, "s/image_color/1.jpg");
            t.Lines(name, "train", "obj_count", "fill",
                TreeBuilder.Record($"{name}-a", "obj_count", "How many chairs are in the room?", name == "scannet" ? "3" : "4", ["s/image_color/1.jpg"]));
        }
        string[] Args(string tree, string outDir, params string[] more) =>
            [command, tree, .. command == "index" ? new[] { "--out", dir[outDir] } : [], "--threads", "1", .. more];

        var whole = CliRunner.Run(Args(dir["spar"], "whole"));
        var root = CliRunner.Run(Args(dir["spar"], "root", "--sources", "scannet"));
        var source = CliRunner.Run(Args(dir["spar/scannet"], "source"));
        Assert.Equal(0, root.Exit);
        Assert.Equal((root.Exit, root.Out.Replace(dir["root"], "")), (source.Exit, source.Out.Replace(dir["source"], "")));
        Assert.NotEqual(whole.Out.Replace(dir["whole"], ""), root.Out.Replace(dir["root"], "")); // --sources did select
        Assert.Contains($"reading {dir["spar/scannet"]} as the single source \"scannet\" of the tree {dir["spar"]}", source.Err);
        if (command == "index")
            Assert.Equal(File.ReadAllText(dir["root/scannet_0k.json"]), File.ReadAllText(dir["source/scannet_0k.json"]));

        // The source folder holds one source: asking it for another is an error that names the root to pass instead.
        var other = CliRunner.Run(Args(dir["spar/scannet"], "other", "--sources", "structured3d"));
        Assert.Equal(2, other.Exit);
        Assert.Contains($"holds only the source 'scannet', not 'structured3d'; pass the root {dir["spar"]}", other.Err);
    }

    [Fact]
    public void A_folder_holding_spar_reads_as_that_root_and_says_so()
    {
        using var dir = new TestPaths.TempDir();
        var t = new TreeBuilder(dir["spar"]);
        t.Image("scannet", "s/image_color/1.jpg");
        t.Lines("scannet", "train", "obj_count", "fill", TreeBuilder.Record("a", "obj_count", "How many chairs?", "3", ["s/image_color/1.jpg"]));
        var above = CliRunner.Run("stats", dir.Path, "--json", "--threads", "1");
        var root = CliRunner.Run("stats", dir["spar"], "--json", "--threads", "1");
        Assert.Equal((0, root.Out), (above.Exit, above.Out));
        Assert.Contains($"reading {dir.Path} as the SPAR-7M root {dir["spar"]}", above.Err);
        Assert.DoesNotContain("reading ", root.Err);
    }
}
