using Spar.Cli;
using static Spar.Tests.Scenes.Importers.Structured3DFixture;

namespace Spar.Tests.Scenes.Importers;

/// <summary><c>--errata</c>: the rooms the official list names are skipped and counted in the run's summary.</summary>
public class Structured3DErrataTests
{
    static string Images(TestPaths.TempDir dir) => Path.Combine(dir["out"], "structured3d", "images");

    [Fact]
    public void The_listed_room_is_skipped_and_counted_and_without_the_list_it_fails()
    {
        using var dir = new TestPaths.TempDir();
        var fixture = Structured3DFixture.Write(dir["s3d"]);
        Directory.CreateDirectory(dir["lists"]);
        var errata = Path.Combine(dir["lists"], "errata.txt");
        fixture.WriteErrataRoom(errata);

        // Without the list the invalid room (no annotation) fails, which is why the list exists.
        var o = new StringWriter(); var e = new StringWriter();
        Assert.Equal(1, SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["bad"], "--threads", "1"], o, e));
        Assert.Contains($"error: {House}_{ErrataRoomId}: ", e.ToString());

        o = new StringWriter(); e = new StringWriter();
        Assert.True(SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["out"], "--threads", "1", "--errata", errata], o, e) == 0, o + "\n" + e);
        Assert.Contains("imported 1 scene(s), 0 failed", o.ToString());
        Assert.Contains($"1 room(s) skipped as listed in {errata} (1 house(s), 1 room(s) listed)", o.ToString());
        Assert.True(File.Exists(Path.Combine(Images(dir), $"{House}_{RoomId}", "scene.json")));
        Assert.False(Directory.Exists(Path.Combine(Images(dir), $"{House}_{ErrataRoomId}")));
    }

    [Fact]
    public void A_listed_house_skips_all_its_rooms()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"]);
        Directory.CreateDirectory(dir["lists"]);
        var errata = Path.Combine(dir["lists"], "errata.txt");
        File.WriteAllText(errata, $"{House}\n");
        var o = new StringWriter(); var e = new StringWriter();
        // Every room is listed, so nothing is left: the discovery's "no rooms" is not raised, the run is empty.
        int code = SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["out"], "--threads", "1", "--errata", errata], o, e);
        Assert.True(code == 0, o + "\n" + e);
        Assert.Contains("imported 0 scene(s), 0 failed", o.ToString());
        Assert.Contains("1 room(s) skipped as listed", o.ToString());
    }

    [Fact]
    public void A_malformed_line_names_file_and_line_and_exits_2()
    {
        using var dir = new TestPaths.TempDir();
        Structured3DFixture.Write(dir["s3d"]);
        Directory.CreateDirectory(dir["lists"]);
        var errata = Path.Combine(dir["lists"], "errata.txt");
        File.WriteAllText(errata, "# invalid scene\nscene_00001\nroom 485142\n");
        var o = new StringWriter(); var e = new StringWriter();
        Assert.Equal(2, SparCli.Run(["import", "structured3d", dir["s3d"], "--out", dir["out"], "--errata", errata], o, e));
        Assert.Contains($"{errata}:3: expected scene_XXXXX or scene_XXXXX_room_<roomID>, found 'room 485142'", e.ToString());
        Assert.False(Directory.Exists(Images(dir)));
    }
}
