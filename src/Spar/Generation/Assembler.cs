using Spar.Catalog;
using Spar.Dataset;
using Spar.Tasks;
using Spar.Util;
using Spar.Determinism;

namespace Spar.Generation;

/// <summary>Records written per output file, keyed <c>source/split/type-folder/format</c>.</summary>
public sealed record AssemblyResult(SortedDictionary<string, long> Written, long Capped, IReadOnlyList<SceneSummary> Scenes);

/// <summary>
/// Builds the SPAR-7M layout from committed scene parts: <c>&lt;out&gt;/&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;type&gt;/&lt;format&gt;/&lt;format&gt;_&lt;N&gt;.jsonl</c>.
/// Scenes are concatenated in stable-hash order of their ids (a fixed pseudo-random order, so a cap keeps a spread
/// of scenes rather than the alphabetically first), which makes the bytes independent of threads and shards.
/// </summary>
public static class Assembler
{
    public static AssemblyResult Assemble(string outRoot, IReadOnlyList<string> partFiles, long cap,
        IReadOnlyList<(string Type, string Format)> streams, IProgress<WorkProgress>? progress)
    {
        var parts = partFiles.Select(p => (Path: p, Summary: ScenePartFile.ReadSummary(p)))
            .GroupBy(p => (p.Summary.Source, p.Summary.SceneId)).Select(g => g.First())
            .OrderBy(p => p.Summary.Source, StringComparer.Ordinal)
            .ThenBy(p => StableHash.Of("order", p.Summary.SceneId))
            .ThenBy(p => p.Summary.SceneId, StringComparer.Ordinal)
            .ToList();
        var tracker = new ProgressTracker("assemble", "part", parts.Count, progress);
        var written = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long capped = 0;
        var ledger = new OutputLedger(outRoot);
        var tree = SparTree.ForWriting(outRoot);
        var sources = parts.Select(p => p.Summary.Source).Distinct().ToList();

        // Only files an earlier spar run wrote here are replaced. Anything else in a folder this run writes to (an
        // official SPAR-7M file, the user's own) stops the run before a single file is touched.
        var replace = new List<string>();
        var foreign = new List<string>();
        foreach (var source in sources)
        foreach (var split in new[] { "train", "val" })
        foreach (var (type, format) in streams)
            foreach (var file in ExistingOutputs(tree.FormatDir(source, split, Folder(type), format), format))
                (ledger.Owns(file) ? replace : foreign).Add(file);
        if (foreign.Count > 0)
            throw new SparException($"{foreign.Count} file(s) in the output folders were not written by spar generate into this --out " +
                $"(not in its {RunManifest.FileName} or {OutputLedger.FileName}), and spar does not replace them: " +
                string.Join(", ", foreign.Order(StringComparer.Ordinal).Take(5)) + (foreign.Count > 5 ? ", …" : "") +
                ". Move them away or generate into another --out (merge the trees with spar index/mix).");
        foreach (var file in replace) File.Delete(file);
        foreach (var source in sources)
        foreach (var split in new[] { "train", "val" })
        foreach (var (type, format) in streams)
            RemoveStaleTemps(tree.FormatDir(source, split, Folder(type), format), format);

        foreach (var source in sources)
        {
            var writers = new Dictionary<(string Split, string Type, string Format), (FileStream Stream, string Tmp, long Count)>();
            try
            {
                foreach (var (path, summary) in parts.Where(p => p.Summary.Source == source))
                {
                    foreach (var (type, format, json) in ScenePartFile.ReadRecords(path))
                    {
                        var key = (summary.Split, type, format);
                        if (!writers.TryGetValue(key, out var w))
                        {
                            var dir = tree.FormatDir(source, summary.Split, Folder(type), format);
                            Directory.CreateDirectory(dir);
                            var tmp = Path.Combine(dir, StaleTemps.NameFor(format));
                            w = (new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), tmp, 0);
                        }
                        if (cap > 0 && w.Count >= cap) { capped++; writers[key] = w; continue; }
                        w.Stream.Write(json);
                        w.Stream.WriteByte((byte)'\n');
                        writers[key] = (w.Stream, w.Tmp, w.Count + 1);
                    }
                    tracker.Advance(1);
                }
                foreach (var ((split, type, format), (stream, tmp, count)) in writers.OrderBy(k => k.Key.ToString(), StringComparer.Ordinal))
                {
                    stream.Dispose();
                    var dir = Path.GetDirectoryName(tmp)!;
                    var final = Path.Combine(dir, SparTree.QaFileName(format, count));
                    ledger.Claim(final); // before the move: a run killed right after it still knows the file is its own
                    File.Move(tmp, final, overwrite: true);
                    written[$"{source}/{split}/{Folder(type)}/{format}"] = count;
                }
                writers.Clear();
            }
            finally
            {
                foreach (var (stream, tmp, _) in writers.Values) AtomicFile.Abandon(stream, tmp);
            }
        }
        tracker.Done();
        return new AssemblyResult(written, capped, parts.Select(p => p.Summary).ToList());
    }

    static string Folder(string type) => TaskCatalog.TryGet(type, out var info) ? info.FolderName : type;

    /// <summary>The <c>&lt;format&gt;_&lt;digits&gt;.jsonl</c> files of one folder.</summary>
    static IEnumerable<string> ExistingOutputs(string dir, string format) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir).Where(f => SparTree.IsQaFileName(Path.GetFileName(f), format))
            : [];

    /// <summary>Removes the temp files an interrupted assembly left (<see cref="StaleTemps.NameFor"/> of the format), not a live run's.</summary>
    static void RemoveStaleTemps(string dir, string format) => StaleTemps.Clean(dir, onlyFor: new HashSet<string>([format], StringComparer.Ordinal));
}
