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
internal sealed class BuildOutput : IDisposable
{
    /// <summary>What a build writes at the top of <c>--out</c> besides <c>build.json</c>; nothing else there is touched.</summary>
    public static readonly IReadOnlyList<string> OutputFolders = ["folder", "parquet", "tiny"];

    // Temp names (StaleTemps format) of the staging folder and of the folder the replaced outputs are moved into.
    const string StagingName = "bench-build";
    const string ReplacedName = "bench-build-replaced";

    readonly string _out;
    readonly bool _createdOut;
    bool _committed;

    BuildOutput(string outDir, string staging, bool createdOut)
    {
        _out = outDir;
        Staging = staging;
        _createdOut = createdOut;
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
        // An interrupted swap (killed between its renames) left a replaced-outputs folder and maybe no build.json yet:
        // that folder is still a build's, so recognise it before cleaning the temps away.
        bool previousBuild = IsManifest(Path.Combine(full, BenchSource.BuildManifestFile)) || HasStale(full, ReplacedName);
        var cleaned = StaleTemps.Clean(full);
        if (!previousBuild && Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal).Take(4).ToList() is { Count: > 0 } found)
            throw new SparException($"{outDir}: not empty and not a previous bench build (no {BenchSource.BuildManifestFile} written by spar bench build; found " +
                $"{string.Join(", ", found.Take(3).Select(Path.GetFileName))}{(found.Count > 3 ? ", …" : "")}); " +
                "bench build replaces only its own outputs and will not write among other files: pass a new or empty folder");
        bool createdOut = !Directory.Exists(full);
        var staging = Path.Combine(full, StaleTemps.NameFor(StagingName));
        Directory.CreateDirectory(staging);
        return new BuildOutput(full, staging, createdOut) { CleanedUp = cleaned };
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
        Move(Path.Combine(_out, manifest), Path.Combine(replaced, manifest));
        foreach (var entry in OutputFolders) Move(Path.Combine(_out, entry), Path.Combine(replaced, entry));
        foreach (var entry in OutputFolders) Move(Path.Combine(Staging, entry), Path.Combine(_out, entry));
        Move(Path.Combine(Staging, manifest), Path.Combine(_out, manifest));
        _committed = true;
        Directory.Delete(Staging, recursive: true);
        Directory.Delete(replaced, recursive: true);
    }

    public void Dispose()
    {
        if (_committed) return;
        try
        {
            Directory.Delete(Staging, recursive: true);
            if (_createdOut && !Directory.EnumerateFileSystemEntries(_out).Any()) Directory.Delete(_out);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // left for the next build to clean
    }

    static void Move(string from, string to)
    {
        if (Directory.Exists(from)) Directory.Move(from, to);
        else if (File.Exists(from)) File.Move(from, to);
    }

    static bool HasStale(string dir, string name) =>
        Directory.Exists(dir) && Directory.EnumerateDirectories(dir).Any(d =>
            StaleTemps.TryParse(Path.GetFileName(d), out int pid, out var n) && n == name && StaleTemps.IsStale(d, pid));

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
