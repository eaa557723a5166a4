using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Spar.Analysis;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Generation;

/// <summary>What <see cref="Generator.Run"/> did.</summary>
public sealed record GenerateReport(
    int ScenesFound,
    int ScenesInShard,
    int ScenesResumed,
    int ScenesGenerated,
    IReadOnlyList<string> Failures,
    long RecordsThisSession,
    long FramesAnalysedThisSession,
    AssemblyResult? Assembly,
    string WorkDir,
    TimeSpan Wall,
    StageTimes Times,
    AnalysisCounters Analysis,
    int ScenesChanged = 0)
{
    /// <summary>Stopped (Ctrl-C, SIGTERM) before every scene was done: committed parts are kept, nothing was assembled.</summary>
    public bool Stopped { get; init; }

    /// <summary>Temp files of killed runs removed from the output's images folders before this run placed any.</summary>
    public IReadOnlyList<string> TempsRemoved { get; init; } = [];
}

/// <summary>
/// The run driver (generation.md §6). Scenes are processed in parallel, each into an atomically committed part file
/// under <c>&lt;out&gt;/.spar-generate/&lt;settings-hash&gt;/parts/</c>; a re-run skips scenes whose part exists. An
/// unsharded run then assembles the SPAR-7M layout; a shard (<c>--shard K/N</c>) stops after its parts and
/// <see cref="Merge"/> assembles all shards. Output bytes depend only on the inputs and settings.
/// </summary>
public static class Generator
{
    public const string WorkFolder = ".spar-generate";
    const string SettingsFile = "settings.txt";

    /// <param name="onSceneCommitted">Called after each scene's part is committed (scene id); lets callers stop a run.</param>
    public static GenerateReport Run(GenerateOptions options, IProgress<WorkProgress>? progress = null,
        CancellationToken cancel = default, Action<string>? onSceneCommitted = null)
    {
        options.Check();
        SparTree.RequireWriteRoot(options.Out, "--out");
        var clock = Stopwatch.StartNew();
        var all = SceneInputs.Discover(options.Scenes);
        var mine = options.Shard.Select(all, s => s.SceneId);
        var letterRanks = SceneLetterRanks.Of(all.Select(s => s.SceneId), options.SplitOf); // over all scenes, as every shard sees them
        var fingerprint = options.Fingerprint();
        var outRoot = Path.GetFullPath(options.Out);
        // One run per --out (shards of one folder each take their own lock: they write disjoint parts and only merge assembles).
        using var runLock = OutputLock.Acquire(LockPath(outRoot, options.Shard), $"generate --out {options.Out}");
        var tempsRemoved = ImageLinker.RemoveStaleTemps(outRoot, all.Select(s => s.ImagesRoot).Distinct());
        var workDir = Path.Combine(outRoot, WorkFolder, options.FingerprintHash);
        var settingsPath = Path.Combine(workDir, SettingsFile);
        if (!File.Exists(settingsPath)) AtomicFile.WriteAllText(settingsPath, fingerprint);
        var partsDir = Path.Combine(workDir, "parts");

        var counters = new AnalysisCounters();
        var times = new StageTimes();
        var generator = new SceneGenerator(options, counters, times);
        var failures = new ConcurrentBag<(string Scene, string Message)>();
        int resumed = 0, generated = 0, changed = 0;
        var tracker = new ProgressTracker("generate", "scene", mine.Count, progress);
        void GenerateOne(SceneInput input)
        {
            var partPath = PartPath(partsDir, input.SceneId);
            int letterRank = letterRanks[input.SceneId];
            if (File.Exists(partPath))
            {
                // A part is reused only if it was made from this very scene.json (a re-import may have changed it) and
                // with the same rank (another scene list changes the one-per-scene letters).
                var made = ScenePartFile.ReadSummary(partPath);
                if (made.SceneJsonHash == SceneInputs.ContentHash(input) && made.LetterRank == letterRank) { Interlocked.Increment(ref resumed); tracker.Advance(1); return; }
                Interlocked.Increment(ref changed);
            }
            try
            {
                var result = generator.Generate(input, letterRank);
                var outImages = SparTree.ForWriting(options.Out).ImagesDir(result.Scene.Source);
                long t0 = Stopwatch.GetTimestamp();
                ImageLinker.Place(input.ImagesRoot, outImages, result.UsedFiles, options.Images);
                ScenePartFile.Write(partPath, result.Summary, result.RecordLines);
                times.AddWrite(Stopwatch.GetTimestamp() - t0);
                Interlocked.Increment(ref generated);
                onSceneCommitted?.Invoke(input.SceneId);
            }
            catch (SparException e) { failures.Add((input.SceneId, e.Message)); }
            tracker.Advance(1);
        }
        bool stopped = false;
        try
        {
            Workers.ForEach(mine, options.Threads, cancel, GenerateOne);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Scenes under way finished and committed their parts (a stop starts no new scene), so a rerun resumes.
            stopped = true;
        }
        tracker.Done();

        var failed = failures.OrderBy(f => f.Scene, StringComparer.Ordinal).Select(f => f.Message).ToList();
        var stats = new ShardStats
        {
            Shard = options.Shard.ToString(),
            Roster = ShardSpec.Roster(all.Select(s => s.SceneId)),
            Inputs = options.Scenes.Select(Path.GetFullPath).ToList(),
            Scenes = mine.Count,
            ScenesResumed = resumed,
            FramesAnalysed = counters.FramesAnalysed,
            Records = times.Records,
            WallSeconds = clock.Elapsed.TotalSeconds,
            StageSeconds = StageSeconds(times, counters),
        };
        AssemblyResult? assembly = null;
        if (failed.Count == 0 && !stopped)
        {
            AtomicFile.WriteAllBytes(Path.Combine(workDir, "shards", $"shard-{options.Shard.Index}-of-{options.Shard.Count}.json"), stats.ToJson());
            if (options.Shard.IsWhole)
            {
                var partFiles = mine.Select(s => PartPath(partsDir, s.SceneId)).ToList();
                var t0 = Stopwatch.StartNew();
                assembly = Assembler.Assemble(Path.GetFullPath(options.Out), partFiles, options.Cap, StreamsOf(fingerprint), progress);
                RunManifest.Write(Path.GetFullPath(options.Out), fingerprint, [stats], assembly, t0.Elapsed.TotalSeconds);
            }
        }
        return new GenerateReport(all.Count, mine.Count, resumed, generated, failed, times.Records, counters.FramesAnalysed,
            assembly, workDir, clock.Elapsed, times, counters, changed) { Stopped = stopped, TempsRemoved = tempsRemoved };
    }

