using System.Globalization;
using System.Text;
using Spar.Catalog;
using Spar.Dataset;

namespace Spar.Benchmarks.Dataset;

/// <summary>
/// Writes a SPAR-7M-shaped tree for the dataset benchmarks: four sources, every catalogue type × format, realistic
/// ~600-byte records with valid markers, and a small pool of image files they reference (so validate checks real files).
/// </summary>
public static class SyntheticTree
{
    static readonly string[] Sources = ["rxr", "scannet", "scannetpp", "structured3d"];
    static readonly double[] SourceShare = [0.01, 0.48, 0.36, 0.15];
    const int Scenes = 100, FramesPerScene = 20;

    public static void Write(string root, long records)
    {
        for (int s = 0; s < Sources.Length; s++)
        {
            var source = Sources[s];
            for (int scene = 0; scene < Scenes; scene++)
            for (int f = 0; f < FramesPerScene; f++)
            {
                var img = Path.Combine(root, source, "images", SceneId(scene), "image_color", $"{f * 10}.jpg");
                Directory.CreateDirectory(Path.GetDirectoryName(img)!);
                File.WriteAllBytes(img, [0xFF, 0xD8, 0xFF, 0xD9]);
            }

            var keys = source == "rxr"
                ? [(TaskCatalog.Get("nav"), QaFormat.Sentence)]
                : TaskCatalog.All.Where(t => t.Type != "nav").SelectMany(t => t.Formats.Select(fmt => (t, fmt))).ToList();
            long perFile = Math.Max(1, (long)(records * SourceShare[s]) / keys.Count);
            foreach (var (task, format) in keys)
            {
                var path = Path.Combine(root, source, "qa_jsonl", "train", task.FolderName, format.FolderName(), $"{format.FolderName()}_{perFile}.jsonl");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
                var rng = new Random(HashCode.Combine(source, task.Type, format)); // benchmark data only: not part of spar's output
                for (long i = 0; i < perFile; i++) w.Write(Record(rng, task, format, i) + "\n");
            }
        }
    }

    static string SceneId(int i) => $"scene{i:0000}_00";

    static string Record(Random rng, TaskInfo task, QaFormat format, long i)
    {
        int images = task.View switch { ViewKind.Single => 1, ViewKind.Multi => task.DefaultImageCount, _ => 16 };
        images = Math.Min(images, FramesPerScene);
        var scene = SceneId(rng.Next(Scenes));
        var imgs = Enumerable.Range(0, images).Select(k => $"\"{scene}/image_color/{(k * 10) % (FramesPerScene * 10)}.jpg\"");
        var sb = new StringBuilder(700);
        sb.Append("{\"id\": \"").Append(scene).Append('_').Append(i).Append("\", \"conversations\": [{\"from\": \"human\", \"value\": \"");
        sb.Append("With the counter (red point) having a depth of 1.6 meters, determine the depth of towel (blue point) in the same frame.  Calculate or judge based on the 3D center points of these objects. The unit is meter.");
        string answer = "towel's central depth is estimated to be about 1.5 meters.";
        if (format == QaFormat.Select)
        {
            sb.Append("\\nA. 1.2\\nB. 1.5\\nC. 2.1\\nD. 0.7\\nYour answer can only include one of options A, B, C or D.");
            answer = ((char)('A' + rng.Next(4))).ToString();
        }
        else if (format == QaFormat.Fill) answer = (0.5 + rng.NextDouble() * 4).ToString("F1", CultureInfo.InvariantCulture);
        else if (format == QaFormat.Judge) answer = rng.Next(2) == 0 ? "Yes" : "No";
        sb.Append("\"}, {\"from\": \"gpt\", \"value\": \"").Append(answer).Append("\"}], \"image\": [").AppendJoin(", ", imgs);
        sb.Append("], \"type\": \"").Append(task.Type).Append('"');
        AppendMarkers(sb, rng, task, images);
        sb.Append('}');
        return sb.ToString();
    }

    static void AppendMarkers(StringBuilder sb, Random rng, TaskInfo task, int images)
    {
        var layout = task.Markers;
        int Pick() => rng.Next(100, 900);
        string Point() => $"[[{Pick()}, {Pick()}]]";
        string Box() { int x = rng.Next(0, 500), y = rng.Next(0, 500); return $"[[{x}, {y}, {x + rng.Next(10, 400)}, {y + rng.Next(10, 400)}]]"; }
        switch (layout.Kind)
        {
            case MarkerLayoutKind.Fixed or MarkerLayoutKind.LabelledBoxes:
                foreach (var slot in layout.Slots)
                    sb.Append(", \"").Append(slot.FieldName).Append("\": ").Append(slot.Shape == MarkerShape.Point ? Point() : Box());
                break;
            case MarkerLayoutKind.PresentBoxesOnFirstIndex:
                sb.Append(", \"red_bbox\": ").Append(Box());
                break;
            case MarkerLayoutKind.TwoOfThreeBoxes:
                sb.Append(", \"red_bbox\": ").Append(Box()).Append(", \"green_bbox\": ").Append(Box());
                break;
            case MarkerLayoutKind.LabelledBoxList:
                sb.Append(", \"bbox_list\": [[").AppendJoin(", ", Enumerable.Range(0, images).Select(_ => Box()[1..^1])).Append("]]");
                break;
            case MarkerLayoutKind.LabelledPointList:
                sb.Append(", \"point_list\": [[").AppendJoin(", ", Enumerable.Range(0, 3).Select(_ => Point()[1..^1])).Append("]]");
                break;
        }
        int n = layout.Kind switch
        {
            MarkerLayoutKind.LabelledBoxList => images,
            MarkerLayoutKind.LabelledPointList => 3,
            _ => 4,
        };
        var idx = string.Join(", ", Enumerable.Range(0, n).Select(k => k % images));
        if (layout.UsesPointIndex) sb.Append(", \"point_img_idx\": [[").Append(idx).Append("]]");
        if (layout.UsesBoxIndex) sb.Append(", \"bbox_img_idx\": [[").Append(idx).Append("]]");
    }
}
