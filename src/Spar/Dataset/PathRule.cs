using System.Collections.Concurrent;
using Spar.Util;

namespace Spar.Dataset;

/// <summary>
/// Where a record may point (docs/guarantees.md, "Where records may point"), the one rule every reader of record images,
/// depth maps and index annotations applies: a path is read only when its real target — symlinks followed, in parent
/// folders too, <c>..</c> taken on the real tree as the kernel does — lies inside the root it is relative to (a source's
/// <c>images/</c>, an index's tree root) or inside a folder the user named with <c>--allow-outside</c>. Symlinks that end
/// inside the root are fine; a symlink farm pointing at downloads elsewhere on disk (SPAR-7M's layout scripts make them)
/// needs <c>--allow-outside</c> for those folders, so a crafted record cannot make spar read, draw or embed any file.
/// One instance per command run: it caches the real path of every folder it resolves, so a record whose folder was seen
/// costs one <c>readlink</c> for its file name.
/// </summary>
public sealed class PathRule
{
    /// <summary>Links followed in one resolution before it is called a loop (Linux's own limit).</summary>
    const int MaxLinkHops = 40;
    const int MaxCachedFolders = 1 << 20;

    static readonly char Sep = Path.DirectorySeparatorChar;

    readonly string[] _allowed;
    readonly ConcurrentDictionary<string, string> _realFolders = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, ContainedRoot> _roots = new(StringComparer.Ordinal);

    /// <param name="allowOutside">Folders records may point into besides their root (<c>--allow-outside</c>); each must exist.</param>
    public PathRule(IEnumerable<string>? allowOutside = null)
    {
        var allowed = new List<string>();
        foreach (var dir in allowOutside ?? [])
        {
            if (!Directory.Exists(dir)) throw new SparException($"--allow-outside {dir}: no such folder");
            allowed.Add(WithSeparator(RealPath(Path.GetFullPath(dir))));
        }
        _allowed = [.. allowed];
        AllowedOutside = allowed;
    }

    /// <summary>The real paths of the <c>--allow-outside</c> folders.</summary>
    public IReadOnlyList<string> AllowedOutside { get; }

    /// <summary>
    /// Whether <paramref name="path"/> is a file once every link is followed. <see cref="File.Exists"/> is true for a
    /// dangling symlink on Unix (.NET falls back to lstat), which would let a broken link farm pass as complete.
    /// </summary>
    public static bool FileExists(string path) => File.Exists(path) && !Dangles(path);

