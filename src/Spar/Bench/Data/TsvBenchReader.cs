using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>
/// Reads the VLMEvalKit / EASI TSV form (bench.md §2.2): <c>index</c>, <c>question</c>, <c>task</c>, <c>answer</c> and
/// either <c>image</c> (base64; a Python list literal of base64 strings for multi-image rows) or <c>image_path</c>
/// (paths relative to the TSV's folder, one or a list). Rows stream; each image is decoded only when asked for.
/// </summary>
public sealed class TsvBenchReader(string path) : IBenchSource, IBenchAnswerSource
{
    public string Location { get; } = path;

    /// <summary>Only index, task and answer: the image cells are skipped without decoding or copying them.</summary>
    public IEnumerable<BenchAnswer> Answers()
    {
        using var reader = DelimitedReader.Open(Location);
        var fields = new List<string>();
        var header = ReadHeader(reader, fields);
        var wanted = new HashSet<int> { header["index"], header[BenchColumns.Task], header[BenchColumns.Answer] };
        while (reader.TryRead(fields, wanted.Contains))
        {
            string Get(string name) => header[name] < fields.Count ? fields[header[name]] : "";
            yield return new BenchAnswer(ParseIndex(Get("index"), reader.RecordLine), Get(BenchColumns.Task), Get(BenchColumns.Answer));
        }
    }

    Dictionary<string, int> ReadHeader(DelimitedReader reader, List<string> fields)
    {
        if (!reader.TryRead(fields)) throw new SparException($"{Location}: empty file (expected a header line)");
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Count; i++) header.TryAdd(fields[i], i);

        string[] required = ["index", BenchColumns.Question, BenchColumns.Answer, BenchColumns.Task];
        var missing = required.Where(c => !header.ContainsKey(c)).ToList();
        if (!header.ContainsKey("image") && !header.ContainsKey("image_path")) missing.Add("image (or image_path)");
        if (missing.Count > 0)
            throw new SparException($"{Location}: missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} in the header");
        return header;
    }

    long ParseIndex(string cell, int line) =>
        long.TryParse(cell, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long id)
            ? id : throw new SparException($"{Location}:{line}: 'index' is not an integer: '{cell}'");

    public IEnumerable<BenchItem> Items()
    {
        using var reader = DelimitedReader.Open(Location);
        var fields = new List<string>();
        var header = ReadHeader(reader, fields);
        var folder = Path.GetDirectoryName(Path.GetFullPath(Location))!;
        while (reader.TryRead(fields))
        {
            int line = reader.RecordLine;
            string Get(string name) => header.TryGetValue(name, out int i) && i < fields.Count ? fields[i] : "";
            string? Optional(string name) => header.TryGetValue(name, out int i) && i < fields.Count && fields[i].Length > 0 ? fields[i] : null;

            long id = ParseIndex(Get("index"), line);
            string task = Get(BenchColumns.Task);
            IReadOnlyList<BenchImage> images = header.ContainsKey("image") && Get("image").Length > 0
                ? Base64Images(Get("image"), line)
                : FileImages(Get("image_path"), folder, line);
            yield return new BenchItem(id, task,
                Optional(BenchColumns.FormatType) ?? BenchColumns.DefaultFormatType(task),
                Optional(BenchColumns.ImageType) ?? BenchColumns.DefaultImageType(task),
                Optional(BenchColumns.Source) ?? "",
                images, Get(BenchColumns.Question), Get(BenchColumns.Answer));
        }
    }

    IReadOnlyList<BenchImage> Base64Images(string cell, int line) =>
        PythonStringList.ParseOneOrMany(cell, $"{Location}:{line}")
            .Select(b64 => new BenchImage(() => Decode(b64, line), null)).ToList();

    byte[] Decode(string b64, int line)
    {
        try { return Convert.FromBase64String(b64); }
        catch (FormatException) { throw new SparException($"{Location}:{line}: 'image' is not valid base64"); }
    }

    IReadOnlyList<BenchImage> FileImages(string cell, string folder, int line)
    {
        var list = PythonStringList.ParseOneOrMany(cell, $"{Location}:{line}");
        if (list.Count == 0) throw new SparException($"{Location}:{line}: row has neither 'image' nor 'image_path'");
        return list.Select(p =>
        {
            var full = Path.GetFullPath(Path.Combine(folder, p));
            if (!File.Exists(full)) throw new SparException($"{Location}:{line}: image file not found: {p}");
            return new BenchImage(() => File.ReadAllBytes(full), p);
        }).ToList();
    }
}

/// <summary>VLMEvalKit stores several images in one cell as <c>str(list)</c>: <c>['…', '…']</c>.</summary>
public static class PythonStringList
{
    /// <summary>A list literal of quoted strings, or else the cell itself as the only element.</summary>
    public static IReadOnlyList<string> ParseOneOrMany(string cell, string where)
    {
        var s = cell.Trim();
        if (s.Length == 0) return [];
        if (!(s.StartsWith('[') && s.EndsWith(']'))) return [s];
        var items = new List<string>();
        int i = 1;
        while (true)
        {
            while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == ',')) i++;
            if (i >= s.Length - 1) break;
            char quote = s[i];
            if (quote != '\'' && quote != '"') throw new SparException($"{where}: cannot parse the list literal (expected a quoted string at offset {i})");
            var sb = new System.Text.StringBuilder();
            i++;
            while (i < s.Length && s[i] != quote)
            {
                if (s[i] == '\\' && i + 1 < s.Length) i++;
                sb.Append(s[i++]);
            }
            if (i >= s.Length) throw new SparException($"{where}: unterminated string in the list literal");
            i++;
            items.Add(sb.ToString());
        }
        return items;
    }
}
