using System.CommandLine;
using Spar.Cli;

namespace Spar.Tests.Cli;

/// <summary><c>spar import</c> is built from the importer list: every scene importer gets the same shared arguments.</summary>
public class ImportCommandTests
{
    static Command Import() => SparCli.Root().Subcommands.Single(c => c.Name == "import");

    [Fact]
    public void Every_scene_importer_has_the_shared_arguments_in_one_order_and_spar7m_stays_a_command_of_its_own()
    {
        var import = Import();
        Assert.Equal(["scannet", "scannetpp", "structured3d", "arkitscenes", "matterport", "rxr", "r2r", "spar7m"], import.Subcommands.Select(c => c.Name));
        var scannet = import.Subcommands.Single(c => c.Name == "scannet");
        Assert.Equal(["scans"], scannet.Arguments.Select(a => a.Name));
        var options = scannet.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.Equal(["--out", "--scenes", "--frame-step", "--video-frames", "--labels", "--masks", "--shard", "--threads"], options);
        Assert.Contains("<out>/scannet/images/<scene>/", scannet.Options.Single(o => o.Name == "--out").Description);
        var scannetpp = import.Subcommands.Single(c => c.Name == "scannetpp");
        Assert.Equal(["data-root"], scannetpp.Arguments.Select(a => a.Name));
        Assert.Equal(["--out", "--scenes", "--split-file", "--camera", "--frame-step", "--video-frames", "--labels", "--masks", "--shard", "--threads"],
            scannetpp.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
        Assert.Equal(["parquet"], import.Subcommands.Single(c => c.Name == "spar7m").Arguments.Select(a => a.Name));
        var s3d = import.Subcommands.Single(c => c.Name == "structured3d");
        Assert.Equal(["houses"], s3d.Arguments.Select(a => a.Name));
        Assert.Equal(["--out", "--scenes", "--lighting", "--errata", "--shard", "--threads"], s3d.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
        var arkit = import.Subcommands.Single(c => c.Name == "arkitscenes");
        Assert.Equal(["download"], arkit.Arguments.Select(a => a.Name));
        Assert.Equal(["--out", "--scenes", "--split", "--frames", "--frame-step", "--video-frames", "--shard", "--threads"],
            arkit.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_missing_input_folder_is_a_clear_error_with_exit_2()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, _, err) = CliRunner.Run("import", "scannet", dir["nope"], "--out", dir["out"]);
        Assert.Equal(2, exit);
        Assert.Equal($"error: {dir["nope"]}: ScanNet scans folder not found", err.Trim());
        Assert.False(Directory.Exists(dir["out"]));
    }
}
