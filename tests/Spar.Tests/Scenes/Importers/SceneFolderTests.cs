using Spar.Scenes.Importers;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

/// <summary>The guarantees every importer gets from <see cref="SceneFolder"/>: atomic swap, ownership marker, lock, stale cleanup.</summary>
public class SceneFolderTests
{
    const string Source = "fixture";
    const string Scene = "room_01";

    static string[] Entries(string dir) =>
        [.. Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p)).Order(StringComparer.Ordinal)];

    /// <summary>What is in the images folder besides lock files: the scene folders and any temp siblings.</summary>
    static string[] Siblings(string images) =>
        [.. Directory.GetFileSystemEntries(images).Select(Path.GetFileName).OfType<string>().Where(n => !OutputLock.IsLockFile(n)).Order(StringComparer.Ordinal)];

    static void ImportOnce(string images, string content)
    {
        using var folder = SceneFolder.Open(images, Scene, Source);
        Directory.CreateDirectory(Path.Combine(folder.Staging, "pose"));
        File.WriteAllText(Path.Combine(folder.Staging, "pose", "0.txt"), content);
        File.WriteAllText(Path.Combine(folder.Staging, "scene.json"), content);
        folder.Commit();
    }

    [Fact]
    public void Commit_swaps_the_whole_scene_in_at_once_and_marks_it_as_spars()
    {
        using var dir = new TestPaths.TempDir();
        var images = dir["images"];
        ImportOnce(images, "first");
        var final = Path.Combine(images, Scene);
        File.WriteAllText(Path.Combine(final, "only-in-first.txt"), "x");

        using (var folder = SceneFolder.Open(images, Scene, Source))
        {
            Assert.Equal(final, folder.Path);
            File.WriteAllText(Path.Combine(folder.Staging, "scene.json"), "second");
            // Until the commit, the final folder is the previous import, unchanged, and the new one is only a hidden sibling.
            Assert.Equal("first", File.ReadAllText(Path.Combine(final, "scene.json")));
            Assert.True(File.Exists(Path.Combine(final, "only-in-first.txt")));
            Assert.StartsWith($".{Scene}.partial-", Path.GetFileName(folder.Staging));
            Assert.Equal(images, Path.GetDirectoryName(folder.Staging));
            Assert.Equal(final, folder.Commit());
        }

        // After it, exactly the new scene: nothing of the old one merged in, no temp sibling left, the marker written.
        Assert.Equal([".spar-import-fixture", "scene.json"], Entries(final));
        Assert.Equal("second", File.ReadAllText(Path.Combine(final, "scene.json")));
        Assert.Equal("written by spar import fixture for room_01; the whole folder is replaced by the next import\n",
            File.ReadAllText(Path.Combine(final, SceneFolder.MarkerFileName(Source))));
        Assert.Equal([Scene], Siblings(images));
    }

    [Fact]
    public void An_import_that_fails_before_its_commit_leaves_the_previous_scene_and_no_staging()
    {
        using var dir = new TestPaths.TempDir();
        var images = dir["images"];
        ImportOnce(images, "first");
        var before = Entries(Path.Combine(images, Scene));
        Assert.Throws<InvalidDataException>(void () =>
        {
            using var folder = SceneFolder.Open(images, Scene, Source);
            File.WriteAllText(Path.Combine(folder.Staging, "scene.json"), "half");
            throw new InvalidDataException("frame 3 is broken");
        });
        Assert.Equal(before, Entries(Path.Combine(images, Scene)));
        Assert.Equal("first", File.ReadAllText(Path.Combine(images, Scene, "scene.json")));
        Assert.Equal([Scene], Siblings(images));
    }

    [Fact]
    public void A_folder_without_the_marker_is_refused_at_open_and_left_untouched()
    {
        using var dir = new TestPaths.TempDir();
        var images = dir["images"];
        var mine = Path.Combine(images, Scene);
        Directory.CreateDirectory(Path.Combine(mine, "image_color"));
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "precious");
        // A marker of another importer does not make it this one's either.
        File.WriteAllText(Path.Combine(mine, SceneFolder.MarkerFileName("other")), "");
        var before = Entries(mine);

        var e = Assert.Throws<SparException>(() => SceneFolder.Open(images, Scene, Source));
        Assert.Equal($"{mine}: folder exists but was not written by spar import fixture (no .spar-import-fixture); "
            + "it is left untouched: move it away or delete it to import this scene there", e.Message);
        Assert.Equal(before, Entries(mine));
        Assert.Equal("precious", File.ReadAllText(Path.Combine(mine, "notes.txt")));
        Assert.Equal([Scene], Siblings(images));
        // The refused open released the lock: once the folder is moved away, the scene imports.
        Directory.Move(mine, dir["moved"]);
        ImportOnce(images, "new");
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir["moved"], "notes.txt")));
    }

    [Fact]
    public void A_foreign_folder_that_appears_during_the_import_is_not_replaced()
    {
        using var dir = new TestPaths.TempDir();
        var images = dir["images"];
        var final = Path.Combine(images, Scene);
        using (var folder = SceneFolder.Open(images, Scene, Source))
        {
            File.WriteAllText(Path.Combine(folder.Staging, "scene.json"), "new");
            Directory.CreateDirectory(final);
            File.WriteAllText(Path.Combine(final, "user.txt"), "appeared meanwhile");
            var e = Assert.Throws<SparException>(() => folder.Commit());
            Assert.Contains("folder exists but was not written by spar import fixture", e.Message);
        }
        Assert.Equal(["user.txt"], Entries(final));
        Assert.Equal([Scene], Siblings(images)); // the staging went with the failed import
    }

    [Fact]
    public void A_file_in_the_way_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        var images = Directory.CreateDirectory(dir["images"]).FullName;
        File.WriteAllText(Path.Combine(images, Scene), "a file");
        var e = Assert.Throws<SparException>(() => SceneFolder.Open(images, Scene, Source));
        Assert.Equal($"{Path.Combine(images, Scene)}: a file is in the way of the scene folder; move it away to import this scene", e.Message);
        Assert.Equal("a file", File.ReadAllText(Path.Combine(images, Scene)));
    }

    [Fact]
    public void Stale_staging_of_a_killed_run_is_removed_and_a_users_lookalike_is_not()
    {
        using var dir = new TestPaths.TempDir();
        var images = dir["images"];
        ImportOnce(images, "first");
        // What kill -9 leaves: a staging folder, or the previous import moved aside just before the swap.
        var deadStaging = Path.Combine(images, $".{Scene}.partial-{Guid.NewGuid():N}");
        var deadOld = Path.Combine(images, $".{Scene}.old-{Guid.NewGuid():N}");
        var otherScene = Path.Combine(images, $".{Scene}x.partial-{Guid.NewGuid():N}"); // another scene's: its own import cleans it
        var backup = Path.Combine(images, $".{Scene}.old-v1");
        foreach (var d in new[] { deadStaging, deadOld, otherScene, backup })
        {
            Directory.CreateDirectory(d);
            File.WriteAllText(Path.Combine(d, "scene.json"), "left behind");
        }

        using (var folder = SceneFolder.Open(images, Scene, Source))
        {
            // Nothing is removed before the importer starts writing (a refused or failed discovery costs nothing) ...
            Assert.True(Directory.Exists(deadStaging));
            _ = folder.Staging;
            // ... then the dead run's folders go, with the lock held so that no live run's can be among them.
            Assert.False(Directory.Exists(deadStaging));
            Assert.False(Directory.Exists(deadOld));
            File.WriteAllText(Path.Combine(folder.Staging, "scene.json"), "second");
            folder.Commit();
        }
        Assert.True(Directory.Exists(otherScene));
        Assert.True(Directory.Exists(backup));
        Assert.Equal("second", File.ReadAllText(Path.Combine(images, Scene, "scene.json")));
        Assert.Equal([Path.GetFileName(backup), Path.GetFileName(otherScene), Scene], Siblings(images));
    }

    [Fact]
    public void Two_imports_of_one_scene_cannot_run_at_once_and_of_two_scenes_can()
    {
        using var dir = new TestPaths.TempDir();
        var images = dir["images"];
        using var first = SceneFolder.Open(images, Scene, Source);
        var e = Assert.Throws<SparException>(() => SceneFolder.Open(images, Scene, Source));
        Assert.StartsWith($"import of {Scene} into {images}: another spar run is writing there (pid {Environment.ProcessId}", e.Message);
        using var other = SceneFolder.Open(images, "room_02", Source);
        Assert.Equal(Path.Combine(images, "room_02"), other.Path);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_scene_id_that_is_not_one_folder_name_is_refused(string id)
    {
        using var dir = new TestPaths.TempDir();
        var e = Assert.Throws<SparException>(() => SceneFolder.Open(dir["images"], id, Source));
        Assert.StartsWith($"'{id}' is not a scene id", e.Message);
        Assert.False(Directory.Exists(dir["escape"]));
    }
}
