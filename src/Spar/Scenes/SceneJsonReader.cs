using System.Globalization;
using System.Text.Json;
using Spar.Geometry;
using Spar.Util;

namespace Spar.Scenes;

/// <summary>A problem found while reading scene.json, located by JSON path (e.g. <c>$.frames[3].pose[1][2]</c>).</summary>
public sealed record SceneProblem(string JsonPath, string Message)
{
    public override string ToString() => $"{JsonPath}: {Message}";
}

/// <summary>A loaded scene plus non-fatal problems (frames marked unusable).</summary>
public sealed record SceneReadResult(Scene Scene, IReadOnlyList<SceneProblem> Warnings);

/// <summary>
/// Reads scene.json (schema in docs/scenes.md). Collects every problem with its JSON path. Structural errors (missing
/// or malformed fields, bad sizes, duplicate ids) are fatal and reported together in one <see cref="SparException"/>;
/// a frame with a non-finite or singular pose or invalid intrinsics is kept, marked unusable, and reported as a warning.
/// </summary>
public static class SceneJsonReader
{
    public static SceneReadResult Read(string path) => Parse(ReadBytes(path), path);

    /// <summary>The file's bytes, for callers that parse them and also keep them (e.g. to hash what was read).</summary>
    public static byte[] ReadBytes(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read scene file: {e.Message}", e); }
    }

