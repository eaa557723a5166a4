using System.Globalization;
using Spar.Scenes.Importers;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// What <see cref="SceneImport.Run"/> does for any importer, shown with the smallest one possible: a "source" whose
/// scenes are folders holding <c>frames.txt</c> (one number per line, a frame each), imported into
/// <c>count.txt</c>. A line that is not a number is bad input, named by file and line.
/// </summary>
public class SceneImportTests
{
    sealed record LinesScene(string SceneId, string Folder) : IFoundScene;

    sealed record LinesReport(string SceneId, int Frames, IReadOnlyList<string> Warnings, string OutputFolder) : IImportedScene
    {
        public string Summary => $"{Frames} frames";
    }

    sealed class LinesImporter : ISceneImporter<LinesScene, LinesReport>
    {
        public int MaxThreadsSeen;
        public string Name => "lines";
        public string WorkUnit => "frame";

        public IReadOnlyList<LinesScene> Discover(string input, IReadOnlyList<string>? only)
        {
            if (!Directory.Exists(input)) throw new SparException($"{input}: folder not found");
            var ids = only ?? Directory.GetDirectories(input).Select(Path.GetFileName).OfType<string>().ToList();
            return [.. ids.Order(StringComparer.Ordinal).Select(id => new LinesScene(id, Path.Combine(input, id)))];
        }

        public long CountWork(LinesScene scene)
        {
            var file = Path.Combine(scene.Folder, "frames.txt");
            if (!File.Exists(file)) throw new SparException($"{file}: not found");
            return File.ReadLines(file).Count();
        }

        public LinesReport Import(LinesScene scene, SceneFolder folder, SceneImportContext context)
        {
            lock (this) MaxThreadsSeen = Math.Max(MaxThreadsSeen, context.Threads);
            var file = Path.Combine(scene.Folder, "frames.txt");
            long sum = 0;
            int line = 0;
            foreach (var text in File.ReadLines(file))
            {
                line++;
                if (!long.TryParse(text, CultureInfo.InvariantCulture, out var v)) throw new SparException($"{file}:{line}: '{text}' is not a frame number");
                // Written as it goes, as a real importer streams frames: a failure must leave none of it behind.
                File.AppendAllText(Path.Combine(folder.Staging, "frames.txt"), v + "\n");
                sum += v;
                context.Progress.Advance(1);
            }
            File.WriteAllText(Path.Combine(folder.Staging, "count.txt"), $"{line} {sum}\n");
            return new LinesReport(scene.SceneId, line, line == 0 ? ["no frames"] : [], folder.Commit());
        }
    }

    static void Scene(string input, string id, params string[] lines)
    {
        Directory.CreateDirectory(Path.Combine(input, id));
        File.WriteAllText(Path.Combine(input, id, "frames.txt"), string.Concat(lines.Select(l => l + "\n")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Scenes_import_into_the_sources_images_folder_and_a_bad_one_fails_alone(int threads)
    {
        using var dir = new TestPaths.TempDir();
        var input = dir["in"];
        Scene(input, "a", "1", "2");
        Scene(input, "b", "5", "x7", "9");
        Scene(input, "c");
        var images = Path.Combine(dir["out"], "lines", "images");
        Assert.Equal(images, SceneImport.ImagesRoot(dir["out"], "lines"));
        var progress = new List<WorkProgress>();
        var report = SceneImport.Run(new LinesImporter(), new SceneImportRequest { Input = input, OutDir = dir["out"], Threads = threads },
            new SyncProgress(progress.Add));

        Assert.Equal(["a", "c"], report.Scenes.Select(s => s.SceneId));
        Assert.Equal(["no frames"], report.Scenes[1].Warnings);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(new SceneImportFailure("b", $"{Path.Combine(input, "b", "frames.txt")}:2: 'x7' is not a frame number"), failure);
        Assert.Equal("2 3\n", File.ReadAllText(Path.Combine(images, "a", "count.txt")));
        Assert.Equal(Path.Combine(images, "a"), report.Scenes[0].OutputFolder);
        Assert.True(File.Exists(Path.Combine(images, "a", ".spar-import-lines")));
        Assert.Equal(["a", "c"], Directory.GetDirectories(images).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // nothing of b
        var last = progress[^1];
        Assert.True(last.Finished);
        Assert.Equal(("import lines", "frame", 5L), (last.Stage, last.Unit, last.Total)); // 2 + 3 + 0 frames counted up front
    }

    [Fact]
    public void A_foreign_folder_fails_its_scene_before_its_work_is_counted_and_threads_left_over_go_to_the_scenes()
    {
        using var dir = new TestPaths.TempDir();
        var input = dir["in"];
        Scene(input, "a", "1");
        Scene(input, "b", "2", "3");
        var foreign = Path.Combine(dir["out"], "lines", "images", "b");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "mine.txt"), "user's");
        var progress = new List<WorkProgress>();
        var importer = new LinesImporter();

        var report = SceneImport.Run(importer, new SceneImportRequest { Input = input, OutDir = dir["out"], Threads = 4 }, new SyncProgress(progress.Add));

        Assert.Equal(["a"], report.Scenes.Select(s => s.SceneId));
        Assert.StartsWith($"{foreign}: folder exists but was not written by spar import lines", Assert.Single(report.Failures).Message);
        Assert.Equal(1L, progress[^1].Total);
        Assert.Equal(["mine.txt"], Directory.GetFiles(foreign).Select(Path.GetFileName));
        Assert.Equal(2, importer.MaxThreadsSeen); // 4 threads over 2 scenes
    }

    [Fact]
    public void A_scene_another_run_is_importing_stops_the_run_before_any_work()
    {
        using var dir = new TestPaths.TempDir();
        var input = dir["in"];
        Scene(input, "a", "1");
        Scene(input, "b", "2");
        var images = SceneImport.ImagesRoot(dir["out"], "lines");
        using (SceneFolder.Lock(images, "b"))
        {
            var e = Assert.Throws<SparException>(() => SceneImport.Run(new LinesImporter(), new SceneImportRequest { Input = input, OutDir = dir["out"] }));
            Assert.StartsWith($"import of b into {images}: another spar run is writing there", e.Message);
            Assert.False(Directory.Exists(Path.Combine(images, "a")));
            // The same run for the free scene goes ahead.
            var only = SceneImport.Run(new LinesImporter(), new SceneImportRequest { Input = input, OutDir = dir["out"], Scenes = ["a"] });
            Assert.Equal(["a"], only.Scenes.Select(s => s.SceneId));
        }
    }

    [Fact]
    public void Bad_threads_are_refused()
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => SceneImport.Run(new LinesImporter(), new SceneImportRequest { Input = dir.Path, OutDir = dir["out"], Threads = 0 }));
        Assert.Equal("--threads must be at least 1 (got 0)", e.Message);
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> posts to the thread pool, so its last report may come late).</summary>
    sealed class SyncProgress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) { lock (this) report(value); }
    }
}
