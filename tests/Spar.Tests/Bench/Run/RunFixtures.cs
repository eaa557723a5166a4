using Spar.Bench;

namespace Spar.Tests.Bench.Run;

/// <summary>Bench items built in memory (the readers live on another branch; their folder form is not duplicated here).</summary>
public static class RunFixtures
{
    /// <summary>A JPEG start of image + JFIF APP0 marker: enough for the sniffer, base64 <c>/9j/4AAQSkY=</c>.</summary>
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46];

    /// <summary>The PNG signature + IHDR length, base64 <c>iVBORw0KGgoAAAAN</c>.</summary>
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];

    public static BenchItem Item(long id, string task, string question, string answer = "A", params byte[][] images) =>
        new(id, task, task.StartsWith("depth") || task.StartsWith("distance_prediction") || task == "view_change_infer" ? "fill" : "select",
            images.Length > 1 ? "multi_view" : "single_view", "scannet",
            [.. images.Select((b, i) => new BenchImage(() => b, $"{id}_{i}.jpg"))], question, answer);

    public static string Mcq(string body, params string[] options) =>
        body + "\n" + string.Join("\n", options.Select((o, i) => $"{(char)('A' + i)}. {o}")) +
        $"\nYour answer can only include one of options {string.Join(", ", options.Select((_, i) => (char)('A' + i)))}.";

    /// <summary>Items 0…n−1 cycling through a numeric, a multiple-choice and a view-change task; question text names the id.</summary>
    public static List<BenchItem> Mixed(int n) =>
    [
        .. Enumerable.Range(0, n).Select(i => (i % 3) switch
        {
            0 => Item(i, "depth_prediction_oc", $"Q{i}: depth of the towel (blue point)?", "1.5", Jpeg),
            1 => Item(i, "obj_spatial_relation_oo", Mcq($"Q{i}: where is red relative to blue?", "left", "right", "above"), "B", Png),
            _ => Item(i, "view_change_infer", $"Q{i}: how did the camera move?", "move_right:0.3,move_down:0.0,move_forward:1.2,rotate_left:15,rotate_down:5", Jpeg, Png),
        }),
    ];

    /// <summary>The id named by a prompt built from <see cref="Mixed"/> ("Q17: …").</summary>
    public static int IdOf(string prompt)
    {
        int q = prompt.IndexOf('Q') + 1;
        int colon = prompt.IndexOf(':', q);
        return int.Parse(prompt[q..colon]);
    }
}

public sealed class InMemoryBench(IReadOnlyList<BenchItem> items, string location = "memory") : IBenchSource
{
    public string Location => location;
    public IEnumerable<BenchItem> Items() => items;
}
