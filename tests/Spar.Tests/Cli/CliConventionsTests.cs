using System.CommandLine;
using System.Text.Json;
using Spar.Catalog;
using Spar.Cli;
using Spar.Util;

namespace Spar.Tests.Cli;

/// <summary>The conventions every command shares (CommonOptions): list syntax, number and choice errors, tasks, version.</summary>
public class CliConventionsTests
{
    /// <summary>Every option of the tree with the command path that reaches it (e.g. ["bench", "run"]).</summary>
    static IEnumerable<(string[] Path, Option Option)> AllOptions()
    {
        var stack = new Stack<(string[] Path, Command Command)>();
        stack.Push(([], SparCli.Root()));
        while (stack.Count > 0)
        {
            var (path, command) = stack.Pop();
            foreach (var o in command.Options) yield return (path, o);
            foreach (var sub in command.Subcommands) stack.Push(([.. path, sub.Name], sub));
        }
    }

    static string[] ListValue(string[] path, Option<string[]> option, params string[] tokens)
    {
        // Parse a fresh tree each time: option objects belong to one tree.
        var root = SparCli.Root();
        var parsed = root.Parse([.. path, .. tokens]);
        var command = path.Aggregate(root, (c, name) => c.Subcommands.Single(s => s.Name == name));
        var same = command.Options.OfType<Option<string[]>>().Single(o => o.Name == option.Name);
        return parsed.GetValue(same) ?? [];
    }

    [Fact]
    public void Every_list_option_takes_commas_spaces_and_repeats_alike()
    {
        var lists = AllOptions().Where(x => x.Option is Option<string[]>).ToList();
        var names = lists.Select(x => string.Join(' ', x.Path) + " " + x.Option.Name).ToHashSet();
        // The list options the issue names, in the commands that have them; a new one is covered by the same loop.
        foreach (var expected in new[] { "generate --tasks", "generate --formats", "generate --scenes", "import scannet --scenes",
                     "stats --split", "validate --split", "show --type", "show --ids", "mix --ratio", "bench run --endpoint" })
            Assert.Contains(expected, names);
        foreach (var (path, option) in lists)
        {
            var list = (Option<string[]>)option;
            string[] want = ["a", "b", "c"];
            Assert.Equal(want, ListValue(path, list, list.Name, "a,b", "c"));
            Assert.Equal(want, ListValue(path, list, list.Name, "a", "b", "c"));
            Assert.Equal(want, ListValue(path, list, list.Name, "a", list.Name, "b,c"));
            Assert.Equal(want, ListValue(path, list, list.Name, "a, b ,c"));
        }
    }

    [Fact]
    public void A_list_value_naming_an_existing_path_with_a_comma_is_kept_whole()
    {
        using var dir = new TestPaths.TempDir();
        var odd = Directory.CreateDirectory(dir["scenes,2026"]).FullName;
        var generate = (Option<string[]>)AllOptions().Single(x => x.Path is ["generate"] && x.Option.Name == "--scenes").Option;
        Assert.Equal([odd, "x", "y"], ListValue(["generate"], generate, "--scenes", odd, "x,y"));
    }

