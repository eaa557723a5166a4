using System.Text.Json;
using Spar.PythonCompat;
using Spar.Util;

namespace Spar.Dataset;

/// <summary>
/// One dataset of a training index (<c>data_jsons/&lt;source&gt;_&lt;K&gt;k.json</c>, format.md §6), a mix file (§7) or an
/// InternVL meta file: <c>{"root": …, "annotation": …, "repeat_time": …, "length": …}</c> under its key. The one type that
/// index, mix, export and the InternVL writer read and write; <see cref="IndexFile"/> holds the file around it.
/// </summary>
/// <param name="Root">The images folder record paths are relative to (<c>spar/scannet/images</c>).</param>
/// <param name="Annotation">The <c>.jsonl</c> file (<c>spar/scannet/qa_jsonl/train/…/fill_30.jsonl</c>).</param>
/// <param name="RepeatTime">How often the loader uses the lines (§7); an int or a float, which print differently. 1 when absent.</param>
/// <param name="Length">Records in the annotation file; null when the entry does not say (a hand-written index export reads).</param>
public sealed record IndexEntry(string Root, string Annotation, PyNumber RepeatTime, long? Length)
{
    /// <summary><c>int(length × repeat_time)</c>, which the mixer adds; null in a plain index.</summary>
    public long? LengthWithRepeat { get; init; }

    /// <summary>InternVL's <c>data_augment</c>; null elsewhere.</summary>
    public bool? DataAugment { get; init; }

    /// <summary>Members beyond the known ones, kept so that mix passes an entry through as the official script does.</summary>
    public IReadOnlyList<KeyValuePair<string, PyJson>> Other { get; init; } = [];

    /// <summary>The member order the entry was read in; new members go after it (a Python dict's order).</summary>
    IReadOnlyList<string> ReadOrder { get; init; } = [];

    /// <summary>Reads one entry; <paramref name="where"/> (<c>file: entry 'key'</c>) starts every error.</summary>
    public static IndexEntry Parse(PyJson value, string where)
    {
        if (value is not PyJson.Obj o) throw new SparException($"{where} is not a JSON object");
        string Text(string name) => o[name] is PyJson.Str s ? s.Value : throw new SparException($"{where} has no string '{name}'");
        long? Whole(string name) => o[name] switch
        {
            null => null,
            PyJson.Num { Value.IsInt: true } n => (long)n.Value.Value,
            _ => throw new SparException($"{where} has no integer \"{name}\""),
        };
        var repeat = o["repeat_time"] switch
        {
            null => PyNumber.Int(1),
            PyJson.Num n => n.Value,
            _ => throw new SparException($"{where}: repeat_time is not a number"),
        };
        bool? augment = o["data_augment"] switch
        {
            null => null,
            PyJson.Bool b => b.Value,
            _ => throw new SparException($"{where}: data_augment is not true or false"),
        };
        return new IndexEntry(Text("root"), Text("annotation"), repeat, Whole("length"))
        {
            LengthWithRepeat = Whole("length_with_repeat"),
            DataAugment = augment,
            Other = o.Members.Where(m => !Known.Contains(m.Key)).ToList(),
            ReadOrder = o.Members.Select(m => m.Key).ToList(),
        };
    }

    static readonly HashSet<string> Known = new(["root", "annotation", "data_augment", "repeat_time", "length", "length_with_repeat"], StringComparer.Ordinal);

    /// <summary>The entry as the Python scripts print it: members in the order read, then new ones in the order of format.md §6–7.</summary>
    public PyJson.Obj ToPyJson()
    {
        var known = new List<KeyValuePair<string, PyJson>> { new("root", new PyJson.Str(Root)), new("annotation", new PyJson.Str(Annotation)) };
        if (DataAugment is bool augment) known.Add(new("data_augment", new PyJson.Bool(augment)));
        known.Add(new("repeat_time", new PyJson.Num(RepeatTime)));
        if (Length is long length) known.Add(new("length", new PyJson.Num(PyNumber.Int(length))));
        if (LengthWithRepeat is long total) known.Add(new("length_with_repeat", new PyJson.Num(PyNumber.Int(total))));
        var values = known.Concat(Other).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var o = new PyJson.Obj();
        foreach (var name in ReadOrder)
            if (values.TryGetValue(name, out var v)) o[name] = v;
        foreach (var (name, v) in known.Concat(Other)) o[name] = v; // already placed: same value, same place
        return o;
    }

    /// <summary>The entry under <paramref name="key"/> in a file written with <see cref="Utf8JsonWriter"/> (InternVL's meta).</summary>
    public void Write(Utf8JsonWriter w, string key)
    {
        w.WriteStartObject(key);
        w.WriteString("root", Root);
        w.WriteString("annotation", Annotation);
        if (DataAugment is bool augment) w.WriteBoolean("data_augment", augment);
        if (RepeatTime.IsInt) w.WriteNumber("repeat_time", (long)RepeatTime.Value);
        else w.WriteNumber("repeat_time", RepeatTime.Value);
        if (Length is long length) w.WriteNumber("length", length);
        if (LengthWithRepeat is long total) w.WriteNumber("length_with_repeat", total);
        w.WriteEndObject();
    }
}

/// <summary>An index or mix file: one JSON object of <see cref="IndexEntry"/> values by key, as the official scripts write it.</summary>
public static class IndexFile
{
    /// <summary>
    /// The file's members in file order, not yet parsed (the mixer skips entries of unknown formats before it reads them;
    /// <see cref="IndexEntry.Parse"/> reads one). Errors name the file; a UTF-8 byte-order mark is accepted.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, PyJson>> Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(Utf8Bom.Skip(File.ReadAllBytes(path)));
            return PyJson.FromElement(doc.RootElement) is PyJson.Obj o ? o.Members
                : throw new SparException($"{path}: an index file must be a JSON object of dataset entries");
        }
        catch (JsonException e) { throw new SparException($"{JsonErrors.InFile(path, e)} (not valid JSON)", e); }
        catch (FormatException e) { throw new SparException($"{path}: {e.Message}"); }
    }

    /// <summary>Where an entry's errors point: <c>file: entry 'key'</c>.</summary>
    public static string Where(string path, string key) => $"{path}: entry '{key}'";

    /// <summary><c>json.dumps(entries, indent=4, ensure_ascii=…)</c>: the index writes ASCII, the mixer keeps non-ASCII.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, IndexEntry>> entries, bool ensureAscii)
    {
        var o = new PyJson.Obj();
        foreach (var (key, entry) in entries) o[key] = entry.ToPyJson();
        return o.Dump(ensureAscii);
    }
}
