using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// <c>spar import scannet</c>: imports the chosen scans in parallel (one scene per worker). Each scene is
/// independent and written atomically, so the output is identical whatever the thread count; a scene that fails
/// is reported with its reason and the others are still imported.
/// </summary>
public static class ScanNetImporter
{
    public static ScanNetImportReport Run(ScanNetImportOptions options, IProgress<WorkProgress>? progress = null)
    {
        if (options.Threads < 1) throw new SparException($"--threads must be at least 1 (got {options.Threads})");
        ScanNetSceneImporter.Validate(options);
        var labels = options.LabelsPath != null ? ScanNetLabelMap.Read(options.LabelsPath) : ScanNetLabelMap.Identity;
        // A shard may hold no scene (more shards than scenes): it then imports nothing and succeeds.
        var scenes = ScanNetSceneFiles.Discover(options.ScansDir, options.Scenes).Where(s => options.Shard.Contains(s.SceneId)).ToList();
        // Another import writing one of these scenes stops this run before any work (exit 2, naming it). Each scene's lock
        // is then held while that scene is imported; one taken meanwhile fails just that scene.
        foreach (var scene in scenes) ScanNetSceneImporter.LockScene(options.ImagesRoot, scene.SceneId).Dispose();
        var failures = new ScanNetSceneFailure?[scenes.Count];
        var frameCounts = new long[scenes.Count];
        for (int i = 0; i < scenes.Count; i++)
        {
            try
            {
                // A scene whose output folder is not spar's fails here, before its frames count towards the progress total.
                ScanNetSceneImporter.RequireReplaceable(Path.Combine(options.ImagesRoot, scenes[i].SceneId));
                using var s = scenes[i].OpenFrames();
                frameCounts[i] = s.FrameCount;
            }
            catch (SparException e) { failures[i] = new ScanNetSceneFailure(scenes[i].SceneId, e.Message); }
        }
        var tracker = new ProgressTracker("import scannet", "frame", frameCounts.Sum(), progress);
        // Scenes first (they are independent); threads left over encode frames within a scene.
        int sceneThreads = Math.Max(1, Math.Min(options.Threads, scenes.Count));
        options = options with { FrameThreads = Math.Max(1, options.Threads / sceneThreads) };
        var reports = new ScanNetSceneReport?[scenes.Count];
        Workers.For(scenes.Count, sceneThreads, options.Cancel, i =>
        {
            if (failures[i] != null) return;
            try { reports[i] = ScanNetSceneImporter.Import(scenes[i], options, labels, tracker); }
            catch (SparException e) { failures[i] = new ScanNetSceneFailure(scenes[i].SceneId, e.Message); }
            catch (IOException e) { failures[i] = new ScanNetSceneFailure(scenes[i].SceneId, $"{scenes[i].Folder}: I/O error: {e.Message}"); }
        });
        tracker.Done();
        return new ScanNetImportReport(reports.OfType<ScanNetSceneReport>().ToList(), failures.OfType<ScanNetSceneFailure>().ToList());
    }
}
