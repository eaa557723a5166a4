using System.Text.Json;
using Spar.Bench.Data;
using Spar.Util;

namespace Spar.Bench.Build;

/// <summary>
/// The <c>--out</c> folder of <c>bench build</c>. A build writes into a staging folder inside it and, once complete,
/// swaps its outputs (<see cref="OutputFolders"/> and <c>build.json</c>) in as a whole, so a rebuild leaves exactly what its <c>build.json</c>
/// describes (no stale tiny benchmark or images of an earlier build), and a failed build leaves the previous one as it
/// was. Entries the build does not own (predictions, scores, notes) are left alone; a non-empty folder that is not a
/// previous build is refused rather than written into.
/// </summary>
internal sealed partial class BuildOutput : IDisposable
{
    /// <summary>What a build writes at the top of <c>--out</c> besides <c>build.json</c>; nothing else there is touched.</summary>
    public static readonly IReadOnlyList<string> OutputFolders = ["folder", "parquet", "tiny"];

    // Temp names (StaleTemps format) of the staging folder and of the folder the replaced outputs are moved into.
    const string StagingName = "bench-build";
    const string ReplacedName = "bench-build-replaced";

    /// <summary>The lock file name (<see cref="OutputLock.PathIn"/>) held in <c>--out</c> for the whole build.</summary>
    public const string LockName = "spar-bench-build";

    readonly string _out;
    readonly bool _createdOut;
    readonly OutputLock _lock;
    bool _committed;

    BuildOutput(string outDir, string staging, bool createdOut, OutputLock outLock)
    {
        _out = outDir;
        Staging = staging;
        _createdOut = createdOut;
        _lock = outLock;
    }

    /// <summary>Where this build writes; its entries are moved to <c>--out</c> by <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>Stale temps of killed builds removed while preparing.</summary>
    public IReadOnlyList<string> CleanedUp { get; private init; } = [];

    /// <summary>
    /// Checks that <paramref name="outDir"/> is new, empty or a previous build, removes what killed builds left in it,
    /// and creates this build's staging folder.
    /// </summary>
    public static BuildOutput Prepare(string outDir)
    {
        var full = Path.GetFullPath(outDir);
        if (File.Exists(full)) throw new SparException($"{outDir}: --out is a file, not a folder");
        bool createdOut = !Directory.Exists(full);
        // Two builds into one folder would swap each other's outputs: the second stops here, naming the first.
        var outLock = OutputLock.Acquire(OutputLock.PathIn(full, LockName), $"bench build --out {outDir}");
        try
        {
            var staging = PrepareLocked(outDir, full, out var cleaned);
            return new BuildOutput(full, staging, createdOut, outLock) { CleanedUp = cleaned };
        }
        catch
        {
            Release(outLock, full, createdOut);
            throw;
        }
    }

