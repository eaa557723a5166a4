using Spar.Dataset;
using Spar.Generation;

namespace Spar.Tests;

/// <summary>Builds fixture scenes, runs the generator, and reads its output back for tests.</summary>
public static class GeneratedTree
{
    /// <summary>Six living-room variants (objects shifted) under <c>&lt;root&gt;/synthetic/images/</c>.</summary>
    public static List<SceneFixture> WriteRooms(string root, int count = 6)
    {
        var list = new List<SceneFixture>();
        for (int k = 0; k < count; k++)
        {
            var f = SceneFixture.LivingRoom($"room{k:D2}", shift: 0.17 * k);
            f.Write(root);
            list.Add(f);
        }
        return list;
    }

    public static GenerateOptions Options(string scenes, string output, int threads = 1, int perScene = 8) => new()
    {
        Scenes = [scenes], Out = output, Threads = threads, PerScene = perScene, Seed = 7, ValFraction = 0.34,
    };

    /// <summary>Every record under the output's qa_jsonl with its split, task folder and format folder.</summary>
    public static List<(string Split, string Task, string Format, QaRecord Record)> Read(string output)
    {
        var tree = SparTree.Open(output);
        var result = new List<(string, string, string, QaRecord)>();
        foreach (var file in tree.AllFiles())
            foreach (var (_, r) in QaRecordReader.Read(file.FullPath))
                result.Add((file.Split, file.TaskFolder, file.FormatFolder, r));
        return result;
    }

    /// <summary>Relative path → bytes of every file under qa_jsonl (the generated annotations).</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string output)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(output, "*.jsonl", SearchOption.AllDirectories))
            if (!f.Contains(Generator.WorkFolder)) result[Path.GetRelativePath(output, f)] = File.ReadAllBytes(f);
        return result;
    }

    public static void AssertSame(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (k, v) in expected) Assert.True(v.AsSpan().SequenceEqual(actual[k]), $"{k} differs");
    }
}
