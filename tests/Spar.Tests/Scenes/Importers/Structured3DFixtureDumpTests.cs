using Spar.Scenes.Importers.Structured3D;
using static Spar.Tests.Scenes.Importers.Structured3DFixture;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// Writes the Structured3D fixture house and imports it. With <c>SPAR_S3D_FIXTURE_DIR</c> set the house is written
/// there and kept, so that bench/scripts/structured3d-import.sh can copy it into N houses and time the import.
/// </summary>
public class Structured3DFixtureDumpTests
{
    public const string EnvVar = "SPAR_S3D_FIXTURE_DIR";

    [Fact]
    public void Fixture_house_is_written_and_imports_every_view()
    {
        using var temp = new TestPaths.TempDir();
        string root = Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } dir ? Path.GetFullPath(dir) : temp.Path;
        var fixture = Structured3DFixture.Write(root, frames: 4, extraViews: 6);
        var report = Structured3DImporter.Run(new Structured3DImportOptions { Input = root, OutDir = temp["imported"] });
        Assert.Empty(report.Failures);
        var room = Assert.Single(report.Scenes);
        Assert.Equal($"{House}_{RoomId}", room.SceneId);
        Assert.Equal(fixture.Synthetic.Scene.Frames.Count, room.Views);
    }
}
