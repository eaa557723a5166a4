using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>
/// One imported scene's folder, <c>&lt;images&gt;/&lt;scene&gt;/</c>, written the one safe way every importer shares:
/// <list type="number">
/// <item>open: the scene's lock is taken (two imports of one scene cannot interleave; other scenes of the same output
/// can run at once) and a folder of that name that spar did not write is refused before any work;</item>
/// <item>stage: the importer writes into a hidden sibling, <c>.&lt;scene&gt;.partial-&lt;32 hex&gt;</c>, after the
/// staging folders of killed runs of this scene are removed;</item>
/// <item>commit: the ownership marker is written, the previous import (if any) is moved aside and the staging folder
/// renamed into place, so a reader sees the old scene or the new one, never a mix;</item>
/// <item>dispose: an uncommitted staging folder is deleted (error, Ctrl-C) and the lock released.</item>
/// </list>
/// A run killed with <c>kill -9</c> cannot clean up: it leaves its staging folder, and the previous import untouched in
/// place (killed between the two renames of the swap, it leaves that import as <c>.&lt;scene&gt;.old-&lt;32 hex&gt;</c>
/// instead and no scene folder); the next import of that scene removes both under the lock and writes the scene anew.
/// </summary>
public sealed partial class SceneFolder : IDisposable
{
    readonly OutputLock _lock;
    string? _staging;
    bool _committed, _disposed;

    SceneFolder(string imagesRoot, string sceneId, string source, OutputLock held)
    {
        ImagesRoot = imagesRoot;
        SceneId = sceneId;
        Source = source;
        Path = System.IO.Path.Combine(imagesRoot, sceneId);
        _lock = held;
    }

    /// <summary>The source's <c>images/</c> folder the scene goes into.</summary>
    public string ImagesRoot { get; }

    public string SceneId { get; }

    /// <summary>The importer's name (<c>scannet</c>): it names the marker and the command in messages.</summary>
    public string Source { get; }

    /// <summary>The scene's final folder, <c>&lt;images&gt;/&lt;scene&gt;</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// <c>.spar-import-&lt;source&gt;</c>, written into every imported scene folder: only a folder holding it (spar's own
    /// earlier import) is replaced by a new import. Any other folder of that name is the user's and is left untouched.
    /// </summary>
    public static string MarkerFileName(string source) => $".spar-import-{source}";

    /// <summary>
    /// The lock of one scene folder (<c>.&lt;scene&gt;.spar-import.lock</c> beside it): imports of different scenes into
    /// one output may run at once, two imports of the same scene may not.
    /// </summary>
    public static OutputLock Lock(string imagesRoot, string sceneId) =>
        OutputLock.Acquire(OutputLock.PathIn(imagesRoot, sceneId + ".spar-import"), $"import of {sceneId} into {imagesRoot}");

    /// <summary>
    /// Refuses to replace <paramref name="final"/> unless spar's <paramref name="source"/> importer wrote it (it holds
    /// <see cref="MarkerFileName"/>): a folder of the user's with the scene's name must never be deleted.
    /// </summary>
    public static void RequireReplaceable(string final, string source)
    {
        if (File.Exists(final))
            throw new SparException($"{final}: a file is in the way of the scene folder; move it away to import this scene");
        var marker = MarkerFileName(source);
        if (Directory.Exists(final) && !File.Exists(System.IO.Path.Combine(final, marker)))
            throw new SparException($"{final}: folder exists but was not written by spar import {source} (no {marker}); "
                + "it is left untouched: move it away or delete it to import this scene there");
    }

    /// <summary>
    /// Opens <c>&lt;images&gt;/&lt;scene&gt;</c> for an import by <paramref name="source"/>: takes the scene's lock (or
    /// throws naming its holder) and refuses a folder spar did not write, before the importer does any work.
    /// </summary>
    public static SceneFolder Open(string imagesRoot, string sceneId, string source)
    {
        // An id is one folder name: "../x" or "a/b" would write outside the images folder.
        if (sceneId.Length == 0 || sceneId is "." or ".." || sceneId.StartsWith('.') || sceneId.IndexOfAny(['/', '\\', '\0']) >= 0)
            throw new SparException($"'{sceneId}' is not a scene id (one folder name inside {imagesRoot})");
        var held = Lock(imagesRoot, sceneId);
        try
        {
            RequireReplaceable(System.IO.Path.Combine(imagesRoot, sceneId), source);
        }
        catch
        {
            held.Dispose();
            throw;
        }
        return new SceneFolder(imagesRoot, sceneId, source, held);
    }

    /// <summary>
    /// The staging folder the importer writes the whole scene into (its files as they will be inside
    /// <see cref="Path"/>). Created on first use, after the staging left by killed runs of this scene is removed.
    /// </summary>
    public string Staging
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_committed) throw new InvalidOperationException($"{Path}: already committed");
            if (_staging != null) return _staging;
            Directory.CreateDirectory(ImagesRoot);
            RemoveStaleStaging();
            var staging = System.IO.Path.Combine(ImagesRoot, $".{SceneId}.partial-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return _staging = staging;
        }
    }

    /// <summary>
    /// Marks the staged scene as spar's and swaps it into place; a previous import of the scene is replaced only now
    /// that the new one is complete. Returns <see cref="Path"/>.
    /// </summary>
    public string Commit()
    {
        if (_staging == null) throw new InvalidOperationException($"{Path}: nothing was staged");
        if (_committed) throw new InvalidOperationException($"{Path}: already committed");
        File.WriteAllText(System.IO.Path.Combine(_staging, MarkerFileName(Source)),
            $"written by spar import {Source} for {SceneId}; the whole folder is replaced by the next import\n");
        RequireReplaceable(Path, Source); // again: the folder may have appeared while the scene was being imported
        string? old = null;
        if (Directory.Exists(Path))
        {
            old = System.IO.Path.Combine(ImagesRoot, $".{SceneId}.old-{Guid.NewGuid():N}");
            Directory.Move(Path, old);
        }
        Directory.Move(_staging, Path);
        _committed = true;
        if (old != null) TryDeleteDirectory(old);
        return Path;
    }

    /// <summary>Deletes an uncommitted staging folder and releases the scene's lock.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_committed && _staging != null) TryDeleteDirectory(_staging);
        _staging = null;
        _lock.Dispose();
    }

    /// <summary>
    /// Staging (<c>partial</c>) and swapped-out (<c>old</c>) folders of this scene left by a killed run: the scene's lock,
    /// held here, keeps a live run's out of reach. Only names this class makes (a 32-hex GUID suffix) are touched, so a
    /// user's <c>.scene0000_00.old-v1</c> backup stays.
    /// </summary>
    void RemoveStaleStaging()
    {
        foreach (var stale in Directory.EnumerateDirectories(ImagesRoot, $".{SceneId}.*"))
        {
            var name = System.IO.Path.GetFileName(stale);
            var m = TempName().Match(name);
            if (m.Success && m.Groups[1].Value == SceneId) TryDeleteDirectory(stale);
        }
    }

    [GeneratedRegex(@"^\.(.+)\.(?:partial|old)-[0-9a-f]{32}$")]
    private static partial Regex TempName();

    static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
