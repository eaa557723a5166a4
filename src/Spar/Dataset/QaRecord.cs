using Spar.Catalog;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spar.Dataset;

/// <summary>
/// One SPAR-7M QA record (format.md §2). Marker fields keep SPAR's extra outer list (<c>[[x, y]]</c>);
/// numbers are doubles because readers must accept any JSON number. Fields spar does not know are kept in
/// <see cref="Extra"/> and written back unchanged.
/// </summary>
public sealed class QaRecord : IMarkedRecord
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("conversations")] public List<Turn> Conversations { get; set; } = [];
    [JsonPropertyName("image")] public List<string> Image { get; set; } = [];
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("depth")] public List<string>? Depth { get; set; }

    [JsonPropertyName("red_point")] public double[][]? RedPoint { get; set; }
    [JsonPropertyName("blue_point")] public double[][]? BluePoint { get; set; }
    [JsonPropertyName("green_point")] public double[][]? GreenPoint { get; set; }
    [JsonPropertyName("red_bbox")] public double[][]? RedBbox { get; set; }
    [JsonPropertyName("blue_bbox")] public double[][]? BlueBbox { get; set; }
    [JsonPropertyName("green_bbox")] public double[][]? GreenBbox { get; set; }
    [JsonPropertyName("yellow_bbox")] public double[][]? YellowBbox { get; set; }
    [JsonPropertyName("point_img_idx")] public double[][]? PointImgIdx { get; set; }
    [JsonPropertyName("bbox_img_idx")] public double[][]? BboxImgIdx { get; set; }
    [JsonPropertyName("point_list")] public double[][][]? PointList { get; set; }
    [JsonPropertyName("bbox_list")] public double[][][]? BboxList { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    int IMarkedRecord.ImageCount => Image.Count;

    [JsonIgnore] public string Question => Conversations.Count > 0 ? Conversations[0].Value : "";
    [JsonIgnore] public string Answer => Conversations.Count > 1 ? Conversations[1].Value : "";

    /// <summary>The single marker field of that name (<c>red_point</c>, <c>blue_bbox</c>…), or null.</summary>
    public double[][]? GetMarker(string field) => field switch
    {
        "red_point" => RedPoint,
        "blue_point" => BluePoint,
        "green_point" => GreenPoint,
        "red_bbox" => RedBbox,
        "blue_bbox" => BlueBbox,
        "green_bbox" => GreenBbox,
        "yellow_bbox" => YellowBbox,
        "point_img_idx" => PointImgIdx,
        "bbox_img_idx" => BboxImgIdx,
        _ => throw new ArgumentException($"not a single marker field: {field}", nameof(field)),
    };

    public void SetMarker(string field, double[][]? value)
    {
        switch (field)
        {
            case "red_point": RedPoint = value; break;
            case "blue_point": BluePoint = value; break;
            case "green_point": GreenPoint = value; break;
            case "red_bbox": RedBbox = value; break;
            case "blue_bbox": BlueBbox = value; break;
            case "green_bbox": GreenBbox = value; break;
            case "yellow_bbox": YellowBbox = value; break;
            case "point_img_idx": PointImgIdx = value; break;
            case "bbox_img_idx": BboxImgIdx = value; break;
            default: throw new ArgumentException($"not a single marker field: {field}", nameof(field));
        }
    }
}

public sealed class Turn
{
    public Turn() { }
    public Turn(string from, string value) { From = from; Value = value; }

    [JsonPropertyName("from")] public string From { get; set; } = "";
    [JsonPropertyName("value")] public string Value { get; set; } = "";

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