    static string PrepareLocked(string outDir, string full, out IReadOnlyList<string> cleanedUp)
    {
        // An interrupted swap (killed between its renames) left a replaced-outputs folder and maybe no build.json yet:
        // that folder is still a build's, so recognise it before cleaning the temps away.
        var interrupted = StaleReplaced(full);
        bool previousBuild = IsManifest(Path.Combine(full, BenchSource.BuildManifestFile)) || interrupted.Count > 0;
        // Every check comes before anything is deleted or moved.
        if (!previousBuild && Directory.Exists(full) &&
            Directory.EnumerateFileSystemEntries(full).Where(e => !StaleTemps.TryParse(Path.GetFileName(e), out _, out _) && !OutputLock.IsLockFile(Path.GetFileName(e))).Order(StringComparer.Ordinal).Take(4).ToList() is { Count: > 0 } found)
            throw new SparException($"{outDir}: not empty and not a previous bench build (no {BenchSource.BuildManifestFile} written by spar bench build; found " +
                $"{string.Join(", ", found.Take(3).Select(Path.GetFileName))}{(found.Count > 3 ? ", …" : "")}); " +
                "bench build replaces only its own outputs and will not write among other files: pass a new or empty folder");
        var foreign = OutputFolders.Concat(interrupted).SelectMany(f => ForeignEntries(full, f)).Take(4).ToList();
        if (foreign.Count > 0)
            throw new SparException($"{outDir}: a rebuild replaces {string.Join("/, ", OutputFolders)}/ as a whole, but they hold files bench build did not write: " +
                $"{string.Join(", ", foreign.Take(3))}{(foreign.Count > 3 ? ", …" : "")}. Move them out (keep predictions beside those folders, " +
                "e.g. <out>/predictions/) and run again; nothing was changed");
        // Roll an interrupted swap back to the previous build before anything else, so a failing rebuild cannot lose it.
        if (!IsManifest(Path.Combine(full, BenchSource.BuildManifestFile)))
            foreach (var replaced in interrupted) RestoreFrom(full, replaced);
        cleanedUp = StaleTemps.Clean(full);
        var staging = Path.Combine(full, StaleTemps.NameFor(StagingName));
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>
    /// Releases the lock. A build that changed nothing (refused, or failed) and created the lock file removes it, and
    /// the folder too when it created that and leaves it empty: a refused folder is left exactly as it was.
    /// </summary>
    static void Release(OutputLock outLock, string full, bool createdOut, bool committed = false)
    {
        try
        {
            if (!committed && outLock.CreatedFile)
            {
                outLock.DisposeAndDelete();
                if (createdOut && !Directory.EnumerateFileSystemEntries(full).Any()) Directory.Delete(full);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // left for the next build
        finally { outLock.Dispose(); }
    }

    /// <summary>
    /// Swaps the staged outputs in: the old <c>build.json</c> goes first (so no manifest describes a half-swapped
    /// folder), then the old outputs are moved aside, the new ones in, the new <c>build.json</c> last. Each step is a
    /// rename within one folder; a kill between them is recognised and finished over by the next build.
    /// </summary>
    public void Commit()
    {
        var replaced = Path.Combine(_out, StaleTemps.NameFor(ReplacedName));
        Directory.CreateDirectory(replaced);
        const string manifest = BenchSource.BuildManifestFile;
        var done = new List<(string From, string To)>();
        void Step(string from, string to)
        {
            if (Move(from, to)) done.Add((from, to));
        }
        try
        {
            Step(Path.Combine(_out, manifest), Path.Combine(replaced, manifest));
            foreach (var entry in OutputFolders) Step(Path.Combine(_out, entry), Path.Combine(replaced, entry));
            foreach (var entry in OutputFolders) Step(Path.Combine(Staging, entry), Path.Combine(_out, entry));
            Step(Path.Combine(Staging, manifest), Path.Combine(_out, manifest));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Undo in reverse order, so a failed swap leaves the previous build as it was.
            foreach (var (from, to) in Enumerable.Reverse(done))
                try { Move(to, from); } catch (Exception undo) when (undo is IOException or UnauthorizedAccessException) { }
            throw new SparException($"{_out}: could not swap the new build in ({e.Message}); the previous build was put back", e);
        }
        _committed = true;
        Directory.Delete(Staging, recursive: true);
        Directory.Delete(replaced, recursive: true);
    }

    public void Dispose()
    {
        if (!_committed)
            try { Directory.Delete(Staging, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // left for the next build to clean
        Release(_lock, _out, _createdOut, _committed);
    }

    static bool Move(string from, string to)
    {
        if (Directory.Exists(from)) { Directory.Move(from, to); return true; }
        if (File.Exists(from)) { File.Move(from, to); return true; }
        return false;
    }

    /// <summary>Replaced-outputs folders of builds that died mid-swap, relative to <paramref name="dir"/>.</summary>
    static List<string> StaleReplaced(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateDirectories(dir).Where(d => StaleTemps.TryParse(Path.GetFileName(d), out int pid, out var n) && n == ReplacedName && StaleTemps.IsStale(d, pid))
                .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// Puts back what a build killed mid-swap had moved aside. An output folder already at the top then belongs to the
    /// dead build (it was moved in from its staging; its ownership was checked), so it goes and the old one returns.
    /// </summary>
    static void RestoreFrom(string outDir, string replacedName)
    {
        var replaced = Path.Combine(outDir, replacedName);
        foreach (var entry in OutputFolders)
        {
            var old = Path.Combine(replaced, entry);
            if (!Directory.Exists(old)) continue;
            var top = Path.Combine(outDir, entry);
            if (Directory.Exists(top)) Directory.Delete(top, recursive: true);
            Directory.Move(old, top);
        }
        var manifest = Path.Combine(replaced, BenchSource.BuildManifestFile);
        if (File.Exists(manifest)) File.Move(manifest, Path.Combine(outDir, BenchSource.BuildManifestFile), overwrite: true);
    }

    /// <summary>
    /// Files under an output folder (<paramref name="folder"/>, relative to <paramref name="outDir"/>) that no build writes:
    /// a build writes <c>[tiny/]folder/bench.jsonl</c>, <c>[tiny/]folder/images/*</c> (and <c>depth/*</c> with <c>--rgbd</c>) and <c>[tiny/]parquet/data/*.parquet</c>
    /// (plus its temps, and build.json in a replaced-outputs folder). Anything else — a predictions file saved next to the
    /// tiny benchmark — is the user's.
    /// </summary>
    static IEnumerable<string> ForeignEntries(string outDir, string folder)
    {
        var root = Path.Combine(outDir, folder);
        if (!Directory.Exists(root)) yield break;
        // Inside a replaced-outputs folder the paths are one level deeper.
        var prefixLength = StaleTemps.TryParse(folder, out _, out _) ? root.Length + 1 : outDir.Length + 1;
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            var relative = file[prefixLength..].Replace('\\', '/');
            if (!OwnedFile().IsMatch(relative) && !StaleTemps.TryParse(Path.GetFileName(file), out _, out _)) yield return Path.Combine(folder, relative);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^((tiny/)?(folder/bench\.jsonl|folder/(images|depth)/[^/]+|parquet/data/[^/]+\.parquet)|build\.json)$")]
    private static partial System.Text.RegularExpressions.Regex OwnedFile();

    static bool IsManifest(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("tool", out var tool) && tool.ValueKind == JsonValueKind.String
                && tool.GetString() == "spar bench build";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
