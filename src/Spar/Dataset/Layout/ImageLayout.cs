using System.Globalization;
using Spar.Imaging;
using Spar.Util;

namespace Spar.Dataset.Layout;

/// <summary>What <c>spar layout</c> is asked to build (docs/spar7m-release.md).</summary>
public sealed record LayoutOptions(ILayoutSource Source, string From, string To)
{
    /// <summary>Copy files instead of linking them (<c>--copy</c>); Structured3D's JPEGs are always written.</summary>
    public bool Copy { get; init; }
    /// <summary>ScanNet's depth, pose and intrinsics as well (<c>--rgbd</c>, SPAR-7M-RGBD).</summary>
    public bool Rgbd { get; init; }
    /// <summary>A SPAR-7M tree whose records say which images to provide (<c>--only-referenced ROOT</c>); null: all of them.</summary>
    public string? OnlyReferenced { get; init; }
    /// <summary>Scenes to lay out (default: every scene of the download).</summary>
    public IReadOnlyList<string>? Scenes { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    public CancellationToken Cancel { get; init; }
}

/// <summary>A referenced image <c>spar layout</c> could not provide: its path under the images root and why.</summary>
public sealed record Unprovided(string Path, string Why)
{
    public override string ToString() => $"{Path}: {Why}";
}

/// <summary>What a layout run made. <see cref="Kept"/> entries were already right (a rerun resumes).</summary>
public sealed record LayoutReport(int Scenes, long Linked, long Copied, long Converted, long Kept, long References,
    IReadOnlyList<Unprovided> Unprovided, IReadOnlyList<string> Notes, string? ReferencesFrom);

/// <summary>
/// Builds a SPAR-7M source's <c>images/</c> tree from the user's own download, as the official <c>prepare_*_layout.py</c>
/// scripts do (symlinks by default), so that the paths the records name resolve. Every entry is made under a temp name
/// and renamed into place, so a killed run leaves whole entries only and a rerun keeps what is right and redoes the rest.
/// Nothing is ever written through a link: a folder link of an earlier run that must now hold single files is replaced
/// by a real folder (the link goes, its target in the download is untouched), and a file is never opened through one.
/// </summary>
public static class ImageLayout
{
    public static LayoutReport Run(LayoutOptions options, IProgress<WorkProgress>? progress = null)
    {
        if (!Directory.Exists(options.From)) throw new SparException($"--from {options.From}: directory not found");
        var to = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.To));
        var fromReal = new PathRule().RealPath(Path.GetFullPath(options.From));
        var toReal = new PathRule().RealPath(to);
        if (IsUnder(toReal, fromReal))
            throw new SparException($"--to {options.To} is inside the download {options.From}; the layout must not write into your dataset");

        var references = ReferencedImages.For(options, to, out var referencesFrom, out var treeNote);
        var download = options.Source.Scenes(options.From);
        if (options.Scenes is { } only)
        {
            var names = download.Select(s => s.Scene).ToHashSet(StringComparer.Ordinal);
            foreach (var s in only)
                if (!names.Contains(s)) throw new SparException($"--scenes {s}: no such scene in {options.From}");
            download = download.Where(s => only.Contains(s.Scene, StringComparer.Ordinal)).ToList();
        }
        // With --scenes, only those scenes' references are this run's to provide (and to count).
        if (references != null && options.Scenes is { } wanted)
            foreach (var scene in references.Keys.Where(k => !wanted.Contains(k, StringComparer.Ordinal)).ToList()) references.Remove(scene);
        var unprovided = new List<Unprovided>();
        var inDownload = download.Select(s => s.Scene).ToHashSet(StringComparer.Ordinal);
        if (references != null)
            foreach (var (scene, paths) in references)
                if (!inDownload.Contains(scene))
                    unprovided.AddRange(paths.Select(p => new Unprovided(p, $"scene {scene} is not in the download {options.From}")));
        if (options.OnlyReferenced != null) download = download.Where(s => references!.ContainsKey(s.Scene)).ToList();

        Directory.CreateDirectory(to);
        var results = new SceneResult[download.Count];
        var tracker = new ProgressTracker("layout", "scene", download.Count, progress);
        var links = new PathRule();
        Workers.For(download.Count, Math.Max(1, options.Threads), options.Cancel, i =>
        {
            var scene = download[i];
            results[i] = LayOut(scene, references?.GetValueOrDefault(scene.Scene), options, to, links);
            tracker.Advance(1);
        });
        tracker.Done();