    /// <param name="fileName">Used in error messages only.</param>
    public static SceneReadResult Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new SparException($"{Util.JsonErrors.InFile(fileName, e)} (not valid JSON)", e);
        }
        using (doc)
        {
            var ctx = new Context();
            var scene = ReadScene(doc.RootElement, ctx);
            if (ctx.Errors.Count > 0 || scene == null)
                throw new SparException($"{fileName}: invalid scene ({ctx.Errors.Count} problem{(ctx.Errors.Count == 1 ? "" : "s")}):"
                    + string.Concat(ctx.Errors.Select(p => "\n  " + p)));
            return new SceneReadResult(scene, ctx.Warnings);
        }
    }

    sealed class Context
    {
        public readonly List<SceneProblem> Errors = [];
        public readonly List<SceneProblem> Warnings = [];
        public void Error(string path, string message) => Errors.Add(new(path, message));
    }

    static Scene? ReadScene(JsonElement root, Context ctx)
    {
        if (root.ValueKind != JsonValueKind.Object) { ctx.Error("$", "must be a JSON object"); return null; }
        var version = Int(root, "$", "version", ctx);
        if (version is { } v && v != SceneJson.Version)
            ctx.Error("$.version", $"unsupported version {v} (this spar reads version {SceneJson.Version})");
        var id = String(root, "$", "id", ctx);
        if (id != null && (id.Length == 0 || id.IndexOfAny(['/', '\\']) >= 0 || id is "." or ".."))
            ctx.Error("$.id", $"'{id}' is not a usable folder name");
        var source = String(root, "$", "source", ctx);
        RoomGeometry? room = null;
        if (root.TryGetProperty("room", out var r) && r.ValueKind != JsonValueKind.Null) room = ReadRoom(r, "$.room", ctx);

        var objects = new List<SceneObject>();
        var ids = new HashSet<int>();
        if (Array(root, "$", "objects", ctx) is { } objs)
        {
            var i = 0;
            foreach (var o in objs.EnumerateArray())
            {
                var p = $"$.objects[{i++}]";
                if (ReadObject(o, p, ctx) is { } obj)
                {
                    if (!ids.Add(obj.InstanceId)) ctx.Error(p + ".id", $"duplicate instance id {obj.InstanceId}");
                    objects.Add(obj);
                }
            }
        }

        var frames = new List<SceneFrame>();
        var indices = new HashSet<int>();
        var orders = new HashSet<int>();
        if (Array(root, "$", "frames", ctx) is { } frs)
        {
            var i = 0;
            foreach (var f in frs.EnumerateArray())
            {
                var p = $"$.frames[{i++}]";
                if (ReadFrame(f, p, ctx) is not { } frame) continue;
                if (!indices.Add(frame.Index)) ctx.Error(p + ".index", $"duplicate frame index {frame.Index}");
                if (frame.Video is { } vm && !orders.Add(vm.Order)) ctx.Error(p + ".video.order", $"duplicate video order {vm.Order}");
                if (frame.UnusableReason is { } why) ctx.Warnings.Add(new(p, $"frame {frame.Index} unusable: {why}"));
                frames.Add(frame);
            }
        }
        NavigationRoute? route = null;
        if (root.TryGetProperty("route", out var rt) && rt.ValueKind != JsonValueKind.Null) route = ReadRoute(rt, "$.route", ctx);
        if (id == null || source == null || version == null) return null;
        return new Scene(id, source, room, objects.OrderBy(o => o.InstanceId).ToArray(), frames.OrderBy(f => f.Index).ToArray()) { Route = route };
    }

    static NavigationRoute? ReadRoute(JsonElement e, string path, Context ctx)
    {
        if (e.ValueKind != JsonValueKind.Object) { ctx.Error(path, "must be an object"); return null; }
        var dataset = String(e, path, "dataset", ctx);
        var pathId = String(e, path, "path_id", ctx);
        var scan = String(e, path, "scan", ctx);
        var heading = FiniteNumber(e, path, "heading", ctx);
        var length = FiniteNumber(e, path, "length_m", ctx);
        var viewpoints = new List<RouteViewpoint>();
        if (Array(e, path, "viewpoints", ctx) is { } vps)
        {
            int i = 0;
            foreach (var v in vps.EnumerateArray())
            {
                var p = $"{path}.viewpoints[{i++}]";
                if (v.ValueKind != JsonValueKind.Object) { ctx.Error(p, "must be an object"); continue; }
                var vid = String(v, p, "id", ctx);
                var image = String(v, p, "image", ctx);
                var h = FiniteNumber(v, p, "heading", ctx);
                double[]? xyz = v.TryGetProperty("position", out var pos) ? Numbers(pos, p + ".position", 3, ctx) : null;
                if (!v.TryGetProperty("position", out _)) ctx.Error(p + ".position", "missing");
                else if (xyz != null && !xyz.All(double.IsFinite)) ctx.Error(p + ".position", "must be finite");
                if (vid != null && image != null && h != null && xyz != null) viewpoints.Add(new RouteViewpoint(vid, new Vec3(xyz[0], xyz[1], xyz[2]), h.Value, image));
            }
        }
        var instructions = new List<RouteInstruction>();
        if (Array(e, path, "instructions", ctx) is { } ins)
        {
            int i = 0;
            foreach (var v in ins.EnumerateArray())
            {
                var p = $"{path}.instructions[{i++}]";
                if (v.ValueKind != JsonValueKind.Object) { ctx.Error(p, "must be an object"); continue; }
                var iid = String(v, p, "id", ctx);
                var language = String(v, p, "language", ctx);
                var text = String(v, p, "text", ctx);
                if (iid != null && language != null && text != null) instructions.Add(new RouteInstruction(iid, language, text));
            }
        }
        if (dataset == null || pathId == null || scan == null || heading == null || length == null) return null;
        return new NavigationRoute(dataset, pathId, scan, heading.Value, length.Value, viewpoints, instructions);
    }

    static RoomGeometry? ReadRoom(JsonElement e, string path, Context ctx)
    {
        if (e.ValueKind != JsonValueKind.Object) { ctx.Error(path, "must be an object"); return null; }
        var floor = FiniteNumber(e, path, "floor_z", ctx);
        var ceiling = FiniteNumber(e, path, "ceiling_z", ctx);
        var polygon = new List<Vec2>();
        if (Array(e, path, "floor_polygon", ctx) is { } pts)
        {
            var i = 0;
            foreach (var pt in pts.EnumerateArray())
            {
                if (Numbers(pt, $"{path}.floor_polygon[{i}]", 2, ctx) is { } xy)
                {
                    if (!double.IsFinite(xy[0]) || !double.IsFinite(xy[1])) ctx.Error($"{path}.floor_polygon[{i}]", "must be finite");
                    polygon.Add(new Vec2(xy[0], xy[1]));
                }
                i++;
            }
            if (i < 3) ctx.Error(path + ".floor_polygon", $"needs at least 3 vertices, has {i}");
            else if (polygon.Count == i && Math.Abs(Polygon2.SignedArea(polygon)) < 1e-9) ctx.Error(path + ".floor_polygon", "has zero area");
        }
        if (floor is { } fz && ceiling is { } cz && !(cz > fz)) ctx.Error(path + ".ceiling_z", $"ceiling {cz} must be above floor {fz}");
        return floor is { } f && ceiling is { } c ? new RoomGeometry(polygon, f, c) : null;
    }

    static SceneObject? ReadObject(JsonElement e, string path, Context ctx)
    {
        if (e.ValueKind != JsonValueKind.Object) { ctx.Error(path, "must be an object"); return null; }
        var id = Int(e, path, "id", ctx);
        if (id is { } v && (v < 1 || v > ushort.MaxValue)) ctx.Error(path + ".id", $"instance id {v} must be in 1..65535 (16-bit masks)");
        var category = String(e, path, "category", ctx);
        if (category is { Length: 0 }) ctx.Error(path + ".category", "must not be empty");
        var centre = Vector(e, path, "center", ctx);
        var size = Vector(e, path, "size", ctx);
        if (size is { } s && !(s.X > 0 && s.Y > 0 && s.Z > 0)) ctx.Error(path + ".size", $"every extent must be > 0, got {s}");
        var yaw = e.TryGetProperty("yaw", out _) ? FiniteNumber(e, path, "yaw", ctx) : 0.0;
        var referable = Bool(e, path, "referable", true, ctx);
        var structural = Bool(e, path, "structural", false, ctx);
        List<Vec3>? points = null;
        if (e.TryGetProperty("surface_points", out var sp) && sp.ValueKind != JsonValueKind.Null)
        {
            if (sp.ValueKind != JsonValueKind.Array) ctx.Error(path + ".surface_points", "must be an array of [x, y, z]");
            else
            {
                points = new List<Vec3>(sp.GetArrayLength());
                var i = 0;
                foreach (var pt in sp.EnumerateArray())
                {
                    var pp = $"{path}.surface_points[{i++}]";
                    if (Numbers(pt, pp, 3, ctx) is { } xyz)
                    {
                        var p3 = new Vec3(xyz[0], xyz[1], xyz[2]);
                        if (!p3.IsFinite) ctx.Error(pp, "must be finite");
                        points.Add(p3);
                    }
                }
            }
        }
        if (id == null || category == null || centre == null || size == null || yaw == null) return null;
        return new SceneObject(id.Value, category, new OrientedBox(centre.Value, size.Value, yaw.Value), referable, structural, points);
    }

    static SceneFrame? ReadFrame(JsonElement e, string path, Context ctx)
    {
        if (e.ValueKind != JsonValueKind.Object) { ctx.Error(path, "must be an object"); return null; }
        var index = Int(e, path, "index", ctx);
        var image = RelativePath(e, path, "image", ctx, required: true);
        var width = Int(e, path, "width", ctx);
        var height = Int(e, path, "height", ctx);
        if (width is <= 0) ctx.Error(path + ".width", $"must be > 0, got {width}");
        if (height is <= 0) ctx.Error(path + ".height", $"must be > 0, got {height}");
        CameraIntrinsics? k = null;
        if (Object(e, path, "intrinsics", ctx) is { } ki)
        {
            var ip = path + ".intrinsics";
            var fx = Number(ki, ip, "fx", ctx); var fy = Number(ki, ip, "fy", ctx);
            var cx = Number(ki, ip, "cx", ctx); var cy = Number(ki, ip, "cy", ctx);
            if (fx != null && fy != null && cx != null && cy != null) k = new CameraIntrinsics(fx.Value, fy.Value, cx.Value, cy.Value);
        }
        Mat4? pose = null;
        if (Array(e, path, "pose", ctx) is { } rows)
        {
            if (rows.GetArrayLength() != 4) ctx.Error(path + ".pose", $"must be 4 rows of 4 numbers, has {rows.GetArrayLength()} rows");
            else
            {
                var m = new double[16];
                var ok = true;
                for (var r = 0; r < 4; r++)
                {
                    if (Numbers(rows[r], $"{path}.pose[{r}]", 4, ctx) is { } row) row.CopyTo(m, r * 4);
                    else ok = false;
                }
                if (ok) pose = Mat4.FromRowMajor(m);
            }
        }
        var depth = RelativePath(e, path, "depth", ctx, required: false);
        var mask = RelativePath(e, path, "instance_mask", ctx, required: false);
        VideoMembership? video = null;
        if (e.TryGetProperty("video", out var ve) && ve.ValueKind != JsonValueKind.Null)
        {
            var vp = path + ".video";
            if (ve.ValueKind != JsonValueKind.Object) ctx.Error(vp, "must be an object");
            else
            {
                var order = Int(ve, vp, "order", ctx);
                if (order is < 0) ctx.Error(vp + ".order", "must be ≥ 0");
                var vimg = RelativePath(ve, vp, "image", ctx, required: true);
                var vdepth = RelativePath(ve, vp, "depth", ctx, required: false);
                if (order != null && vimg != null) video = new VideoMembership(order.Value, vimg, vdepth);
            }
        }
        if (index == null || image == null || width == null || height == null || k == null || pose == null) return null;
        return new SceneFrame(index.Value, image, width.Value, height.Value, k.Value, pose.Value, depth, mask, video);
    }

    // ---- field helpers: each reports its own problem and returns null ----

    static string? String(JsonElement e, string path, string name, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v)) { ctx.Error($"{path}.{name}", "missing"); return null; }
        if (v.ValueKind != JsonValueKind.String) { ctx.Error($"{path}.{name}", $"must be a string, got {v.ValueKind}"); return null; }
        return v.GetString();
    }

    static string? RelativePath(JsonElement e, string path, string name, Context ctx, bool required)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) ctx.Error($"{path}.{name}", "missing");
            return null;
        }
        var s = String(e, path, name, ctx);
        if (s == null) return null;
        if (s.Length == 0 || Path.IsPathRooted(s) || s.Split('/', '\\').Contains(".."))
        {
            ctx.Error($"{path}.{name}", $"'{s}' must be a relative path inside images/");
            return null;
        }
        return s;
    }

    static bool Bool(JsonElement e, string path, string name, bool fallback, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        ctx.Error($"{path}.{name}", "must be true or false");
        return fallback;
    }

    static int? Int(JsonElement e, string path, string name, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v)) { ctx.Error($"{path}.{name}", "missing"); return null; }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)) return i;
        ctx.Error($"{path}.{name}", $"must be an integer, got {Describe(v)}");
        return null;
    }

    static JsonElement? Array(JsonElement e, string path, string name, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v)) { ctx.Error($"{path}.{name}", "missing"); return null; }
        if (v.ValueKind != JsonValueKind.Array) { ctx.Error($"{path}.{name}", $"must be an array, got {v.ValueKind}"); return null; }
        return v;
    }

    static JsonElement? Object(JsonElement e, string path, string name, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v)) { ctx.Error($"{path}.{name}", "missing"); return null; }
        if (v.ValueKind != JsonValueKind.Object) { ctx.Error($"{path}.{name}", $"must be an object, got {v.ValueKind}"); return null; }
        return v;
    }

    /// <summary>A number; non-finite values may be written as the strings "NaN", "Infinity", "-Infinity".</summary>
    static double? Number(JsonElement e, string path, string name, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v)) { ctx.Error($"{path}.{name}", "missing"); return null; }
        return ToDouble(v, $"{path}.{name}", ctx);
    }

    static double? FiniteNumber(JsonElement e, string path, string name, Context ctx)
    {
        var d = Number(e, path, name, ctx);
        if (d is { } x && !double.IsFinite(x)) { ctx.Error($"{path}.{name}", $"must be finite, got {x}"); return null; }
        return d;
    }

    static double? ToDouble(JsonElement v, string path, Context ctx)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)) return d;
        if (v.ValueKind == JsonValueKind.String)
            switch (v.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        ctx.Error(path, $"must be a number, got {Describe(v)}");
        return null;
    }

    static double[]? Numbers(JsonElement v, string path, int count, Context ctx)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != count)
        {
            ctx.Error(path, $"must be an array of {count} numbers, got {Describe(v)}");
            return null;
        }
        var result = new double[count];
        var ok = true;
        for (var i = 0; i < count; i++)
        {
            if (ToDouble(v[i], $"{path}[{i}]", ctx) is { } d) result[i] = d;
            else ok = false;
        }
        return ok ? result : null;
    }

    static Vec3? Vector(JsonElement e, string path, string name, Context ctx)
    {
        if (!e.TryGetProperty(name, out var v)) { ctx.Error($"{path}.{name}", "missing"); return null; }
        if (Numbers(v, $"{path}.{name}", 3, ctx) is not { } xyz) return null;
        var p = new Vec3(xyz[0], xyz[1], xyz[2]);
        if (!p.IsFinite) { ctx.Error($"{path}.{name}", $"must be finite, got {p}"); return null; }
        return p;
    }

    static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Array => $"an array of {v.GetArrayLength()}",
        JsonValueKind.String => $"\"{v.GetString()}\"",
        JsonValueKind.Number => v.GetRawText(),
        _ => v.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
