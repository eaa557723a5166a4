using System.Globalization;
using System.Text;
using Spar.Geometry;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// The colour JPEG, depth (millimetres, colour resolution) and optionally the instance ids (colour resolution,
/// 0 = none) of one frame, for <see cref="ScanNetScanWriter"/>.
/// </summary>
public readonly record struct ScanNetFrameImages(byte[] Jpeg, ushort[] DepthMillimetres, ushort[]? InstanceIds = null);

/// <summary>
/// Writes a <see cref="Scene"/> as a ScanNet scan in ScanNet's own release formats: <c>&lt;id&gt;.sens</c>, a
/// <c>_vh_clean_2.ply</c> mesh holding each object's box (8 corners, 12 triangles, one segment per object),
/// <c>.segs.json</c>, <c>.aggregation.json</c>, <c>&lt;id&gt;.txt</c> with the given axis alignment and, for frames that
/// come with instance ids, ScanNet's 8-bit 2D projections <c>instance-filt/&lt;frame&gt;.png</c> (objectId + 1). Geometry is
/// stored in the unaligned frame (alignment⁻¹ applied), as ScanNet stores it, so importing re-applies the
/// alignment. Frame numbers missing from the scene are written with <c>-inf</c> poses, as ScanNet marks lost
/// tracking. Used to round-trip scenes and to build benchmark inputs; frames stream through one at a time.
/// With <c>meshParts</c> (a renderer's boxes, e.g. <see cref="Synthetic.ShapeParts"/>) the mesh is those boxes instead
/// of the objects' boxes, each part in its instance's segment, so a mesh rendering of the scan sees what the
/// renderer drew: tables with legs, chairs with backs.
/// </summary>
public static class ScanNetScanWriter
{
    public static string Write(string scansDir, Scene scene, Mat4 axisAlignment, Func<SceneFrame, ScanNetFrameImages> images,
        IReadOnlyList<Rendering.RenderPart>? meshParts = null)
    {
        var folder = Path.Combine(scansDir, scene.Id);
        Directory.CreateDirectory(folder);
        var toRaw = axisAlignment.Inverse();
        var boxes = meshParts?.Select(p => ((int)p.InstanceId, p.Box)).ToList() ?? scene.Objects.Select(o => (o.InstanceId, o.Box)).ToList();
        WriteMeshAndAnnotations(folder, scene, boxes, toRaw);
        File.WriteAllText(Path.Combine(folder, scene.Id + ".txt"),
            "axisAlignment = " + string.Join(" ", axisAlignment.ToRowMajor().Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n");
        if (scene.Frames.Count > 0) WriteSens(Path.Combine(folder, scene.Id + ".sens"), scene, toRaw, images);
        return folder;
    }

    static void WriteMeshAndAnnotations(string folder, Scene scene, List<(int Segment, OrientedBox Box)> boxes, Mat4 toRaw)
    {
        var positions = new List<float>();
        var triangles = new List<int>();
        var segIndices = new List<int>();
        var groups = new StringBuilder();
        // Bottom face 0-3 and top face 4-7 counter-clockwise (OrientedBox.Corners order): 12 outward triangles.
        int[] faces = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7];
        foreach (var (segment, box) in boxes)
        {
            int first = positions.Count / 3;
            foreach (var c in box.Corners())
            {
                var p = toRaw.TransformPoint(c);
                positions.AddRange([(float)p.X, (float)p.Y, (float)p.Z]);
                segIndices.Add(segment);
            }
            triangles.AddRange(faces.Select(f => first + f));
        }
        // One segment per object, named by its instance id (segment 0, a part of no object, is in no group).
        foreach (var o in scene.Objects)
        {
            int segment = o.InstanceId;
            if (groups.Length > 0) groups.Append(",\n");
            groups.Append(CultureInfo.InvariantCulture,
                $"    {{\"id\": {o.InstanceId - 1}, \"objectId\": {o.InstanceId - 1}, \"segments\": [{segment}], \"label\": {System.Text.Json.JsonSerializer.Serialize(o.Category)}}}");
        }
        using (var fs = File.Create(Path.Combine(folder, scene.Id + "_vh_clean_2.ply")))
            PlyWriter.Write(fs, positions.ToArray(), new byte[positions.Count], triangles.ToArray(), binary: true);
        File.WriteAllText(Path.Combine(folder, scene.Id + "_vh_clean_2.0.010000.segs.json"),
            $"{{\"params\": {{}}, \"sceneId\": \"{scene.Id}\", \"segIndices\": [{string.Join(", ", segIndices)}]}}\n");
        File.WriteAllText(Path.Combine(folder, scene.Id + ".aggregation.json"),
            $"{{\"sceneId\": \"{scene.Id}\", \"appId\": \"spar\", \"segGroups\": [\n{groups}\n], \"segmentsFile\": \"{scene.Id}_vh_clean_2.0.010000.segs.json\"}}\n");
    }

    /// <summary>ScanNet's projections are 8-bit: instance ids above 255 cannot be written in its format.</summary>
    static void WriteInstanceProjection(string folder, SceneFrame frame, ushort[] ids)
    {
        Directory.CreateDirectory(folder);
        var pixels = new SixLabors.ImageSharp.PixelFormats.L8[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            pixels[i] = new(ids[i] <= byte.MaxValue ? (byte)ids[i] : throw new ArgumentException($"frame {frame.Index}: instance id {ids[i]} does not fit ScanNet's 8-bit masks"));
        using var image = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.L8>(pixels, frame.Width, frame.Height);
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, Path.Combine(folder, frame.Index.ToString(CultureInfo.InvariantCulture) + ".png"));
    }

    static void WriteSens(string path, Scene scene, Mat4 toRaw, Func<SceneFrame, ScanNetFrameImages> images)
    {
        var first = scene.Frames[0];
        var k = first.Intrinsics.ToMatrix().ToRowMajor().Select(v => (float)v).ToArray();
        float[] identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
        var header = new SensHeader(SensHeader.SupportedVersion, "spar", k, identity, k, identity,
            SensColorCompression.Jpeg, SensDepthCompression.ZlibUshort, first.Width, first.Height, first.Width, first.Height, 1000f, 0);
        var lost = Enumerable.Repeat(float.NegativeInfinity, 16).ToArray();
        using var writer = SensWriter.Create(path, header);
        int next = 0;
        foreach (var frame in scene.Frames.OrderBy(f => f.Index))
        {
            if (frame.Width != first.Width || frame.Height != first.Height || frame.Intrinsics != first.Intrinsics)
                throw new ArgumentException($"frame {frame.Index}: a .sens stream has one camera; frames differ in size or intrinsics");
            for (; next < frame.Index; next++) writer.WriteRawFrame(lost, [], []);
            var (jpeg, depth, instances) = images(frame);
            var raw = (toRaw * frame.Pose).ToRowMajor().Select(v => (float)v).ToArray();
            writer.WriteFrame(raw, jpeg, depth, (ulong)frame.Index * 33_333, (ulong)frame.Index * 33_333);
            if (instances != null) WriteInstanceProjection(Path.Combine(Path.GetDirectoryName(path)!, "instance-filt"), frame, instances);
            next = frame.Index + 1;
        }
    }
}
