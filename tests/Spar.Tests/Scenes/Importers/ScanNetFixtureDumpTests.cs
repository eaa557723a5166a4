using Spar.Scenes.Importers.ScanNet;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// Writes the ScanNet fixture scans (one as a .sens, one as a zero-padded SensReader export in <c>image/</c>) plus the
/// labels TSV, and imports them. With <c>SPAR_SCANNET_FIXTURE_DIR</c> set the scans are written there and kept, so that
/// bench/scripts/byte-identity.sh can hash them and their <c>spar import scannet</c> output.
/// </summary>
public class ScanNetFixtureDumpTests
{
    public const string EnvVar = "SPAR_SCANNET_FIXTURE_DIR";
    public const string ExportSceneId = "scene0008_02";

    [Fact]
    public void Fixture_scans_are_written_and_import_without_failure()
    {
        using var temp = new TestPaths.TempDir();
        string root = Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } dir ? Path.GetFullPath(dir) : temp.Path;
        string scans = Path.Combine(root, "scans");
        ScanNetSceneFixture.Write(scans);
        ScanNetSceneFixture.Write(scans, asExport: true, sceneId: ExportSceneId, exportSubfolder: "image", zeroPaddedNames: true);
        string labels = ScanNetSceneFixture.Labels(root);

        var report = ScanNetImporter.Run(new ScanNetImportOptions
        {
            Input = scans, OutDir = temp["imported"], FrameStep = 2, VideoFrames = 3, LabelsPath = labels, Threads = 1,
        });
        Assert.Empty(report.Failures);
        Assert.Equal([ScanNetSceneFixture.SceneId, ExportSceneId], report.Scenes.Select(s => s.SceneId).Order(StringComparer.Ordinal));
        Assert.Equal(["export", "sens"], report.Scenes.Select(s => s.FramesFrom).Order(StringComparer.Ordinal));
    }
}