    /// <summary>Whether <paramref name="path"/> is a symlink whose final target does not exist (or a loop of links).</summary>
    public static bool Dangles(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget == null) return false;
            // The final target is no link, so the plain checks are right for it (a FileInfo even when it is a folder).
            return info.ResolveLinkTarget(returnFinalTarget: true) is not { } target || !(File.Exists(target.FullName) || Directory.Exists(target.FullName));
        }
        catch (IOException) { return true; } // a loop
    }

    /// <summary>The rule applied to paths relative to <paramref name="directory"/> (one object per folder, cached).</summary>
    public ContainedRoot Root(string directory) =>
        _roots.GetOrAdd(Path.GetFullPath(directory), d => new ContainedRoot(this, d, WithSeparator(RealPath(d))));

    internal bool Allowed(string real, string rootWithSeparator) =>
        Inside(real, rootWithSeparator) || _allowed.Any(a => Inside(real, a));

    static bool Inside(string real, string dirWithSeparator) =>
        real.StartsWith(dirWithSeparator, StringComparison.Ordinal) || real + Sep == dirWithSeparator;

    static string WithSeparator(string dir) => dir.EndsWith(Sep) ? dir : dir + Sep;

    /// <summary>
    /// The real path of <paramref name="full"/> (absolute): every symlink resolved, <c>.</c> and <c>..</c> taken on the real
    /// tree. Components that do not exist are kept as they are, so a missing file still has a place to be judged by.
    /// </summary>
    public string RealPath(string full)
    {
        // The usual record path has no '.', '..' or empty segment: its folder's real path comes from the cache.
        if (!HasDotSegments(full))
        {
            var folder = Path.GetDirectoryName(full);
            var name = Path.GetFileName(full);
            if (folder is null || name.Length == 0) return full;
            int hops = 0;
            return Step(RealFolder(folder), name, ref hops);
        }
        return Walk(full);
    }

    /// <summary>The real path of a folder given as a full path without dot segments; cached.</summary>
    string RealFolder(string folder)
    {
        if (_realFolders.TryGetValue(folder, out var known)) return known;
        var parent = Path.GetDirectoryName(folder);
        int hops = 0;
        var real = parent is null ? folder : Step(RealFolder(parent), Path.GetFileName(folder), ref hops);
        if (_realFolders.Count >= MaxCachedFolders) _realFolders.Clear();
        _realFolders[folder] = real;
        return real;
    }

    /// <summary><paramref name="name"/> inside the real folder <paramref name="realParent"/>, its link (if any) followed to the end.</summary>
    string Step(string realParent, string name, ref int hops)
    {
        var next = Path.Join(realParent, name);
        var target = ReadLink(next);
        if (target is null) return next;
        if (++hops > MaxLinkHops) throw new SparException($"{next}: too many levels of symbolic links");
        return Walk(Path.IsPathRooted(target) ? target : Path.Join(realParent, target), ref hops);
    }

    string Walk(string full)
    {
        int hops = 0;
        return Walk(full, ref hops);
    }

    /// <summary>The general case: component by component from the file-system root.</summary>
    string Walk(string full, ref int hops)
    {
        var root = Path.GetPathRoot(full) ?? Sep.ToString();
        var current = root;
        foreach (var part in full[root.Length..].Split(Sep))
        {
            if (part is "" or ".") continue;
            current = part == ".." ? Path.GetDirectoryName(current) ?? current : Step(current, part, ref hops);
        }
        return current;
    }

    static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    static bool HasDotSegments(string full)
    {
        foreach (var part in full.Split(Sep).AsSpan(1))
            if (part is "" or "." or "..") return true;
        return false;
    }
}

/// <summary>
/// One root under <see cref="PathRule"/>: resolves a record's relative path (joined as the official loader joins it,
/// <c>os.path.join(root, p)</c>) and refuses it when its real target is outside the root and every allowed folder.
/// </summary>
public sealed class ContainedRoot
{
    readonly PathRule _rule;
    readonly string _realRoot;

    internal ContainedRoot(PathRule rule, string directory, string realRootWithSeparator)
    {
        _rule = rule;
        Directory = directory;
        _realRoot = realRootWithSeparator;
    }

    /// <summary>The root as given (full path).</summary>
    public string Directory { get; }

    /// <summary>
    /// The file to open for <paramref name="relative"/>, or null with <paramref name="refusal"/> saying where it leads.
    /// The path returned keeps the user's layout (a symlink farm stays a farm in exported paths); for a path with
    /// <c>..</c> segments it is the real path, because .NET would collapse <c>..</c> by name where the kernel follows links.
    /// </summary>
    /// <param name="joinedTo">The folder <paramref name="relative"/> is relative to when it is not the root itself (index entries
    /// are relative to the folder holding the tree).</param>
    public bool TryResolve(string relative, out string path, out string? refusal, string? joinedTo = null)
    {
        var joined = Path.Combine(joinedTo ?? Directory, relative);
        var real = _rule.RealPath(joined);
        if (!_rule.Allowed(real, _realRoot))
        {
            path = "";
            var via = real == Path.GetFullPath(joined) ? "" : $" resolves to {real}, which";
            refusal = $"'{relative}'{via} is outside {Directory}" +
                      (_rule.AllowedOutside.Count > 0 ? $" and the --allow-outside folders" : "") +
                      "; records may only point inside their root (pass --allow-outside DIR for a dataset folder of yours it links to)";
            return false;
        }
        path = HasDotDot(relative) ? real : Path.GetFullPath(joined);
        refusal = null;
        return true;
    }

    /// <summary><see cref="TryResolve"/>, throwing a <see cref="SparException"/> that starts with <paramref name="what"/>.</summary>
    public string Resolve(string relative, string what)
    {
        if (TryResolve(relative, out var path, out var refusal)) return path;
        throw new SparException($"{what} {refusal}");
    }

    static bool HasDotDot(string relative)
    {
        foreach (var part in relative.Split('/', '\\'))
            if (part == "..") return true;
        return false;
    }
}
