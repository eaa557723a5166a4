using System.Diagnostics;
using Spar.Dataset;

namespace Spar.Tests.Dataset;

/// <summary>
/// <see cref="PathRule.RealPath"/> against coreutils' <c>realpath -m</c> (an independent implementation of the same
/// resolution) on a tree of real links: relative and absolute, chained, in parent folders, with <c>..</c> after a link.
/// </summary>
public sealed class PathRuleTests
{
    static string Realpath(string path)
    {
        var psi = new ProcessStartInfo("realpath", ["-m", "--", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().TrimEnd('\n');
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return text;
    }

    [Fact]
    public void Real_paths_match_coreutils_realpath()
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir["root/images/a/b"]);
        Directory.CreateDirectory(dir["elsewhere/deep/er"]);
        File.WriteAllText(dir["root/images/a/b/f.jpg"], "x");
        File.WriteAllText(dir["elsewhere/deep/er/g.jpg"], "y");
        File.CreateSymbolicLink(dir["root/images/rel"], "a/b");                      // relative folder link
        File.CreateSymbolicLink(dir["root/images/abs"], dir["elsewhere/deep"]);      // absolute folder link
        File.CreateSymbolicLink(dir["root/images/chain"], "abs/er");                 // link through a link
        File.CreateSymbolicLink(dir["root/images/a/up"], "../../../elsewhere");      // a link with .. in its target
        File.CreateSymbolicLink(dir["root/images/a/b/file-link.jpg"], "../../chain/g.jpg");
        File.CreateSymbolicLink(dir["root/images/dangling"], dir["nowhere/x.jpg"]);

        var rule = new PathRule();
        string[] cases =
        [
            "a/b/f.jpg", "rel/f.jpg", "abs/er/g.jpg", "chain/g.jpg", "a/up/deep/er/g.jpg", "a/b/file-link.jpg",
            "dangling", "missing/file.jpg", "abs/../a/b/f.jpg", "abs/er/../../root/x.jpg", "./a//b/./f.jpg", "a/b/../../../../x",
        ];
        foreach (var c in cases)
        {
            var full = Path.Combine(dir["root/images"], c);
            Assert.True(Realpath(full) == rule.RealPath(full), $"{c}: realpath {Realpath(full)}, spar {rule.RealPath(full)}");
            Assert.Equal(Realpath(full), rule.RealPath(full));   // second call: from the folder cache
        }
    }

    [Fact]
    public void A_link_loop_is_an_error_not_a_hang()
    {
        using var dir = new TestPaths.TempDir();
        File.CreateSymbolicLink(dir["a"], "b");
        File.CreateSymbolicLink(dir["b"], "a");
        var e = Assert.Throws<Spar.Util.SparException>(() => new PathRule().RealPath(dir["a/x.jpg"]));
        Assert.Contains("too many levels of symbolic links", e.Message);
    }

    [Fact]
    public void Containment_is_decided_on_the_real_target_and_a_folder_named_like_the_root_is_not_inside_it()
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir["images"]);
        Directory.CreateDirectory(dir["images-other"]);
        File.CreateSymbolicLink(dir["images/in"], dir["images"]);
        var root = new PathRule().Root(dir["images"]);
        Assert.True(root.TryResolve("in/x.jpg", out var path, out _));
        Assert.Equal(dir["images/in/x.jpg"], path);                            // the user's layout is kept
        Assert.False(root.TryResolve("../images-other/x.jpg", out _, out var why));
        Assert.Contains("is outside", why);
        Assert.False(root.TryResolve("/etc/hostname", out _, out _));
        var allowed = new PathRule([dir["images-other"]]).Root(dir["images"]);
        Assert.True(allowed.TryResolve("../images-other/x.jpg", out path, out _));
        Assert.Equal(dir["images-other/x.jpg"], path);
    }
}
