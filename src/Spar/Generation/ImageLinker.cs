using System.Runtime.InteropServices;
using Spar.Util;

namespace Spar.Generation;

/// <summary>
/// Makes the images a run references available under <c>&lt;out&gt;/&lt;source&gt;/images</c>: a hard link when the file
/// system allows (no extra space, the source stays untouched), else a copy. Existing files of the same size are kept.
/// </summary>
public static partial class ImageLinker
{
    public static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>Links or copies each relative path from <paramref name="fromRoot"/> to <paramref name="toRoot"/>.</summary>
    public static void Place(string fromRoot, string toRoot, IEnumerable<string> relativePaths, ImageMode mode)
    {
        if (mode == ImageMode.None || SameFolder(fromRoot, toRoot)) return;
        foreach (var rel in relativePaths)
        {
            var src = Path.Combine(fromRoot, rel);
            var dst = Path.Combine(toRoot, rel);
            if (!File.Exists(src)) throw new SparException($"{src}: image referenced by a record does not exist");
            if (File.Exists(dst) && new FileInfo(dst).Length == new FileInfo(src).Length) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
            var tmp = Path.Combine(Path.GetDirectoryName(dst)!, StaleTemps.NameFor(Path.GetFileName(dst)));
            if (mode == ImageMode.Link && TryHardLink(src, tmp)) { File.Move(tmp, dst, overwrite: true); continue; }
            File.Copy(src, tmp, overwrite: true);
            File.Move(tmp, dst, overwrite: true);
        }
    }

    /// <summary>Every file under a folder, as paths relative to it (sorted).</summary>
    public static IEnumerable<string> AllFiles(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)
            : [];

    static bool TryHardLink(string existing, string newPath)
    {
        if (OperatingSystem.IsWindows()) return false;
        try { return Link(existing, newPath) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);
}
