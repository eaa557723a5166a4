using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Scenes;
using Spar.Scenes.Importers.ScanNet;
using static Spar.Tests.Scenes.Importers.ScanNetSceneFixture;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers;

public class ScanNetInstanceMaskTests
{
    /// <summary>ScanNet's projection: 8-bit, objectId + 1 per pixel. Pixel i gets value ids[i % ids.Length].</summary>
    static void WriteMask(string path, int w, int h, byte[] ids)
    {
        var pixels = Enumerable.Range(0, w * h).Select(i => new L8(ids[i % ids.Length])).ToArray();
        using var image = Image.LoadPixelData<L8>(pixels, w, h);
        image.SaveAsPng(path);
    }

    [Fact]
    public void Instance_projections_become_16_bit_masks_of_scene_instance_ids()
    {
        using var dir = new TestPaths.TempDir();
        var folder = Write(dir["scans"]);
        var masks = Directory.CreateDirectory(Path.Combine(folder, "instance-filt")).FullName;
        WriteMask(Path.Combine(masks, "0.png"), ColorW, ColorH, [0, 1, 2, 3, 9]); // 9: no such object
        WriteMask(Path.Combine(masks, "6.png"), ColorW / 2, ColorH / 2, [1, 2, 3]); // half resolution
        // frame 4 has no mask

        var report = ScanNetImporter.Run(new ScanNetImportOptions { Input = dir["scans"], OutDir = dir["out"], FrameStep = 2, VideoFrames = 0 });
        var r = Assert.Single(report.Scenes);
        var sceneDir = Path.Combine(dir["out"], "scannet", "images", SceneId);
        var scene = SceneJson.Read(Path.Combine(sceneDir, "scene.json")).Scene;
        Assert.Equal([$"{SceneId}/image_instance/0.png", null, $"{SceneId}/image_instance/6.png"], scene.Frames.Select(f => f.InstanceMaskPath));

        var m0 = Png16.ReadDepth(Path.Combine(sceneDir, "image_instance", "0.png"), out int w, out int h);
        Assert.Equal((ColorW, ColorH), (w, h));
        ushort[] ids0 = [0, 1, 2, 3, 0];
        for (int i = 0; i < m0.Length; i++) Assert.Equal(ids0[i % 5], m0[i]);

        var m6 = Png16.ReadDepth(Path.Combine(sceneDir, "image_instance", "6.png"), out _, out _);
        for (int v = 0; v < ColorH; v++)
            for (int u = 0; u < ColorW; u++)
                Assert.Equal((ushort)(1 + ((v / 2) * (ColorW / 2) + u / 2) % 3), m6[v * ColorW + u]);

        Assert.Contains(r.Warnings, x => x.Contains("1 written frame(s) have no instance mask"));
        Assert.Contains(r.Warnings, x => x.Contains($"{ColorW * ColorH / 5} mask pixel(s) name no imported object"));
    }
}
