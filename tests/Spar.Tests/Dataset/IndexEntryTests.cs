using System.Text;
using System.Text.Json;
using Spar.Dataset;
using Spar.PythonCompat;
using Spar.Util;

namespace Spar.Tests.Dataset;

/// <summary>The one index entry type (format.md §6–7): read and written exactly as the official scripts print it.</summary>
public class IndexEntryTests
{
    static readonly string Case = Path.Combine(TestPaths.Vectors, "index_mix");

    /// <summary>Every index and mix file the official scripts wrote, read into entries and printed back, is the same bytes.</summary>
    [Theory]
    [InlineData("generate/data_jsons/scannet_1k.json", true)]
    [InlineData("generate/data_jsons/rxr_0k.json", true)]
    [InlineData("mix_default/1rxr_1scannet_1scannetpp_1structured3d_0m.json", false)]
    [InlineData("mix_patched/0.5rxr_1scannet_2scannetpp_0.25structured3d_0m.json", false)]
    public void Official_files_round_trip_byte_for_byte(string file, bool ensureAscii)
    {
        var path = Path.Combine(Case, file);
        var entries = IndexFile.Read(path).Select(m => KeyValuePair.Create(m.Key, IndexEntry.Parse(m.Value, m.Key))).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.StartsWith("spar/", e.Value.Annotation));
        Assert.Equal(File.ReadAllText(path), IndexFile.Format(entries, ensureAscii));
    }

    [Fact]
    public void A_new_entry_prints_as_the_official_index_builder_does()
    {
        var entry = new IndexEntry("spar/scannet/images", "spar/scannet/qa_jsonl/train/obj_count/fill/fill_30.jsonl", PyNumber.Int(1), 30);
        Assert.Equal("""
            {
                "scannet_obj_count_fill": {
                    "root": "spar/scannet/images",
                    "annotation": "spar/scannet/qa_jsonl/train/obj_count/fill/fill_30.jsonl",
                    "repeat_time": 1,
                    "length": 30
                }
            }
            """.ReplaceLineEndings("\n"), IndexFile.Format([KeyValuePair.Create("scannet_obj_count_fill", entry)], ensureAscii: true));
    }

    /// <summary>mix_data.py updates the input dict: member order and unknown members stay, new members go last.</summary>
    [Fact]
    public void A_changed_entry_keeps_the_order_and_members_it_was_read_with()
    {
        var text = """{"k": {"length": 4, "note": "é", "annotation": "a.jsonl", "root": "r"}}""";
        var read = IndexEntry.Parse(Parse(text).Single().Value, "k");
        var mixed = read with { RepeatTime = PyNumber.Float(0.1), LengthWithRepeat = 0 };
        Assert.Equal("""
            {
                "k": {
                    "length": 4,
                    "note": "é",
                    "annotation": "a.jsonl",
                    "root": "r",
                    "repeat_time": 0.1,
                    "length_with_repeat": 0
                }
            }
            """.ReplaceLineEndings("\n"), IndexFile.Format([KeyValuePair.Create("k", mixed)], ensureAscii: false));
    }

    [Theory]
    [InlineData("""{"annotation": "a.jsonl"}""", "f.json: entry 'k' has no string 'root'")]
    [InlineData("""{"root": "r", "annotation": 3}""", "f.json: entry 'k' has no string 'annotation'")]
    [InlineData("""{"root": "r", "annotation": "a", "repeat_time": "2"}""", "f.json: entry 'k': repeat_time is not a number")]
    [InlineData("""{"root": "r", "annotation": "a", "length": 2.5}""", "f.json: entry 'k' has no integer \"length\"")]
    [InlineData("""[1]""", "f.json: entry 'k' is not a JSON object")]
    public void A_malformed_entry_is_an_error_naming_file_and_key(string value, string message)
    {
        var e = Assert.Throws<SparException>(() => IndexEntry.Parse(Parse($$"""{"k": {{value}}}""").Single().Value, IndexFile.Where("f.json", "k")));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Absent_repeat_time_and_length_read_as_once_and_unknown()
    {
        var entry = IndexEntry.Parse(Parse("""{"k": {"root": "r", "annotation": "a"}}""").Single().Value, "k");
        Assert.Equal((PyNumber.Int(1), (long?)null), (entry.RepeatTime, entry.Length));
    }

    [Fact]
    public void The_internvl_form_writes_data_augment_between_annotation_and_repeat_time()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            new IndexEntry("/out", "/out/annotations/k.jsonl", PyNumber.Int(1), 7) { DataAugment = false }.Write(w, "k");
            w.WriteEndObject();
        }
        Assert.Equal("""
            {
              "k": {
                "root": "/out",
                "annotation": "/out/annotations/k.jsonl",
                "data_augment": false,
                "repeat_time": 1,
                "length": 7
              }
            }
            """.ReplaceLineEndings("\n"), Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void An_index_file_that_is_no_object_names_the_file()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir["i.json"], "[]");
        Assert.Contains($"{dir["i.json"]}: an index file must be a JSON object", Assert.Throws<SparException>(() => IndexFile.Read(dir["i.json"])).Message);
        File.WriteAllText(dir["i.json"], "{\"a\": ");
        Assert.Contains("(not valid JSON)", Assert.Throws<SparException>(() => IndexFile.Read(dir["i.json"])).Message);
    }

    static IReadOnlyList<KeyValuePair<string, PyJson>> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ((PyJson.Obj)PyJson.FromElement(doc.RootElement)).Members;
    }
}
