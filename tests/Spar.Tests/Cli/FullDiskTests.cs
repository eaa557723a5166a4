namespace Spar.Tests.Cli;

/// <summary>
/// Every writing command on a full disk and on a read-only file system (issue 13, defect 2), run as a child process
/// against a real tmpfs: a one-line <c>error: REASON: PATH</c> naming a file under the output, exit 2 (import: the
/// scene counted as failed on a full disk, exit 1), no stack trace, no temp file left behind.
/// </summary>
public sealed class FullDiskTests(CliFixture inputs) : IClassFixture<CliFixture>
{
    /// <summary>The command line of each case, given the inputs and an output folder on the mount.</summary>
    static readonly Dictionary<string, Func<CliFixture, string, string[]>> Commands = new()
    {
        ["scenes synth"] = (_, o) => ["scenes", "synth", "--count", "2", "--out", o, "--frames", "8", "--video-frames", "4", "--extra-views", "3", "--width", "160", "--height", "120"],
        ["generate"] = (f, o) => ["generate", "--scenes", f.Scenes, "--out", o, "--per-scene", "4"],
        ["generate --images copy"] = (f, o) => ["generate", "--scenes", f.Scenes, "--out", o, "--per-scene", "4", "--images", "copy"],
        ["merge"] = (f, o) => ["merge", f.Tree, "--out", o, "--images", "copy"],
        ["draw"] = (f, o) => ["draw", f.Records, "--images-root", Path.Combine(f.Tree, "synthetic", "images"), "--out", o],
        ["export llava"] = (f, o) => ["export", f.Tree, "--to", "llava", "--out", o, "--split", "all"],
        ["export internvl"] = (f, o) => ["export", f.Tree, "--to", "internvl", "--out", o, "--split", "all"],
        ["export --burn-markers"] = (f, o) => ["export", f.Tree, "--to", "sharegpt", "--out", o, "--split", "all", "--burn-markers"],
        ["show"] = (f, o) => ["show", f.Tree, "--out", o],
        ["index"] = (f, o) => ["index", f.Tree, "--out", o],
        ["bench build"] = (f, o) => ["bench", "build", Path.Combine(f.Tree, "synthetic"), "--out", o, "--per-task", "3", "--tiny", "1", "--split", "train"],
        ["bench run"] = (f, o) => ["bench", "run", f.Bench, "--model", "random", "--out", Path.Combine(o, "p.jsonl")],
        ["bench score --per-sample"] = (f, o) => ["bench", "score", f.Bench, f.Predictions, "--per-sample", Path.Combine(o, "s.jsonl")],
        ["bench report"] = (f, o) => ["bench", "report", f.Score, "--out", o],
        ["demo"] = (_, o) => ["demo", "--out", o, "--scenes", "2"],
        ["import scannet"] = (f, o) => ["import", "scannet", f.Scans, "--out", o, "--threads", "1"],
    };

    /// <summary>Full from the start (the first write fails), full part-way (parallel workers fail), read-only.</summary>
    public enum Disk { Full, FillsUp, ReadOnly }

    /// <summary>Commands that write more than the 96 KiB of a mount that fills up part-way, from parallel workers.</summary>
    static readonly string[] HeavyWriters =
        ["scenes synth", "generate", "generate --images copy", "merge", "draw", "export --burn-markers", "show", "demo", "bench build"];

    public static TheoryData<string, Disk> Cases()
    {
        var data = new TheoryData<string, Disk>();
        foreach (var name in Commands.Keys)
        {
            data.Add(name, Disk.Full);
            if (HeavyWriters.Contains(name)) data.Add(name, Disk.FillsUp);
            data.Add(name, Disk.ReadOnly);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_full_or_read_only_output_is_a_one_line_error_naming_the_file(string command, Disk disk)
    {
        using var mount = ScratchMount.TryMount(disk switch { Disk.ReadOnly => "ro,size=256k", Disk.FillsUp => "size=96k", _ => "size=256k" }, out var whyNot);
        if (mount is null) { Assert.Skip(whyNot); return; }
        if (disk == Disk.Full) mount.Fill();
        bool full = disk != Disk.ReadOnly;
        var output = mount["out"];

        var (exit, stdout, stderr) = SparProcess.Run(TimeSpan.FromSeconds(120), Commands[command](inputs, output));

        var reason = full ? "No space left on device" : "Read-only file system";
        // import counts a scene it could not write as failed (exit 1); an output root it cannot even create is exit 2.
        Assert.True(exit == (command.StartsWith("import") && full ? 1 : 2), $"exit {exit}\n{stderr}");
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.DoesNotContain("   at ", stderr);
        var line = stderr.Split('\n').FirstOrDefault(l => l.Contains(reason));
        Assert.True(line is not null, $"no line saying '{reason}':\n{stderr}\n{stdout}");
        Assert.Contains(mount.Path, line); // the file (or the folder) that could not be written is named
        Assert.Empty(mount.Temps());
    }
}
