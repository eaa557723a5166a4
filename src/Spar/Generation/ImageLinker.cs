using System.Runtime.InteropServices;
using Spar.Dataset;
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
            try
            {
                if (!(mode == ImageMode.Link && TryHardLink(src, tmp))) File.Copy(src, tmp, overwrite: true);
                File.Move(tmp, dst, overwrite: true);
            }
            catch (Exception failure)
            {
                try { File.Delete(tmp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                // .NET's copy reports ENOSPC without a path; say which file, in the runtime's own "REASON : 'PATH'" form.
                if (failure is IOException io && !io.Message.Contains(tmp, StringComparison.Ordinal))
                    throw new IOException($"{io.Message} : '{dst}'", io) { HResult = io.HResult };
                throw;
            }
        }
    }

    /// <summary>
    /// Removes the temps a killed run left while placing images (<see cref="StaleTemps"/> names of dead processes) under
    /// every <c>&lt;out&gt;/&lt;source&gt;/images</c>, sparing a live run's and skipping <paramref name="inputRoots"/> (images
    /// folders the scenes themselves live in, which are not this command's output). Returns the removed paths.
    /// Called before any image is placed, under the run's <see cref="OutputLock"/>.
    /// </summary>
    public static IReadOnlyList<string> RemoveStaleTemps(string outRoot, IEnumerable<string> inputRoots)
    {
        if (!Directory.Exists(outRoot)) return [];
        var inputs = inputRoots.ToList();
        var removed = new List<string>();
        var tree = SparTree.ForWriting(outRoot);
        foreach (var source in Directory.EnumerateDirectories(outRoot).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal))
        {
            var images = tree.ImagesDir(source);
            if (inputs.Any(i => SameFolder(i, images))) continue;
            removed.AddRange(StaleTemps.Clean(images, SearchOption.AllDirectories));
        }
        return removed;
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
