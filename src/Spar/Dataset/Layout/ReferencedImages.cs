using System.Text.Json;
using Spar.Util;

namespace Spar.Dataset.Layout;

/// <summary>
/// The images a source's QA records name (<c>image</c> and <c>depth</c>, relative to <c>&lt;source&gt;/images</c>), by
/// scene (the path's first folder). Read from <c>--only-referenced ROOT</c>, or else from the tree the images folder
/// belongs to when <c>--to</c> is <c>ROOT/&lt;source&gt;/images</c> and the records are there, so every run can say
/// which referenced images it could not provide. Lines that are not records are left to <c>spar validate</c>.
/// </summary>
public static class ReferencedImages
{
    /// <param name="treeNote">How <c>--only-referenced</c> was read when it is not simply the root (a source folder):
    /// one line for stderr, as every command that reads a tree says it (<see cref="SparTree.Note"/>).</param>
    public static SortedDictionary<string, SortedSet<string>>? For(LayoutOptions options, string to, out string? from, out string? treeNote)
    {
        from = null;
        treeNote = null;
        SparTree? tree = null;
        if (options.OnlyReferenced is { } root)
        {
            tree = SparTree.Open(root);
            treeNote = tree.Note is { } note ? $"--only-referenced: {note}" : null;
            if (!tree.Sources().Contains(options.Source.Name, StringComparer.Ordinal))
                throw new SparException($"--only-referenced {root}: no {options.Source.Name}/qa_jsonl in this tree (sources here: {string.Join(", ", tree.Sources())})");
        }
        else if (Path.GetFileName(to) == "images" && Path.GetDirectoryName(to) is { } sourceDir
                 && Path.GetFileName(sourceDir) == options.Source.Name && Directory.Exists(Path.Combine(sourceDir, "qa_jsonl")))
            tree = SparTree.Open(sourceDir);
        if (tree == null) return null;

        from = tree.SourceDir(options.Source.Name);
        var byScene = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in tree.AllFiles([options.Source.Name]))
        {
            using var reader = JsonlLineReader.Open(file.FullPath);
            while (TryRead(reader, out var line))
            {
                QaRecord record;
                try { record = SparJson.ParseRecord(line); }
                catch (JsonException) { continue; }
                foreach (var path in record.Image.Concat(record.Depth ?? []))
                {
                    int slash = path.IndexOf('/');
                    if (slash <= 0 || !Validator.IsSafeRelative(path)) continue; // validate names these
                    var scene = path[..slash];
                    if (!byScene.TryGetValue(scene, out var set)) byScene[scene] = set = new SortedSet<string>(StringComparer.Ordinal);
                    set.Add(path);
                }
            }
        }
        return byScene;
    }

    static bool TryRead(JsonlLineReader reader, out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            try { return reader.TryReadLine(out line); }
            catch (LineTooLongException) { }
        }
    }
}
