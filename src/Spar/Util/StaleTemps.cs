using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Spar.Util;

/// <summary>
/// Temp files and folders named the <see cref="AtomicFile"/> way, <c>.&lt;name&gt;.&lt;pid&gt;.&lt;32 hex&gt;.tmp</c>, and
/// the removal of those whose writer is gone (a run killed with <c>kill -9</c> cannot clean up after itself; its rerun
/// can). The process id in the name says whose a temp is: one of a live process is never touched.
/// </summary>
public static partial class StaleTemps
{
    /// <summary>A fresh temp name for <paramref name="name"/> owned by this process (the format <see cref="AtomicFile"/> uses).</summary>
    public static string NameFor(string name) => $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    /// <summary>The owner's process id and the name the temp stands for, if <paramref name="fileName"/> is a temp name.</summary>
    public static bool TryParse(string fileName, out int pid, out string name)
    {
        var m = TempName().Match(fileName);
        pid = m.Success && int.TryParse(m.Groups[2].ValueSpan, out int p) ? p : 0;
        name = m.Success ? m.Groups[1].Value : "";
        return pid > 0;
    }

    /// <summary>
    /// Deletes the temp files and folders in <paramref name="directory"/> (and below it with
    /// <see cref="SearchOption.AllDirectories"/>) whose owning process has exited. Returns the removed paths, in
    /// ordinal order. With <paramref name="onlyFor"/>, only temps standing for those file names (e.g. the files a
    /// command writes there) are considered. Entries that vanish meanwhile or cannot be deleted are skipped, never an error.
    /// </summary>
    public static IReadOnlyList<string> Clean(string directory, SearchOption scope = SearchOption.TopDirectoryOnly, IReadOnlySet<string>? onlyFor = null)
    {
        var removed = new List<string>();
        if (!Directory.Exists(directory)) return removed;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList())
        {
            bool isDir = Directory.Exists(entry);
            if (TryParse(Path.GetFileName(entry), out int pid, out var name) && (onlyFor is null || onlyFor.Contains(name)) && IsStale(entry, pid))
            {
                if (TryDelete(entry, isDir)) removed.Add(entry);
                continue;
            }
            if (isDir && scope == SearchOption.AllDirectories && !IsSymlink(entry)) removed.AddRange(Clean(entry, scope, onlyFor));
        }
        return removed;
    }

    /// <summary>
    /// Stale when no process has that id, or the one that has it started after the temp was last written (the id
    /// was reused, as happens often in containers). A second of slack covers clock granularity.
    /// </summary>
    public static bool IsStale(string path, int pid)
    {
        DateTime lastWriteUtc;
        if (Directory.Exists(path)) lastWriteUtc = Directory.GetLastWriteTimeUtc(path);
        else if (File.Exists(path)) lastWriteUtc = File.GetLastWriteTimeUtc(path);
        else return false; // gone meanwhile: nothing to clean
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return true;
            return process.StartTime.ToUniversalTime() > lastWriteUtc + TimeSpan.FromSeconds(1);
        }
        catch (ArgumentException) { return true; } // no such process
        catch (InvalidOperationException) { return true; } // exited meanwhile
        catch (Exception e) when (e is Win32Exception or NotSupportedException or UnauthorizedAccessException) { return false; } // cannot tell: keep it
    }

    static bool IsSymlink(string path) => new DirectoryInfo(path).LinkTarget is not null;

    static bool TryDelete(string path, bool isDir)
    {
        try
        {
            if (isDir) Directory.Delete(path, recursive: true);
            else File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    [GeneratedRegex(@"^\.(.+)\.(\d{1,10})\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();
}
