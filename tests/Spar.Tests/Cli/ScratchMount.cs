using System.Diagnostics;

namespace Spar.Tests.Cli;

/// <summary>
/// A small tmpfs mounted for one test and unmounted after it: a real full disk (ENOSPC) or a real read-only file
/// system (EROFS; root ignores file mode bits, so a read-only mount is the only honest read-only folder for root).
/// Needs root and a kernel that allows the mount (a container may not): <see cref="TryMount"/> says why not.
/// </summary>
sealed class ScratchMount : IDisposable
{
    public string Path { get; }

    ScratchMount(string path) => Path = path;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Mounts a tmpfs with <paramref name="options"/> (e.g. <c>size=64k</c>, <c>ro,size=64k</c>); null and the reason when impossible.</summary>
    public static ScratchMount? TryMount(string options, out string whyNot)
    {
        whyNot = "";
        if (!OperatingSystem.IsLinux()) { whyNot = "tmpfs mounts need Linux"; return null; }
        if (Environment.UserName != "root") { whyNot = $"mounting a tmpfs needs root (running as {Environment.UserName})"; return null; }
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spar-mount-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var (exit, err) = Exec("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir);
        if (exit != 0)
        {
            Directory.Delete(dir);
            whyNot = $"mount -t tmpfs -o {options} failed ({exit}): {err.Trim()}";
            return null;
        }
        return new ScratchMount(dir);
    }

    /// <summary>Fills the file system with one file until it is full, so the next write of any size fails.</summary>
    public void Fill()
    {
        using var filler = new FileStream(this[".filler"], FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try { while (true) filler.Write(block); }
        catch (IOException) { }
        try { filler.WriteByte(0); filler.Flush(); } catch (IOException) { }
    }

    /// <summary>Every spar temp file or folder (<c>.NAME.PID.GUID.tmp</c>, staging folders) left under the mount.</summary>
    public List<string> Temps() =>
        [.. Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories)
            .Where(p => Spar.Util.StaleTemps.TryParse(System.IO.Path.GetFileName(p), out _, out _) || System.IO.Path.GetFileName(p).Contains(".partial-"))];

    public void Dispose()
    {
        Exec("umount", "-l", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    static (int Exit, string Err) Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(start)!;
            var err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, err);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }
}