    /// <summary>The lock of a run writing into <paramref name="outRoot"/>: shared by unsharded runs and merges (they assemble), one per shard.</summary>
    static string LockPath(string outRoot, ShardSpec shard) =>
        OutputLock.PathIn(Path.Combine(outRoot, WorkFolder), shard.IsWhole ? "generate" : $"generate-shard-{shard.Index}-of-{shard.Count}");

    /// <summary>
    /// Combines shard outputs (each an <c>--out</c> of <c>generate --shard K/N</c>, or one shared folder) into the
    /// SPAR-7M layout under <paramref name="outRoot"/>: checks that every shard 1…N of one settings hash is complete,
    /// places their images, assembles the records and writes the manifest.
    /// </summary>
    public static AssemblyResult Merge(IReadOnlyList<string> inputs, string outRoot, ImageMode images = ImageMode.Link,
        IProgress<WorkProgress>? progress = null)
    {
        if (inputs.Count == 0) throw new SparException("merge: give at least one shard output folder");
        SparTree.RequireWriteRoot(outRoot, "--out");
        var clock = Stopwatch.StartNew();
        using var runLock = OutputLock.Acquire(LockPath(Path.GetFullPath(outRoot), ShardSpec.Whole), $"merge --out {outRoot}");
        var runs = new List<(string Input, string WorkDir)>();
        foreach (var input in inputs.Select(Path.GetFullPath).Distinct())
        {
            var work = Path.Combine(input, WorkFolder);
            if (!Directory.Exists(work)) throw new SparException($"{input}: no {WorkFolder}/ folder: not the --out of a generate run");
            var dirs = Directory.EnumerateDirectories(work).Where(d => File.Exists(Path.Combine(d, SettingsFile))).Order(StringComparer.Ordinal).ToList();
            if (dirs.Count == 0) throw new SparException($"{work}: holds no generate run");
            foreach (var d in dirs) runs.Add((input, d));
        }
        var hashes = runs.Select(r => Path.GetFileName(r.WorkDir)).Distinct().ToList();
        if (hashes.Count > 1)
            throw new SparException($"merge: inputs hold runs with different settings ({string.Join(", ", hashes)}); merge shards of one run only");
        var fingerprint = File.ReadAllText(Path.Combine(runs[0].WorkDir, SettingsFile));

        var shards = runs.SelectMany<(string Input, string WorkDir), string>(r => Directory.Exists(Path.Combine(r.WorkDir, "shards"))
                ? Directory.EnumerateFiles(Path.Combine(r.WorkDir, "shards"), "shard-*.json").Order(StringComparer.Ordinal)
                : []).Select(ShardStats.Read).GroupBy(s => s.Shard).Select(g => g.First()).ToList();
        CheckShardsComplete(shards, inputs);

        var partFiles = runs.SelectMany<(string Input, string WorkDir), string>(r => Directory.Exists(Path.Combine(r.WorkDir, "parts"))
            ? Directory.EnumerateFiles(Path.Combine(r.WorkDir, "parts"), "*" + ScenePartFile.Extension).Order(StringComparer.Ordinal)
            : []).ToList();
        var full = Path.GetFullPath(outRoot);
        ImageLinker.RemoveStaleTemps(full, []);
        foreach (var input in runs.Select(r => r.Input).Distinct())
            if (!ImageLinker.SameFolder(input, full))
                foreach (var source in Directory.EnumerateDirectories(input).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal))
                {
                    var imagesDir = SparTree.ForWriting(input).ImagesDir(source);
                    ImageLinker.Place(imagesDir, SparTree.ForWriting(full).ImagesDir(source), ImageLinker.AllFiles(imagesDir), images);
                }
        var assembly = Assembler.Assemble(full, partFiles, CapOf(fingerprint), StreamsOf(fingerprint), progress);
        RunManifest.Write(full, fingerprint, shards, assembly, clock.Elapsed.TotalSeconds);
        return assembly;
    }

    static void CheckShardsComplete(IReadOnlyList<ShardStats> shards, IReadOnlyList<string> inputs)
    {
        if (shards.Count == 0) throw new SparException($"merge: no finished shard in {string.Join(", ", inputs)} (a shard writes its manifest when all its scenes are done)");
        var specs = shards.Select(s => ShardSpec.Parse(s.Shard)).ToList();
        if (specs.Any(s => s.IsWhole)) return;
        var counts = specs.Select(s => s.Count).Distinct().ToList();
        if (counts.Count > 1) throw new SparException($"merge: shards of different splittings ({string.Join(", ", shards.Select(s => s.Shard))})");
        // Shards are ranked over the whole scene list (ShardSpec.Select): shards that saw different lists may overlap or
        // leave scenes out, so they are not merged.
        if (shards.Select(s => s.Roster).Distinct().Count() > 1)
            throw new SparException($"merge: shards were assigned from different scene lists ({string.Join(", ", shards.Select(s => $"{s.Shard}: {s.Roster ?? "before spar's ranked sharding"}"))}); rerun the shards over the same --scenes");
        var missing = Enumerable.Range(1, counts[0]).Except(specs.Select(s => s.Index)).ToList();
        if (missing.Count > 0)
            throw new SparException($"merge: shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(k => $"{k}/{counts[0]}"))} missing or unfinished");
    }

    static string PartPath(string partsDir, string sceneId) => Path.Combine(partsDir, sceneId + ScenePartFile.Extension);

    static string? Setting(string fingerprint, string key) =>
        fingerprint.Split('\n').FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    static long CapOf(string fingerprint) => long.Parse(Setting(fingerprint, "cap") ?? "0", CultureInfo.InvariantCulture);

    static IReadOnlyList<(string Type, string Format)> StreamsOf(string fingerprint) =>
        (Setting(fingerprint, "streams") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('/')).Select(p => (p[0], p[1])).ToList();

    static SortedDictionary<string, double> StageSeconds(StageTimes t, AnalysisCounters a) => new(StringComparer.Ordinal)
    {
        ["scene_load"] = t.SceneLoad.TotalSeconds,
        ["image_decode"] = a.DecodeTime.TotalSeconds,
        ["analysis"] = a.AnalyzeTime.TotalSeconds,
        ["templating"] = Math.Max(0, (t.Generate - a.DecodeTime - a.AnalyzeTime).TotalSeconds),
        ["serialize"] = t.Serialize.TotalSeconds,
        ["write"] = t.Write.TotalSeconds,
    };
}
