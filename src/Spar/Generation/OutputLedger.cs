using System.Globalization;
using System.Text.Json;

namespace Spar.Generation;

/// <summary>
/// Which QA files under an output root spar generate wrote itself, so a re-run replaces those and nothing else: the
/// files listed in the previous <see cref="RunManifest"/> plus a ledger that assembly appends to <em>before</em> moving
/// each file into place (a run killed between the move and the manifest still owns its files on the re-run).
/// </summary>
public sealed class OutputLedger
{
    public const string FileName = Generator.WorkFolder + "/outputs.txt";

    readonly string _root;
    readonly string _path;
    readonly HashSet<string> _owned = new(StringComparer.Ordinal);

    public OutputLedger(string outRoot)
    {
        _root = Path.GetFullPath(outRoot);
        _path = Path.Combine(_root, Generator.WorkFolder, "outputs.txt");
        if (File.Exists(_path))
            foreach (var line in File.ReadLines(_path))
                if (line.Length > 0) _owned.Add(line);
        foreach (var relative in ManifestOutputs(Path.Combine(_root, RunManifest.FileName))) _owned.Add(relative);
        // Keep the ledger to files that still exist, so it does not grow run after run.
        var existing = _owned.Where(r => File.Exists(Path.Combine(_root, r))).Order(StringComparer.Ordinal).ToList();
        if (File.Exists(_path) || existing.Count > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            Util.AtomicFile.WriteAllText(_path, string.Concat(existing.Select(r => r + "\n")));
        }
    }

    public bool Owns(string fullPath) => _owned.Contains(Relative(fullPath));

    /// <summary>Records a file as this tool's before it appears, durably enough to survive a kill.</summary>
    public void Claim(string fullPath)
    {
        var relative = Relative(fullPath);
        if (!_owned.Add(relative)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        using var f = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        f.Write(System.Text.Encoding.UTF8.GetBytes(relative + "\n"));
        f.Flush(flushToDisk: true);
    }

    string Relative(string fullPath) => Path.GetRelativePath(_root, Path.GetFullPath(fullPath)).Replace('\\', '/');

    /// <summary>The files a manifest's <c>records</c> map names (<c>source/split/type-folder/format</c> → count).</summary>
    static IEnumerable<string> ManifestOutputs(string manifestPath)
    {
        if (!File.Exists(manifestPath)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            if (!doc.RootElement.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Object) return [];
            var list = new List<string>();
            foreach (var entry in records.EnumerateObject())
            {
                var parts = entry.Name.Split('/');
                if (parts.Length != 4 || !entry.Value.TryGetInt64(out long count)) continue;
                var (source, split, folder, format) = (parts[0], parts[1], parts[2], parts[3]);
                list.Add(Dataset.SparTree.QaRelativePath(source, split, folder, format, count));
            }
            return list;
        }
        // An unreadable manifest proves nothing about ownership: its files count as foreign, which stops the run safely.
        catch (JsonException) { return []; }
    }
}
