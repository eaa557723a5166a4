using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using Spar.Imaging;

namespace Spar.Tests.Scenes.Importers;

/// <summary>
/// A complete tiny ScanNet scan written in ScanNet's own formats: 7 frames (frame 2's pose is -inf), colour 8×6 JPEG,
/// depth 4×3 at half the colour focal length (so registered depth is a plain 2× nearest upscale), a 6-vertex mesh with
/// three instances, and an axis alignment rotating 90° about Z then shifting by (10, 0, -1).
/// </summary>
static class ScanNetSceneFixture
{
    public const string SceneId = "scene0007_01";
    public const int ColorW = 8, ColorH = 6, DepthW = 4, DepthH = 3;

    public static readonly float[] ColorK = SensFixtures.Intrinsic(10, 10, 3.5f, 2.5f);
    public static readonly float[] DepthK = SensFixtures.Intrinsic(5, 5, 1.5f, 1.0f);
    public const string AlignmentLine = "axisAlignment = 0 -1 0 10 1 0 0 0 0 0 1 -1 0 0 0 1";

    public static float[] Pose(int frame) => frame switch
    {
        2 => SensFixtures.NegInf,
        3 => [0, 0, 1, 0.5f, -1, 0, 0, 1, 0, -1, 0, 1.5f, 0, 0, 0, 1], // camera looking along world +x
        _ => SensFixtures.Translation(frame, 2, 3),
    };

    public const int Frames = 7;

    public static ushort[] RawDepth(int frame)
    {
        var d = new ushort[DepthW * DepthH];
        for (int i = 0; i < d.Length; i++) d[i] = (ushort)(i == 5 ? 0 : 1000 + 100 * frame + i); // pixel 5: no depth
        return d;
    }

    public static byte[] Jpeg(int frame)
    {
        using var image = new Image<Rgb24>(ColorW, ColorH, new Rgb24((byte)(30 * frame), 100, 200));
        var ms = new MemoryStream();
        image.SaveAsJpeg(ms);
        return ms.ToArray();
    }

    static readonly float[] MeshPositions = [0, 0, 0, 1, 2, 3, 5, 5, 5, 6, 7, 5.5f, -1, -1, 0, 4, 4, 0];
    static readonly byte[] MeshColors = new byte[18];

    public static string Labels(string dir)
    {
        var path = Path.Combine(dir, "scannetv2-labels.combined.tsv");
        File.WriteAllText(path,
            "id\traw_category\tcategory\tcount\tnyu40id\teigen13id\tnyuClass\tnyu40class\teigen13class\n" +
            "2\tchair\tchair\t4000\t5\t4\tchair\tchair\tchair\n" +
            "5\tkitchen cabinets\tkitchen cabinet\t310\t3\t6\tcabinet\tcabinet\tfurniture\n" +
            "3\tfloor\tfloor\t1000\t2\t5\tfloor\tfloor\tfloor\n");
        return path;
    }