        foreach (var r in results) unprovided.AddRange(r.Unprovided);
        unprovided.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new LayoutReport(download.Count, results.Sum(r => r.Linked), results.Sum(r => r.Copied), results.Sum(r => r.Converted),
            results.Sum(r => r.Kept), references?.Sum(r => (long)r.Value.Count) ?? 0, unprovided, [.. treeNote is null ? [] : new[] { treeNote }, .. results.SelectMany(r => r.Notes)], referencesFrom);
    }

    sealed class SceneResult
    {
        public long Linked, Copied, Converted, Kept;
        public List<Unprovided> Unprovided { get; } = [];
        public List<string> Notes { get; } = [];
    }

    static SceneResult LayOut(SceneDownload scene, SortedSet<string>? references, LayoutOptions options, string to, PathRule links)
    {
        var result = new SceneResult();
        var sceneDir = Path.Combine(to, scene.Scene);
        if (new FileInfo(sceneDir).LinkTarget is { } sceneLink)
            throw new SparException($"{sceneDir} is a symbolic link to {sceneLink}; spar layout writes a real folder there and never into a link's target: remove the link and rerun");
        var made = new HashSet<string>(StringComparer.Ordinal);
        if (options.OnlyReferenced == null)
        {
            var video = ReadVideoIndex(Path.Combine(sceneDir, Scenes.RgbdLayout.VideoIndexFile));
            foreach (var entry in scene.All(options, video, rel => CanLinkFolder(Path.Combine(to, rel))))
            {
                options.Cancel.ThrowIfCancellationRequested();
                Make(entry, to, links, result);
                made.Add(entry.Relative);
            }
        }
        foreach (var reference in references ?? [])
        {
            options.Cancel.ThrowIfCancellationRequested();
            if (made.Contains(reference) || (options.OnlyReferenced == null && PathRule.FileExists(Path.Combine(to, reference)))) continue;
            var inScene = reference[(scene.Scene.Length + 1)..];
            if (scene.Provide(inScene, options, out var whyNot) is { } entry)
            {
                Make(entry, to, links, result);
                made.Add(reference);
            }
            else result.Unprovided.Add(new Unprovided(reference, whyNot ?? "not provided"));
        }
        return result;
    }

    /// <summary>A folder may become a whole-folder link unless a real folder is there already (an earlier <c>--copy</c> or <c>--only-referenced</c> run).</summary>
    static bool CanLinkFolder(string path) => !Directory.Exists(path) || new DirectoryInfo(path).LinkTarget != null;

    /// <summary><c>video_idx.txt</c>: one frame number per line, blank lines skipped; null when absent.</summary>
    static List<long>? ReadVideoIndex(string file)
    {
        if (!File.Exists(file)) return null;
        var frames = new List<long>();
        int line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (text.Trim().Length == 0) continue;
            if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var frame))
                throw new SparException($"{file}:{line}: '{text.Trim()}' is not a frame number");
            frames.Add(frame);
        }
        return frames;
    }

    static void Make(LayoutEntry entry, string to, PathRule links, SceneResult result)
    {
        var dst = Path.Combine(to, entry.Relative);
        RealFolders(to, Path.GetDirectoryName(dst)!, result);
        if (Directory.Exists(dst) && new DirectoryInfo(dst).LinkTarget == null && !entry.IsDirectory)
            throw new SparException($"{dst}: a folder is in the way of the file the layout makes there");
        switch (entry.Action)
        {
            case LayoutAction.Link:
                var target = links.RealPath(Path.GetFullPath(entry.SourcePath));
                if (new FileInfo(dst).LinkTarget == target) { result.Kept++; return; }
                var tmp = Temp(dst);
                File.CreateSymbolicLink(tmp, target);
                if (entry.IsDirectory) RenameFolderLink(tmp, dst);
                else Rename(tmp, dst);
                result.Linked++;
                return;
            case LayoutAction.Copy:
                var info = new FileInfo(dst);
                if (info.Exists && info.LinkTarget == null && info.Length == new FileInfo(entry.SourcePath).Length) { result.Kept++; return; }
                var copy = Temp(dst);
                File.Copy(entry.SourcePath, copy);
                Rename(copy, dst);
                result.Copied++;
                return;
            case LayoutAction.Jpeg:
                var jpeg = new FileInfo(dst);
                if (jpeg.Exists && jpeg.LinkTarget == null && jpeg.Length > 0) { result.Kept++; return; }
                RgbaImage image;
                try { image = ImageCodec.Decode(entry.SourcePath); }
                catch (UnreadableImageException e) { result.Unprovided.Add(new Unprovided(entry.Relative, e.Message)); return; }
                // AtomicFile renames its temp over dst: an old link there is replaced, its target never opened.
                using (image) AtomicFile.Write(dst, s => ImageCodec.EncodeJpeg(image, s, 95));
                result.Converted++;
                return;
        }
    }

    /// <summary>
    /// Makes every folder from <paramref name="to"/> down to <paramref name="folder"/> a real folder: a folder link (one the
    /// layout made, pointing into the download) is replaced by an empty real folder, so what follows is written in the
    /// images tree and not through the link into the user's dataset.
    /// </summary>
    static void RealFolders(string to, string folder, SceneResult result)
    {
        var current = to;
        foreach (var part in Path.GetRelativePath(to, folder).Split(Path.DirectorySeparatorChar))
        {
            if (part is "." or "") continue;
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is { } target)
            {
                File.Delete(current); // unlink: removes the link itself
                result.Notes.Add($"{current}: replaced the folder link to {target} by a folder of single entries");
            }
            Directory.CreateDirectory(current);
        }
    }

    static string Temp(string dst) => Path.Combine(Path.GetDirectoryName(dst)!, StaleTemps.NameFor(Path.GetFileName(dst)));

    /// <summary>rename(2): replaces a file or link at <paramref name="dst"/> as one step; a folder link is replaced, not entered.</summary>
    static void Rename(string tmp, string dst)
    {
        try { File.Move(tmp, dst, overwrite: true); }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    /// <summary>
    /// .NET moves a link to a folder only with <see cref="Directory.Move"/>, which will not replace: an old link (or file)
    /// there is unlinked first. A stop between the two steps leaves the entry missing, which a rerun makes again.
    /// </summary>
    static void RenameFolderLink(string tmp, string dst)
    {
        try
        {
            if (File.Exists(dst) || new FileInfo(dst).LinkTarget != null) File.Delete(dst);
            Directory.Move(tmp, dst);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    static bool IsUnder(string path, string dir) =>
        path == dir || path.StartsWith(dir.EndsWith(Path.DirectorySeparatorChar) ? dir : dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