    [Fact]
    public void Every_bad_number_names_its_option_and_never_a_dotnet_type()
    {
        var numeric = AllOptions().Where(x => x.Option is Option<int> or Option<long> or Option<ulong> or Option<double> or Option<int?>).ToList();
        Assert.True(numeric.Count >= 20, $"only {numeric.Count} numeric options found");
        foreach (var (path, option) in numeric)
        {
            var errors = SparCli.Root().Parse([.. path, option.Name, "abc"]).Errors.Select(e => e.Message).ToList();
            var mine = errors.SingleOrDefault(m => m.StartsWith(option.Name + ":", StringComparison.Ordinal));
            Assert.True(mine != null, $"{string.Join(' ', path)} {option.Name}: {string.Join(" | ", errors)}");
            Assert.Contains("'abc' is not a", mine);
            Assert.DoesNotContain(errors, m => m.Contains("System.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Bad_number_exits_2_with_the_allowed_range_and_good_numbers_and_defaults_still_parse()
    {
        var (exit, _, err) = CliRunner.Run("generate", "--scenes", "x", "--out", "y", "--threads", "abc");
        Assert.Equal(2, exit);
        Assert.Contains("--threads: 'abc' is not a whole number (1 to 1024)", err);
        (exit, _, err) = CliRunner.Run("generate", "--scenes", "x", "--out", "y", "--val-fraction", "0,5");
        Assert.Equal(2, exit);
        Assert.Contains("--val-fraction: '0,5' is not a number", err);

        var root = SparCli.Root();
        var generate = root.Subcommands.Single(c => c.Name == "generate");
        var threads = generate.Options.OfType<Option<int>>().Single(o => o.Name == "--threads");
        var val = generate.Options.OfType<Option<double>>().Single(o => o.Name == "--val-fraction");
        Assert.Equal(3, root.Parse(["generate", "--threads", "3"]).GetValue(threads));
        Assert.Equal(0.25, root.Parse(["generate", "--val-fraction", "0.25"]).GetValue(val));
        // Not given: the option's default, not the parser's zero.
        Assert.Equal(Environment.ProcessorCount, root.Parse(["generate"]).GetValue(threads));
        Assert.Equal(0.1, root.Parse(["generate"]).GetValue(val));
    }

    [Theory]
    [InlineData("--scorer", "nope", "--scorer: 'nope' is not one of official, strict", "bench", "score", "p.jsonl")]
    [InlineData("--burn-format", "gif", "--burn-format: 'gif' is not one of png, jpg", "export", "root", "--to", "llava", "--out", "o")]
    [InlineData("--to", "alpaca", "--to: 'alpaca' is not one of llava, sharegpt, internvl", "export", "root", "--out", "o")]
    [InlineData("--prompt-kind", "claude", "--prompt-kind: 'claude' is not one of gpt4v, gemini_api", "bench", "run", "b", "--model", "m", "--out", "o")]
    public void Bad_choice_names_the_option_and_the_choices(string option, string value, string message, params string[] command)
    {
        var (exit, _, err) = CliRunner.Run([.. command, option, value]);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.DoesNotContain("not recognized", err);
    }

    [Fact]
    public void Tasks_lists_the_35_types_one_line_each()
    {
        var (exit, output, _) = CliRunner.Run("tasks");
        Assert.Equal(0, exit);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(1 + 35 + 1, lines.Length);
        Assert.StartsWith("type", lines[0]);
        Assert.Equal("35 task types (20 in SPAR-Bench)", lines[^1]);
        foreach (var (t, line) in TaskCatalog.All.Zip(lines[1..^1]))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(t.Type, cells[0]);
            Assert.Equal(t.Level.ToString().ToLowerInvariant(), cells[1]);
            Assert.Equal(t.View.ToString().ToLowerInvariant(), cells[2]);
            Assert.Equal(string.Join(',', t.Formats.Select(f => f.FolderName())), cells[4]);
            Assert.Equal(t.InBench ? "yes" : "no", cells[5]);
        }
        Assert.Contains(lines, l => l.StartsWith("nav ", StringComparison.Ordinal) && l.Contains(" sentence "));
    }

    [Fact]
    public void Tasks_json_carries_every_catalogue_field()
    {
        var (exit, output, _) = CliRunner.Run("tasks", "--json");
        Assert.Equal(0, exit);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(35, items.Count);
        foreach (var (t, j) in TaskCatalog.All.Zip(items))
        {
            Assert.Equal(t.Type, j.GetProperty("type").GetString());
            Assert.Equal(t.FolderName, j.GetProperty("folder").GetString());
            Assert.Equal(t.Level.ToString().ToLowerInvariant(), j.GetProperty("level").GetString());
            Assert.Equal(t.View.ToString().ToLowerInvariant(), j.GetProperty("view").GetString());
            Assert.Equal(t.Formats.Select(f => f.FolderName()), j.GetProperty("formats").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(t.InBench, j.GetProperty("in_bench").GetBoolean());
            Assert.Equal(t.DefaultImageCount, j.GetProperty("images").GetInt32());
            Assert.Equal(t.Markers.Slots.Select(s => s.FieldName), j.GetProperty("marker_fields").EnumerateArray().Select(e => e.GetString()));
        }
        var nav = items.Single(j => j.GetProperty("type").GetString() == "nav");
        Assert.Equal("nav_video", nav.GetProperty("folder").GetString());
        var oo = items.Single(j => j.GetProperty("type").GetString() == "depth_prediction_oo");
        Assert.Equal(["red_point", "blue_point", "green_point"], oo.GetProperty("marker_fields").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public void Version_and_the_generate_manifest_agree()
    {
        var (exit, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, exit);
        var version = output.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.Equal(SparVersion.Text, version);

        using var dir = new TestPaths.TempDir();
        (exit, _, var err) = CliRunner.Run("scenes", "synth", "--count", "1", "--seed", "3", "--out", dir["scenes"],
            "--frames", "3", "--video-frames", "2", "--extra-views", "1", "--width", "64", "--height", "48", "--threads", "1");
        Assert.True(exit == 0, err);
        (exit, _, err) = CliRunner.Run("generate", "--scenes", dir["scenes"], "--out", dir["out"], "--per-scene", "1",
            "--tasks", "depth_prediction_oc,room_size", "--threads", "1");
        Assert.True(exit is 0 or 1, err);
        using var manifest = JsonDocument.Parse(File.ReadAllText(dir["out/generate_manifest.json"]));
        Assert.Equal(version, manifest.RootElement.GetProperty("spar_version").GetString());
    }
}