    /// <summary>Writes the scan under <paramref name="scansDir"/>; frames as a .sens file or as a SensReader export.</summary>
    /// <param name="posedImages">Frames in EmbodiedScan's <c>posed_images/&lt;scene&gt;/</c> beside <paramref name="scansDir"/> instead.</param>
    public static string Write(string scansDir, bool asExport = false, string sceneId = SceneId, bool binaryMesh = true,
        string exportSubfolder = "", bool zeroPaddedNames = false, bool posedImages = false)
    {
        var folder = Path.Combine(scansDir, sceneId);
        Directory.CreateDirectory(folder);
        if (posedImages) WritePosedImages(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scansDir))!, "posed_images", sceneId));
        else if (asExport) WriteExport(Path.Combine(folder, exportSubfolder), zeroPaddedNames);
        else WriteSens(Path.Combine(folder, sceneId + ".sens"));
        using (var fs = File.Create(Path.Combine(folder, sceneId + "_vh_clean_2.ply")))
            PlyWriter.Write(fs, MeshPositions, MeshColors, [0, 1, 2, 3, 4, 5], binaryMesh);
        File.WriteAllText(Path.Combine(folder, sceneId + "_vh_clean_2.0.010000.segs.json"),
            $$"""{"params": {}, "sceneId": "{{sceneId}}", "segIndices": [10, 10, 20, 20, 30, 30]}""");
        File.WriteAllText(Path.Combine(folder, sceneId + ".aggregation.json"), $$"""
            {"sceneId": "{{sceneId}}", "appId": "Aggregator.v2", "segGroups": [
              {"id": 0, "objectId": 0, "segments": [10], "label": "chair"},
              {"id": 1, "objectId": 1, "segments": [20], "label": "kitchen cabinets"},
              {"id": 2, "objectId": 2, "segments": [30], "label": "floor"}],
             "segmentsFile": "{{sceneId}}_vh_clean_2.0.010000.segs.json"}
            """);
        File.WriteAllText(Path.Combine(folder, sceneId + ".txt"), AlignmentLine + "\nsceneType = Kitchen\n");
        return folder;
    }

    static SensHeader Header => new(4, "StructureSensor", ColorK, SensFixtures.Identity, DepthK, SensFixtures.Identity,
        SensColorCompression.Jpeg, SensDepthCompression.ZlibUshort, ColorW, ColorH, DepthW, DepthH, 1000f, 0);

    public static void WriteSens(string path)
    {
        using var w = SensWriter.Create(path, Header);
        for (int i = 0; i < Frames; i++) w.WriteFrame(Pose(i), Jpeg(i), RawDepth(i), (ulong)i * 33_000, (ulong)i * 33_000);
    }

    /// <summary>EmbodiedScan's generate_image_scannet.py layout: %05d.jpg/.png/.txt in one folder, intrinsic.txt, depth_intrinsic.txt.</summary>
    static void WritePosedImages(string folder)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < Frames; i++)
        {
            string n = i.ToString("D5", CultureInfo.InvariantCulture);
            File.WriteAllBytes(Path.Combine(folder, n + ".jpg"), Jpeg(i));
            using (var fs = File.Create(Path.Combine(folder, n + ".png"))) Png16.WriteDepth(fs, RawDepth(i), DepthW, DepthH);
            File.WriteAllText(Path.Combine(folder, n + ".txt"), PoseText(Pose(i)));
        }
        File.WriteAllText(Path.Combine(folder, "intrinsic.txt"), MatrixFile.Format(Mat4.FromRowMajor([.. ColorK.Select(v => (double)v)])));
        File.WriteAllText(Path.Combine(folder, "depth_intrinsic.txt"), MatrixFile.Format(Mat4.FromRowMajor([.. DepthK.Select(v => (double)v)])));
    }

    /// <summary>numpy.savetxt's "%f" layout, -inf included, as SensReader and EmbodiedScan write poses.</summary>
    static string PoseText(float[] p) => string.Join("\n", Enumerable.Range(0, 4).Select(r =>
        string.Join(" ", Enumerable.Range(0, 4).Select(c => float.IsNegativeInfinity(p[4 * r + c]) ? "-inf" : p[4 * r + c].ToString("F6", CultureInfo.InvariantCulture))))) + "\n";

    static void WriteExport(string folder, bool zeroPadded)
    {
        foreach (var sub in new[] { "color", "depth", "pose", "intrinsic" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        for (int i = 0; i < Frames; i++)
        {
            string n = i.ToString(zeroPadded ? "D6" : "D", CultureInfo.InvariantCulture);
            File.WriteAllBytes(Path.Combine(folder, "color", n + ".jpg"), Jpeg(i));
            using (var fs = File.Create(Path.Combine(folder, "depth", n + ".png"))) Png16.WriteDepth(fs, RawDepth(i), DepthW, DepthH);
            // numpy.savetxt's "%f" layout, -inf included, as SensReader writes it
            var p = Pose(i);
            File.WriteAllText(Path.Combine(folder, "pose", n + ".txt"), string.Join("\n", Enumerable.Range(0, 4).Select(r =>
                string.Join(" ", Enumerable.Range(0, 4).Select(c => float.IsNegativeInfinity(p[4 * r + c]) ? "-inf" : p[4 * r + c].ToString("F6", CultureInfo.InvariantCulture))))) + "\n");
        }
        File.WriteAllText(Path.Combine(folder, "intrinsic", "intrinsic_color.txt"), MatrixFile.Format(Mat4.FromRowMajor([.. ColorK.Select(v => (double)v)])));
        File.WriteAllText(Path.Combine(folder, "intrinsic", "intrinsic_depth.txt"), MatrixFile.Format(Mat4.FromRowMajor([.. DepthK.Select(v => (double)v)])));
    }
}
