namespace Spar.Tests.Cli;

/// <summary>
/// Inputs for running every writing command once: tiny synthetic scenes, a generated tree from them, a benchmark
/// built from the tree, predictions for it and their score file. Built once per test class that uses it.
/// </summary>
public sealed class CliFixture : IDisposable
{
    readonly TestPaths.TempDir _dir = new();

    public string Scenes => _dir["scenes"];
    public string Tree => _dir["tree"];
    public string Bench => _dir["bench"];
    public string Predictions => _dir["p.jsonl"];
    public string Score => _dir["score.json"];
    public string Records { get; }
    public string Scans => _dir["scans"];

    public CliFixture()
    {
        Must("scenes", "synth", "--count", "3", "--out", Scenes, "--frames", "8", "--video-frames", "4", "--extra-views", "3", "--width", "160", "--height", "120");
        Must("generate", "--scenes", Scenes, "--out", Tree, "--per-scene", "4");
        Records = Directory.EnumerateFiles(Tree, "select_*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        Must("bench", "build", Path.Combine(Tree, "synthetic"), "--out", Bench, "--per-task", "3", "--tiny", "1", "--split", "train");
        Must("bench", "run", Bench, "--model", "random", "--out", Predictions);
        var (_, json, _) = Must("bench", "score", Bench, Predictions, "--json");
        File.WriteAllText(Score, json);
        Spar.Tests.Scenes.Importers.ScanNetSceneFixture.Write(Scans);
    }

    static (int, string, string) Must(params string[] args)
    {
        var r = CliRunner.Run(args);
        if (r.Exit != 0) throw new InvalidOperationException($"fixture: spar {string.Join(' ', args)} exited {r.Exit}: {r.Err}");
        return r;
    }

    public void Dispose() => _dir.Dispose();
}
