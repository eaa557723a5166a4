using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spar.Catalog;

namespace Spar.Cli.Commands;

/// <summary><c>spar tasks [--json]</c>: the 35 SPAR-7M task types as the catalogue defines them (level, view, formats, markers).</summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "One JSON array on stdout instead of the table" };
        var cmd = new Command("tasks", "List the 35 task types: level, view, relation, formats, markers, in SPAR-Bench") { json };
        cmd.SetAction(p =>
        {
            var o = p.InvocationConfiguration.Output;
            if (p.GetValue(json)) WriteJson(o);
            else WriteTable(o);
            return 0;
        });
        return cmd;
    }

    static string Name(Enum e) => e.ToString().ToLowerInvariant();

    static string RelationName(Relation r) => r switch { Relation.ObjectCamera => "oc", Relation.ObjectObject => "oo", _ => "-" };

    static string Formats(TaskInfo t) => string.Join(',', t.Formats.Select(f => f.FolderName()));

    /// <summary>The marker fields a record of the type carries, with the image each lands on when it is not image 0.</summary>
    internal static string Markers(MarkerLayout m)
    {
        string Slots() => string.Join(' ', m.Slots.Select(s => s.At.Kind switch
        {
            ImageRefKind.PointIndex => $"{s.FieldName}@point_img_idx[{s.At.Index}]",
            ImageRefKind.BoxIndex => $"{s.FieldName}@bbox_img_idx[{s.At.Index}]",
            _ => s.FieldName,
        }));
        return m.Kind switch
        {
            MarkerLayoutKind.None => "-",
            MarkerLayoutKind.Fixed => Slots(),
            MarkerLayoutKind.PresentBoxesOnFirstIndex => "red_bbox/blue_bbox/green_bbox where present @bbox_img_idx[0]",
            MarkerLayoutKind.TwoOfThreeBoxes => "two of red_bbox/blue_bbox/green_bbox @bbox_img_idx[0..1]",
            MarkerLayoutKind.LabelledBoxList => "bbox_list, labelled object0… @bbox_img_idx[i]",
            MarkerLayoutKind.LabelledPointList => "point_list, labelled objectA, object0… @point_img_idx[i]",
            MarkerLayoutKind.LabelledBoxes => Slots() + " (labelled object0…)",
            _ => m.Kind.ToString(),
        };
    }

    static void WriteTable(TextWriter o)
    {
        // Plain aligned columns, never wrapped: a piped or redirected table stays one line per type.
        string[] head = ["type", "level", "view", "relation", "formats", "bench", "markers"];
        var rows = TaskCatalog.All.Select(t => new[]
        {
            t.Type, Name(t.Level), Name(t.View), RelationName(t.Relation), Formats(t), t.InBench ? "yes" : "no", Markers(t.Markers),
        }).ToList();
        var widths = head.Select((h, i) => rows.Max(r => r[i].Length) is var w && w > h.Length ? w : h.Length).ToArray();
        string Line(string[] cells) =>
            string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        var sb = new StringBuilder();
        sb.AppendLine(Line(head));
        foreach (var r in rows) sb.AppendLine(Line(r));
        sb.AppendLine($"{rows.Count} task types ({TaskCatalog.Bench.Count()} in SPAR-Bench)");
        o.Write(sb.ToString());
    }

    static void WriteJson(TextWriter o)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var t in TaskCatalog.All)
            {
                w.WriteStartObject();
                w.WriteString("type", t.Type);
                w.WriteString("folder", t.FolderName);
                w.WriteString("level", Name(t.Level));
                w.WriteString("view", Name(t.View));
                w.WriteString("relation", RelationName(t.Relation));
                w.WriteStartArray("formats");
                foreach (var f in t.Formats) w.WriteStringValue(f.FolderName());
                w.WriteEndArray();
                w.WriteNumber("images", t.DefaultImageCount);
                w.WriteBoolean("in_bench", t.InBench);
                w.WriteString("marker_layout", Name(t.Markers.Kind));
                w.WriteStartArray("marker_fields");
                foreach (var s in t.Markers.Slots) w.WriteStringValue(s.FieldName);
                w.WriteEndArray();
                w.WriteString("markers", Markers(t.Markers));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        o.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
