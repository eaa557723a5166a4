using System.Globalization;
using System.Text.Json;
using MiniExcelLibs;
using Spar.Bench.Data;
using Spar.Util;

namespace Spar.Bench.Predictions;

/// <summary>
/// VLMEvalKit's prediction files, as <c>vlmeval/inference.py</c> writes them through <c>vlmeval.smp.dump</c>: the
/// benchmark's table without its <c>image</c> column plus a <c>prediction</c> column (<c>str</c> of the model's
/// answer), in the format <c>PRED_FORMAT</c> picks — <c>.xlsx</c> by default (pandas <c>to_excel</c> with xlsxwriter,
/// no index column), <c>.tsv</c> or <c>.csv</c> (<c>to_csv</c> with <c>QUOTE_ALL</c>), or <c>.json</c>
/// (<c>to_dict('records')</c> dumped with <c>indent=4</c>, where a missing value is Python's bare <c>NaN</c>).
/// Every shape needs <c>index</c> and <c>prediction</c>; <c>task</c>, when present, is checked against the benchmark.
/// </summary>
public static class VlmEvalKitPredictions
{
    /// <summary>The result table as TSV or CSV (pandas quoting; quoted cells may span lines).</summary>
    public static IEnumerable<LocatedPrediction> ReadTable(string path)
    {
        using var reader = DelimitedReader.Open(path);
        var fields = new List<string>();
        if (!reader.TryRead(fields)) throw new SparException($"{path}: empty predictions file");
        var columns = Columns.Of(path, fields);
        while (reader.TryRead(fields))
        {
            string where = $"{path}:{reader.RecordLine}";
            yield return columns.Read(where, i => i < fields.Count ? fields[i] : "");
        }
    }

    /// <summary>The default <c>.xlsx</c>: the first sheet, a header row, one row per item.</summary>
    public static IEnumerable<LocatedPrediction> ReadXlsx(string path)
    {
        IEnumerator<IDictionary<string, object?>> rows;
        try
        {
            // useHeaderRow: false keeps the header as the first row, keyed by column letter (A, B, …).
            rows = MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().GetEnumerator();
        }
        catch (Exception e) when (e is not SparException)
        {
            throw NotAWorkbook(path, e);
        }
        using (rows)
        {
            if (!Next(rows, path)) throw new SparException($"{path}: empty workbook (expected a header row)");
            var letters = rows.Current.Keys.ToList();
            var columns = Columns.Of(path, [.. letters.Select(k => Text(rows.Current[k]))]);
            int row = 1;
            while (Next(rows, path))
            {
                row++;
                var cells = rows.Current;
                if (cells.Values.All(v => v is null || v is string { Length: 0 })) continue; // a blank row
                yield return columns.Read($"{path}: row {row}", i => i < letters.Count && cells.TryGetValue(letters[i], out var v) ? Text(v) : "");
            }
        }
    }

    static bool Next(IEnumerator<IDictionary<string, object?>> rows, string path)
    {
        try { return rows.MoveNext(); }
        catch (Exception e) when (e is not SparException) { throw NotAWorkbook(path, e); }
    }

    static SparException NotAWorkbook(string path, Exception e) =>
        new($"{path}: not a readable .xlsx workbook ({e.GetType().Name}: {e.Message})", e);

    /// <summary>
    /// A cell as the text pandas would give <c>str()</c> of: strings as they are, whole numbers without a decimal point
    /// (openpyxl reads <c>&lt;v&gt;17&lt;/v&gt;</c> as the int 17), other numbers in their shortest round-trip form,
    /// booleans as Python spells them, an empty cell as "".
    /// </summary>
    static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The <c>json</c> form: a list of records.</summary>
    public static IEnumerable<LocatedPrediction> ReadJsonRecords(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(PythonJson.WithoutNonFiniteLiterals(File.ReadAllBytes(path))); }
        catch (JsonException e) { throw new SparException($"{Util.JsonErrors.InFile(path, e)} (invalid JSON)", e); }
        var result = new List<LocatedPrediction>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new SparException($"{path}: expected a list of records");
            int n = 0;
            foreach (var record in doc.RootElement.EnumerateArray())
            {
                string where = $"{path}: record {++n}";
                if (record.ValueKind != JsonValueKind.Object) throw new SparException($"{where}: expected a JSON object");
                if (!record.TryGetProperty("index", out var index)) throw new SparException($"{where}: no 'index' field");
                if (!record.TryGetProperty("prediction", out var prediction))
                    throw new SparException($"{where}: no 'prediction' field (is this VLMEvalKit's predictions file, not its score file?)");
                string? task = record.TryGetProperty(BenchColumns.Task, out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } name ? name : null;
                result.Add(new LocatedPrediction(new BenchPrediction(Id(JsonText(index), where), task, JsonText(prediction)), where));
            }
        }
        if (result.Count == 0) throw new SparException($"{path}: the list of records is empty");
        return result;
    }

    /// <summary>A JSON value as the text pandas' <c>str()</c> gives: strings as they are, numbers as written, null as "".</summary>
    static string JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => value.GetRawText(),
    };

    static long Id(string cell, string where) =>
        long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) ? id
        // pandas writes an int column holding NaN as floats: 17.0
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 ? (long)d
        : throw new SparException($"{where}: 'index' is not an integer: '{cell}'");

    /// <summary>Where the three columns are in a header.</summary>
    sealed record Columns(int Index, int Prediction, int Task)
    {
        public static Columns Of(string path, IReadOnlyList<string> header)
        {
            int Find(string name)
            {
                for (int i = 0; i < header.Count; i++) if (header[i] == name) return i;
                return -1;
            }
            var c = new Columns(Find("index"), Find("prediction"), Find(BenchColumns.Task));
            if (c.Index < 0 || c.Prediction < 0)
                throw new SparException($"{path}: a VLMEvalKit predictions table needs 'index' and 'prediction' columns (found: {string.Join(", ", header)})");
            return c;
        }

        public LocatedPrediction Read(string where, Func<int, string> cell)
        {
            string task = Task >= 0 ? cell(Task) : "";
            return new LocatedPrediction(new BenchPrediction(Id(cell(Index), where), task.Length > 0 ? task : null, cell(Prediction)), where);
        }
    }
}

/// <summary>Python's <c>json.dump</c> writes <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> for non-finite floats
/// (<c>allow_nan=True</c>), which JSON has no form for; spar reads them as <c>null</c>.</summary>
public static class PythonJson
{
    public static byte[] WithoutNonFiniteLiterals(byte[] json)
    {
        if (json.AsSpan().IndexOfAny("NI"u8) < 0) return json;
        var output = new List<byte>(json.Length);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            byte b = json[i];
            if (inString)
            {
                output.Add(b);
                if (b == '\\' && i + 1 < json.Length) output.Add(json[++i]);
                else if (b == '"') inString = false;
                continue;
            }
            if (b == '"') { inString = true; output.Add(b); continue; }
            int literal = Literal(json, i);
            if (literal > 0)
            {
                output.AddRange("null"u8);
                i += literal - 1;
                continue;
            }
            output.Add(b);
        }
        return [.. output];
    }

    static int Literal(byte[] json, int i)
    {
        var rest = json.AsSpan(i);
        if (rest.StartsWith("NaN"u8)) return 3;
        if (rest.StartsWith("Infinity"u8)) return 8;
        if (rest.StartsWith("-Infinity"u8)) return 9;
        return 0;
    }
}
