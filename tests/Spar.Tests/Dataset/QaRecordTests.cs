using System.Text;
using System.Text.Json;
using Spar.Catalog;
using Spar.Dataset;

namespace Spar.Tests.Dataset;

public class QaRecordTests
{
    const string Readme = """{"id": "scene0261_00_16", "conversations": [{"from": "human", "value": "With the counter (red point) having a depth of 1.6 meters, determine the depth of towel (blue point) in the same frame.  Calculate or judge based on the 3D center points of these objects. The unit is meter."}, {"from": "gpt", "value": "towel's central depth is estimated to be about 1.5 meters."}], "image": ["scene0261_00/image_color/543.jpg"], "type": "depth_prediction_oc", "depth": ["scene0261_00/image_depth/543.png"], "red_point": [[553, 397]], "blue_point": [[641, 838]]}""";

    [Fact]
    public void Reads_the_readme_example()
    {
        var r = SparJson.ParseRecord(Encoding.UTF8.GetBytes(Readme));
        Assert.Equal("scene0261_00_16", r.Id);
        Assert.Equal("depth_prediction_oc", r.Type);
        Assert.Equal([553.0, 397.0], r.RedPoint![0]);
        Assert.Equal([641.0, 838.0], r.BluePoint![0]);
        Assert.Equal("towel's central depth is estimated to be about 1.5 meters.", r.Answer);
        Assert.Equal(["scene0261_00/image_depth/543.png"], r.Depth!);
    }

    [Fact]
    public void More_json_after_the_record_is_refused_like_json_loads_refuses_it()
    {
        Assert.Equal("scene0261_00_16", SparJson.ParseRecord(Encoding.UTF8.GetBytes(Readme + " \t\r\n")).Id); // trailing whitespace is fine
        var e = Assert.Throws<JsonException>(() => SparJson.ParseRecord(Encoding.UTF8.GetBytes(Readme + " {\"id\": \"x\"}")));
        Assert.Contains("Extra data", e.Message);
        Assert.Contains($"byte {Encoding.UTF8.GetByteCount(Readme) + 1}", e.Message);
        Assert.Throws<JsonException>(() => SparJson.ParseRecord(Encoding.UTF8.GetBytes(Readme + "x")));
    }

    [Fact]
    public void Unknown_fields_and_every_marker_field_survive_a_round_trip()
    {
        const string json = """{"id":"x","conversations":[{"from":"human","value":"<image>\nq é","weight":2}],"image":["a.jpg","b.jpg"],"type":"spatial_imagination_map_mv","bbox_list":[[[1,2,3,4],[5,6,7,8.5]]],"bbox_img_idx":[[0,1]],"point_list":[[[1,2]]],"point_img_idx":[[1]],"yellow_bbox":[[1,2,3,4]],"spar_info":{"k":[1,null,"s"]},"score":0.25}""";
        var r = SparJson.ParseRecord(Encoding.UTF8.GetBytes(json));
        var back = Encoding.UTF8.GetString(SparJson.SerializeRecord(r));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(json).RootElement, JsonDocument.Parse(back).RootElement), back);
        Assert.Contains("<image>", back); // not escaped as \u003C
        Assert.Contains("é", back);
    }

    [Fact]
    public void Missing_and_null_markers_read_the_same()
    {
        var a = SparJson.ParseRecord("""{"id":"a","conversations":[],"image":[],"type":"nav","red_point":null}"""u8);
        Assert.Null(a.RedPoint);
        Assert.DoesNotContain("red_point", Encoding.UTF8.GetString(SparJson.SerializeRecord(a)));
    }

    [Fact]
    public void Every_marker_field_of_every_catalogue_type_has_a_property()
    {
        var r = new QaRecord();
        foreach (var task in TaskCatalog.All)
        foreach (var slot in task.Markers.Slots)
        {
            r.SetMarker(slot.FieldName, [[1, 2]]);
            Assert.Equal([[1.0, 2.0]], r.GetMarker(slot.FieldName)!);
        }
        Assert.Equal(35, TaskCatalog.All.Count);
        Assert.Equal(20, TaskCatalog.Bench.Count());
        Assert.Equal(10, TaskCatalog.All.Count(t => t.Level == TaskLevel.Low));
        Assert.Equal(4, TaskCatalog.All.Count(t => t.Level == TaskLevel.Medium));
    }

    [Fact]
    public void Writer_and_reader_stream_many_records()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["big.jsonl"];
        using (var w = new QaRecordWriter(path))
            for (int i = 0; i < 5000; i++)
                w.Write(new QaRecord { Id = $"s_{i}", Type = "obj_count", Image = ["a.jpg"], Conversations = [new("human", "q"), new("gpt", i.ToString())] });
        int n = 0;
        foreach (var (line, rec) in QaRecordReader.Read(path))
        {
            Assert.Equal(n + 1, line);
            Assert.Equal($"s_{n}", rec.Id);
            n++;
        }
        Assert.Equal(5000, n);
    }

    [Fact]
    public void Reader_names_file_and_line_of_a_bad_record()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["x.jsonl"], "{\"id\":\"a\",\"conversations\":[],\"image\":[],\"type\":\"nav\"}\n{\"id\": 3}\n");
        var e = Assert.Throws<Spar.Util.SparException>(() => QaRecordReader.Read(dir["x.jsonl"]).ToList());
        Assert.Contains("x.jsonl:2:", e.Message);
    }
}
