using Spar.Dataset;
using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>
/// Runs an <see cref="ISceneImporter{TScene, TReport}"/> over the scenes of the user's inputs, in parallel (one scene
/// per worker). Each scene is independent and written atomically through its <see cref="SceneFolder"/>, so the output
/// is identical whatever the thread count; a scene that fails is reported with its reason and the others are still
/// imported.
/// </summary>
public static class SceneImport
{
    /// <summary><c>&lt;out&gt;/&lt;name&gt;/images</c>: where an importer's scene folders go.</summary>
    public static string ImagesRoot(string outDir, string importerName) => SparTree.ImagesDirIn(outDir, importerName);

    public static SceneImportReport<TReport> Run<TScene, TReport>(ISceneImporter<TScene, TReport> importer, SceneImportRequest request,
        IProgress<WorkProgress>? progress = null)
        where TScene : IFoundScene
        where TReport : IImportedScene
    {
        if (request.Threads < 1) throw new SparException($"--threads must be at least 1 (got {request.Threads})");
        SparTree.RequireWriteRoot(request.OutDir, "--out");
        var imagesRoot = ImagesRoot(request.OutDir, importer.Name);
        // After discovery, so --scenes and --shard combine; a shard may hold no scene (more shards than scenes): it then
        // imports nothing and succeeds.
        var scenes = request.Shard.Select(importer.Discover(request.Input, request.Scenes), s => s.SceneId);
        // Another import writing one of these scenes stops this run before any work (exit 2, naming it). Each scene's lock
        // is then held while that scene is imported; one taken meanwhile fails just that scene.
        foreach (var scene in scenes) SceneFolder.Lock(imagesRoot, scene.SceneId).Dispose();
        var failures = new SceneImportFailure?[scenes.Count];
        var work = new long[scenes.Count];
        for (int i = 0; i < scenes.Count; i++)
        {
            try
            {
                // A scene whose output folder is not spar's fails here, before its work counts towards the progress total.
                SceneFolder.RequireReplaceable(Path.Combine(imagesRoot, scenes[i].SceneId), importer.Name);
                work[i] = importer.CountWork(scenes[i]);
            }
            catch (SparException e) { failures[i] = new SceneImportFailure(scenes[i].SceneId, e.Message); }
        }
        var tracker = new ProgressTracker($"import {importer.Name}", importer.WorkUnit, work.Sum(), progress);
        // Scenes first (they are independent); threads left over go to the work within a scene.
        int sceneThreads = Math.Max(1, Math.Min(request.Threads, scenes.Count));
        var context = new SceneImportContext(Math.Max(1, request.Threads / sceneThreads), tracker, request.Cancel);
        var reports = new TReport?[scenes.Count];
        Workers.For(scenes.Count, sceneThreads, request.Cancel, i =>
        {
            if (failures[i] != null) return;
            try
            {
                using var folder = SceneFolder.Open(imagesRoot, scenes[i].SceneId, importer.Name);
                reports[i] = importer.Import(scenes[i], folder, context);
            }
            catch (SparException e) { failures[i] = new SceneImportFailure(scenes[i].SceneId, e.Message); }
            catch (IOException e) { failures[i] = new SceneImportFailure(scenes[i].SceneId, $"{scenes[i].Folder}: I/O error: {e.Message}"); }
        });
        tracker.Done();
        return new SceneImportReport<TReport>(reports.OfType<TReport>().ToList(), failures.OfType<SceneImportFailure>().ToList());
    }
}
