using System.Text.Encodings.Web;
using System.Text.Json;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes;

/// <summary>
/// scene.json, the on-disk form of a <see cref="Scene"/> (schema: docs/scenes.md). Written deterministically (fixed field
/// order, shortest round-trip numbers) and atomically. Reading is in <see cref="SceneJsonReader"/>.
/// </summary>
public static class SceneJson
{
    /// <summary>The schema version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The file name, placed at <c>&lt;root&gt;/&lt;source&gt;/images/&lt;scene&gt;/scene.json</c>.</summary>
    public const string FileName = "scene.json";

    public static SceneReadResult Read(string path) => SceneJsonReader.Read(path);

    public static void Write(Scene scene, string path) => AtomicFile.WriteAllBytes(path, Serialize(scene));

    public static byte[] Serialize(Scene scene)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "spar.scene");
            w.WriteNumber("version", Version);
            w.WriteString("id", scene.Id);
            w.WriteString("source", scene.Source);
            if (scene.Room is { } room)
            {
                w.WriteStartObject("room");
                w.WriteStartArray("floor_polygon");
                foreach (var p in room.FloorPolygon) { w.WriteStartArray(); Num(w, p.X); Num(w, p.Y); w.WriteEndArray(); }
                w.WriteEndArray();
                w.WritePropertyName("floor_z"); Num(w, room.FloorZ);
                w.WritePropertyName("ceiling_z"); Num(w, room.CeilingZ);
                w.WriteEndObject();
            }
            w.WriteStartArray("objects");
            foreach (var o in scene.Objects) WriteObject(w, o);
            w.WriteEndArray();
            w.WriteStartArray("frames");
            foreach (var f in scene.Frames) WriteFrame(w, f);
            w.WriteEndArray();
            if (scene.Route is { } route) WriteRoute(w, route); // last and only when present: other scenes' bytes unchanged
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    static void WriteObject(Utf8JsonWriter w, SceneObject o)
    {
        w.WriteStartObject();
        w.WriteNumber("id", o.InstanceId);
        w.WriteString("category", o.Category);
        w.WritePropertyName("center"); Vector(w, o.Box.Center);
        w.WritePropertyName("size"); Vector(w, o.Box.Size);
        w.WritePropertyName("yaw"); Num(w, o.Box.Yaw);
        w.WriteBoolean("referable", o.Referable);
        w.WriteBoolean("structural", o.Structural);
        if (o.SurfacePoints is { } pts)
        {
            w.WriteStartArray("surface_points");
            foreach (var p in pts) Vector(w, p);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteRoute(Utf8JsonWriter w, NavigationRoute r)
    {
        w.WriteStartObject("route");
        w.WriteString("dataset", r.Dataset);
        w.WriteString("path_id", r.PathId);
        w.WriteString("scan", r.Scan);
        w.WritePropertyName("heading"); Num(w, r.Heading);
        w.WritePropertyName("length_m"); Num(w, r.LengthMeters);
        w.WriteStartArray("viewpoints");
        foreach (var v in r.Viewpoints)
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WritePropertyName("position"); Vector(w, v.Position);
            w.WritePropertyName("heading"); Num(w, v.Heading);
            w.WriteString("image", v.Image);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("instructions");
        foreach (var i in r.Instructions)
        {
            w.WriteStartObject();
            w.WriteString("id", i.Id);
            w.WriteString("language", i.Language);
            w.WriteString("text", i.Text);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void WriteFrame(Utf8JsonWriter w, SceneFrame f)
    {
        w.WriteStartObject();
        w.WriteNumber("index", f.Index);
        w.WriteString("image", f.ImagePath);
        w.WriteNumber("width", f.Width);
        w.WriteNumber("height", f.Height);
        w.WriteStartObject("intrinsics");
        w.WritePropertyName("fx"); Num(w, f.Intrinsics.Fx);
        w.WritePropertyName("fy"); Num(w, f.Intrinsics.Fy);
        w.WritePropertyName("cx"); Num(w, f.Intrinsics.Cx);
        w.WritePropertyName("cy"); Num(w, f.Intrinsics.Cy);
        w.WriteEndObject();
        w.WriteStartArray("pose");
        for (var r = 0; r < 4; r++)
        {
            w.WriteStartArray();
            for (var c = 0; c < 4; c++) Num(w, f.Pose[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        if (f.DepthPath != null) w.WriteString("depth", f.DepthPath);
        if (f.InstanceMaskPath != null) w.WriteString("instance_mask", f.InstanceMaskPath);
        if (f.Video is { } v)
        {
            w.WriteStartObject("video");
            w.WriteNumber("order", v.Order);
            w.WriteString("image", v.ImagePath);
            if (v.DepthPath != null) w.WriteString("depth", v.DepthPath);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static void Vector(Utf8JsonWriter w, Vec3 v)
    {
        w.WriteStartArray();
        Num(w, v.X); Num(w, v.Y); Num(w, v.Z);
        w.WriteEndArray();
    }

    /// <summary>JSON has no NaN/∞; real ScanNet poses do, so they are kept as the strings the reader accepts.</summary>
    static void Num(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d)) w.WriteNumberValue(d == 0 ? 0.0 : d); // no "-0" in files
        else w.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }
}
